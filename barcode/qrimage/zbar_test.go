package qrimage_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hutong/barcode/qrimage"
)

// TestZbarReadsRender checks our renders with an independent decoder,
// zbarimg from Debian's zbar-tools, so that a bug shared by our encoder
// and gozxing cannot hide. CI must have it; elsewhere the test skips.
func TestZbarReadsRender(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("zbarimg is not on PATH; CI must install zbar-tools (apt-get install -y zbar-tools)")
		}
		t.Skip("zbarimg not on PATH; install zbar-tools (apt-get install -y zbar-tools) to run the independent-decoder check")
	}
	for _, tt := range []struct {
		name string
		opts qrimage.Options
		px   int // scale to this many px per module first, if non-zero
	}{
		{"default", qrimage.Options{}, 0},
		{"quiet zone 1", qrimage.Options{QuietZone: 1}, 0},
		{"3 px per module", qrimage.Options{}, 3},
		{"level H", qrimage.Options{Level: qrimage.LevelH}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := qrimage.Render(annexB, tt.opts)
			require.NoError(t, err)
			if tt.px != 0 {
				data, err = qrimage.Scale(data, tt.px)
				require.NoError(t, err)
			}
			path := filepath.Join(t.TempDir(), "code.png")
			require.NoError(t, os.WriteFile(path, data, 0o600))

			// -Sbinary makes zbar print the symbol's bytes as they are,
			// without guessing a charset (which could turn UTF-8 Chinese
			// into Shift_JIS) and without a trailing newline.
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(zbar, "--raw", "-q", "-Sbinary", path)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), "zbarimg: %s", stderr.String())
			got := bytes.TrimSuffix(stdout.Bytes(), []byte("\n"))
			assert.Equal(t, annexB, string(got))
		})
	}
}
