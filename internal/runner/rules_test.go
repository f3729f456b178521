package runner

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/platform"
)

// TestRuleChangesAndRolloutsAtEverySeed is the proof that PAY-11's and
// PAY-12's cases cover what their Rules range over: the compliant reference,
// and its honest variant that schedules changes later than asked, pass both
// at seeds 1–20 and the default seed; each switch fails exactly its
// requirements at the default seed; and the two switches a seed could miss
// — one only the 6-days-23-hours boundary shows, one only the consumers at
// a merchant outside the scope who happen to be included show — fail their
// requirement at every one of seeds 1–20. (The others are seen by every
// seed by construction: every removal, every change, every third answer.)
// Only the two requirements' scenarios run.
//
// Some 90 runs of one or two scenarios: 10 s of CPU, several times that
// under the race detector, which adds nothing here (TestReferenceIsCertified
// and the switch sweeps run the same scenarios under -race). It is skipped
// under -race; `make test` runs it without.
func TestRuleChangesAndRolloutsAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	if raceDetector {
		t.Skip("a sweep over seeds; make test runs it without -race")
	}
	cases := []struct {
		name, vary, req string
		everySeed       bool
	}{
		{name: platform.RuleChangeShortNotice, req: "PAY-11", everySeed: true},
		{name: platform.MethodRemovalUnannounced, req: "PAY-11"},
		{name: platform.RuleChangeNoOpinions, req: "PAY-11"},
		{name: platform.RolloutAnswerDisagrees, req: "PAY-12"},
		{name: platform.RolloutBeyondScope, req: "PAY-12", everySeed: true},
		{req: "PAY-11 or @PAY-12"},
		{vary: platform.RuleChangesAtMidnight, req: "PAY-11 or @PAY-12"},
	}
	var seeds []int64
	for s := int64(1); s <= 20; s++ {
		seeds = append(seeds, s)
	}
	certify := func(t *testing.T, tg *target.Target, tags string, seed int64) []string {
		run, err := Run(context.Background(), Config{Target: tg, Roles: []string{"platform"}, Tags: tags, Concurrency: 4, Seed: seed})
		require.NoError(t, err)
		require.NotEmpty(t, run.Scenarios, "--tags %s ran nothing", tags)
		return run.Failed()
	}
	for _, c := range cases {
		label := c.name
		if label == "" {
			label = "compliant " + c.vary
		}
		t.Run(label, func(t *testing.T) {
			t.Parallel()
			var on, vary []string
			if c.name != "" {
				on = []string{c.name}
			}
			if c.vary != "" {
				vary = []string{c.vary}
			}
			tg, err := target.InProcessVaried("test", on, vary)
			require.NoError(t, err)
			if c.name == "" {
				for _, seed := range append(seeds, defaultSeed) {
					assert.Empty(t, certify(t, tg, "@"+c.req, seed), "seed %d: the compliant reference fails", seed)
				}
				return
			}
			v, ok := reference.Lookup(c.name)
			require.True(t, ok)
			assert.ElementsMatch(t, v.Breaks, certify(t, tg, "@"+strings.Join(v.Breaks, " or @"), defaultSeed), "default seed")
			for _, seed := range seeds {
				if !c.everySeed {
					break
				}
				assert.Equal(t, []string{c.req}, certify(t, tg, "@"+c.req, seed), "seed %d: %s", seed, c.name)
			}
		})
	}
}
