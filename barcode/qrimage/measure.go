package qrimage

import (
	"fmt"
	"image"
	"math"
)

// Geometry is what Measure finds out about a QR code image.
type Geometry struct {
	// ModulePx is the width of one module in pixels.
	ModulePx float64
	// Modules is the number of modules per side of the symbol (21 for
	// version 1, up to 177 for version 40).
	Modules int
	// QuietZoneModules is the narrowest of the four margins between the
	// symbol and the image edge, in modules.
	QuietZoneModules float64
	// QuietLeft, QuietTop, QuietRight and QuietBottom are each margin in
	// modules.
	QuietLeft, QuietTop, QuietRight, QuietBottom float64
	// Symbol is the bounding box of the symbol's dark modules in pixels.
	Symbol image.Rectangle
	// Width and Height are the image's size in pixels.
	Width, Height int
}

// Measure works out the geometry of the QR code in a PNG from its pixels
// alone: it does not decode the symbol. The symbol's bounding box is the
// box around all dark pixels, which is exact for a QR code because the
// finder patterns reach its top, left, right and bottom edges. The module
// size comes from the top-left finder pattern, whose outer ring is 7
// modules across, and is then refined by dividing the symbol's width by a
// module count snapped to a real QR version (21 + 4v).
func Measure(data []byte) (Geometry, error) {
	p, err := Read(data)
	if err != nil {
		return Geometry{}, err
	}
	return p.Measure()
}

// measureDark measures the symbol in a w×h grid of dark and light pixels,
// as Measure describes.
//
//go:norace
func measureDark(dark []bool, w, h int) (Geometry, error) {
	box, ok := darkBounds(dark, w, h)
	if !ok {
		return Geometry{}, fmt.Errorf("%w: the image has no dark pixels", ErrNoQRCode)
	}
	// The finder's top edge runs right from the box's corner and its left
	// edge runs down; each is 7 modules of dark.
	hRun := runRight(dark, w, box.Min.X, box.Min.Y, box)
	vRun := runDown(dark, w, box.Min.X, box.Min.Y, box)
	finderPx := float64(hRun+vRun) / 14
	if finderPx <= 0 {
		return Geometry{}, fmt.Errorf("%w: no finder pattern at the symbol's top-left corner", ErrNoQRCode)
	}
	symW, symH := box.Dx(), box.Dy()
	modules := snapModules(float64(symW) / finderPx)
	if modules == 0 {
		return Geometry{}, fmt.Errorf("%w: a %dx%d px symbol with %.2f px modules matches no QR version", ErrNoQRCode, symW, symH, finderPx)
	}
	if ratio := float64(symH) / float64(symW); ratio < 0.9 || ratio > 1.1 {
		return Geometry{}, fmt.Errorf("%w: the dark area is %dx%d px, not square", ErrNoQRCode, symW, symH)
	}
	mod := float64(symW+symH) / 2 / float64(modules)
	g := Geometry{
		ModulePx:    mod,
		Modules:     modules,
		Symbol:      box,
		Width:       w,
		Height:      h,
		QuietLeft:   float64(box.Min.X) / mod,
		QuietTop:    float64(box.Min.Y) / mod,
		QuietRight:  float64(w-box.Max.X) / mod,
		QuietBottom: float64(h-box.Max.Y) / mod,
	}
	g.QuietZoneModules = math.Min(math.Min(g.QuietLeft, g.QuietRight), math.Min(g.QuietTop, g.QuietBottom))
	return g, nil
}

// darkBounds returns the smallest rectangle holding every dark pixel.
//
//go:norace
func darkBounds(dark []bool, w, h int) (image.Rectangle, bool) {
	minX, minY, maxX, maxY := w, h, -1, -1
	for y := 0; y < h; y++ {
		row := dark[y*w : (y+1)*w]
		for x, d := range row {
			if !d {
				continue
			}
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
	}
	if maxX < 0 {
		return image.Rectangle{}, false
	}
	return image.Rect(minX, minY, maxX+1, maxY+1), true
}

// runRight and runDown count consecutive dark pixels from (x, y) to the
// right or downwards, staying inside box.
//
//go:norace
func runRight(dark []bool, w, x, y int, box image.Rectangle) int {
	n := 0
	for ; x < box.Max.X && dark[y*w+x]; x++ {
		n++
	}
	return n
}

//go:norace
func runDown(dark []bool, w, x, y int, box image.Rectangle) int {
	n := 0
	for ; y < box.Max.Y && dark[y*w+x]; y++ {
		n++
	}
	return n
}

// snapModules rounds an estimated module count to the nearest count a QR
// version can have (21, 25, ..., 177), or 0 if it is far from any.
func snapModules(est float64) int {
	v := math.Round((est - 17) / 4)
	if v < 1 || v > 40 {
		return 0
	}
	n := int(v)*4 + 17
	// Beyond a module and a half off, the finder estimate is not trusted.
	if math.Abs(est-float64(n)) > 1.5 {
		return 0
	}
	return n
}
