package catalog

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/model/requirement"
)

func embedded(t *testing.T) *Catalog {
	t.Helper()
	set, err := requirement.Load(features.FS)
	require.NoError(t, err)
	return Build(set)
}

func TestTraceabilityFromSourcesToRequirements(t *testing.T) {
	c := embedded(t)
	var law *Trace
	for i := range c.Trace {
		if c.Trace[i].Source == "Anti-Unfair Competition Law Art. 13" {
			law = &c.Trace[i]
		}
	}
	require.NotNil(t, law, "the law cited by the LINK requirements is in the matrix")
	assert.Equal(t, "LAW", law.Status)
	assert.Equal(t, "2025-10-15", law.Since)
	assert.Contains(t, law.Requirements, "LINK-01")
	require.Len(t, law.Known, 1)
	assert.Contains(t, law.Known[0], "Anti-Unfair Competition Law (revised 27 Jun 2025, in force 15 Oct 2025) Art. 13")

	// A gap is a known source no requirement cites: never one the matrix
	// traces to a requirement.
	covered := map[string]bool{}
	for _, tr := range c.Trace {
		if len(tr.Requirements) > 0 {
			for _, k := range tr.Known {
				covered[k] = true
			}
		}
	}
	var gaps []string
	for _, s := range c.Uncovered() {
		gaps = append(gaps, s.Name)
		assert.False(t, covered[s.Name], "%q is listed as uncovered but a requirement cites it", s.Name)
	}
	assert.NotContains(t, gaps, law.Known[0])
	for _, g := range c.Uncovered() {
		assert.Empty(t, g.ReplacedBy, "a replaced source is no gap: %s", g.Name)
	}
}

func TestUnlistedSourcesAreShown(t *testing.T) {
	fsys := fstest.MapFS{"x/x.feature": {Data: []byte(`Feature: X
  Rule: X-01 Something is done
    Source: A provincial notice nobody listed [GUID]

    @X-01 @must @role:payer
    Scenario: it is done
      Given something
`)}}
	set, err := requirement.Load(fsys)
	require.NoError(t, err)
	c := Build(set)
	require.Len(t, c.Unlisted(), 1)
	assert.Equal(t, []string{"X-01"}, c.Unlisted()[0].Requirements)
	var md bytes.Buffer
	require.NoError(t, c.Markdown(&md))
	assert.Contains(t, md.String(), "Cited sources missing from the list of known sources (1)")
	assert.Contains(t, md.String(), "A provincial notice nobody listed [GUID] — cited by X-01")
}

