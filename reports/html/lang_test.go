package html

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// chineseRun runs the reference against the Chinese twin of ACCESS-03..05,
// once per switches for the package; each caller gets its own copy.
func chineseRun(t testing.TB, violations ...string) *result.Run {
	t.Helper()
	key := "zh-CN|" + strings.Join(violations, ",")
	runsMu.Lock()
	run, ok := runs[key]
	runsMu.Unlock()
	if !ok {
		run = runChinese(t, violations...)
		runsMu.Lock()
		runs[key] = run
		runsMu.Unlock()
	}
	return copyRun(run)
}

func runChinese(t testing.TB, violations ...string) *result.Run {
	t.Helper()
	tg, err := target.InProcess("builtin:reference", violations)
	require.NoError(t, err)
	// The Chinese twin of the requirement set, its ACCESS-03..05 alone.
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Concurrency: 2, Seed: 7, Lang: "zh-CN",
		Roles: []string{"platform"}, Tags: "@ACCESS-03 or @ACCESS-04 or @ACCESS-05"})
	require.NoError(t, err)
	judged := 0
	for _, q := range run.Requirements {
		if q.Verdict != result.NotRun {
			judged++
		}
	}
	require.Equal(t, 3, judged)
	return run
}

func TestAChineseRunIsLabelledInChinese(t *testing.T) {
	run := chineseRun(t, "rank-by-tier", "slow-tail-handoffs")
	require.Equal(t, "zh-CN", run.Lang, "a run in Chinese says so")
	page := render(t, run)
	for _, want := range []string{`<html lang="zh-CN">`,
		"未通过认证", "未通过的要求 (2)", "按角色列出的要求", "角色：platform", "具有约束力的法律或行政法规",
		// The requirement text and the narrative are the feature file's:
		// its lines joined without a space between Chinese characters.
		"<span class=\"kw\">功能:</span> 小型支付机构的平等接入",
		"支付选项的顺序是中立的", "《非银行支付机构监督管理条例》",
		"<span class=\"kw nsp\">当</span>一位消费者逐一在这些商户结账", "未通过原因：", "中位数",
	} {
		assert.True(t, strings.Contains(page, want), "the page does not say %q", want)
	}
	for _, english := range []string{"Requirements by role", "Failed requirements", "Why it failed:", "requirements passed", ">median", "Partial run"} {
		assert.False(t, strings.Contains(page, english), "the page says %q", english)
	}
	assert.Equal(t, 2, strings.Count(page, `<svg class="chart"`), "both differential requirements are drawn")
}

func TestTheRunsLanguageWinsOverTheFeatureFiles(t *testing.T) {
	run := reference(t, "@LINK-06")
	run.Lang = "zh-CN"
	page := render(t, run)
	for _, want := range []string{`<html lang="zh-CN">`, "按角色列出的要求",
		// The requirement text stays the text that was run.
		"Feature:</span> No blocked links between platforms"} {
		assert.True(t, strings.Contains(page, want), "the page does not say %q", want)
	}
	run.Lang = "en"
	page = render(t, run)
	assert.True(t, strings.Contains(page, `<html lang="en">`))
	assert.True(t, strings.Contains(page, "Requirements by role"))
}

func TestEveryLabelHasAChineseTwin(t *testing.T) {
	// A label added to one language only would show as nothing in the
	// other.
	en, zh := labelStrings(english), labelStrings(chinese)
	for name, v := range en {
		assert.NotEmpty(t, v, "English label %s", name)
		assert.NotEmpty(t, zh[name], "Chinese label %s", name)
		assert.Equal(t, strings.Count(v, "%"), strings.Count(zh[name], "%"), "label %s takes the same values in both languages", name)
	}
	keys := func(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
	assert.Equal(t, keys(english.Verdicts), keys(chinese.Verdicts))
	assert.Equal(t, keys(english.Waiver), keys(chinese.Waiver))
	assert.Equal(t, keys(english.Headlines), keys(chinese.Headlines))
	assert.Equal(t, keys(english.Parties), keys(chinese.Parties))
	assert.Equal(t, keys(english.Basis), keys(chinese.Basis))
	assert.Equal(t, keys(english.BasisMeans), keys(chinese.BasisMeans))
	for code, meaning := range requirement.Statuses {
		assert.NotEqual(t, meaning, message.Word(chinese.Lang, meaning), "status %s's meaning has its Chinese", code)
	}
}

// labelStrings are l's string fields by name.
func labelStrings(l labels) map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(l)
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String {
			out[v.Type().Field(i).Name] = f.String()
		}
	}
	return out
}

// The page states the run's depth, and a quick run's in both languages as
// no certification.
func TestThePageStatesTheDepth(t *testing.T) {
	assert.Contains(t, referencePage(t, ""), "<dt>Depth</dt><dd>certification: at least 44 cases of every MUST requirement</dd>")
	run := reference(t, "@LINK-06")
	assert.Contains(t, render(t, run), "<dt>Depth</dt><dd>quick: a few cases of each requirement, for development; not a certification</dd>")
	run.Lang = "zh-CN"
	run.Decide()
	assert.Contains(t, render(t, run), "<dt>抽样深度</dt><dd>快速深度：")
}
