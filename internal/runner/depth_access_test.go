package runner

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/messenger"
	"github.com/hutong-interop/hutong/reference/platform"
)

// depthAccessRequirements are the MUST requirements whose cases the ACCESS,
// LINK-01/02 and SEC generators draw: what this file's proof runs.
var depthAccessRequirements = []string{"ACCESS-01", "ACCESS-02", "ACCESS-03", "LINK-01", "LINK-02", "SEC-01", "SEC-02", "SEC-03", "SEC-04"}

// depthAccessSwitches are the switches written along those requirements'
// dimensions: each confined to one corner of its requirement's space (a
// tier, a boundary of the amounts, late in a sequence, an order of
// events, how a name or a link is written), or breaking some of its cases
// only, by a hash of the case (the intermittent ones: one in five, one in
// eight). A scenario that judges a fixed point of the space, or a handful
// of cases, lets each of them through.
var depthAccessSwitches = []string{
	platform.TailQuotaConditions,          // ACCESS-01, late in a long line
	platform.TailFeeAtTimes,               // ACCESS-01, one tail institution in five
	platform.RefusedTailStaysRefused,      // ACCESS-02, an order of events
	platform.RefusalCodesAtTimes,          // ACCESS-02, one refusal in eight
	platform.TailsAddedLaterBehindMore,    // ACCESS-03, an order of set-up
	messenger.ThirdLinkBrowserOnly,        // LINK-01, where in a message
	messenger.RivalChinesePreviewReduced,  // LINK-02, how a link is written
	platform.SmallNoticesUnchecked,        // SEC-01, the smallest amounts
	platform.ReplayGuardForgetsAfterAWeek, // SEC-02, late in time
	platform.TailHandoffsPayeeUnsigned,    // SEC-03, one tier
	platform.TailLinksNeverExpire,         // SEC-04, one tier
}

// TestDepthAccessSwitchesAreCaughtAtEverySeed is the proof that the cases
// ACCESS-01..03, LINK-01/02 and SEC-01..04 draw at certification depth
// cover what their Rules range over: each switch of depthAccessSwitches
// fails exactly its requirements at no fewer than 19 of seeds 1–20, and
// the compliant reference passes every one of those requirements at all
// 20. (The default seed is the sweeps' — TestEveryViolationFailsExactly-
// ItsRequirements and TestBlackBoxViolationsFailLikeInProcess.) A switch's
// runs are its own requirements' scenarios, of its role alone; the
// compliant reference runs all of them.
//
// Some 250 runs of a few scenarios each: tens of seconds of CPU, several
// times that under the race detector, which adds nothing here (the
// sweeps run the same scenarios under -race). It is skipped under -race;
// `make test` runs it without.
func TestDepthAccessSwitchesAreCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	if raceDetector {
		t.Skip("a sweep over seeds; make test runs it without -race")
	}
	tags := "@" + strings.Join(depthAccessRequirements, " or @")
	certify := func(t *testing.T, tg *target.Target, roles []string, seed int64) []string {
		run, err := Run(context.Background(), Config{Target: tg, Roles: roles, Tags: tags, Concurrency: 4, Seed: seed})
		require.NoError(t, err)
		require.NotEmpty(t, run.Scenarios, "--tags %s ran nothing", tags)
		return run.Failed()
	}
	for _, role := range []string{"platform", "messenger"} {
		t.Run("compliant "+role, func(t *testing.T) {
			t.Parallel()
			tg, err := target.InProcess("test", nil)
			require.NoError(t, err)
			for seed := int64(1); seed <= 20; seed++ {
				assert.Empty(t, certify(t, tg, []string{role}, seed), "seed %d: the compliant reference fails", seed)
			}
		})
	}
	for _, name := range depthAccessSwitches {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v, ok := reference.Lookup(name)
			require.True(t, ok, "%q is no registered violation switch", name)
			for _, id := range v.Breaks {
				require.True(t, slices.Contains(depthAccessRequirements, id), "%s breaks %s, which this proof does not run", name, id)
			}
			// Its own requirements' scenarios, as the PAY and QR sweeps
			// run theirs: that the switch fails no other of these at the
			// default seed is TestEveryViolationFailsExactlyItsRequirements'.
			assertCaughtAtEverySeed(t, name, "", false)
		})
	}
}
