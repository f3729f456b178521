package security

import (
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/requirement"
)

// TestEveryThreatRowHasItsAttackAndEveryAttackItsRow: the feature's tables
// and the attacks written for them are one list. A row with no attack would
// fail its scenario; an attack with no row would be a threat the auditor
// never reads.
func TestEveryThreatRowHasItsAttackAndEveryAttackItsRow(t *testing.T) {
	data, err := os.ReadFile("../../features/security/security.feature")
	require.NoError(t, err)
	doc, errs := requirement.ParseDocument("security.feature", data)
	require.Nil(t, errs)
	tables := map[string]map[string]attack{
		"SEC-01": forgeries, "SEC-02": replays, "SEC-03": alterations, "SEC-04": linkThreats,
	}
	for _, child := range doc.Feature.Children {
		if child.Rule == nil {
			continue
		}
		id := child.Rule.Name[:6]
		attacks := tables[id]
		require.NotNil(t, attacks, "no attacks are written for %s", id)
		var rows []string
		for _, rc := range child.Rule.Children {
			if rc.Scenario == nil {
				continue
			}
			for _, step := range rc.Scenario.Steps {
				if dt := step.DataTable; dt != nil && dt.Rows[0].Cells[0].Value == "threat" {
					for _, r := range dt.Rows[1:] {
						rows = append(rows, r.Cells[0].Value)
					}
				}
			}
		}
		assert.NotEmpty(t, rows, "%s lists no threats", id)
		for _, r := range rows {
			assert.Contains(t, attacks, r, "%s lists a threat no attack is written for", id)
		}
		for _, k := range known(attacks) {
			found := false
			for _, r := range rows {
				found = found || `"`+r+`"` == k
			}
			assert.True(t, found, "an attack for %s is written for %s, which its table does not list", id, k)
		}
		sort.Strings(rows)
		for i := 1; i < len(rows); i++ {
			assert.NotEqual(t, rows[i-1], rows[i], "%s lists a threat twice", id)
		}
		delete(tables, id)
	}
	assert.Empty(t, tables, "attacks are written for requirements the feature does not have")
}

func TestAThreatTriedForEachWalletIsNamedWithIt(t *testing.T) {
	assert.Equal(t, "a notice in rival-pay's name, signed with a key the attacker made",
		named("a notice in each connected wallet's name, signed with a key the attacker made", "rival-pay"))
	assert.Equal(t, "the amount (small-pay)", named("the amount", "small-pay"))
}
