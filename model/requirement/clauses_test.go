package requirement_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/model/requirement"
)

// TestTheClausesQuoteEveryRule guards the clause map's ground: every clause
// quotes its Rule as the text stands, every word of every Rule is in a
// clause, and the Chinese twin divides its Rules into the same clauses.
func TestTheClausesQuoteEveryRule(t *testing.T) {
	sets := map[string]*requirement.Set{}
	for _, lang := range []string{"en", "zh-CN"} {
		set, err := requirement.LoadLang(features.All, lang)
		require.NoError(t, err)
		assert.True(t, set.HasClauses, "%s: the set has no %s", lang, requirement.ClausesFile)
		for _, e := range set.ClauseErrors {
			t.Errorf("%s: %v", lang, e)
		}
		sets[lang] = set
	}
	kinds := func(set *requirement.Set) map[string]bool {
		out := map[string]bool{}
		for _, c := range set.Clauses {
			out[c.ID] = c.Note
		}
		return out
	}
	assert.Equal(t, kinds(sets["en"]), kinds(sets["zh-CN"]), "the twin's clauses must be the English clauses, with the same IDs, each a note or not alike")
}

const clauseRule = `Feature: f
  Rule: LINK-01 A link opens in one tap
    It is not stripped, and not
    replaced by a token.
    Source: MIIT guidance [GUID]

    @LINK-01 @must @role:messenger
    Scenario: s
      Given x
`

func TestAClauseMapThatNoLongerQuotesItsRuleIsRefused(t *testing.T) {
	load := func(clauses string) *requirement.Set {
		fsys := fstest.MapFS{"a/a.feature": {Data: []byte(clauseRule)}, requirement.ClausesFile: {Data: []byte(clauses)}}
		set, err := requirement.Load(fsys)
		require.NoError(t, err, "a broken clause map leaves the set readable")
		return set
	}
	good := "LINK-01.1: A link opens in one tap\nLINK-01.2: It is not stripped,\nLINK-01.3 note: and not replaced by a token.\n"
	set := load(good)
	assert.Empty(t, set.ClauseErrors, "a quote matches however the feature file breaks its lines")
	require.Len(t, set.ClausesOf("LINK-01"), 3)
	assert.True(t, set.ClausesOf("LINK-01")[2].Note)

	for name, tc := range map[string]struct{ clauses, want string }{
		"a changed quote":     {strings.Replace(good, "not stripped", "never stripped", 1), `quotes "It is never stripped,"`},
		"words in no clause":  {strings.Replace(good, "LINK-01.2: It is not stripped,\n", "", 1), `"It is not stripped," is in no clause`},
		"an unknown rule":     {good + "LINK-09.1: A link opens\n", "names requirement LINK-09"},
		"a clause twice":      {good + "LINK-01.1: A link opens\n", "LINK-01.1 is defined twice"},
		"a line not a clause": {good + "LINK-01: A link\n", "is not a clause line"},
	} {
		set := load(tc.clauses)
		assert.Contains(t, set.ClauseErrors.Error(), tc.want, name)
	}
}
