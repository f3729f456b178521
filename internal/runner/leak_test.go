package runner

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/acquirer"
	"github.com/hutong-interop/hutong/reference/messenger"
	"github.com/hutong-interop/hutong/reference/platform"
)

// leakSwitches leak one session's state into another; no threat gets
// through them, so the threat sweeps leave them to this proof.
var leakSwitches = []string{messenger.ChatsSharedByMembers, platform.MerchantDirectoryShared, acquirer.PaymentsByMerchantID}

// TestSessionLeaksAreCaughtAtEverySeed: each switch that leaks one
// session's state into another (issue 14, item 5) fails exactly its Breaks
// at every seed, because each scenario's decoy session collides with it by
// design and the step waits for its decoy: the verdict does not depend on
// timing. Quick depth: the decoys do not depend on the cases drawn. Under
// -race one seed.
func TestSessionLeaksAreCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	seeds := int64(20)
	if raceDetector {
		seeds = 1
	}
	for _, name := range leakSwitches {
		v, ok := reference.Lookup(name)
		require.True(t, ok, name)
		want := slices.Sorted(slices.Values(v.Breaks)) // as run.Failed lists them
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tg, err := target.InProcess("test", []string{name})
			require.NoError(t, err)
			defer tg.Close()
			cfg := Config{Roles: []string{v.Role}, Tags: "@" + strings.Join(v.Breaks, " or @"), Depth: result.DepthQuick, Concurrency: 4, Target: tg}
			var missed []string
			for seed := int64(1); seed <= seeds; seed++ {
				cfg.Seed = seed
				run, err := Run(context.Background(), cfg)
				require.NoError(t, err)
				if !assert.ObjectsAreEqual(want, run.Failed()) {
					missed = append(missed, fmt.Sprintf("seed %d failed %v", seed, run.Failed()))
					continue
				}
				for _, s := range run.Scenarios {
					if s.Status == result.Failed && !strings.Contains(s.Failure, "state of another session showed in this one") {
						missed = append(missed, fmt.Sprintf("seed %d: %q failed for another reason: %s", seed, s.Name, s.Failure))
					}
				}
			}
			assert.Empty(t, missed)
		})
	}
}
