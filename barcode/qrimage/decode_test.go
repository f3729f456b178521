package qrimage_test

import (
	"encoding/binary"
	"hash/crc32"
	"image"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

func TestDecodeErrors(t *testing.T) {
	full, err := qrimage.Render(annexB, qrimage.Options{})
	require.NoError(t, err)
	blank := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}

	tests := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"garbage", []byte("definitely not a PNG"), qrimage.ErrNotPNG, "not a PNG"},
		{"empty", nil, qrimage.ErrNotPNG, "not a PNG"},
		{"JPEG magic", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, qrimage.ErrNotPNG, "not a PNG"},
		{"truncated PNG", full[:len(full)/2], qrimage.ErrNotPNG, "not a PNG"},
		{"PNG signature only", full[:8], qrimage.ErrNotPNG, "not a PNG"},
		{"white image", encodePNG(t, blank), qrimage.ErrNoQRCode, "no QR code found in the image"},
		{"claims 100000x100000 pixels", hugeHeader(t, full), qrimage.ErrTooLarge, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := qrimage.Decode(tt.data)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

// hugeHeader rewrites the IHDR chunk of a real PNG to claim enormous
// dimensions, as a hostile upload might.
func hugeHeader(t *testing.T, data []byte) []byte {
	t.Helper()
	out := append([]byte{}, data...)
	// Signature (8), length (4), "IHDR" (4), then width and height.
	require.Equal(t, "IHDR", string(out[12:16]))
	binary.BigEndian.PutUint32(out[16:20], 100000)
	binary.BigEndian.PutUint32(out[20:24], 100000)
	binary.BigEndian.PutUint32(out[29:33], crc32.ChecksumIEEE(out[12:29]))
	return out
}
