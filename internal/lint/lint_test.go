package lint

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/steps/scenario"
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
	// Here only the requirement checks run, with every step accepted.
	rep, err := Check(features.FS, []*regexp.Regexp{regexp.MustCompile(``)})
	require.NoError(t, err)
	assert.Empty(t, rep.Problems)
	assert.Positive(t, rep.Scenarios)
	assert.Contains(t, rep.Summary(), "no problems")
}

// Both languages of the embedded set, with hutong's own step definitions:
// every step of each matches exactly one, and the Chinese twin is in step
// with the English text.
func TestEmbeddedTwinsAreInStep(t *testing.T) {
	defs, err := runner.StepDefinitions()
	require.NoError(t, err)
	rep, err := Check(features.All, defs)
	require.NoError(t, err)
	for _, p := range rep.Problems {
		t.Error(p)
	}
	assert.Equal(t, []string{"en", "zh-CN"}, rep.Langs)
	en, err := Check(features.FS, defs)
	require.NoError(t, err)
	assert.Equal(t, 2*en.Steps, rep.Steps, "the twin has as many steps")
	assert.Contains(t, rep.Summary(), "in 2 languages (en, zh-CN)")
}

var twinDefs = append([]*regexp.Regexp{
	regexp.MustCompile(`^一家店铺 "([^"]+)"$`),
	regexp.MustCompile(`^(\w+) 支付 (\d+) 元$`),
	regexp.MustCompile(`^(\w+) 支付 (\d+) 元(?:整)?$`),
	regexp.MustCompile(`^一切(正常|顺利)$`),
}, defs...)

var twinsOf = map[string]*scenario.Language{"zh-CN": {Twins: map[string]scenario.Twin{
	`^a shop "([^"]+)"$`:      {Expr: `^一家店铺 "([^"]+)"$`},
	`^(\w+) pays (\d+) yuan$`: {Expr: `^(\w+) 支付 (\d+) 元$`},
	`^it works$`:              {Expr: `^一切(正常|顺利)$`},
}}}

const enSet = `@family:pay
Feature: Pay
  Background:
    Given a shop "s1"

  Rule: PAY-01 One thing
    Source: E-Commerce Law Art. 34 [LAW, since 2019-01-01]

    @PAY-01 @must @role:payer
    Scenario Outline: pays
      When <who> pays <n> yuan
      Then it works

      Examples:
        | who | n |
        | Bob | 1 |
        | Eve | 2 |

  Rule: PAY-02 Another
    Source: E-Commerce Law Art. 34 [LAW, since 2019-01-01]

    @PAY-02 @should @role:payer
    Scenario: s
      Then it works
`

const zhSet = `# language: zh-CN
@family:pay
功能: 支付
  背景:
    假如 一家店铺 "s2"

  规则: PAY-01 一件事
    来源：《中华人民共和国消费者权益保护法》第九条 [LAW, since 2019-01-01]

    @PAY-01 @must @role:payer
    场景大纲: 支付
      那么 <谁> 支付 <n> 元
      那么 一切顺利

      例子:
        | 谁  | n |
        | Bob | 1 |
        | Eve | 3 |

  规则: PAY-03 另一件
    来源：《中华人民共和国电子商务法》第三十四条 [LAW, since 2019-01-01]

    @PAY-03 @must @role:payer
    场景: s
      那么 一切正常
`

// A twin out of step is named at its own file and line, each way it is
// out of step said once.
func TestTwinsOutOfStepAreNamed(t *testing.T) {
	rep, err := CheckTwins(fstest.MapFS{
		"pay/pay.feature":       {Data: []byte(enSet)},
		"zh-CN/pay/pay.feature": {Data: []byte(zhSet)},
	}, twinDefs, twinsOf)
	require.NoError(t, err)
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`zh-CN/pay/pay.feature:5: PAY-01, scenario "支付": step "一家店铺 \"s2\"" gives the step "s2"; the English step "a shop \"s1\"" gives it "s1"`,
		`zh-CN/pay/pay.feature:8: PAY-01: source "《中华人民共和国消费者权益保护法》第九条" should say since when it applies`,
		`zh-CN/pay/pay.feature:8: PAY-01: the source cites Consumer Rights Protection Law`,
		`but the English line (pay/pay.feature:7) cites E-Commerce Law (in force 1 Jan 2019) Art. 34; a twin cites the same sources`,
		`zh-CN/pay/pay.feature:12: PAY-01, scenario "支付": step "Bob 支付 1 元" is a Then step where the English one ("Bob pays 1 yuan") is a When step`,
		`zh-CN/pay/pay.feature:12: 2 step definitions match "Eve 支付 3 元"`,
		`zh-CN/pay/pay.feature:13: PAY-01, scenario "支付": step "一切顺利" gives the step "顺利"; the English step "it works" gives it no values`,
		`pay/pay.feature:19: PAY-02 has no twin in zh-CN: add its Rule, with the same scenarios, to the zh-CN twin of this file`,
		`zh-CN/pay/pay.feature:20: PAY-03 is in the zh-CN text but not in the English one`,
	} {
		assert.Contains(t, all, want)
	}
	assert.Equal(t, 1, strings.Count(all, `"一家店铺 \"s2\""`), "a Background step is out of step once, not once per scenario")
	assert.Equal(t, []string{"en", "zh-CN"}, rep.Langs)
}
