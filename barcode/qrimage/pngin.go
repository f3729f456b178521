package qrimage

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
)

// Errors returned for input images; test with errors.Is.
var (
	ErrNotPNG   = errors.New("qrimage: not a PNG")
	ErrTooLarge = errors.New("qrimage: image too large")
	ErrNoQRCode = errors.New("qrimage: no QR code found in the image")
)

// maxPixels bounds the images this package decodes, so that a small PNG
// claiming huge dimensions cannot exhaust memory. 25 megapixels is far
// beyond any QR code a harness needs (version 40 at 25 px per module with
// a 4-module quiet zone is 4,625 px square).
const maxPixels = 25_000_000

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// readPNG decodes a PNG after checking its signature and size.
func readPNG(data []byte) (image.Image, error) {
	if !bytes.HasPrefix(data, pngSignature) {
		return nil, ErrNotPNG
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotPNG, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, fmt.Errorf("%w: %dx%d pixels, limit %d", ErrTooLarge, cfg.Width, cfg.Height, maxPixels)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotPNG, err)
	}
	return img, nil
}

// luma is the 8-bit luminance of c composited over white, so transparent
// pixels count as light, as they would show on a white page.
func luma(c color.Color) uint8 {
	r, g, b, a := c.RGBA()
	white := 0xFFFF - a
	// ITU-R BT.601 weights on 16-bit channels.
	y := (299*(r+white) + 587*(g+white) + 114*(b+white)) / 1000
	return uint8(y >> 8)
}
