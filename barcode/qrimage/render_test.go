package qrimage_test

import (
	"image/color"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

func TestRenderDecodeRoundTrip(t *testing.T) {
	payloads := map[string]string{
		"Annex B with Chinese": annexB,
		"Pix":                  "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
		"PromptPay":            "00020101021129370016A000000677010111011300668012345675802TH530376463046197",
		"digits only":          "0123456789",
	}
	levels := []qrimage.Level{qrimage.LevelL, qrimage.LevelM, qrimage.LevelQ, qrimage.LevelH}
	for name, payload := range payloads {
		for _, level := range levels {
			t.Run(name+"/"+level.String(), func(t *testing.T) {
				png, err := qrimage.Render(payload, qrimage.Options{Level: level})
				require.NoError(t, err)
				got, err := qrimage.Decode(png)
				require.NoError(t, err)
				assert.Equal(t, payload, got, "exact UTF-8 round trip")
			})
		}
	}
}

// TestRenderExactModules checks every pixel against the symbol go-qrcode
// produced: each module is an exact px-by-px square, black on white, and
// the quiet zone is exactly the requested width.
func TestRenderExactModules(t *testing.T) {
	q, err := qrcode.New(annexB, qrcode.Medium)
	require.NoError(t, err)
	q.DisableBorder = true
	want := q.Bitmap()
	require.Len(t, want, annexBModules)

	tests := []struct {
		name      string
		opts      qrimage.Options
		px, quiet int
	}{
		{"defaults", qrimage.Options{}, 8, 4},
		{"3 px, quiet 1", qrimage.Options{ModulePx: 3, QuietZone: 1}, 3, 1},
		{"1 px, no quiet zone", qrimage.Options{ModulePx: 1, QuietZone: qrimage.NoQuietZone}, 1, 0},
		{"5 px, quiet 10", qrimage.Options{ModulePx: 5, QuietZone: 10}, 5, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := qrimage.Render(annexB, tt.opts)
			require.NoError(t, err)
			img := decodePNG(t, data)
			side := (annexBModules + 2*tt.quiet) * tt.px
			require.Equal(t, side, img.Bounds().Dx())
			require.Equal(t, side, img.Bounds().Dy())
			for y := 0; y < side; y++ {
				for x := 0; x < side; x++ {
					mx, my := x/tt.px-tt.quiet, y/tt.px-tt.quiet
					dark := mx >= 0 && my >= 0 && mx < annexBModules && my < annexBModules && want[my][mx]
					c := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
					if dark && c != 0 || !dark && c != 255 {
						t.Fatalf("pixel (%d,%d) = %d, module (%d,%d) dark=%v", x, y, c, mx, my, dark)
					}
				}
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		opts    qrimage.Options
		want    string
	}{
		{"empty payload", "", qrimage.Options{}, "empty payload"},
		{"too long", strings.Repeat("字", 2000), qrimage.Options{}, "too long"},
		{"negative module size", annexB, qrimage.Options{ModulePx: -1}, "ModulePx"},
		{"huge module size", annexB, qrimage.Options{ModulePx: 1000}, "ModulePx"},
		{"bad quiet zone", annexB, qrimage.Options{QuietZone: -2}, "QuietZone"},
		{"unknown level", annexB, qrimage.Options{Level: 9}, "level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := qrimage.Render(tt.payload, tt.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
