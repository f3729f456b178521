package html

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// zhAccess is a test fixture, not requirement text: three requirements of
// the access family with Gherkin's zh-CN keywords and Chinese names and
// narrative, so that a real run produces what a report of a Chinese run
// shows. Its step text is the English the step definitions bind today.
const zhAccess = `# language: zh-CN
@family:access
功能: 小型支付机构的平等接入
  向竞争对手的钱包开放收银台的平台，必须以同等条件向小型（“尾部”）支付机构开放，
  与大型（“头部”）机构一视同仁：同样的接入方式、同样的条件、支付页面上同样的位置、
  同样可用的支付。

  这些是差异化检查。测试工具同时扮演许多机构，并通过一家尾部机构和一家头部机构做同样的事——
  接入、展示、支付、计时——然后将两者并列比较。差异即为发现。

  规则: ACCESS-01 满足已公布技术标准的尾部机构，以与头部机构相同的接口、相同的必填字段和相同的条件接入
    仅机构规模不同的同一请求得到同样的答复：同样的费率、同样的结算周期，不对小型机构另加要求。
    Source: 《非银行支付机构监督管理条例》（2024）第二十条：公平、公开的条件 [LAW]

    @ACCESS-01 @must @role:platform
    场景: 五家尾部机构与一家头部机构以同样的条件接入
      假如 the platform publishes its criteria for connecting an institution
      当 a top institution and 5 tail institutions, each meeting every published criterion, ask to connect in the same way
      那么 every one of them is connected
      而且 every tail institution is offered the same terms as the top institution: the platform's fee, the settlement period and any further conditions

  规则: ACCESS-04 支付选项的排列顺序保持中立：任何机构的位置都不取决于其层级或关联关系
    测试方法：许多商户各自启用一家平台自家机构、两家头部机构和三家尾部机构，以运行的随机种子决定的顺序接入并列出，
    再比较各层级选项所处的位置（Kruskal–Wallis 检验，置换法求 p 值）。
    Source: 《非银行支付机构监督管理条例》（2024）第三条、第四十二条：一般性的公平竞争；页面顺序的影响属于推论 [LAW]
    Source: 盘和林：互联互通也要给尾部支付机构通道，而不只是头部机构 [OPIN]

    @ACCESS-04 @should @role:platform
    场景: 在 60 次结账中，任何机构在支付页面上的位置都不取决于其层级
      假如 60 merchants each enabled 1 affiliated, 2 top and 3 tail institutions of their own, each meeting every published criterion, connected and listed in an order drawn from the run's seed
      当 a consumer checks out at each of those merchants
      那么 the place of each method on the payment screen does not depend on its institution's tier, at the 1% significance level

  规则: ACCESS-05 平台能承载大量机构：全部予以展示，且跳转至尾部机构的处理速度与头部机构相同
    测试方法：成对、背靠背地测量平台跳转至尾部机构和头部机构的处理时间，共 25 对，比较中位数。
    Source: 《非银行支付机构监督管理条例》（2024）第三条、第四十二条：一般性的公平竞争；速度的影响属于推论 [LAW]

    @ACCESS-05 @should @role:platform
    场景: 接入 200 家机构时，每一家都被展示，且跳转至尾部机构与头部机构一样快
      假如 the platform has connected 1 affiliated, 19 top and 180 tail institutions, each meeting every published criterion
      而且 a merchant has enabled all of them
      当 a consumer checks out at that merchant
      那么 every institution the merchant enabled is offered
      当 the consumer is handed to a tail and to a top institution in turn, 25 times each
      那么 the platform's median time to hand a consumer to a tail institution is within 1.5 times its median for a top institution
`

// chineseRun runs the reference against zhAccess.
func chineseRun(t testing.TB, violations ...string) *result.Run {
	t.Helper()
	tg, err := target.InProcess("builtin:reference", violations)
	require.NoError(t, err)
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Concurrency: 2, Seed: 7,
		Features: fstest.MapFS{"access/access.feature": {Data: []byte(zhAccess)}}})
	require.NoError(t, err)
	require.Len(t, run.Requirements, 3)
	return run
}

func TestAChineseRunIsLabelledInChinese(t *testing.T) {
	run := chineseRun(t, "rank-by-tier", "slow-tail-handoffs")
	require.Empty(t, run.Lang, "the runner sets no language yet; the page takes the feature files'")
	page := render(t, run)
	for _, want := range []string{`<html lang="zh-CN">`,
		"未通过认证", "未通过的要求 (2)", "按角色列出的要求", "角色：platform", "具有约束力的法律或行政法规",
		// The requirement text and the narrative are the feature file's:
		// its lines joined without a space between Chinese characters.
		"<span class=\"kw\">功能:</span> 小型支付机构的平等接入",
		"支付页面上同样的位置、同样可用的支付。",
		"支付选项的排列顺序保持中立", "《非银行支付机构监督管理条例》",
		"<span class=\"kw nsp\">假如</span>the platform publishes", "未通过原因：", "中位数",
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
	assert.Equal(t, keys(requirement.Statuses), keys(chinese.Statuses))
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
