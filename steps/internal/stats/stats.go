// Package stats holds the statistics the differential checks need to say,
// with a known false-alarm rate, whether a platform treats groups of
// participants differently: the Kruskal–Wallis rank statistic, the
// chi-square tail probability, and a permutation test of the statistic that
// shuffles group labels within each stratum (one checkout), which stays exact
// when observations inside a stratum depend on each other — as the positions
// on one payment screen do.
package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Ranks returns the mid-ranks (1-based, ties share their mean rank) of xs,
// and the tie correction term sum(t^3 - t) over groups of ties.
func Ranks(xs []float64) ([]float64, float64) {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	r := make([]float64, len(xs))
	ties := 0.0
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && xs[idx[j]] == xs[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			r[idx[k]] = mid
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	return r, ties
}

// KruskalWallis returns the tie-corrected Kruskal–Wallis H of the groups and
// its asymptotic p-value (chi-square with groups-1 degrees of freedom), as
// scipy.stats.kruskal computes them.
func KruskalWallis(groups ...[]float64) (h, p float64, err error) {
	var all []float64
	var label []int
	k := 0
	for g, xs := range groups {
		if len(xs) == 0 {
			continue
		}
		k++
		for _, x := range xs {
			if math.IsNaN(x) {
				return 0, 0, fmt.Errorf("group %d holds NaN", g+1)
			}
			all = append(all, x)
			label = append(label, g)
		}
	}
	if k < 2 {
		return 0, 0, errors.New("the Kruskal–Wallis test needs at least two non-empty groups")
	}
	r, ties := Ranks(all)
	n := float64(len(all))
	c := 1 - ties/(n*n*n-n)
	if c == 0 {
		return 0, 1, nil // every value equal: no evidence of any difference
	}
	h = hStat(r, label, len(groups), n) / c
	return h, ChiSquareSF(h, float64(k-1)), nil
}

// hStat is H without the tie correction, from ranks and group labels.
func hStat(ranks []float64, label []int, groups int, n float64) float64 {
	sum := make([]float64, groups)
	cnt := make([]float64, groups)
	for i, r := range ranks {
		sum[label[i]] += r
		cnt[label[i]]++
	}
	h := 0.0
	for g := range sum {
		if cnt[g] > 0 {
			h += sum[g] * sum[g] / cnt[g]
		}
	}
	return 12/(n*(n+1))*h - 3*(n+1)
}

// ChiSquareSF is P(X >= x) for X chi-square with df degrees of freedom.
func ChiSquareSF(x, df float64) float64 {
	if x <= 0 {
		return 1
	}
	return gammaQ(df/2, x/2)
}

// gammaQ is the regularized upper incomplete gamma function Q(a, x), by its
// series below a+1 and its continued fraction above (Numerical Recipes 6.2).
func gammaQ(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	if x < a+1 {
		sum, del, ap := 1/a, 1/a, a
		for i := 0; i < 1000; i++ {
			ap++
			del *= x / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*1e-15 {
				break
			}
		}
		return 1 - sum*math.Exp(-x+a*math.Log(x)-lg)
	}
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 1000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return math.Exp(-x+a*math.Log(x)-lg) * h
}

// Obs is one observation: the group it belongs to and its value.
type Obs struct {
	Group int
	Value float64
}

// PermutationResult is a stratified permutation test's outcome.
type PermutationResult struct {
	// H is the Kruskal–Wallis statistic of the data as observed.
	H float64
	// P is the share of label permutations (the observed one included)
	// whose H is at least the observed H.
	P float64
	// Permutations is how many random permutations were drawn.
	Permutations int
	// N is the number of observations, Strata the number of strata.
	N, Strata int
}

// StratifiedKruskalWallis tests whether the values depend on the groups, when
// only the assignment of groups to values within each stratum is random under
// the null hypothesis: it computes Kruskal–Wallis H over all observations and
// compares it with H after shuffling the group labels within every stratum,
// b times, with rng. The p-value is (1 + #{H_perm >= H}) / (1 + b), so it is
// never below 1/(b+1).
func StratifiedKruskalWallis(strata [][]Obs, b int, rng *rand.Rand) (PermutationResult, error) {
	if b < 1 {
		return PermutationResult{}, fmt.Errorf("a permutation test needs at least one permutation, not %d", b)
	}
	if rng == nil {
		return PermutationResult{}, errors.New("a permutation test needs a random source")
	}
	var values []float64
	var label []int
	groups := 0
	seen := map[int]bool{}
	for s, st := range strata {
		for _, o := range st {
			if o.Group < 0 {
				return PermutationResult{}, fmt.Errorf("stratum %d: group %d is negative", s+1, o.Group)
			}
			if math.IsNaN(o.Value) {
				return PermutationResult{}, fmt.Errorf("stratum %d holds NaN", s+1)
			}
			values = append(values, o.Value)
			label = append(label, o.Group)
			groups = max(groups, o.Group+1)
			seen[o.Group] = true
		}
	}
	if len(seen) < 2 {
		return PermutationResult{}, errors.New("the test needs observations in at least two groups")
	}
	ranks, ties := Ranks(values)
	n := float64(len(values))
	// The tie correction is the same for every permutation, so it cannot
	// change their order; H is compared uncorrected and reported corrected.
	observed := hStat(ranks, label, groups, n)
	perm := append([]int(nil), label...)
	// eps keeps floating-point noise from splitting equal statistics.
	eps := 1e-9 * math.Max(1, math.Abs(observed))
	atLeast := 0
	for i := 0; i < b; i++ {
		at := 0
		for _, st := range strata {
			seg := perm[at : at+len(st)]
			rng.Shuffle(len(seg), func(x, y int) { seg[x], seg[y] = seg[y], seg[x] })
			at += len(st)
		}
		if hStat(ranks, perm, groups, n) >= observed-eps {
			atLeast++
		}
	}
	h := observed
	if c := 1 - ties/(n*n*n-n); c > 0 {
		h /= c
	}
	return PermutationResult{H: h, P: float64(1+atLeast) / float64(1+b), Permutations: b, N: len(values), Strata: len(strata)}, nil
}

// SignTest is the one-sided sign test: the probability that at least wins
// of n fair coin tosses come up heads, i.e. that one side of n paired
// comparisons wins at least wins times when neither side is really better.
func SignTest(wins, n int) (float64, error) {
	if n < 1 || wins < 0 || wins > n {
		return 0, fmt.Errorf("a sign test needs 0 <= wins <= n and n >= 1, not %d of %d", wins, n)
	}
	p := 0.0
	for k := wins; k <= n; k++ {
		lc, _ := math.Lgamma(float64(n + 1))
		a, _ := math.Lgamma(float64(k + 1))
		b, _ := math.Lgamma(float64(n - k + 1))
		p += math.Exp(lc - a - b - float64(n)*math.Ln2)
	}
	return math.Min(p, 1), nil
}
