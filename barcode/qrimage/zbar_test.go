package qrimage_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/barcode/zbar"
)

// TestZbarReadsRender checks our renders with an independent decoder,
// zbarimg from Debian's zbar-tools, so that a bug shared by our encoder
// and gozxing cannot hide. CI must have it; elsewhere the test skips.
func TestZbarReadsRender(t *testing.T) {
	exe := zbar.Need(t)
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
			got, err := zbar.Read(exe, t.TempDir(), data)
			require.NoError(t, err)
			assert.Equal(t, annexB, got)
		})
	}
}
