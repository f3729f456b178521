package runner

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/messenger"
)

// defaultSeed is the seed a certification uses unless told otherwise.
const defaultSeed = 20210917

// TestLinkCasesCatchPartialViolationsAtEverySeed is the proof that the LINK
// family's generated cases cover what "a link" ranges over. Each switch
// breaks only some links — one way of writing them, one place in a
// message, one link in five — and must fail exactly the requirements it
// declares at the default seed, and the requirement named here at no fewer
// than 19 of seeds 1–20; the compliant reference must pass those
// requirements at all 21 seeds. Runs are cut to the scenarios that matter
// (Tags) to keep the test fast.
//
// The sweep is some 300 scenarios, each judging about 24 links: 4 s of CPU,
// 90 s under the race detector, which adds nothing to what it proves (the
// scenarios are the ones every other test runs under -race). Under -race it
// runs the default seed alone; `make test` runs the whole sweep without.
func TestLinkCasesCatchPartialViolationsAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	cases := []struct{ name, req string }{
		{messenger.ChinesePathBlocked, "LINK-01"},
		{messenger.LinksRunToSpace, "LINK-01"},
		{messenger.SecondLinkDropped, "LINK-01"},
		{messenger.RivalBlockedAtTimes, "LINK-04"},
		{messenger.HTTPSQueryDropped, "LINK-03"},
		{messenger.PortLinksBlocked, "LINK-01"},
		{messenger.MomentsRivalBlocked, "LINK-07"},
		{messenger.VideoTokenAtTimes, "LINK-07"},
		{"", "LINK-01 or @LINK-03 or @LINK-04 or @LINK-07"}, // the compliant reference
	}
	var seeds []int64
	for s := int64(1); s <= 20 && !raceDetector; s++ {
		seeds = append(seeds, s)
	}
	certify := func(t *testing.T, tg *target.Target, tags string, seed int64) []string {
		run, err := Run(context.Background(), Config{Target: tg, Roles: []string{"messenger"}, Tags: tags, Concurrency: 4, Seed: seed})
		require.NoError(t, err)
		return run.Failed()
	}
	for _, c := range cases {
		label := c.name
		if label == "" {
			label = "compliant"
		}
		t.Run(label, func(t *testing.T) {
			t.Parallel()
			var on []string
			if c.name != "" {
				on = []string{c.name}
			}
			tg, err := target.InProcess("test", on)
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
			caught := 0
			for _, seed := range seeds {
				failed := certify(t, tg, "@"+c.req, seed)
				if len(failed) == 1 {
					caught++
				}
			}
			if raceDetector {
				return
			}
			t.Logf("%s: %s failed at %d of seeds 1–20", c.name, c.req, caught)
			assert.GreaterOrEqual(t, caught, 19, "%s fails %s at only %d of seeds 1–20", c.name, c.req, caught)
		})
	}
}
