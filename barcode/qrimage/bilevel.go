package qrimage

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"io"
)

// readBilevel reads a 1-bit greyscale PNG without interlacing — what
// Render writes, and the commonest form of a black-and-white code —
// straight into a luminance a pixel (0 black, 255 white), which is what
// the standard decoder's image gives, at a fraction of its work. Any other
// PNG, or one it finds anything odd in (another chunk, a bad checksum, a
// row too many), it leaves to the standard decoder: ok is false.
//
//go:norace
func readBilevel(data []byte) (lum []byte, w, h int, ok bool) {
	if !bytes.HasPrefix(data, pngSignature) {
		return nil, 0, 0, false
	}
	rest := data[len(pngSignature):]
	var idat []byte
	seenHeader, seenEnd := false, false
	for len(rest) > 0 {
		if seenEnd || len(rest) < 12 {
			return nil, 0, 0, false
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-12) {
			return nil, 0, 0, false
		}
		typ, body := string(rest[4:8]), rest[8:8+n]
		if crc32.ChecksumIEEE(rest[4:8+n]) != binary.BigEndian.Uint32(rest[8+n:]) {
			return nil, 0, 0, false
		}
		rest = rest[12+n:]
		switch {
		case typ == "IHDR" && !seenHeader && n == 13:
			w, h = int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			// Bit depth 1, greyscale, deflate, adaptive filtering, no
			// interlacing.
			if w <= 0 || h <= 0 || w > maxPixels || h > maxPixels || w*h > maxPixels ||
				body[8] != 1 || body[9] != 0 || body[10] != 0 || body[11] != 0 || body[12] != 0 {
				return nil, 0, 0, false
			}
			seenHeader = true
		case typ == "IDAT" && seenHeader:
			idat = append(idat, body...)
		case typ == "IEND" && seenHeader && n == 0:
			seenEnd = true
		default:
			return nil, 0, 0, false
		}
	}
	if !seenEnd {
		return nil, 0, 0, false
	}
	zr, err := zlib.NewReader(bytes.NewReader(idat))
	if err != nil {
		return nil, 0, 0, false
	}
	stride := (w + 7) / 8
	raw := make([]byte, h*(1+stride))
	if _, err := io.ReadFull(zr, raw); err != nil {
		return nil, 0, 0, false
	}
	// No more pixel data, and the stream's checksum holds.
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return nil, 0, 0, false
	}
	lum = make([]byte, w*h)
	prev := make([]byte, stride)
	for y := 0; y < h; y++ {
		line := raw[y*(1+stride) : (y+1)*(1+stride)]
		cur := line[1:]
		if !unfilter(line[0], cur, prev) {
			return nil, 0, 0, false
		}
		out := lum[y*w : (y+1)*w]
		full := w / 8
		for i, b := range cur[:full] {
			copy(out[i*8:i*8+8], unpacked[b][:])
		}
		for x := full * 8; x < w; x++ {
			out[x] = unpacked[cur[x>>3]][x&7]
		}
		prev = cur
	}
	return lum, w, h, true
}

// unpacked is each byte of a 1-bit row as its eight pixels' luminance.
var unpacked [256][8]byte

func init() {
	for b := range unpacked {
		for i := range 8 {
			if b&(0x80>>i) != 0 {
				unpacked[b][i] = 0xFF
			}
		}
	}
}

// unfilter undoes a row's PNG filter in place, with one byte per pixel
// for the filters' purposes, as at every bit depth below 8.
//
//go:norace
func unfilter(filter byte, cur, prev []byte) bool {
	switch filter {
	case 0:
	case 1:
		for i := 1; i < len(cur); i++ {
			cur[i] += cur[i-1]
		}
	case 2:
		for i := range cur {
			cur[i] += prev[i]
		}
	case 3:
		var left byte
		for i := range cur {
			cur[i] += byte((int(left) + int(prev[i])) / 2)
			left = cur[i]
		}
	case 4:
		var left, upLeft byte
		for i := range cur {
			cur[i] += paeth(left, prev[i], upLeft)
			left, upLeft = cur[i], prev[i]
		}
	default:
		return false
	}
	return true
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
