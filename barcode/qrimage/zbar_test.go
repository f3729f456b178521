package qrimage_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/barcode/zbar"
)

// TestZbarReadsRender checks our renders with an independent decoder,
// zbarimg from Debian's zbar-tools, so that a bug shared by our encoder
// and gozxing cannot hide. CI must have it; elsewhere the test skips.
func TestZbarReadsRender(t *testing.T) {
	exe := zbar.Need(t)
	for _, tt := range []struct {
		name string
		opts qrimage.Options
		px   int // scale to this many px per module first, if non-zero
	}{
		{"default", qrimage.Options{}, 0},
		{"quiet zone 1", qrimage.Options{QuietZone: 1}, 0},
		{"3 px per module", qrimage.Options{}, 3},
		{"level H", qrimage.Options{Level: qrimage.LevelH}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := qrimage.Render(annexB, tt.opts)
			require.NoError(t, err)
			if tt.px != 0 {
				data, err = qrimage.Scale(data, tt.px)
				require.NoError(t, err)
			}
			got, err := zbar.Read(exe, t.TempDir(), data)
			require.NoError(t, err)
			assert.Equal(t, annexB, got)
		})
	}
}

// TestZbarReadsEveryVersion has zbar read a symbol of versions across the
// range, at every level, filled to the brim: the encoder's tables and its
// placement of every kind of function pattern, checked by another reader.
func TestZbarReadsEveryVersion(t *testing.T) {
	exe := zbar.Need(t)
	levels := []qrimage.Level{qrimage.LevelL, qrimage.LevelM, qrimage.LevelQ, qrimage.LevelH}
	for i, ver := range []int{1, 2, 6, 7, 9, 10, 14, 21, 27, 32, 40} {
		level := levels[i%len(levels)]
		// The most bytes a smaller version cannot hold: one more than the
		// version before holds, in byte mode.
		n := byteCapacity(ver-1, level) + 1
		payload := make([]byte, n)
		for j := range payload {
			payload[j] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef /:."[(j*7+ver)%45]
		}
		data, err := qrimage.Render(string(payload), qrimage.Options{ModulePx: 3, Level: level})
		require.NoError(t, err)
		got, err := zbar.Read(exe, t.TempDir(), data)
		require.NoError(t, err, "version %d, level %v", ver, level)
		assert.Equal(t, string(payload), got, "version %d, level %v", ver, level)
		g, err := qrimage.Measure(data)
		require.NoError(t, err)
		assert.Equal(t, 17+4*ver, g.Modules, "version %d, level %v", ver, level)
	}
}

// byteCapacity is how many bytes a version holds in one byte-mode
// segment at a level (ISO/IEC 18004 Table 7), 0 for version 0.
func byteCapacity(ver int, l qrimage.Level) int {
	table := map[qrimage.Level][41]int{
		qrimage.LevelL: {0, 17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858, 929, 1003, 1091, 1171, 1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953},
		qrimage.LevelM: {0, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331},
		qrimage.LevelQ: {0, 11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482, 509, 565, 611, 661, 715, 751, 805, 868, 908, 982, 1030, 1112, 1168, 1228, 1283, 1351, 1423, 1499, 1579, 1663},
		qrimage.LevelH: {0, 7, 14, 24, 34, 44, 58, 64, 84, 98, 119, 137, 155, 177, 194, 220, 250, 280, 310, 338, 382, 403, 439, 461, 511, 535, 593, 625, 658, 698, 742, 790, 842, 898, 958, 983, 1051, 1093, 1139, 1219, 1273},
	}
	return table[l][ver]
}
