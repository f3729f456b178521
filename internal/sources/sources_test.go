package sources

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/model/requirement"
)

func names(ss []Source) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}

func TestEveryKnownSourceHasAKnownStatus(t *testing.T) {
	for _, s := range Known {
		assert.NotEmpty(t, requirement.Statuses[s.Status], "%s: status %q", s.Name, s.Status)
		assert.NotEmpty(t, s.Note, s.Name)
	}
}

func TestMatchingIsByClause(t *testing.T) {
	assert.Equal(t, []string{Known[2].Name, Known[3].Name}, names(Matching("MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, points 2 and 3")))
	assert.Equal(t, []string{Known[1].Name}, names(Matching("MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, point 1")))
	got := names(Matching("Regulation on the Supervision of Non-Bank Payment Institutions, Arts. 3/42"))
	assert.Equal(t, []string{Known[10].Name}, got)
	assert.Empty(t, Matching("Regulation on the Supervision of Non-Bank Payment Institutions, Art. 300"))
	assert.Empty(t, Matching("something else entirely"))
}

// A source the features cite at another status than the list gives it is a
// contradiction a regulator would catch; one the list lacks is only logged,
// because the catalogue shows it as "not in the list" anyway and families
// are added in parallel.
func TestCitedSourcesAgreeWithTheListOnStatus(t *testing.T) {
	set, err := requirement.Load(features.FS)
	require.NoError(t, err)
	for _, r := range set.Requirements {
		for _, src := range r.Sources {
			m := Matching(src.Text)
			if len(m) == 0 {
				t.Logf("%s cites %q, which is not in the list of known sources", r.ID, src.Text)
			}
			for _, k := range m {
				assert.Equal(t, k.Status, src.Status, "%s cites %q as [%s]; the list has it as [%s]", r.ID, src.Text, src.Status, k.Status)
			}
		}
	}
}
