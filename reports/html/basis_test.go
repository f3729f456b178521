package html

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
)

func tinyPNG(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))))
	return b.Bytes()
}

// withShots is a LINK-01 run whose first scenario's third step kept a
// screenshot, as an observed step does, beside two the page must not embed:
// one that is no PNG and one past the bound.
func withShots(t testing.TB) (*result.Run, []byte) {
	t.Helper()
	run := reference(t, "@LINK-01")
	pic := tinyPNG(t)
	s := run.Scenarios[0]
	require.Greater(t, len(s.Steps), 2)
	s.Screenshots = []evidence.Screenshot{
		{Step: 2, Title: "the message page of <b>bob</b>", PNG: pic},
		{Step: 2, Title: "not a picture", PNG: []byte("<svg onload=alert(1)>")},
		{Step: 1, Title: "too large", PNG: append(pic[:8:8], make([]byte, evidence.EmbedLimit)...)},
	}
	return run, pic
}

var imgSrc = regexp.MustCompile(`<img [^>]*src="([^"]*)"`)

func TestEveryRequirementShowsItsBasisInBothLanguages(t *testing.T) {
	// The full run, which the package certifies for other tests too.
	run := reference(t, "")
	n := map[string]int{}
	for _, q := range run.Requirements {
		n[q.Basis]++
	}
	require.Positive(t, n[evidence.Artefact])
	require.Positive(t, n[evidence.Declared])
	page := referencePage(t, "")
	// In the role table and at the requirement's heading, each.
	assert.Equal(t, 2*n[evidence.Artefact], strings.Count(page, `<span class="badge basis basis-artefact" title="established on an artefact the harness followed or checked`))
	assert.Equal(t, 2*n[evidence.Declared], strings.Count(page, `<span class="badge basis basis-declared" title="established on the implementation&#39;s own word in an ITI answer">declared</span>`))

	run.Lang = "zh-CN"
	page = render(t, run)
	assert.Equal(t, 2*n[evidence.Artefact], strings.Count(page, `basis-artefact" title="依据测试工具跟随或核验的实物`))
	assert.Equal(t, 2*n[evidence.Declared], strings.Count(page, `>自我声明</span>`))
}

func TestObservedStepsShowTheirScreenshotAndNothingElse(t *testing.T) {
	run, pic := withShots(t)
	page := render(t, run)
	srcs := imgSrc.FindAllStringSubmatch(page, -1)
	require.Len(t, srcs, 1, "the PNG within bounds is embedded, the others are not")
	assert.Equal(t, "data:image/png;base64,"+base64.StdEncoding.EncodeToString(pic), srcs[0][1])
	assert.Contains(t, page, "As the harness saw it in the browser: the message page of &lt;b&gt;bob&lt;/b&gt;")
	assert.NotContains(t, page, "<svg onload")
	// At its step: the figure comes after the third step's text, before
	// the fourth's.
	s := run.Scenarios[0]
	at := strings.Index(page, "<figure class=\"shot\">")
	assert.Greater(t, at, strings.Index(page, s.Steps[2].Text))
	if len(s.Steps) > 3 {
		assert.Less(t, at, strings.Index(page, s.Steps[3].Text))
	}
}

// The screenshot shows in chromium from within the page, which fetches
// nothing for it.
func TestScreenshotsRenderInHeadlessChromium(t *testing.T) {
	run, _ := withShots(t)
	tb := openReport(t, render(t, run))
	var width int
	require.NoError(t, chromedp.Run(tb.ctx, chromedp.Evaluate(`(() => { const i = document.querySelector("figure.shot img"); i.closest("details").open = true; return i.complete ? i.naturalWidth : -1 })()`, &width)))
	assert.Equal(t, 4, width, "the embedded PNG decodes to its 4 pixels")
	tb.mu.Lock()
	defer tb.mu.Unlock()
	assert.Empty(t, tb.requests, "the page fetched something besides itself")
	assert.Empty(t, tb.errors)
}
