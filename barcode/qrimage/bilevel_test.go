package qrimage

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/png"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stdLuminance is what the standard decoder's image gives readBilevel to
// match.
func stdLuminance(t testing.TB, data []byte) ([]byte, int, int, error) {
	img, err := readPNG(data)
	if err != nil {
		return nil, 0, 0, err
	}
	return pixelValues(img, luma), img.Bounds().Dx(), img.Bounds().Dy(), nil
}

// The fast reader reads what Render writes, and a 1-bit PNG of every
// filter the standard encoder chooses, exactly as the standard decoder
// does; every other PNG it leaves to the standard decoder.
func TestReadBilevelReadsAsTheStandardDecoder(t *testing.T) {
	for _, opts := range []Options{{}, {ModulePx: 3, QuietZone: 1}, {ModulePx: 1, QuietZone: NoQuietZone}, {ModulePx: 7, QuietZone: 5}} {
		data, err := Render("00020101021226420029cn.hutong.test.group-acquirer0105M0001", opts)
		require.NoError(t, err)
		lum, w, h, ok := readBilevel(data)
		require.True(t, ok, "%+v", opts)
		want, ww, wh, err := stdLuminance(t, data)
		require.NoError(t, err)
		assert.Equal(t, [2]int{ww, wh}, [2]int{w, h})
		assert.Equal(t, want, lum)
	}
	// Every filter a row may carry, over rows of noise.
	for filter := byte(0); filter <= 4; filter++ {
		data := filteredBilevel(t, 37, 23, filter)
		want, _, _, err := stdLuminance(t, data)
		require.NoError(t, err, "filter %d", filter)
		lum, _, _, ok := readBilevel(data)
		require.True(t, ok, "filter %d", filter)
		assert.Equal(t, want, lum, "filter %d", filter)
	}
	var rgba bytes.Buffer
	require.NoError(t, png.Encode(&rgba, image.NewRGBA(image.Rect(0, 0, 3, 3))))
	_, _, _, ok := readBilevel(rgba.Bytes())
	assert.False(t, ok, "a colour PNG is the standard decoder's")

	data, err := Render("0123456789", Options{})
	require.NoError(t, err)
	broken := append([]byte(nil), data...)
	broken[len(broken)-20] ^= 0xFF
	_, _, _, ok = readBilevel(broken)
	assert.False(t, ok, "a chunk whose checksum fails")
	_, _, _, ok = readBilevel(data[:len(data)-12])
	assert.False(t, ok, "no IEND")
}

// filteredBilevel writes a w×h 1-bit grey PNG of noise, every row under
// filter.
func filteredBilevel(t testing.TB, w, h int, filter byte) []byte {
	stride := (w + 7) / 8
	rows := make([][]byte, h)
	for y := range rows {
		rows[y] = make([]byte, stride)
		for i := range rows[y] {
			rows[y][i] = byte((y*31 + i*97 + 13) * 2654435761 >> 13)
		}
	}
	var raw bytes.Buffer
	prev := make([]byte, stride)
	for _, cur := range rows {
		raw.WriteByte(filter)
		for i := range cur {
			var left, up, upLeft byte
			if i > 0 {
				left, upLeft = cur[i-1], prev[i-1]
			}
			up = prev[i]
			var pred byte
			switch filter {
			case 1:
				pred = left
			case 2:
				pred = up
			case 3:
				pred = byte((int(left) + int(up)) / 2)
			case 4:
				pred = paeth(left, up, upLeft)
			}
			raw.WriteByte(cur[i] - pred)
		}
		prev = cur
	}
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	zw.Write(raw.Bytes())
	require.NoError(t, zw.Close())
	var out bytes.Buffer
	out.Write(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 1
	writeChunk(&out, "IHDR", ihdr)
	writeChunk(&out, "IDAT", idat.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes()
}

// FuzzReadBilevel: whatever the bytes, when the fast reader reads a
// picture the standard decoder reads the same one.
func FuzzReadBilevel(f *testing.F) {
	for _, opts := range []Options{{ModulePx: 1}, {ModulePx: 2, QuietZone: NoQuietZone}} {
		data, err := Render("0002010102115802CN", opts)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for filter := byte(0); filter <= 4; filter++ {
		f.Add(filteredBilevel(f, 9, 5, filter))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lum, w, h, ok := readBilevel(data)
		if !ok {
			return
		}
		want, ww, wh, err := stdLuminance(t, data)
		if err != nil {
			t.Fatalf("the fast reader read a %dx%d picture the standard decoder refuses: %v", w, h, err)
		}
		if ww != w || wh != h || !bytes.Equal(want, lum) {
			t.Fatalf("the fast reader reads another picture than the standard decoder")
		}
	})
}

// A writer taken again from the free list draws the same bytes as a new
// one, over renders at once, and the list keeps no more than
// maxCompressors however many writers are put back.
func TestCompressorsAreReusedAndBounded(t *testing.T) {
	const payload = "00020101021129370016A000000677010111011300668012345675802TH530376463046197"
	compressors.Lock()
	compressors.free = nil
	compressors.Unlock()
	fresh, err := Render(payload, Options{})
	require.NoError(t, err)
	const renders = 3 * maxCompressors
	out := make([][]byte, renders)
	var wg sync.WaitGroup
	for i := range renders {
		wg.Go(func() {
			out[i], _ = Render(payload, Options{})
		})
	}
	wg.Wait()
	for i, png := range out {
		assert.Equal(t, fresh, png, "render %d, on a writer used before, drew other bytes", i)
	}
	compressors.Lock()
	kept := len(compressors.free)
	compressors.Unlock()
	assert.Positive(t, kept, "the writers went back to the list")

	for range maxCompressors + 5 {
		zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
		putCompressor(zw)
	}
	compressors.Lock()
	kept = len(compressors.free)
	compressors.Unlock()
	assert.Equal(t, maxCompressors, kept, "the list keeps at most maxCompressors writers")
}
