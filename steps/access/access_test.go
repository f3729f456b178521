package access_test

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/platform"
)

// certifySeed is 'hutong certify's default seed.
const certifySeed = 20210917

var pNote = regexp.MustCompile(`(?m)^p = ([0-9.]+) by (\d+) permutations`)

// orderTest runs ACCESS-04 alone against the reference (with violations) at
// seed, and returns its scenario and the p-value its evidence reports.
func orderTest(t *testing.T, seed int64, violations ...string) (*result.Scenario, float64) {
	t.Helper()
	return orderTestVaried(t, seed, nil, violations...)
}

// orderTestVaried is orderTest with honest variants of the reference on.
func orderTestVaried(t *testing.T, seed int64, variants []string, violations ...string) (*result.Scenario, float64) {
	t.Helper()
	tg, err := target.InProcessVaried("test", violations, variants)
	require.NoError(t, err)
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Tags: "@ACCESS-04", Seed: seed, Concurrency: 1})
	require.NoError(t, err)
	require.Len(t, run.Scenarios, 1)
	sc := run.Scenarios[0]
	for _, n := range sc.Notes {
		if m := pNote.FindStringSubmatch(n.Text); m != nil {
			p, err := strconv.ParseFloat(m[1], 64)
			require.NoError(t, err)
			assert.Contains(t, n.Text, "seed = "+strconv.FormatInt(seed, 10), "the evidence names the seed")
			assert.Contains(t, n.Text, "trials = 60", "the evidence names the number of checkouts")
			assert.Contains(t, n.Text, "Kruskal–Wallis H = ", "the evidence names the statistic")
			return sc, p
		}
	}
	t.Fatalf("the evidence of %q reports no p-value; notes: %+v", sc.Name, sc.Notes)
	return nil, 0
}

func TestReferenceOrderIsNeutralAtTheDefaultSeed(t *testing.T) {
	sc, p := orderTest(t, certifySeed)
	assert.Equal(t, result.Passed, sc.Status, sc.Failure)
	assert.GreaterOrEqual(t, p, 0.01)
}

// The test's false-alarm rate against a neutral platform, measured: at the
// 1 % level about one seed in a hundred fails, so at least 19 of 20 seeds
// must pass.
func TestReferenceOrderPassesAtLeast19Of20Seeds(t *testing.T) {
	if seedsToRun == 0 {
		t.Skip("the 20-seed sweep runs without -race ('make test' runs it so)")
	}
	passed := 0
	var ps []float64
	for seed := int64(1); seed <= 20; seed++ {
		sc, p := orderTest(t, seed)
		ps = append(ps, p)
		if sc.Status == result.Passed {
			passed++
		}
	}
	t.Logf("ACCESS-04 passed at %d of 20 seeds; p-values %v", passed, ps)
	assert.GreaterOrEqual(t, passed, 19, "p-values by seed 1..20: %v", ps)
}

// An alphabetical payment screen is neutral: names say nothing of tier. It
// must pass as often as the merchant's order does (issue 13: with the same
// six institutions in every checkout, it failed at every seed).
func TestAlphabeticalOrderPassesAtLeast19Of20Seeds(t *testing.T) {
	sc, p := orderTestVaried(t, certifySeed, []string{platform.AlphabeticalOptions})
	assert.Equal(t, result.Passed, sc.Status, sc.Failure)
	assert.GreaterOrEqual(t, p, 0.01)
	if seedsToRun == 0 {
		return // the 20-seed sweep runs without -race ('make test' runs it so)
	}
	passed := 0
	var ps []float64
	for seed := int64(1); seed <= 20; seed++ {
		sc, p := orderTestVaried(t, seed, []string{platform.AlphabeticalOptions})
		ps = append(ps, p)
		if sc.Status == result.Passed {
			passed++
		}
	}
	t.Logf("ACCESS-04 with alphabetical options passed at %d of 20 seeds; p-values %v", passed, ps)
	assert.GreaterOrEqual(t, passed, 19, "p-values by seed 1..20: %v", ps)
}

func TestRankByTierIsCaughtWithPBelowOneInAThousand(t *testing.T) {
	sc, p := orderTest(t, certifySeed, platform.RankByTier)
	assert.Equal(t, result.Failed, sc.Status)
	assert.Less(t, p, 0.001)
}
