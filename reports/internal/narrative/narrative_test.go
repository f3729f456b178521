package narrative

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

func TestParagraphs(t *testing.T) {
	assert.Equal(t, []string{"A platform must open its checkout.", "These are checks."},
		Paragraphs("  A platform must open\n  its checkout.\n\n\n  These are checks.\n"))
	assert.Equal(t, []string{"向竞争对手开放收银台的平台，必须以同等条件开放。"}, Paragraphs("  向竞争对手开放收银台的平台，\n  必须以同等条件开放。"))
	assert.Equal(t, []string{"比较中位数（Kruskal–Wallis 检验）——然后并列比较。"}, Paragraphs("比较中位数（Kruskal–Wallis 检验）——\n然后并列比较。"))
	assert.Nil(t, Paragraphs(""))
}

func TestRead(t *testing.T) {
	run := &result.Run{RequirementFiles: []requirement.File{
		{Path: "a/a.feature", Bytes: []byte("@family:a\nFeature: A\n  Told.\n\n  Rule: A-01 r\n    Scenario Outline: o <x>\n      Given x\n      Examples:\n        | x |\n        | 1 |\n        | 2 |\n")},
		{Path: "b/b.feature", Bytes: []byte("# language: zh-CN\n功能: 乙\n  规则: B-01 r\n    场景: s\n      假如 x\n")},
		{Path: "c/c.feature"}, // digests only
		{Path: "d/d.feature", Bytes: []byte("not gherkin at all\n")},
	}}
	feats := Read(run)
	assert.Len(t, feats, 2)
	a, b := feats["a/a.feature"], feats["b/b.feature"]
	assert.Equal(t, "Feature", a.Keyword)
	assert.Equal(t, 2, a.Line)
	assert.Equal(t, []Tag{{"@family:a", 1}}, a.Tags)
	assert.Equal(t, "Told.", a.Description())
	assert.Equal(t, "en", a.Language)
	assert.Equal(t, "Scenario Outline", a.ScenarioKeyword(6))
	assert.Equal(t, "Scenario Outline", a.ScenarioKeyword(10), "an example row has its outline's keyword")
	assert.Equal(t, "", a.ScenarioKeyword(7))
	assert.Equal(t, "功能", b.Keyword)
	assert.Equal(t, "zh-CN", b.Language)
	assert.Equal(t, "场景", b.ScenarioKeyword(4))
	var none *Feature
	assert.Equal(t, "", none.Description())
	assert.Equal(t, "", none.ScenarioKeyword(1))

	assert.Equal(t, "en", Language(run, feats), "files in two languages: English")
	delete(feats, "a/a.feature")
	assert.Equal(t, "zh-CN", Language(run, feats), "every file in Chinese")
	run.Lang = "en"
	assert.Equal(t, "en", Language(run, feats), "the run's language wins")
	assert.Equal(t, "en", Language(&result.Run{}, nil))
}
