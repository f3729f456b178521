package qrimage

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
)

// Scale resizes a QR code PNG, nearest-neighbour, so that each module is
// pxPerModule pixels wide, keeping the quiet zone in modules. It serves
// checks such as "decodes when scaled down to 3 pixels per module".
func Scale(data []byte, pxPerModule int) ([]byte, error) {
	if pxPerModule < 1 || pxPerModule > maxModulePx {
		return nil, fmt.Errorf("qrimage: pxPerModule %d out of range 1..%d", pxPerModule, maxModulePx)
	}
	g, err := Measure(data)
	if err != nil {
		return nil, err
	}
	f := float64(pxPerModule) / g.ModulePx
	return Resize(data, int(math.Round(float64(g.Width)*f)), int(math.Round(float64(g.Height)*f)))
}

// Resize scales a PNG to width x height pixels by nearest-neighbour
// sampling, which keeps modules sharp-edged, and returns a grayscale PNG.
func Resize(data []byte, width, height int) ([]byte, error) {
	if width < 1 || height < 1 || width*height > maxPixels {
		return nil, fmt.Errorf("%w: cannot resize to %dx%d", ErrTooLarge, width, height)
	}
	img, err := readPNG(data)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	lum := pixelValues(img, luma)
	dst := image.NewGray(image.Rect(0, 0, width, height))
	for y := 0; y < height; y++ {
		// Sample at the centre of each destination pixel.
		sy := int((float64(y) + 0.5) * float64(b.Dy()) / float64(height))
		for x := 0; x < width; x++ {
			sx := int((float64(x) + 0.5) * float64(b.Dx()) / float64(width))
			dst.Pix[y*dst.Stride+x] = lum[sy*b.Dx()+sx]
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, fmt.Errorf("qrimage: %w", err)
	}
	return buf.Bytes(), nil
}
