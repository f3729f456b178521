package scenario

import (
	"bytes"
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A twin's step function is the English one, given the values the English
// words would give it: a word of the twin's language as its English word,
// a list written the twin's way as English writes it, a table's cells
// likewise; names, amounts and counts as they are.
func TestATwinHandsTheFunctionEnglishValues(t *testing.T) {
	l := &Language{List: zhList}
	tw := Twin{Expr: `^x$`, Words: map[string]string{"静态": "static", "店铺": "shop"}}
	var got []any
	fn := func(ctx context.Context, kind string, n int, list string, table *godog.Table) error {
		got = []any{kind, n, list, table.Rows[0].Cells[0].Value, table.Rows[1].Cells[0].Value}
		return nil
	}
	b := l.bound("zh-CN", `^x$`, tw, fn)
	require.Equal(t, reflect.TypeOf(fn), reflect.TypeOf(b), "godog checks the twin's arguments as the English function's")
	table := &godog.Table{Rows: []*messages.PickleTableRow{
		{Cells: []*messages.PickleTableCell{{Value: "店铺"}}},
		{Cells: []*messages.PickleTableCell{{Value: "own-mall"}}},
	}}
	err := b.(func(context.Context, string, int, string, *godog.Table) error)(context.Background(), "静态", 3, `"own-pay"、"rival-pay" 和 "small-pay"`, table)
	require.NoError(t, err)
	assert.Equal(t, []any{"static", 3, `"own-pay", "rival-pay" and "small-pay"`, "shop", "own-mall"}, got)
	assert.Equal(t, "店铺", table.Rows[0].Cells[0].Value, "the pickle's own table is left as it is")
	assert.Equal(t, reflect.ValueOf(b).Pointer(), reflect.ValueOf(l.bound("zh-CN", `^x$`, tw, fn)).Pointer(), "bound once per language, expression and function")
}

func TestZhListIsWrittenAsEnglishWritesIt(t *testing.T) {
	for in, want := range map[string]string{
		`"own-pay"、"rival-pay" 和 "small-pay"`: `"own-pay", "rival-pay" and "small-pay"`,
		`"own-pay" 和 "rival-pay"`:             `"own-pay" and "rival-pay"`,
		`"a"、"b"、"c"`:                         `"a", "b" and "c"`,
		`"own-pay"`:                           `"own-pay"`,
		`普通`:                                  `普通`,
		`"a" 和 b`:                             `"a" 和 b`,
	} {
		assert.Equal(t, want, zhList(in), in)
	}
}

// Every twin captures as many values as its English expression, and the
// two expressions are different: a twin is words of another language.
func TestEveryZhTwinCapturesWhatItsEnglishDoes(t *testing.T) {
	require.Same(t, zhCN, Twins[ZhCN])
	seen := map[string]string{}
	for en, tw := range zhCN.Twins {
		e, z := regexp.MustCompile(en), regexp.MustCompile(tw.Expr)
		assert.Equal(t, e.NumSubexp(), z.NumSubexp(), "%s\n%s", en, tw.Expr)
		assert.NotEqual(t, en, tw.Expr)
		if prev, ok := seen[tw.Expr]; ok {
			t.Errorf("%s is the twin of both %s and %s", tw.Expr, prev, en)
		}
		seen[tw.Expr] = en
		for w, v := range tw.Words {
			assert.NotEqual(t, w, v, "%s: a word maps to itself", tw.Expr)
		}
	}
}

// listed is every step expression godog binds for a scenario whose steps
// are bound in lang.
func listed(t *testing.T, lang string) []string {
	t.Helper()
	var out bytes.Buffer
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			defer BindIn(sc, lang)()
			Step(sc, `^it rains$`, func() error { return nil })
		},
		Options: &godog.Options{ShowStepDefinitions: true, NoColors: true, Output: &out, Format: "progress"},
	}
	suite.Run()
	var exprs []string
	for _, l := range strings.Split(regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out.String(), ""), "\n") {
		if i := strings.LastIndex(l, " # "); i >= 0 {
			exprs = append(exprs, strings.TrimSpace(l[:i]))
		}
	}
	return exprs
}

// A run reads one language: its scenarios bind only that language's words,
// and the listing lint checks against binds them all.
func TestAScenarioBindsTheWordsOfItsLanguage(t *testing.T) {
	Twins["xx"] = &Language{Twins: map[string]Twin{`^it rains$`: {Expr: `^es regnet$`}}}
	defer delete(Twins, "xx")
	assert.Equal(t, []string{`^it rains$`}, listed(t, "en"))
	assert.Equal(t, []string{`^es regnet$`}, listed(t, "xx"))
	assert.ElementsMatch(t, []string{`^it rains$`, `^es regnet$`}, listed(t, ""))
}
