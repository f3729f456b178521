package runner

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/platform"
)

// payDepthTags are the PAY family's MUST requirements whose scenarios draw
// their cases.
const payDepthTags = "@PAY-01 or @PAY-02 or @PAY-03 or @PAY-04 or @PAY-05 or @PAY-06 or @PAY-09 or @PAY-11"

// TestDepthPaySwitchesAreCaughtAtEverySeed is the proof that the PAY
// family's drawn cases cover what its Rules range over. Each switch breaks
// its requirement in one corner of that space (one tier, a boundary, names
// not in ASCII, later in a sequence, a choice changed after the fact) or in
// a share of the cases (one in five); it must fail exactly the
// requirements it declares at the default seed, and at no fewer than 19 of
// seeds 1–20. The compliant reference must pass at all 21 seeds, every MUST
// requirement here judging at least a certification's cases. Runs are cut
// to the requirements that matter (Tags).
//
// Some 230 runs of one to thirteen scenarios: about 30 s of CPU, several
// times that under the race detector, which adds nothing here (the
// switch sweeps run the same scenarios under -race). It is skipped under
// -race; `make test` runs it without.
func TestDepthPaySwitchesAreCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	if raceDetector {
		t.Skip("a sweep over seeds; make test runs it without -race")
	}
	switches := []string{
		platform.MerchantAdditionsIgnored, platform.PayeeNonASCIIDropped, platform.SwapOnChangedMind, platform.SwapAtTimes,
		platform.LargePaymentsInYuan, platform.RefundViaLastWallet, platform.OnBehalfRivalsCapped, platform.FeeShownInWholeYuan,
		platform.TailChangesWhenAsked, platform.RuleChangeEarlyAtTimes,
	}
	var seeds []int64
	for s := int64(1); s <= 20; s++ {
		seeds = append(seeds, s)
	}
	certify := func(t *testing.T, tg *target.Target, tags string, seed int64) *result.Run {
		run, err := Run(context.Background(), Config{Target: tg, Roles: []string{"platform"}, Tags: tags, Concurrency: 4, Seed: seed})
		require.NoError(t, err)
		require.NotEmpty(t, run.Scenarios, "--tags %s ran nothing", tags)
		return run
	}
	t.Run("compliant", func(t *testing.T) {
		t.Parallel()
		tg, err := target.InProcess("test", nil)
		require.NoError(t, err)
		for _, seed := range append(seeds, defaultSeed) {
			run := certify(t, tg, payDepthTags, seed)
			assert.Empty(t, run.Failed(), "seed %d: the compliant reference fails", seed)
			for _, r := range run.Requirements {
				if r.Requirement.Level == requirement.Must && len(r.Scenarios) > 0 {
					assert.GreaterOrEqual(t, r.Cases, result.CertificationCases, "seed %d: %s judges %d cases", seed, r.Requirement.ID, r.Cases)
				}
			}
		}
	})
	for _, name := range switches {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assertCaughtAtEverySeed(t, name, "", true)
		})
	}
}
