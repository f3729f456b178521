package qrimage_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

// TestScaleDownStillDecodes covers the requirement that a code decode at
// full size and when scaled down to 3 pixels per module.
func TestScaleDownStillDecodes(t *testing.T) {
	for _, opts := range []qrimage.Options{
		{},
		{ModulePx: 10, QuietZone: 1},
		{ModulePx: 7, QuietZone: qrimage.NoQuietZone},
		{ModulePx: 5, Level: qrimage.LevelH},
	} {
		full, err := qrimage.Render(annexB, opts)
		require.NoError(t, err)
		before, err := qrimage.Measure(full)
		require.NoError(t, err)

		small, err := qrimage.Scale(full, 3)
		require.NoError(t, err)
		g, err := qrimage.Measure(small)
		require.NoError(t, err)
		assert.Equal(t, 3.0, g.ModulePx, "%+v", opts)
		assert.Equal(t, before.Modules, g.Modules)
		assert.Equal(t, before.QuietZoneModules, g.QuietZoneModules, "the quiet zone keeps its width in modules")

		got, err := qrimage.Decode(small)
		require.NoError(t, err, "%+v", opts)
		assert.Equal(t, annexB, got)
	}
}

func TestScaleUp(t *testing.T) {
	full, err := qrimage.Render(annexB, qrimage.Options{ModulePx: 2})
	require.NoError(t, err)
	big, err := qrimage.Scale(full, 9)
	require.NoError(t, err)
	g, err := qrimage.Measure(big)
	require.NoError(t, err)
	assert.Equal(t, 9.0, g.ModulePx)
	assert.Equal(t, 4.0, g.QuietZoneModules)
}

func TestResize(t *testing.T) {
	full, err := qrimage.Render(annexB, qrimage.Options{ModulePx: 4, QuietZone: 1})
	require.NoError(t, err)
	half, err := qrimage.Resize(full, (annexBModules+2)*2, (annexBModules+2)*2)
	require.NoError(t, err)
	img := decodePNG(t, half)
	assert.Equal(t, (annexBModules+2)*2, img.Bounds().Dx())
}

func TestScaleErrors(t *testing.T) {
	full, err := qrimage.Render(annexB, qrimage.Options{})
	require.NoError(t, err)
	_, err = qrimage.Scale(full, 0)
	assert.Error(t, err)
	_, err = qrimage.Scale([]byte("GIF89a"), 3)
	assert.ErrorIs(t, err, qrimage.ErrNotPNG)
	_, err = qrimage.Resize(full, 0, 10)
	assert.ErrorIs(t, err, qrimage.ErrTooLarge)
	_, err = qrimage.Resize(full, 100000, 100000)
	assert.ErrorIs(t, err, qrimage.ErrTooLarge)
}
