package qrimage

import (
	"fmt"
	"image"
	"image/color"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Decode reads the QR code in a PNG and returns its text. Byte segments
// are read as UTF-8, the encoding of EMV payloads, instead of relying on
// ZXing's guess among ISO-8859-1, Shift_JIS and UTF-8. It first searches
// the image (TRY_HARDER), then falls back to treating it as a pure,
// axis-aligned symbol (PURE_BARCODE). The fallback is not a formality:
// gozxing v0.1.1's detector misses some clean renders, such as the Annex B
// payload at level M, which the pure reader and zbar both read.
func Decode(data []byte) (string, error) {
	p, err := Read(data)
	if err != nil {
		return "", err
	}
	return p.Decode()
}

// decodeLuminance reads the QR code in a w×h grid of luminance, as
// Decode describes.
func decodeLuminance(lum []byte, w, h int) (text string, err error) {
	defer func() {
		// gozxing is a port of Java code and may index out of range on
		// odd images; report that as "not found" rather than crash.
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w (decoder failed: %v)", ErrNoQRCode, r)
		}
	}()
	src, err := gozxing.NewPlanarYUVLuminanceSource(lum, w, h, 0, 0, w, h, false)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoQRCode, err)
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoQRCode, err)
	}
	reader := qrcode.NewQRCodeReader()
	hints := map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_TRY_HARDER:    true,
		gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
	}
	res, err := reader.Decode(bmp, hints)
	if err != nil {
		hints[gozxing.DecodeHintType_PURE_BARCODE] = true
		res, err = reader.Decode(bmp, hints)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoQRCode, err)
	}
	return res.GetText(), nil
}

// zxingLuminance is each pixel's luminance as gozxing's own conversion
// from an image computes it (green counted twice, composited over white),
// read straight from the pixels of the greyscale and paletted images codes
// come as rather than colour by colour: the same bytes, a fraction of the
// work.
func zxingLuminance(img image.Image) []byte {
	return pixelValues(img, func(c color.Color) byte {
		r, g, b, a := c.RGBA()
		lum := (r + 2*g + b) * 255 / (4 * 0xffff)
		return byte((lum*a + (0xffff-a)*255) / 0xffff)
	})
}

// pixelValues maps every pixel of img through f, row by row. For greyscale
// and paletted images it calls f once per grey level or palette entry.
//
//go:norace
func pixelValues(img image.Image, f func(color.Color) byte) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := make([]byte, w*h)
	switch m := img.(type) {
	case *image.Gray:
		var table [256]byte
		for i := range table {
			table[i] = f(color.Gray{Y: uint8(i)})
		}
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+w]
			for x, v := range row {
				out[y*w+x] = table[v]
			}
		}
	case *image.Paletted:
		var table [256]byte
		for i, c := range m.Palette {
			table[i] = f(c)
		}
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+w]
			for x, v := range row {
				out[y*w+x] = table[v]
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out[y*w+x] = f(img.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return out
}
