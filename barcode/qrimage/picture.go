package qrimage

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
)

// Picture is a PNG read once, for the several things a check asks of one
// picture — read the code, measure it, shrink it and read it again —
// without decoding the PNG, or encoding a shrunk copy, for each. It is not
// safe for concurrent use.
type Picture struct {
	img  image.Image // nil once both luminances are known
	w, h int
	// luma is each pixel's luminance over white (ITU-R BT.601), which
	// Measure thresholds and Resize samples; zx is the luminance the
	// decoder reads, gozxing's. Each is worked out when first needed; for
	// a greyscale picture, such as one made by Resize, the two are the
	// same.
	luma, zx []byte
}

// Read decodes a PNG, after checking its signature and size.
func Read(data []byte) (*Picture, error) {
	if lum, w, h, ok := readBilevel(data); ok {
		return &Picture{w: w, h: h, luma: lum, zx: lum}, nil
	}
	img, err := readPNG(data)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	p := &Picture{img: img, w: b.Dx(), h: b.Dy()}
	if _, grey := img.(*image.Gray); grey {
		p.luma = pixelValues(img, luma)
		p.zx, p.img = p.luma, nil
	}
	return p, nil
}

func (p *Picture) lumaOf() []byte {
	if p.luma == nil {
		p.luma = pixelValues(p.img, luma)
	}
	return p.luma
}

func (p *Picture) zxOf() []byte {
	if p.zx == nil {
		p.zx = zxingLuminance(p.img)
	}
	return p.zx
}

// Size is the picture's width and height in pixels.
func (p *Picture) Size() (w, h int) { return p.w, p.h }

// Decode reads the QR code in the picture, as the function Decode does.
func (p *Picture) Decode() (string, error) { return decodeLuminance(p.zxOf(), p.w, p.h) }

// Measure works out the geometry of the QR code in the picture, as the
// function Measure does.
func (p *Picture) Measure() (Geometry, error) {
	lum := p.lumaOf()
	dark := make([]bool, len(lum))
	for i, v := range lum {
		dark[i] = v < 0x80
	}
	return measureDark(dark, p.w, p.h)
}

// Scale is the picture resized so that each module is pxPerModule pixels
// wide, as the function Scale does.
func (p *Picture) Scale(pxPerModule int) (*Picture, error) {
	if pxPerModule < 1 || pxPerModule > maxModulePx {
		return nil, fmt.Errorf("qrimage: pxPerModule %d out of range 1..%d", pxPerModule, maxModulePx)
	}
	g, err := p.Measure()
	if err != nil {
		return nil, err
	}
	f := float64(pxPerModule) / g.ModulePx
	return p.Resize(int(math.Round(float64(g.Width)*f)), int(math.Round(float64(g.Height)*f)))
}

// Resize is the picture scaled to width x height pixels by
// nearest-neighbour sampling, which keeps modules sharp-edged, in grey.
func (p *Picture) Resize(width, height int) (*Picture, error) {
	if width < 1 || height < 1 || width*height > maxPixels {
		return nil, fmt.Errorf("%w: cannot resize to %dx%d", ErrTooLarge, width, height)
	}
	lum := p.lumaOf()
	out := make([]byte, width*height)
	for y := 0; y < height; y++ {
		// Sample at the centre of each destination pixel.
		sy := int((float64(y) + 0.5) * float64(p.h) / float64(height))
		for x := 0; x < width; x++ {
			sx := int((float64(x) + 0.5) * float64(p.w) / float64(width))
			out[y*width+x] = lum[sy*p.w+sx]
		}
	}
	return &Picture{w: width, h: height, luma: out, zx: out}, nil
}

// png encodes a greyscale picture (one made by Resize) as a PNG.
func (p *Picture) png() ([]byte, error) {
	img := &image.Gray{Pix: p.luma, Stride: p.w, Rect: image.Rect(0, 0, p.w, p.h)}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qrimage: %w", err)
	}
	return buf.Bytes(), nil
}