func TestFormats(t *testing.T) {
	c := embedded(t)
	var md, page, js bytes.Buffer
	require.NoError(t, c.Markdown(&md))
	require.NoError(t, c.HTML(&page))
	require.NoError(t, c.JSON(&js))

	assert.Contains(t, md.String(), "| [LINK-01](#link-01) | MUST | messenger |")
	assert.Contains(t, md.String(), "## Sources no requirement covers yet")

	assert.NotRegexp(t, regexp.MustCompile(`(?i)(<script|<link|<img|src=|url\()`), page.String(), "the page is self-contained")
	assert.Contains(t, page.String(), `id="link-01"`)
	if len(c.Uncovered()) > 0 {
		assert.Contains(t, page.String(), "none yet", "an uncovered source is marked in the matrix")
	}

	var back struct {
		Requirements []struct{ ID string } `json:"requirements"`
		Known        []struct {
			Source       struct{ Name, Status string } `json:"source"`
			Requirements []string                      `json:"requirements"`
		} `json:"known_sources"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, len(c.Requirements), len(back.Requirements))
	assert.Equal(t, len(c.Coverage), len(back.Known))
	assert.NotNil(t, back.Known[len(back.Known)-1].Requirements, "an uncovered source has an empty list, not null")
}

// threatModelled are the requirements whose Rule states a threat model.
var threatModelled = []string{"QR-06", "SEC-01", "SEC-02", "SEC-03", "SEC-04"}

// Every security requirement, and QR-06, states its threat model, and the
// catalogue prints it with the threats its scenario tries.
func TestSecurityThreatModelsArePrinted(t *testing.T) {
	c := embedded(t)
	for _, id := range threatModelled {
		tm := c.ThreatModelOf(id)
		if !assert.NotNil(t, tm, "%s states no threat model", id) {
			continue
		}
		assert.NotEmpty(t, tm.Who, id)
		assert.NotEmpty(t, tm.Hold, id)
		assert.NotEmpty(t, tm.Want, id)
		assert.NotEmpty(t, tm.Summary, id)
		assert.GreaterOrEqual(t, len(tm.Threats), 5, "%s tries too few threats", id)
		assert.NotContains(t, tm.Summary, "Who attacks", id)
	}
	assert.Nil(t, c.ThreatModelOf("LINK-01"))

	var md, page, js bytes.Buffer
	require.NoError(t, c.Markdown(&md))
	require.NoError(t, c.HTML(&page))
	require.NoError(t, c.JSON(&js))
	sec01 := c.ThreatModelOf("SEC-01")
	for _, out := range []string{md.String(), page.String()} {
		assert.Contains(t, out, "Who attacks:")
		assert.Contains(t, out, "What they want:")
		assert.Contains(t, out, "with no signature at all")
	}
	assert.Contains(t, md.String(), "1. "+sec01.Threats[0])
	assert.Contains(t, md.String(), "the merchant name given twice, the check digits computed again")
	var back struct {
		ThreatModels []ThreatModel `json:"threat_models"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Len(t, back.ThreatModels, len(c.ThreatModels))
}

func TestThreatModelParts(t *testing.T) {
	feature := `Feature: f
  Rule: X-01 Something holds
    What it means, on
    two lines.
    Threat model.
    Who attacks: a stranger,
    or a friend.
    What they hold: a link.
    What they want: money.
    Source: Somewhere [LAW]

    @X-01 @must @role:r
    Scenario Outline: <threat>
      Given the threat <threat>

      Examples:
        | threat      | note |
        | one thing   | a    |
        | another one | b    |

  Rule: X-02 Without a model
    Source: Somewhere [LAW]

    @X-02 @must @role:r
    Scenario: s
      Given a table:
        | threat |
        | ignored |
`
	set, err := requirement.Load(fstest.MapFS{"x/x.feature": {Data: []byte(feature)}})
	require.NoError(t, err)
	c := Build(set)
	require.Len(t, c.ThreatModels, 1)
	tm := c.ThreatModels[0]
	assert.Equal(t, ThreatModel{Requirement: "X-01", Summary: "What it means, on two lines.", Who: "a stranger, or a friend.",
		Hold: "a link.", Want: "money.", Threats: []string{"one thing", "another one"}}, tm)
}

// The catalogue of the Chinese twin is the English one's in Chinese: the
// same requirements, sources resolving to the same known sources, those
// named by their Chinese titles, and the same gaps.
func TestTheChineseCatalogue(t *testing.T) {
	zh, err := requirement.LoadLang(features.All, "zh-CN")
	require.NoError(t, err)
	c, en := Build(zh), embedded(t)
	assert.Equal(t, "zh-CN", c.Lang)
	assert.Equal(t, "en", en.Lang)
	assert.True(t, c.Released, "the twin's text is the one its version records")
	require.Len(t, c.Coverage, len(en.Coverage))
	for i, cv := range c.Coverage {
		assert.Equal(t, en.Coverage[i].Requirements, cv.Requirements, "%s is covered alike in both languages", cv.Source.Name)
		assert.Equal(t, cv.Source.Titles["zh-CN"], cv.Title)
	}
	assert.Equal(t, len(en.Uncovered()), len(c.Uncovered()))
	assert.Empty(t, c.Unlisted())
	// Its threat models too, in Chinese, each with as many threats.
	for _, id := range threatModelled {
		tm, etm := c.ThreatModelOf(id), en.ThreatModelOf(id)
		if assert.NotNil(t, tm, "the Chinese %s states no threat model", id) && assert.NotNil(t, etm) {
			assert.NotEmpty(t, tm.Who, id)
			assert.NotEmpty(t, tm.Hold, id)
			assert.NotEmpty(t, tm.Want, id)
			assert.Len(t, tm.Threats, len(etm.Threats), id)
			assert.NotEqual(t, etm.Who, tm.Who, "%s: the Chinese model is the English text", id)
		}
	}
	require.Len(t, c.ThreatModels, len(en.ThreatModels), "the twin states every threat model")
	for i, tm := range c.ThreatModels {
		e := en.ThreatModels[i]
		assert.Equal(t, e.Requirement, tm.Requirement)
		assert.Len(t, tm.Threats, len(e.Threats), "%s tries the same threats in Chinese", tm.Requirement)
		for _, part := range []string{tm.Summary, tm.Who, tm.Hold, tm.Want} {
			assert.NotEmpty(t, part, tm.Requirement)
			for _, label := range []string{"威胁模型", "谁在攻击", "他们掌握什么", "他们想要什么"} {
				assert.NotContains(t, part, label, "%s: a label left in the text", tm.Requirement)
			}
		}
	}
	var b bytes.Buffer
	require.NoError(t, c.Markdown(&b))
	assert.Contains(t, b.String(), "《中华人民共和国反不正当竞争法》（2025年6月27日修订，2025年10月15日起施行）第十三条")
	assert.Contains(t, b.String(), "| [LINK-01](#link-01) | MUST | messenger | 在一对一聊天中发送的指向其他平台商品的合法链接")
	b.Reset()
	require.NoError(t, c.HTML(&b))
	assert.Contains(t, b.String(), `<html lang="zh-CN">`)
}
