package cucumber

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
)

func run(t *testing.T, cfg runner.Config, violations ...string) *result.Run {
	t.Helper()
	tg, err := target.InProcess("builtin:reference", violations)
	require.NoError(t, err)
	cfg.Target, cfg.Concurrency, cfg.Seed = tg, 2, 7
	r, err := runner.Run(context.Background(), cfg)
	require.NoError(t, err)
	return r
}

// written is cucumber.json as a report tool reads it.
type written []struct {
	URI         string `json:"uri"`
	ID          string `json:"id"`
	Keyword     string `json:"keyword"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Line        int    `json:"line"`
	Tags        []struct {
		Name string `json:"name"`
		Line int    `json:"line"`
	} `json:"tags"`
	Elements []struct {
		ID      string `json:"id"`
		Keyword string `json:"keyword"`
		Type    string `json:"type"`
		Name    string `json:"name"`
		Steps   []struct {
			Keyword string `json:"keyword"`
			Name    string `json:"name"`
			Result  struct {
				Status string `json:"status"`
			} `json:"result"`
		} `json:"steps"`
	} `json:"elements"`
}

func write(t *testing.T, r *result.Run) written {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, r))
	var out written
	require.NoError(t, json.Unmarshal(b.Bytes(), &out), "cucumber.json is not JSON")
	require.NotEmpty(t, out)
	return out
}

func tags(f written, i int) []string {
	var out []string
	for _, t := range f[i].Tags {
		out = append(out, t.Name)
	}
	return out
}

func TestTheFeatureNarrativeIsKeptAndTheVerdictAdded(t *testing.T) {
	r := run(t, runner.Config{Tags: "@ACCESS-02 or @LINK-06"}, "no-report")
	out := write(t, r)
	require.Len(t, out, 2)
	f := out[0]
	assert.Equal(t, "access/access.feature", f.URI)
	assert.Equal(t, "Feature", f.Keyword)
	assert.Equal(t, "Equal access for small payment institutions", f.Name)
	assert.Equal(t, 2, f.Line, "the Feature line, under its tag")
	assert.True(t, strings.HasPrefix(f.Description, `A platform that opens its checkout to rival wallets must open it to small ("tail") payment institutions`), "the narrative comes first: %q", f.Description)
	assert.Contains(t, f.Description, "the same way in, the same terms, the same place", "a paragraph's lines are joined")
	assert.Contains(t, f.Description, "way.\n\nThese are differential checks.", "paragraphs are kept apart")
	assert.True(t, strings.HasSuffix(f.Description, "\n\nhutong verdict: "+r.Summary), "the verdict is added at the end: %q", f.Description)
	assert.Equal(t, []string{"@family:access", "@hutong:partial-not-a-certification"}, tags(out, 0), "the file's tags, and the run's")
	assert.Equal(t, "Scenario Outline", f.Elements[0].Keyword, "an outline's examples keep the outline's keyword")
	assert.Equal(t, "scenario", f.Elements[0].Type)

	links := out[1]
	assert.Equal(t, []string{"@family:links", "@hutong:partial-not-a-certification"}, tags(out, 1))
	assert.Equal(t, "Scenario", links.Elements[0].Keyword)
	assert.Contains(t, links.Description, "hutong verdict: NOT CERTIFIED")
}

func TestARunWithoutTheFeatureTextStillWrites(t *testing.T) {
	r := run(t, runner.Config{Tags: "@LINK-06"})
	for i := range r.RequirementFiles {
		r.RequirementFiles[i].Bytes = nil
	}
	out := write(t, r)
	assert.Equal(t, "hutong verdict: "+r.Summary, out[0].Description)
	assert.Equal(t, "Feature", out[0].Keyword)
	assert.Equal(t, "Scenario", out[0].Elements[0].Keyword)
	assert.Equal(t, []string{"@hutong:partial-not-a-certification"}, tags(out, 0))
}

func TestAChineseFeatureKeepsItsKeywords(t *testing.T) {
	// The Chinese twin of the requirement set, as a Chinese run reads it.
	r := run(t, runner.Config{Lang: "zh-CN", Roles: []string{"messenger"}, Tags: "@LINK-06"})
	out := write(t, r)
	require.Len(t, out, 1)
	assert.Equal(t, "功能", out[0].Keyword)
	assert.Equal(t, "平台之间不屏蔽链接", out[0].Name)
	assert.True(t, strings.HasPrefix(out[0].Description, "即时通信应用必须让用户分享和打开其他平台商品的链接"), "%q", out[0].Description)
	assert.Contains(t, out[0].Description, "\n\nhutong verdict: ")
	require.NotEmpty(t, out[0].Elements)
	assert.Equal(t, "场景", out[0].Elements[0].Keyword)
	assert.Equal(t, "假如", out[0].Elements[0].Steps[0].Keyword)
}
