package qrimage_test

import (
	"image"
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

func TestMeasure(t *testing.T) {
	tests := []struct {
		name  string
		opts  qrimage.Options
		px    float64
		quiet float64
	}{
		{"default quiet zone 4", qrimage.Options{}, 8, 4},
		{"quiet zone 1", qrimage.Options{QuietZone: 1}, 8, 1},
		{"quiet zone 0", qrimage.Options{QuietZone: qrimage.NoQuietZone}, 8, 0},
		{"3 px per module", qrimage.Options{ModulePx: 3, QuietZone: 2}, 3, 2},
		{"1 px per module", qrimage.Options{ModulePx: 1}, 1, 4},
		{"level H, 7 px", qrimage.Options{ModulePx: 7, QuietZone: 6, Level: qrimage.LevelH}, 7, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := qrimage.Render(annexB, tt.opts)
			require.NoError(t, err)
			g, err := qrimage.Measure(data)
			require.NoError(t, err)
			assert.Equal(t, tt.px, g.ModulePx)
			assert.Equal(t, tt.quiet, g.QuietZoneModules)
			for _, side := range []float64{g.QuietLeft, g.QuietTop, g.QuietRight, g.QuietBottom} {
				assert.Equal(t, tt.quiet, side)
			}
			if tt.opts.Level == qrimage.LevelM {
				assert.Equal(t, annexBModules, g.Modules)
			}
			assert.Equal(t, int(float64(g.Modules)*tt.px+2*tt.quiet*tt.px), g.Width)
			assert.Equal(t, g.Width, g.Height)
		})
	}
}

func TestMeasureUnevenMargins(t *testing.T) {
	data, err := qrimage.Render(annexB, qrimage.Options{ModulePx: 4, QuietZone: qrimage.NoQuietZone})
	require.NoError(t, err)
	src := decodePNG(t, data)
	// Paste the symbol 3 modules from the left, 5 from the top, 2 from the
	// right and 7 from the bottom of a white canvas.
	side := annexBModules * 4
	dst := image.NewGray(image.Rect(0, 0, side+(3+2)*4, side+(5+7)*4))
	for i := range dst.Pix {
		dst.Pix[i] = 255
	}
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			dst.Set(x+12, y+20, src.At(x, y))
		}
	}
	g, err := qrimage.Measure(encodePNG(t, dst))
	require.NoError(t, err)
	assert.Equal(t, 4.0, g.ModulePx)
	assert.Equal(t, []float64{3, 5, 2, 7}, []float64{g.QuietLeft, g.QuietTop, g.QuietRight, g.QuietBottom})
	assert.Equal(t, 2.0, g.QuietZoneModules, "the narrowest margin")
}

func TestMeasureTransparentBackground(t *testing.T) {
	data, err := qrimage.Render(annexB, qrimage.Options{ModulePx: 2})
	require.NoError(t, err)
	src := decodePNG(t, data)
	b := src.Bounds()
	dst := image.NewNRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.GrayModel.Convert(src.At(x, y)).(color.Gray).Y == 0 {
				dst.Set(x, y, color.NRGBA{A: 255})
			} // else left fully transparent
		}
	}
	g, err := qrimage.Measure(encodePNG(t, dst))
	require.NoError(t, err)
	assert.Equal(t, 2.0, g.ModulePx)
	assert.Equal(t, 4.0, g.QuietZoneModules)
}

func TestMeasureErrors(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 50, 50))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	blob := image.NewGray(image.Rect(0, 0, 50, 50)) // all black: no QR version fits
	stripe := image.NewGray(image.Rect(0, 0, 200, 50))
	for i := range stripe.Pix {
		stripe.Pix[i] = 255
	}
	for x := 10; x < 190; x++ {
		stripe.Pix[20*stripe.Stride+x] = 0
	}

	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"garbage", []byte("not an image"), qrimage.ErrNotPNG},
		{"empty", nil, qrimage.ErrNotPNG},
		{"white image", encodePNG(t, blank), qrimage.ErrNoQRCode},
		{"black square", encodePNG(t, blob), qrimage.ErrNoQRCode},
		{"a line", encodePNG(t, stripe), qrimage.ErrNoQRCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := qrimage.Measure(tt.data)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}
