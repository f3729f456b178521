package main

import (
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

// annexB is the EMVCo specification's Annex B example; its CRC is A13A.
const annexB = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A"

func inspectJSON(t *testing.T, args ...string) (int, inspection) {
	t.Helper()
	code, out, errOut := hutong(t, append([]string{"barcode", "inspect", "--json"}, args...)...)
	var in inspection
	require.NoError(t, json.Unmarshal([]byte(out), &in), "stdout %q stderr %q", out, errOut)
	return code, in
}

func TestInspectAnnexBIsValid(t *testing.T) {
	code, in := inspectJSON(t, annexB)
	assert.Equal(t, exitCodeValid, code)
	assert.True(t, in.Valid)
	assert.True(t, in.CRCOK)
	assert.Equal(t, "A13A", in.CRC)
	assert.Empty(t, in.Problems)
	// Templates come nested, with names.
	var lang *inspectField
	for i := range in.Fields {
		if in.Fields[i].ID == "64" {
			lang = &in.Fields[i]
		}
	}
	require.NotNil(t, lang)
	require.Len(t, lang.Fields, 3)
	assert.Equal(t, "最佳运输", lang.Fields[1].Value)
	assert.Equal(t, "Merchant Name—Alternate Language", lang.Fields[1].Name)
}

func TestInspectOneCharacterChangedFailsTheCRC(t *testing.T) {
	changed := strings.Replace(annexB, "BEST", "BEZT", 1)
	code, in := inspectJSON(t, changed)
	assert.Equal(t, exitCodeInvalid, code)
	assert.False(t, in.Valid)
	assert.False(t, in.CRCOK)
	assert.Equal(t, "A13A", in.CRC)
	assert.NotEqual(t, "A13A", in.ExpectedCRC)
	require.NotEmpty(t, in.Problems)
	assert.Equal(t, "63", in.Problems[0].ID)
	assert.Equal(t, "crc", in.Problems[0].Rule)

	// The raw JSON carries the documented keys; --json may come last.
	_, out, _ := hutong(t, "barcode", "inspect", changed, "--json")
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &raw))
	for _, k := range []string{"valid", "crc_ok", "fields", "problems"} {
		assert.Contains(t, raw, k)
	}
}

func TestInspectHumanSummary(t *testing.T) {
	code, out, _ := hutong(t, "barcode", "inspect", strings.Replace(annexB, "000201", "0002020", 1))
	assert.Equal(t, exitCodeInvalid, code)
	assert.Contains(t, out, "INVALID")
	assert.Contains(t, out, "Problems:")
	assert.Contains(t, out, "[tlv]")

	code, out, _ = hutong(t, "barcode", "inspect", annexB)
	assert.Equal(t, exitCodeValid, code)
	assert.Contains(t, out, "CRC:     A13A (correct)")
	assert.Contains(t, out, "     00 Globally Unique Identifier: D15600000000")
}

func TestRenderThenInspectThePicture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "code.png")
	code, out, errOut := hutong(t, "barcode", "render", "--payload", annexB, "-o", path, "--module-px", "5", "--quiet-zone", "6")
	require.Equal(t, exitOK, code, out+errOut)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	g, err := qrimage.Measure(data)
	require.NoError(t, err)
	assert.InDelta(t, 5, g.ModulePx, 0.01)
	assert.InDelta(t, 6, g.QuietZoneModules, 0.01)

	code, in := inspectJSON(t, path)
	assert.Equal(t, exitCodeValid, code)
	assert.Equal(t, "image", in.Source)
	assert.Equal(t, annexB, in.Payload)
	require.NotNil(t, in.Image)
	assert.InDelta(t, 6, in.Image.QuietZoneModules, 0.01)

	// A picture of a tampered payload is read, then judged invalid.
	bad := filepath.Join(t.TempDir(), "bad.png")
	code, _, errOut = hutong(t, "barcode", "render", "--payload", strings.Replace(annexB, "BEST", "BEZT", 1), "-o", bad)
	require.Equal(t, exitOK, code)
	assert.Contains(t, errOut, "warning")
	code, in = inspectJSON(t, bad)
	assert.Equal(t, exitCodeInvalid, code)
	assert.False(t, in.CRCOK)
}

func TestInspectUnreadableInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	notPNG := filepath.Join(dir, "notes.png")
	require.NoError(t, os.WriteFile(notPNG, []byte("not a picture"), 0o600))
	blank := filepath.Join(dir, "blank.png")
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	f, err := os.Create(blank)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, img))
	require.NoError(t, f.Close())
	textFile := filepath.Join(dir, "payload.txt")
	require.NoError(t, os.WriteFile(textFile, []byte(annexB), 0o600))

	for name, args := range map[string][]string{
		"no argument":        {},
		"two arguments":      {annexB, annexB},
		"missing png file":   {filepath.Join(dir, "nope.png")},
		"not a png":          {notPNG},
		"png without a code": {blank},
		"existing non-image": {textFile},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := hutong(t, append([]string{"barcode", "inspect", "--json"}, args...)...)
			assert.Equal(t, exitCodeUnreadable, code, "stdout %q", out)
			assert.Empty(t, out)
			assert.NotEmpty(t, errOut)
		})
	}
}

func TestBarcodeUsage(t *testing.T) {
	code, out, _ := hutong(t, "barcode", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "hutong barcode inspect")
	assert.Contains(t, out, "hutong barcode render")
	code, _, errOut := hutong(t, "barcode", "frob")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown subcommand "frob"`)
	for _, args := range [][]string{
		{"barcode", "render", "-o", "x.png"},
		{"barcode", "render", "--payload", "x"},
		{"barcode", "render", "--payload", "x", "-o", "x.png", "--level", "Z"},
		{"barcode", "render", "--payload", "x", "-o", "x.png", "--module-px", "0"},
		{"barcode", "render", "--payload", "x", "-o", "x.png", "--quiet-zone", "-3"},
	} {
		code, _, errOut := hutong(t, args...)
		assert.Equal(t, exitUsage, code, args)
		assert.NotEmpty(t, errOut, args)
	}
}

// Quick depth: the run is partial either way (the reference claims roles
// left untested), and what is shown is that the roles asked for are the
// ones tested and judged.
func TestCertifyAcquirerAndWalletRoles(t *testing.T) {
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "acquirer,wallet", "--report-dir", t.TempDir())
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	for _, id := range []string{"QR-01", "QR-02", "QR-03", "QR-04"} {
		assert.Regexp(t, id+`\s+MUST\s+acquirer\s+PASS`, out)
	}
	for _, id := range []string{"QR-05", "QR-06", "QR-07", "QR-08"} {
		assert.Regexp(t, id+`\s+(MUST|SHOULD)\s+wallet\s+PASS`, out)
	}
	assert.NotContains(t, out, "LINK-01")

	// The switch breaks QR-06, the only requirement run.
	code, out, _ = hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "wallet", "--tags", "@QR-06", "--report-dir", t.TempDir(), "--target", "builtin:reference?violate=pay-tampered-code")
	assert.Equal(t, exitNotCertified, code)
	assert.Regexp(t, `QR-06\s+MUST\s+wallet\s+FAIL`, out)
}
