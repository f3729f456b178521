package catalog_test

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/catalog"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/model/requirement"
)

// stepChecks registers every family's steps once for the package's tests,
// and sets reads each language's requirement set once: under -race each
// costs seconds.
var (
	stepChecks = sync.OnceValues(runner.StepChecks)
	sets       = map[string]func() (*requirement.Set, error){
		"en":    sync.OnceValues(func() (*requirement.Set, error) { return requirement.LoadLang(features.All, "en") }),
		"zh-CN": sync.OnceValues(func() (*requirement.Set, error) { return requirement.LoadLang(features.All, "zh-CN") }),
	}
	mapped = map[string]func() (*catalog.Catalog, error){
		"en":    sync.OnceValues(func() (*catalog.Catalog, error) { return mapWithSteps("en") }),
		"zh-CN": sync.OnceValues(func() (*catalog.Catalog, error) { return mapWithSteps("zh-CN") }),
	}
)

func mapWithSteps(lang string) (*catalog.Catalog, error) {
	checks, err := stepChecks()
	if err != nil {
		return nil, err
	}
	set, err := sets[lang]()
	if err != nil {
		return nil, err
	}
	c := catalog.Build(set)
	c.MapClauses(set, checks)
	return c, nil
}

// clauseMap is the catalogue of lang's set with its clauses mapped against
// checks.
func clauseMap(t *testing.T, lang string, checks map[string][]string) (*requirement.Set, *catalog.Catalog) {
	t.Helper()
	set, err := sets[lang]()
	require.NoError(t, err)
	c := catalog.Build(set)
	c.MapClauses(set, checks)
	return set, c
}

// stepMap is the catalogue of lang's set with its clauses mapped against
// every step's checks; the tests only read it.
func stepMap(t *testing.T, lang string) (*requirement.Set, *catalog.Catalog) {
	t.Helper()
	c, err := mapped[lang]()
	require.NoError(t, err)
	set, _ := sets[lang]()
	return set, c
}

// TestEveryClauseOfAMustRequirementIsChecked is the audit itself: in both
// languages the map has no problem, every clause of a MUST requirement
// that asks something of the implementation is named by a step its Rule's
// scenarios use, and the clauses not yet checked are exactly the known
// gaps, each with its reason.
func TestEveryClauseOfAMustRequirementIsChecked(t *testing.T) {
	checks, err := stepChecks()
	require.NoError(t, err)
	require.NotEmpty(t, checks)
	var known []string
	for id, why := range catalog.KnownGaps {
		known = append(known, id)
		assert.NotEmpty(t, why["en"], id)
		assert.NotEmpty(t, why["zh-CN"], id)
	}
	sort.Strings(known)
	for _, lang := range []string{"en", "zh-CN"} {
		set, c := stepMap(t, lang)
		m := c.Clauses
		assert.Empty(t, m.Problems, lang)
		var uncovered []string
		for _, r := range m.Uncovered {
			uncovered = append(uncovered, r.ID)
			assert.NotEmpty(t, r.Gap, "%s: clause %s (%s) %q is checked by no step; name it in the step that checks it (scenario.Step), or, if no check can yet, list it in KnownGaps with the reason", lang, r.ID, r.Level, r.Text)
		}
		sort.Strings(uncovered)
		assert.Equal(t, known, uncovered, "%s: the clauses no check covers must be the known gaps", lang)
		for _, r := range m.UncoveredMust() {
			t.Logf("%s: MUST clause %s is not checked: %s", lang, r.ID, r.Gap)
		}
		n := 0
		for _, rc := range m.Requirements {
			n += len(rc.Clauses)
		}
		assert.Equal(t, len(set.Clauses), n, lang)
		assert.Len(t, m.Requirements, len(set.Requirements), lang)
	}
}

func TestTheClauseMapFindsChecksThatClaimTooMuch(t *testing.T) {
	checks := map[string][]string{
		`^(\w+) needs (\d+) taps? to open it$`: {"LINK-01.1", "LINK-01.99", "PAY-01.1"},
	}
	_, c := clauseMap(t, "en", checks)
	m := c.Clauses
	assert.Len(t, m.Problems, 2, "%q", m.Problems)
	assert.Contains(t, m.Problems[0]+m.Problems[1], "names clause LINK-01.99, which clauses.txt does not have")
	assert.Contains(t, m.Problems[0]+m.Problems[1], "names clause PAY-01.1, but no scenario of PAY-01 uses the step")
	var row *catalog.ClauseRow
	for _, rc := range m.Requirements {
		for i := range rc.Clauses {
			if rc.Clauses[i].ID == "LINK-01.1" {
				row = &rc.Clauses[i]
			}
		}
	}
	require.NotNil(t, row)
	assert.Equal(t, []string{"And Bob needs 1 tap to open it"}, row.Checks, "a clause is checked by the step as its scenario writes it")

	// With no checks at all, every clause that is not a note is uncovered.
	_, c = clauseMap(t, "en", nil)
	for _, r := range c.Clauses.Uncovered {
		assert.False(t, r.Note, r.ID)
	}
	assert.NotEmpty(t, c.Clauses.UncoveredMust())
}

func TestTheCatalogueShowsTheClauseMapInEveryForm(t *testing.T) {
	for lang, words := range map[string][]string{
		"en":    {"## Clauses and the checks that cover them", "| LINK-03.4 | it is not stripped, | And following it leads to the very product Alice shared |", "## Clauses no check covers (2)", "| QR-04.2 | in the same way | And each tail wallet's payment took the same exchanges with the acquirer as its top twin<br>And the acquirer's median time", "- **QR-08.6** [SHOULD]"},
		"zh-CN": {"## 条款及检查它们的步骤", "| LINK-03.4 | 不被删减， | 而且 访问该链接到达的正是 Alice 分享的商品 |", "## 没有任何检查覆盖的条款（2）", "| QR-04.2 | 以同样方式 | 而且 每笔尾部钱包的支付与其头部孪生支付经过了与收单机构相同的交互<br>"},
	} {
		_, c := stepMap(t, lang)
		var md, html, js bytes.Buffer
		require.NoError(t, c.Markdown(&md))
		for _, w := range words {
			assert.True(t, strings.Contains(md.String(), w), "%s: the Markdown catalogue lacks %q", lang, w)
		}
		require.NoError(t, c.HTML(&html))
		assert.True(t, strings.Contains(html.String(), `id="clauses"`), "%s: the HTML catalogue has no clause map", lang)
		assert.True(t, strings.Contains(html.String(), `<tr id="clause-qr-04.2">`), "%s: the HTML catalogue lacks clause QR-04.2", lang)
		require.NoError(t, c.JSON(&js))
		var got struct {
			Clauses catalog.ClauseMap `json:"clauses"`
		}
		require.NoError(t, json.Unmarshal(js.Bytes(), &got))
		assert.Len(t, got.Clauses.Uncovered, 2, lang)
	}
}
