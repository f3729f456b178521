package qrimage

import (
	"fmt"

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
func Decode(data []byte) (text string, err error) {
	img, err := readPNG(data)
	if err != nil {
		return "", err
	}
	defer func() {
		// gozxing is a port of Java code and may index out of range on
		// odd images; report that as "not found" rather than crash.
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w (decoder failed: %v)", ErrNoQRCode, r)
		}
	}()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
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
