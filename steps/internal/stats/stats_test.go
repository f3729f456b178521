package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Known values are scipy.stats' (kruskal, chi2.sf) and, for chi-square with odd
// degrees of freedom, its closed form in erfc.

func TestKruskalWallisKnownValues(t *testing.T) {
	h, p, err := KruskalWallis([]float64{1, 3, 5, 7, 9}, []float64{2, 4, 6, 8, 10})
	require.NoError(t, err)
	assert.InDelta(t, 0.2727272727272734, h, 1e-12)
	assert.InDelta(t, 0.6015081344405895, p, 1e-12)

	// Ties: scipy.stats.kruskal([1, 1, 1], [2, 2, 2], [2, 2]).
	h, p, err = KruskalWallis([]float64{1, 1, 1}, []float64{2, 2, 2}, []float64{2, 2})
	require.NoError(t, err)
	assert.InDelta(t, 7.0, h, 1e-12)
	assert.InDelta(t, 0.0301973834223185, p, 1e-12)
}

func TestKruskalWallisRefusesBadInput(t *testing.T) {
	_, _, err := KruskalWallis([]float64{1, 2})
	assert.ErrorContains(t, err, "two non-empty groups")
	_, _, err = KruskalWallis([]float64{1}, []float64{math.NaN()})
	assert.ErrorContains(t, err, "group 2 holds NaN")
	h, p, err := KruskalWallis([]float64{3, 3}, []float64{3})
	require.NoError(t, err)
	assert.Equal(t, 0.0, h)
	assert.Equal(t, 1.0, p)
}

func TestChiSquareSFKnownValues(t *testing.T) {
	for _, c := range []struct{ x, df, want float64 }{
		{3.841458820694124, 1, 0.05},
		{5.991464547107979, 2, 0.05},
		{10, 5, 0.07523524614651217},
		{0.5, 3, 0.9188914116546758}, // closed form: erfc(√(x/2)) + √(2x/π)·e^(−x/2),
		{100, 2, 1.9287498479639178e-22},
		{0, 4, 1},
	} {
		assert.InDelta(t, c.want, ChiSquareSF(c.x, c.df), 1e-12*math.Max(1, c.want)+c.want*1e-9, "chi2.sf(%v, %v)", c.x, c.df)
	}
}

func TestRanksMidranks(t *testing.T) {
	r, ties := Ranks([]float64{10, 20, 10, 30})
	assert.Equal(t, []float64{1.5, 3, 1.5, 4}, r)
	assert.Equal(t, 6.0, ties) // one pair: 2^3 - 2
}

// screens makes n checkouts of positions 1..len(groups), assigning the
// groups to positions by order (a copy of groups, possibly shuffled).
func screens(n int, groups []int, order func([]int)) [][]Obs {
	var out [][]Obs
	for i := 0; i < n; i++ {
		g := append([]int(nil), groups...)
		order(g)
		var st []Obs
		for pos, grp := range g {
			st = append(st, Obs{Group: grp, Value: float64(pos + 1)})
		}
		out = append(out, st)
	}
	return out
}

var tiers = []int{0, 1, 1, 2, 2, 2}

func TestStratifiedKruskalWallisFindsRankingByGroup(t *testing.T) {
	data := screens(30, tiers, func([]int) {}) // always sorted by group
	res, err := StratifiedKruskalWallis(data, 1999, rand.New(rand.NewPCG(1, 2)))
	require.NoError(t, err)
	assert.Equal(t, 1.0/2000, res.P)
	assert.Less(t, res.P, 0.001)
	assert.Greater(t, res.H, 100.0)
	assert.Equal(t, 180, res.N)
	assert.Equal(t, 30, res.Strata)
}

// Under the null hypothesis the p-value is uniform: the false-alarm rate at
// 5 % is about 5 %.
func TestStratifiedKruskalWallisFalseAlarmRate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	shuffle := func(g []int) { rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] }) }
	alarms := 0
	const runs = 400
	for i := 0; i < runs; i++ {
		res, err := StratifiedKruskalWallis(screens(20, tiers, shuffle), 199, rng)
		require.NoError(t, err)
		if res.P < 0.05 {
			alarms++
		}
	}
	// Binomial(400, 0.05): mean 20, sd 4.4; the band is about ±3 sd.
	assert.InDelta(t, 20, alarms, 13, "false alarms at 5 %% in %d null runs", runs)
}

// A single stratum of two observations has one distinct statistic whatever
// the labels: the exact p-value is 1.
func TestStratifiedKruskalWallisExactSmallCase(t *testing.T) {
	res, err := StratifiedKruskalWallis([][]Obs{{{0, 1}, {1, 2}}}, 99, rand.New(rand.NewPCG(5, 6)))
	require.NoError(t, err)
	assert.Equal(t, 1.0, res.P)
}

func TestStratifiedKruskalWallisRefusesBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	_, err := StratifiedKruskalWallis([][]Obs{{{0, 1}, {0, 2}}}, 10, rng)
	assert.ErrorContains(t, err, "two groups")
	_, err = StratifiedKruskalWallis([][]Obs{{{0, 1}, {1, 2}}}, 0, rng)
	assert.ErrorContains(t, err, "at least one permutation")
	_, err = StratifiedKruskalWallis([][]Obs{{{0, 1}, {1, 2}}}, 10, nil)
	assert.ErrorContains(t, err, "random source")
	_, err = StratifiedKruskalWallis([][]Obs{{{-1, 1}, {1, 2}}}, 10, rng)
	assert.ErrorContains(t, err, "negative")
	_, err = StratifiedKruskalWallis([][]Obs{{{0, math.NaN()}, {1, 2}}}, 10, rng)
	assert.ErrorContains(t, err, "NaN")
}

func TestSignTestKnownValues(t *testing.T) {
	for _, c := range []struct {
		wins, n int
		want    float64
	}{
		{10, 10, 1.0 / 1024},
		{13, 15, 121.0 / 32768}, // C(15,13)+C(15,14)+C(15,15) = 105+15+1
		{0, 7, 1},
		{19, 25, 245506.0 / 33554432}, // sum of C(25,k) for k = 19..25, over 2^25
	} {
		p, err := SignTest(c.wins, c.n)
		require.NoError(t, err)
		assert.InDelta(t, c.want, p, 1e-12, "%d of %d", c.wins, c.n)
	}
	_, err := SignTest(5, 4)
	assert.ErrorContains(t, err, "5 of 4")
}
