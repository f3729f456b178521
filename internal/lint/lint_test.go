package lint

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
)

var defs = []*regexp.Regexp{
	regexp.MustCompile(`^a shop "([^"]+)"$`),
	regexp.MustCompile(`^(\w+) pays (\d+) yuan$`),
	regexp.MustCompile(`^it works$`),
}

const broken = `Feature: Broken on purpose
  Background:
    Given a shop "s1"

  Rule: PAY-01 One thing
    Source: Some law [LAW]
    Source: A rule without a status

    @PAY-01 @must
    Scenario: no role
      When Alice pays 5 yuan
      Then it flies

    @PAY-02 @must @should @role:payer
    Scenario Outline: wrong ID, two levels
      When <who> pays <n> yuan
      And <who> smiles

      Examples:
        | who | n |
        | Bob | 1 |
        | Eve | 2 |

  Rule: QR-01 Another family's ID in this file
    Source: Some law [LAW]

    @QR-01 @must @role:payer
    Scenario: fine otherwise
      Then it works
`

func problems(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	rep, err := Check(fsys, defs)
	require.NoError(t, err)
	var out []string
	for _, p := range rep.Problems {
		out = append(out, p.Error())
	}
	return out
}

func TestEveryProblemIsNamedWithFileAndLine(t *testing.T) {
	got := problems(t, fstest.MapFS{"pay/pay.feature": {Data: []byte(broken)}})
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`pay/pay.feature:7: PAY-01: source "Source: A rule without a status" has no status`,
		`pay/pay.feature:10: scenario "no role" has no @role: tag`,
		`pay/pay.feature:12: no step definition matches "it flies" (scenario "no role")`,
		`pay/pay.feature:15: scenario "wrong ID, two levels" is tagged @PAY-02 but stands in the Rule of PAY-01`,
		`pay/pay.feature:15: scenario "wrong ID, two levels" must carry exactly one of @must or @should`,
		`pay/pay.feature:17: no step definition matches "Bob smiles"`,
		`pay/pay.feature:17: no step definition matches "Eve smiles"`,
		`pay/pay.feature:24: requirement QR-01 has the prefix QR, but this file's first requirement is PAY-01`,
		`pay/pay.feature:6: PAY-01: source "Some law" is not in hutong's list of known sources`,
	} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, `"Alice pays 5 yuan"`, "a matching step is fine")
	assert.NotContains(t, all, `"Bob pays 1 yuan"`, "outline placeholders are filled in before matching")
	assert.NotContains(t, all, `a shop`, "background steps are matched too")
	assert.Equal(t, 1, strings.Count(all, `"it flies"`), "one problem per step line, not per pickle")
}

func TestDuplicateIDsAcrossFiles(t *testing.T) {
	f := `Feature: F
  Rule: PAY-01 Thing
    Source: Some law [LAW]

    @PAY-01 @must @role:payer
    Scenario: s
      Then it works
`
	got := problems(t, fstest.MapFS{"a/a.feature": {Data: []byte(f)}, "b/b.feature": {Data: []byte(f)}})
	assert.Contains(t, strings.Join(got, "\n"), "b/b.feature:2: requirement PAY-01 is defined twice (first at a/a.feature:2)")
}

func TestEmbeddedFeaturesAreClean(t *testing.T) {
	// The real step definitions come from the runner; here only the
	// requirement checks run, with every step accepted.
	rep, err := Check(features.FS, []*regexp.Regexp{regexp.MustCompile(``)})
	require.NoError(t, err)
	assert.Empty(t, rep.Problems)
	assert.Positive(t, rep.Scenarios)
	assert.Contains(t, rep.Summary(), "no problems")
}
