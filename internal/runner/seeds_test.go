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
	"github.com/hutong-interop/hutong/reference"
)

// assertCaughtAtEverySeed certifies the reference with switch name on, in
// its role, running tags ("" for the requirements the switch breaks), and
// holds that it fails exactly its Breaks at 19 or more of seeds 1–20 (and,
// with atDefault, at the default seed): the proof every depth sweep makes
// of a switch that breaks one corner of a space or some of its cases.
func assertCaughtAtEverySeed(t *testing.T, name, tags string, atDefault bool) {
	t.Helper()
	v, ok := reference.Lookup(name)
	require.True(t, ok, "%q is no registered violation switch", name)
	if tags == "" {
		tags = "@" + strings.Join(v.Breaks, " or @")
	}
	tg, err := target.InProcess("test", []string{name})
	require.NoError(t, err)
	want := slices.Sorted(slices.Values(v.Breaks))
	failed := func(seed int64) []string {
		run, err := Run(context.Background(), Config{Target: tg, Roles: []string{v.Role}, Tags: tags, Concurrency: 4, Seed: seed})
		require.NoError(t, err)
		require.NotEmpty(t, run.Scenarios, "--tags %s ran nothing", tags)
		got := run.Failed()
		slices.Sort(got)
		return got
	}
	if atDefault {
		assert.Equal(t, want, failed(defaultSeed), "%s at the default seed", name)
	}
	var missed []string
	for seed := int64(1); seed <= 20; seed++ {
		if got := failed(seed); !slices.Equal(want, got) {
			missed = append(missed, fmt.Sprintf("seed %d failed %v", seed, got))
		}
	}
	caught := 20 - len(missed)
	t.Logf("%s: %v failed exactly at %d of seeds 1–20", name, want, caught)
	assert.GreaterOrEqual(t, caught, 19, "%s should fail exactly %v: %s", name, want, strings.Join(missed, "; "))
}
