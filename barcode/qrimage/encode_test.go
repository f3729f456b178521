package qrimage

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// annexBText is the EMVCo MPM Annex B example (helpers_test.go's annexB).
const annexBText = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A"

// TestRenderExactModules checks every pixel against the symbol the encoder
// produced: each module is an exact px-by-px square, black on white, and
// the quiet zone is exactly the requested width.
func TestRenderExactModules(t *testing.T) {
	want, err := symbol([]byte(annexBText), LevelM)
	require.NoError(t, err)
	require.Len(t, want, 65)
	const annexBModules = 65

	tests := []struct {
		name      string
		opts      Options
		px, quiet int
	}{
		{"defaults", Options{}, 8, 4},
		{"3 px, quiet 1", Options{ModulePx: 3, QuietZone: 1}, 3, 1},
		{"1 px, no quiet zone", Options{ModulePx: 1, QuietZone: NoQuietZone}, 1, 0},
		{"5 px, quiet 10", Options{ModulePx: 5, QuietZone: 10}, 5, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Render(annexBText, tt.opts)
			require.NoError(t, err)
			img, err := png.Decode(bytes.NewReader(data))
			require.NoError(t, err)
			side := (annexBModules + 2*tt.quiet) * tt.px
			require.Equal(t, side, img.Bounds().Dx())
			require.Equal(t, side, img.Bounds().Dy())
			for y := 0; y < side; y++ {
				for x := 0; x < side; x++ {
					mx, my := x/tt.px-tt.quiet, y/tt.px-tt.quiet
					dark := mx >= 0 && my >= 0 && mx < annexBModules && my < annexBModules && want[my][mx]
					c := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
					if dark && c != 0 || !dark && c != 255 {
						t.Fatalf("pixel (%d,%d) = %d, module (%d,%d) dark=%v", x, y, c, mx, my, dark)
					}
				}
			}
		})
	}
}

// The standard's tables, where its text gives them: data codewords of a
// few versions at every level, and alignment pattern centres.
func TestEncoderTables(t *testing.T) {
	for _, c := range []struct{ ver, l, m, q, h int }{
		{1, 19, 16, 13, 9}, {2, 34, 28, 22, 16}, {5, 108, 86, 62, 46}, {7, 156, 124, 88, 66},
		{10, 274, 216, 154, 122}, {20, 861, 669, 485, 385}, {40, 2956, 2334, 1666, 1276},
	} {
		assert.Equal(t, []int{c.l, c.m, c.q, c.h}, []int{dataCodewords(c.ver, LevelL), dataCodewords(c.ver, LevelM), dataCodewords(c.ver, LevelQ), dataCodewords(c.ver, LevelH)}, "version %d", c.ver)
	}
	assert.Empty(t, alignmentCentres(1))
	assert.Equal(t, []int{6, 22, 38}, alignmentCentres(7))
	assert.Equal(t, []int{6, 26, 46, 66}, alignmentCentres(14))
	assert.Equal(t, []int{6, 34, 60, 86, 112, 138}, alignmentCentres(32))
	assert.Equal(t, []int{6, 30, 58, 86, 114, 142, 170}, alignmentCentres(40))
}

// Every version and level: a payload that just fits a version is drawn in
// it, and reads back exactly.
func TestEncoderEveryVersionReadsBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, l := range []Level{LevelL, LevelM, LevelQ, LevelH} {
		for ver := 1; ver <= 40; ver++ {
			countBits := 8
			if ver >= 10 {
				countBits = 16
			}
			n := (dataCodewords(ver, l)*8 - 4 - countBits) / 8
			data := make([]byte, n)
			for i := range data {
				data[i] = byte(0x20 + rng.IntN(0x5F))
			}
			mods, err := symbol(data, l)
			require.NoError(t, err)
			require.Len(t, mods, 17+4*ver, "level %v, %d bytes", l, n)
			png, err := bilevelPNG(mods, 4, 2)
			require.NoError(t, err)
			text, err := Decode(png)
			require.NoError(t, err, "version %d, level %v", ver, l)
			require.Equal(t, string(data), text, "version %d, level %v", ver, l)
		}
	}
	_, err := symbol(make([]byte, 2954), LevelL)
	assert.ErrorIs(t, err, errTooLong)
}

// The smallest version that holds the bytes at level M: 1, 6, 8.
func Example_versions() {
	for _, n := range []int{10, 100, 150} {
		mods, _ := symbol(bytes.Repeat([]byte("a"), n), LevelM)
		fmt.Println(n, len(mods))
	}
	// Output:
	// 10 21
	// 100 41
	// 150 49
}
