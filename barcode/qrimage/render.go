package qrimage

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"

	qrcode "github.com/skip2/go-qrcode"
)

// Level is the error correction level of the symbol. The zero value is M.
type Level int

// Error correction levels, recovering roughly 15%, 7%, 25% and 30% of the
// symbol.
const (
	LevelM Level = iota
	LevelL
	LevelQ
	LevelH
)

func (l Level) String() string {
	switch l {
	case LevelM:
		return "M"
	case LevelL:
		return "L"
	case LevelQ:
		return "Q"
	case LevelH:
		return "H"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Defaults applied to zero-valued Options fields.
const (
	DefaultModulePx  = 8
	DefaultQuietZone = 4
	// NoQuietZone asks for a symbol with no quiet zone at all; a zero
	// QuietZone means the default instead.
	NoQuietZone = -1
)

// Bounds on Options, so that no request can make an absurdly large image.
const (
	maxModulePx  = 100
	maxQuietZone = 100
)

// Options control Render. The zero value renders at 8 pixels per module
// with a 4-module quiet zone and error correction level M.
type Options struct {
	// ModulePx is the width of one module in pixels (0 means 8).
	ModulePx int
	// QuietZone is the white border in modules on each side (0 means 4;
	// NoQuietZone means none).
	QuietZone int
	// Level is the error correction level (zero value M).
	Level Level
}

// resolve fills in defaults and checks ranges.
func (o Options) resolve() (px, quiet int, level qrcode.RecoveryLevel, err error) {
	px, quiet = o.ModulePx, o.QuietZone
	if px == 0 {
		px = DefaultModulePx
	}
	switch {
	case quiet == 0:
		quiet = DefaultQuietZone
	case quiet == NoQuietZone:
		quiet = 0
	}
	if px < 1 || px > maxModulePx {
		return 0, 0, 0, fmt.Errorf("qrimage: ModulePx %d out of range 1..%d", o.ModulePx, maxModulePx)
	}
	if quiet < 0 || quiet > maxQuietZone {
		return 0, 0, 0, fmt.Errorf("qrimage: QuietZone %d out of range (0..%d, or NoQuietZone)", o.QuietZone, maxQuietZone)
	}
	switch o.Level {
	case LevelL:
		level = qrcode.Low
	case LevelM:
		level = qrcode.Medium
	case LevelQ:
		level = qrcode.High
	case LevelH:
		level = qrcode.Highest
	default:
		return 0, 0, 0, fmt.Errorf("qrimage: unknown error correction level %v", o.Level)
	}
	return px, quiet, level, nil
}

// Render encodes payload as a QR code and returns it as a PNG: black
// modules on white, each module exactly ModulePx pixels square, surrounded
// by QuietZone modules of white. The payload's bytes (UTF-8 for Go
// strings) go into the symbol unchanged.
func Render(payload string, opts Options) (out []byte, err error) {
	px, quiet, level, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if payload == "" {
		return nil, errors.New("qrimage: empty payload")
	}
	// go-qrcode reports internal inconsistencies with log.Panic; turn any
	// such panic into an error so that no input can crash the caller.
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("qrimage: encoder failed: %v", r)
		}
	}()
	q, err := qrcode.New(payload, level)
	if err != nil {
		return nil, fmt.Errorf("qrimage: %w", err)
	}
	q.DisableBorder = true
	modules := q.Bitmap()

	side := (len(modules) + 2*quiet) * px
	// A two-colour palette makes the encoder write a 1-bit PNG.
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y, row := range modules {
		for x, dark := range row {
			if !dark {
				continue
			}
			x0, y0 := (x+quiet)*px, (y+quiet)*px
			for yy := y0; yy < y0+px; yy++ {
				line := img.Pix[yy*img.Stride+x0 : yy*img.Stride+x0+px]
				for i := range line {
					line[i] = 1
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qrimage: %w", err)
	}
	return buf.Bytes(), nil
}
