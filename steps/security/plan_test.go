package security

import (
	"context"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// planned draws a table's tries as tableStep does, without an
// implementation: the kit has the Background's wallets and no session.
func planned(t *testing.T, quick bool, seed int64, attacks map[string]attack, rows []string, classes []amountClass) ([]try, []amountClass) {
	t.Helper()
	w, err := scenario.New(&scenario.Env{ITIBase: "https://iut.test/iti/v1", Network: network.New(), Seed: seed, Quick: quick}, t.Name())
	require.NoError(t, err)
	t.Cleanup(func() { w.Zone.Close() })
	ctx := scenario.With(context.Background(), w)
	k := &kit{ctx: ctx, wallets: []string{"own-pay", "rival-pay", "small-pay"}, gen: gen.New(seed, w.Name)}
	k.rng = k.gen.Rand()
	tries, amounts, err := plan(ctx, k, attacks, rows, classes)
	require.NoError(t, err)
	return tries, amounts
}

func rowsOf(attacks map[string]attack) []string {
	var out []string
	for row := range attacks {
		out = append(out, row)
	}
	sort.Strings(out)
	return out
}

// At certification depth every threat is tried through every wallet, in
// every amount class, and tries are drawn until there are as many as a
// certification needs; at quick depth each threat once, as the table lists
// them.
func TestEveryThreatIsTriedThroughEveryWalletAtCertificationDepth(t *testing.T) {
	for name, table := range map[string]struct {
		attacks map[string]attack
		classes []amountClass
	}{"SEC-01": {forgeries, amountClasses}, "SEC-02": {replays, amountClasses}, "SEC-03": {alterations, fromYuan}, "SEC-04": {linkThreats, amountClasses}} {
		rows := rowsOf(table.attacks)
		for seed := int64(1); seed <= 5; seed++ {
			tries, amounts := planned(t, false, seed, table.attacks, rows, table.classes)
			assert.Len(t, tries, result.CertificationCases, "%s seed %d", name, seed)
			pairs, classes := map[[2]string]bool{}, map[string]bool{}
			for i, tr := range tries {
				pairs[[2]string{tr.row, tr.wallet}] = true
				classes[amounts[i].name] = true
			}
			for _, row := range rows {
				for _, w := range []string{"own-pay", "rival-pay", "small-pay"} {
					assert.True(t, pairs[[2]string{row, w}], "%s seed %d: %q never tried through %s", name, seed, row, w)
				}
			}
			for _, c := range table.classes {
				assert.True(t, classes[c.name], "%s seed %d: no order of %s", name, seed, c.name)
			}
		}
		quick, _ := planned(t, true, 7, table.attacks, rows, table.classes)
		want := len(rows)
		if name == "SEC-01" {
			want += 2 // one row is tried in each of the three wallets' names
		}
		assert.Len(t, quick, want, "%s at quick depth", name)
	}
}

func TestTheSameSeedPlansTheSameTries(t *testing.T) {
	rows := rowsOf(replays)
	a, am := planned(t, false, 3, replays, rows, amountClasses)
	b, bm := planned(t, false, 3, replays, rows, amountClasses)
	c, cm := planned(t, false, 4, replays, rows, amountClasses)
	key := func(ts []try, as []amountClass) []string {
		var out []string
		for i, tr := range ts {
			out = append(out, tr.row+"|"+tr.wallet+"|"+as[i].name)
		}
		return out
	}
	assert.Equal(t, key(a, am), key(b, bm))
	assert.NotEqual(t, key(a, am), key(c, cm), "another seed planned the same tries")
}
