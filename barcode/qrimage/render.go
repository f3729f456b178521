package qrimage

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
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
func (o Options) resolve() (px, quiet int, level Level, err error) {
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
	case LevelL, LevelM, LevelQ, LevelH:
	default:
		return 0, 0, 0, fmt.Errorf("qrimage: unknown error correction level %v", o.Level)
	}
	return px, quiet, o.Level, nil
}

// Render encodes payload as a QR code and returns it as a PNG: black
// modules on white, each module exactly ModulePx pixels square, surrounded
// by QuietZone modules of white. The payload's bytes (UTF-8 for Go
// strings) go into the symbol unchanged.
func Render(payload string, opts Options) ([]byte, error) {
	px, quiet, level, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if payload == "" {
		return nil, errors.New("qrimage: empty payload")
	}
	modules, err := symbol([]byte(payload), level)
	if err != nil {
		return nil, err
	}
	return bilevelPNG(modules, quiet, px)
}

// bilevelPNG writes the symbol as a 1-bit greyscale PNG (0 black, 1
// white), row by row from the modules: the picture is drawn straight into
// the encoded rows, and the rows, which repeat, are compressed for speed,
// since a harness draws codes by the thousand and a picture of a few
// kilobytes is small whatever the level.
//
//go:norace
func bilevelPNG(modules [][]bool, quiet, px int) ([]byte, error) {
	side := (len(modules) + 2*quiet) * px
	stride := (side + 7) / 8
	var idat bytes.Buffer
	zw := getCompressor(&idat)
	defer putCompressor(zw)
	// Each row is its filter type (0, none) and its pixels, 8 to a byte.
	white := bytes.Repeat([]byte{0xFF}, 1+stride)
	white[0] = 0
	for range quiet * px {
		zw.Write(white)
	}
	line := make([]byte, 1+stride)
	for _, row := range modules {
		copy(line, white)
		for x, dark := range row {
			if !dark {
				continue
			}
			for p := (quiet + x) * px; p < (quiet+x+1)*px; p++ {
				line[1+p/8] &^= 0x80 >> (p % 8)
			}
		}
		for range px {
			zw.Write(line)
		}
	}
	for range quiet * px {
		zw.Write(white)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("qrimage: %w", err)
	}
	var out bytes.Buffer
	out.Write(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(side))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(side))
	ihdr[8] = 1 // bit depth; colour type 0 (greyscale), deflate, no interlace
	writeChunk(&out, "IHDR", ihdr)
	writeChunk(&out, "IDAT", idat.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// compressors keeps zlib writers for bilevelPNG: each holds some 650 KB of
// tables, far more than the picture it writes, which a new one allocates
// and zeroes. A sync.Pool lets go of what it holds at every collection,
// and under -race of a quarter of what is put back, so that most renders
// paid for a new writer; this list keeps up to maxCompressors, one for
// each render at once.
var compressors struct {
	sync.Mutex
	free []*zlib.Writer
}

const maxCompressors = 16

func getCompressor(w io.Writer) *zlib.Writer {
	compressors.Lock()
	defer compressors.Unlock()
	if n := len(compressors.free); n > 0 {
		zw := compressors.free[n-1]
		compressors.free = compressors.free[:n-1]
		zw.Reset(w)
		return zw
	}
	zw, _ := zlib.NewWriterLevel(w, zlib.BestSpeed)
	return zw
}

func putCompressor(zw *zlib.Writer) {
	compressors.Lock()
	defer compressors.Unlock()
	if len(compressors.free) < maxCompressors {
		compressors.free = append(compressors.free, zw)
	}
}

// writeChunk appends a PNG chunk: its length, type, data and CRC-32.
func writeChunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}
