package qrimage

import (
	"errors"
	"fmt"
	"sync"
)

// The QR code encoder (ISO/IEC 18004): the payload's bytes in one byte-mode
// segment, in the smallest version that holds them at the level asked
// for, with the mask of the lowest penalty. A harness draws codes by the
// thousand, and an encoder that works in place on small tables draws one
// in a fraction of the time a general one takes.

// ecCodewords is the error correction codewords per block, and ecBlocks
// the blocks, by level (L, M, Q, H in the standard's order of strength)
// and version (index 0 unused).
var ecCodewords = [4][41]int{
	{0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
	{0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
}

var ecBlocks = [4][41]int{
	{0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
	{0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
	{0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
	{0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
}

// strength is a Level's row in the tables; formatBits its two bits in the
// format information.
func (l Level) strength() int { return [...]int{LevelL: 0, LevelM: 1, LevelQ: 2, LevelH: 3}[l] }

func (l Level) formatBits() int { return [...]int{LevelL: 1, LevelM: 0, LevelQ: 3, LevelH: 2}[l] }

// rawModules is how many modules of a version carry data or error
// correction: all but the function patterns and the format and version
// information.
func rawModules(ver int) int {
	n := (16*ver+128)*ver + 64
	if ver >= 2 {
		align := ver/7 + 2
		n -= (25*align-10)*align - 55
		if ver >= 7 {
			n -= 36
		}
	}
	return n
}

func dataCodewords(ver int, l Level) int {
	s := l.strength()
	return rawModules(ver)/8 - ecCodewords[s][ver]*ecBlocks[s][ver]
}

// alignmentCentres are the row and column coordinates of a version's
// alignment patterns.
func alignmentCentres(ver int) []int {
	if ver == 1 {
		return nil
	}
	n := ver/7 + 2
	step := (ver*8 + n*3 + 5) / (n*4 - 4) * 2
	out := make([]int, n)
	out[0] = 6
	for i, pos := n-1, ver*4+10; i >= 1; i, pos = i-1, pos-step {
		out[i] = pos
	}
	return out
}

// errTooLong is the error for a payload no version holds.
var errTooLong = errors.New("qrimage: payload too long for a QR code")

// symbol encodes data as a QR symbol at level l and returns its modules,
// row by row, true for dark.
func symbol(data []byte, l Level) ([][]bool, error) {
	ver := 0
	for v := 1; v <= 40; v++ {
		countBits := 8
		if v >= 10 {
			countBits = 16
		}
		if len(data) < 1<<countBits && 4+countBits+8*len(data) <= dataCodewords(v, l)*8 {
			ver = v
			break
		}
	}
	if ver == 0 {
		return nil, fmt.Errorf("%w (%d bytes at level %v)", errTooLong, len(data), l)
	}
	q := newQR(ver)
	q.drawFunctions()
	q.drawCodewords(interleave(ver, l, dataBits(ver, l, data)))
	unmasked := q.dark
	var best []byte
	bestScore := -1
	for m := range 8 {
		q.dark = q.masked(unmasked, m)
		q.drawFormat(l, m)
		if s := q.penalty(); bestScore < 0 || s < bestScore {
			best, bestScore = q.dark, s
		}
	}
	q.dark = best
	return q.rows(), nil
}

// dataBits is the data codewords: a byte-mode segment of data, its
// terminator and the padding.
//
//go:norace
func dataBits(ver int, l Level, data []byte) []byte {
	capacity := dataCodewords(ver, l)
	var bb bitBuffer
	bb.put(0b0100, 4)
	if ver >= 10 {
		bb.put(len(data), 16)
	} else {
		bb.put(len(data), 8)
	}
	for _, b := range data {
		bb.put(int(b), 8)
	}
	bb.put(0, min(4, capacity*8-bb.n))
	bb.put(0, (8-bb.n%8)%8)
	for pad := 0xEC; bb.n < capacity*8; pad ^= 0xEC ^ 0x11 {
		bb.put(pad, 8)
	}
	return bb.bytes
}

type bitBuffer struct {
	bytes []byte
	n     int
}

func (b *bitBuffer) put(v, bits int) {
	for i := bits - 1; i >= 0; i-- {
		if b.n%8 == 0 {
			b.bytes = append(b.bytes, 0)
		}
		if v>>i&1 != 0 {
			b.bytes[b.n/8] |= 0x80 >> (b.n % 8)
		}
		b.n++
	}
}

// interleave splits the data codewords into the version's blocks, adds
// each block's error correction, and interleaves them all.
//
//go:norace
func interleave(ver int, l Level, data []byte) []byte {
	s := l.strength()
	blocks, ec := ecBlocks[s][ver], ecCodewords[s][ver]
	raw := rawModules(ver) / 8
	short := blocks - raw%blocks
	shortLen := raw / blocks // of a short block, with its error correction
	div := rsDivisor(ec)
	var bs [][]byte
	k := 0
	for i := range blocks {
		n := shortLen - ec
		if i >= short {
			n++
		}
		dat := data[k : k+n]
		k += n
		b := make([]byte, 0, shortLen+1)
		b = append(b, dat...)
		if i < short {
			b = append(b, 0) // a short block's gap, skipped below
		}
		b = append(b, rsRemainder(dat, div)...)
		bs = append(bs, b)
	}
	out := make([]byte, 0, raw)
	for i := 0; i < shortLen+1; i++ {
		for j, b := range bs {
			if i != shortLen-ec || j >= short {
				out = append(out, b[i])
			}
		}
	}
	return out
}

// rsMul multiplies in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1.
func rsMul(x, y byte) byte {
	var z byte
	for i := 7; i >= 0; i-- {
		z = z<<1 ^ (z>>7)*0x1D
		z ^= (y >> i & 1) * x
	}
	return z
}

// rsDivisor is the generator polynomial of degree n, its leading 1 left
// out, highest power first.
func rsDivisor(n int) []byte {
	out := make([]byte, n)
	out[n-1] = 1
	root := byte(1)
	for range n {
		for j := range out {
			out[j] = rsMul(out[j], root)
			if j+1 < n {
				out[j] ^= out[j+1]
			}
		}
		root = rsMul(root, 0x02)
	}
	return out
}

//go:norace
func rsRemainder(data, div []byte) []byte {
	out := make([]byte, len(div))
	for _, b := range data {
		factor := b ^ out[0]
		copy(out, out[1:])
		out[len(out)-1] = 0
		for i, d := range div {
			out[i] ^= rsMul(d, factor)
		}
	}
	return out
}

// qr is a symbol being drawn: its modules, and which of them belong to
// the function patterns that no data or mask may touch.
type qr struct {
	size int
	// dark is 1 for a dark module, 0 for a light one, row by row: bytes
	// rather than booleans, so that the penalty adds them up.
	dark     []byte
	function []bool
	cols     []byte // the modules column by column, for penalty
}

func newQR(ver int) *qr {
	size := ver*4 + 17
	return &qr{size: size, dark: make([]byte, size*size), function: make([]bool, size*size)}
}

func (q *qr) set(x, y int, dark bool) {
	q.dark[y*q.size+x] = b2i(dark)
	q.function[y*q.size+x] = true
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func (q *qr) version() int { return (q.size - 17) / 4 }

//go:norace
func (q *qr) drawFunctions() {
	for i := range q.size {
		q.set(6, i, i%2 == 0)
		q.set(i, 6, i%2 == 0)
	}
	for _, c := range [][2]int{{3, 3}, {q.size - 4, 3}, {3, q.size - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x >= 0 && x < q.size && y >= 0 && y < q.size {
					d := max(abs(dx), abs(dy))
					q.set(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	pos := alignmentCentres(q.version())
	for i, y := range pos {
		for j, x := range pos {
			if i == 0 && j == 0 || i == 0 && j == len(pos)-1 || i == len(pos)-1 && j == 0 {
				continue // a finder pattern's corner
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					q.set(x+dx, y+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	// Reserve the format information; drawFormat fills it in.
	q.drawFormat(LevelM, 0)
	if ver := q.version(); ver >= 7 {
		rem := ver
		for range 12 {
			rem = rem<<1 ^ (rem>>11)*0x1F25
		}
		bits := ver<<12 | rem
		for i := range 18 {
			dark := bits>>i&1 != 0
			a, b := q.size-11+i%3, i/3
			q.set(a, b, dark)
			q.set(b, a, dark)
		}
	}
}

// drawFormat draws the format information of level l and mask m, both
// copies, and the dark module.
func (q *qr) drawFormat(l Level, m int) {
	data := l.formatBits()<<3 | m
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return bits>>i&1 != 0 }
	for i := 0; i <= 5; i++ {
		q.set(8, i, bit(i))
	}
	q.set(8, 7, bit(6))
	q.set(8, 8, bit(7))
	q.set(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		q.set(14-i, 8, bit(i))
	}
	for i := 0; i < 8; i++ {
		q.set(q.size-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		q.set(8, q.size-15+i, bit(i))
	}
	q.set(8, q.size-8, true)
}

// drawCodewords places the codewords in the zigzag of two-module columns,
// right to left, up and down in turn, skipping the function patterns.
//
//go:norace
func (q *qr) drawCodewords(data []byte) {
	i := 0
	for right := q.size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5 // the vertical timing pattern
		}
		for vert := range q.size {
			for j := range 2 {
				x := right - j
				y := vert
				if (right+1)&2 == 0 {
					y = q.size - 1 - vert
				}
				if !q.function[y*q.size+x] && i < len(data)*8 {
					q.dark[y*q.size+x] = data[i>>3] >> (7 - i&7) & 1
					i++
				}
			}
		}
	}
}

// masks are the eight data masks: whether each inverts the module at
// column x, row y.
var masks = [8]func(x, y int) bool{
	func(x, y int) bool { return (x+y)%2 == 0 },
	func(x, y int) bool { return y%2 == 0 },
	func(x, y int) bool { return x%3 == 0 },
	func(x, y int) bool { return (x+y)%3 == 0 },
	func(x, y int) bool { return (x/3+y/2)%2 == 0 },
	func(x, y int) bool { return x*y%2+x*y%3 == 0 },
	func(x, y int) bool { return (x*y%2+x*y%3)%2 == 0 },
	func(x, y int) bool { return ((x+y)%2+x*y%3)%2 == 0 },
}

// masked is a copy of modules with the data modules mask m selects
// inverted.
//
//go:norace
func (q *qr) masked(modules []byte, m int) []byte {
	flips := q.maskFlips(m)
	out := make([]byte, len(modules))
	for i, v := range modules {
		out[i] = v ^ flips[i]
	}
	return out
}

// maskFlips is, for each module, 1 where mask m inverts it: a data module
// the mask's formula selects. They depend on the version alone, and are
// kept.
func (q *qr) maskFlips(m int) []byte {
	key := [2]int{q.version(), m}
	if f, ok := flipCache.Load(key); ok {
		return f.([]byte)
	}
	flip := masks[m]
	out := make([]byte, q.size*q.size)
	for y := range q.size {
		for x := range q.size {
			if i := y*q.size + x; !q.function[i] && flip(x, y) {
				out[i] = 1
			}
		}
	}
	flipCache.Store(key, out)
	return out
}

// flipCache holds maskFlips by version and mask: 40 × 8 at most.
var flipCache sync.Map

// penalty scores the symbol as the standard's mask evaluation does: runs
// of five or more of one colour, 2×2 blocks of one colour, patterns like a
// finder's (dark-light-dark³-light-dark with four light on a side), and
// the balance of dark and light. The modules are noise to a branch
// predictor, so each rule adds from a table rather than testing.
//
//go:norace
func (q *qr) penalty() int {
	n := q.size
	d := q.dark
	if len(q.cols) != n*n {
		q.cols = make([]byte, n*n)
	}
	for y := range n {
		for x := range n {
			q.cols[x*n+y] = d[y*n+x]
		}
	}
	score := 0
	for _, grid := range [2][]byte{d, q.cols} {
		for a := range n {
			line := grid[a*n : (a+1)*n]
			// Runs: a run ends where the colour changes, and scores
			// runPenalty of its length.
			run := 1
			var window uint32 // the last 11 modules, for finder-like patterns
			window = uint32(line[0])
			for b := 1; b < n; b++ {
				same := int(line[b] ^ line[b-1] ^ 1)
				score += (1 - same) * runPenalty[run]
				run = run*same + 1
				window = (window<<1 | uint32(line[b])) & 0x7FF
				score += finderPenalty[window]
			}
			score += runPenalty[run]
			// Four light modules beyond the end, outside the symbol.
			for range 4 {
				window = window << 1 & 0x7FF
				score += finderPenalty[window]
			}
		}
	}
	dark := 0
	for y := 0; y < n; y++ {
		row := d[y*n : (y+1)*n]
		for _, v := range row {
			dark += int(v)
		}
		if y+1 == n {
			break
		}
		next := d[(y+1)*n : (y+2)*n]
		for x := 0; x+1 < n; x++ {
			score += blockPenalty[row[x]+row[x+1]+next[x]+next[x+1]]
		}
	}
	total := n * n
	k := (abs(dark*20-total*10)+total-1)/total - 1
	return score + max(k, 0)*10
}

// runPenalty is what a run of a length scores: 3 for five of one colour,
// and one more for each beyond. blockPenalty is what a 2×2 block scores by
// its dark modules: 3 if all four are one colour.
var (
	runPenalty   [178]int
	blockPenalty = [5]int{3, 0, 0, 0, 3}
)

// finderPenalty is what the last 11 modules of a line score: 40 for the
// pattern dark-light-dark³-light-dark with four light modules before it,
// or after it. Modules before the line's start count as light.
var finderPenalty [1 << 11]int

func init() {
	for r := 5; r < len(runPenalty); r++ {
		runPenalty[r] = r - 2
	}
	finderPenalty[0b00001011101] = 40
	finderPenalty[0b10111010000] = 40
}

func (q *qr) rows() [][]bool {
	out := make([][]bool, q.size)
	for y := range out {
		out[y] = make([]bool, q.size)
		for x, v := range q.dark[y*q.size : (y+1)*q.size] {
			out[y][x] = v != 0
		}
	}
	return out
}
