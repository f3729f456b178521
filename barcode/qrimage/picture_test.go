package qrimage_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

// A Picture read once answers as the functions that read the PNG each
// time: the same text, the same geometry, and shrunk, the same picture as
// Scale's PNG.
func TestPictureAnswersAsTheFunctions(t *testing.T) {
	for _, opts := range []qrimage.Options{{}, {ModulePx: 5, QuietZone: 6}, {ModulePx: 1, QuietZone: qrimage.NoQuietZone}} {
		data, err := qrimage.Render(annexB, opts)
		require.NoError(t, err)
		p, err := qrimage.Read(data)
		require.NoError(t, err)

		want, err := qrimage.Decode(data)
		require.NoError(t, err)
		got, err := p.Decode()
		require.NoError(t, err)
		assert.Equal(t, want, got)

		wantG, errW := qrimage.Measure(data)
		gotG, errG := p.Measure()
		assert.Equal(t, errW, errG)
		assert.Equal(t, wantG, gotG)
		if errW != nil {
			continue
		}

		small, err := qrimage.Scale(data, 3)
		require.NoError(t, err)
		fromPNG, err := qrimage.Read(small)
		require.NoError(t, err)
		shrunk, err := p.Scale(3)
		require.NoError(t, err)
		w, h := shrunk.Size()
		pw, ph := fromPNG.Size()
		assert.Equal(t, [2]int{pw, ph}, [2]int{w, h})
		a, errA := shrunk.Decode()
		b, errB := fromPNG.Decode()
		assert.Equal(t, errB, errA)
		assert.Equal(t, b, a)
		ga, _ := shrunk.Measure()
		gb, _ := fromPNG.Measure()
		assert.Equal(t, gb, ga)
	}
	_, err := qrimage.Read([]byte("not a png"))
	assert.ErrorIs(t, err, qrimage.ErrNotPNG)
}
