package html

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
)

var (
	runsMu sync.Mutex
	runs   = map[string]*result.Run{}
	pages  = map[string]string{}
)

// whole is the reference claiming every role it has; messengerOnly is the
// reference as an implementation of the messenger role alone, whose run is
// a certification (at a certification's depth, every requirement of the
// role it claims) for a ninth of the whole's CPU under -race: for the tests
// whose point is a messenger's requirement, not every requirement.
const (
	whole         = "builtin:reference"
	messengerOnly = "builtin:reference?roles=messenger"
)

// reference certifies the reference once per tags and switches for the
// package (a certification is seconds under -race) and hands each caller a
// copy of its own, deep enough that a test may change the run, its
// scenarios and its verdicts without another seeing it. A run with a switch
// or a filter is partial or failed at any depth, and shows the page's parts
// as well quick, so it is drawn at quick depth; the reference's whole run
// has a certification's, as its page says. runOf is for the few that need
// another target or depth (a run certified with findings).
func reference(t testing.TB, tags string, violations ...string) *result.Run {
	t.Helper()
	return runOf(t, whole, depthOf(tags, violations), tags, violations...)
}

// referencePage is the page of reference(t, tags, violations...), drawn
// once for the package, for the tests that only read it.
func referencePage(t testing.TB, tags string, violations ...string) string {
	t.Helper()
	return pageOf(t, whole, depthOf(tags, violations), tags, violations...)
}

func depthOf(tags string, violations []string) string {
	if tags != "" || len(violations) > 0 {
		return result.DepthQuick
	}
	return result.DepthCertification
}

// runOf is a copy of the package's one run of spec with the switches on,
// at depth, filtered by tags.
func runOf(t testing.TB, spec, depth, tags string, violations ...string) *result.Run {
	t.Helper()
	runsMu.Lock()
	defer runsMu.Unlock()
	return copyRun(sharedRun(t, spec, depth, tags, violations))
}

// pageOf is the page of runOf(t, spec, depth, tags, violations...), drawn
// once for the package: a whole run's page is a second or more of template
// execution under -race, and most tests only read it.
func pageOf(t testing.TB, spec, depth, tags string, violations ...string) string {
	t.Helper()
	runsMu.Lock()
	defer runsMu.Unlock()
	key := runKey(spec, depth, tags, violations)
	page, ok := pages[key]
	if !ok {
		page = render(t, sharedRun(t, spec, depth, tags, violations))
		pages[key] = page
	}
	return page
}

func runKey(spec, depth, tags string, violations []string) string {
	return spec + "|" + depth + "|" + tags + "|" + strings.Join(violations, ",")
}

// sharedRun is the run itself, which no test may change; runsMu held.
func sharedRun(t testing.TB, spec, depth, tags string, violations []string) *result.Run {
	t.Helper()
	key := runKey(spec, depth, tags, violations)
	run, ok := runs[key]
	if !ok {
		tg, err := target.Resolve(target.WithViolations(spec, violations...))
		require.NoError(t, err)
		run, err = runner.Run(context.Background(), runner.Config{Target: tg, Concurrency: 2, Seed: 7, Tags: tags, Depth: depth})
		require.NoError(t, err)
		runs[key] = run
	}
	return run
}

func copyRun(run *result.Run) *result.Run {
	out := *run
	copies := make(map[*result.Scenario]*result.Scenario, len(run.Scenarios))
	out.Scenarios = make([]*result.Scenario, len(run.Scenarios))
	for i, s := range run.Scenarios {
		c := *s
		c.Evidence = slices.Clip(s.Evidence)
		c.Notes = slices.Clip(s.Notes)
		out.Scenarios[i], copies[s] = &c, &c
	}
	out.Requirements = make([]*result.RequirementResult, len(run.Requirements))
	for i, q := range run.Requirements {
		c := *q
		c.Scenarios = make([]*result.Scenario, len(q.Scenarios))
		for j, s := range q.Scenarios {
			c.Scenarios[j] = copies[s]
		}
		out.Requirements[i] = &c
	}
	out.Waivers = slices.Clip(run.Waivers)
	out.Reasons = slices.Clip(run.Reasons)
	return &out
}

func render(t testing.TB, run *result.Run) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, run))
	return b.String()
}

// external matches anything that would make the browser fetch something.
var external = regexp.MustCompile(`(?i)(<script|<link|<img|<iframe|\bsrc=|@import|url\(|href="(https?:)?//)`)

// externalIn is external.FindAllString(page, -1), found sooner. Over a whole
// run's page, megabytes, the expression takes about ten seconds under -race,
// trying each alternative at every byte; the page almost always holds no
// match, which a search for the expression's literals proves in a fraction
// of that. Folded to lower case they are exactly what (?i) matches: the
// only other letters folding to an ASCII letter are ſ (s) and the Kelvin
// sign (k), and a page holding either is left to the expression. So are a
// page holding a literal (an src= with or without \b before it), and what
// the assertion reports is always the expression's own matches.
func externalIn(page string) []string {
	if strings.ContainsAny(page, "\u017f\u212a") {
		return external.FindAllString(page, -1)
	}
	lower := []byte(page)
	for i, c := range lower {
		if 'A' <= c && c <= 'Z' {
			lower[i] = c + 'a' - 'A'
		}
	}
	for _, lit := range []string{"<script", "<link", "<img", "<iframe", "src=", "@import", "url(", `href="//`, `href="http://`, `href="https://`} {
		if bytes.Contains(lower, []byte(lit)) {
			return external.FindAllString(page, -1)
		}
	}
	return nil
}

func TestExternalInFindsWhatExternalFinds(t *testing.T) {
	for _, page := range []string{"", "<p>nothing here</p>", `<SCRIPT src=x>`, `<a HREF="//x">`, `<a href="HTTPS://x">`,
		`style="background:URL(x)"`, `@Import "x"`, `<imgsrc=x>`, `x-src=y`, `<ſcript>`, `<LINK rel=x>`, `<Iframe>`, `href="#x"`} {
		assert.Equal(t, external.FindAllString(page, -1), externalIn(page), "%q", page)
	}
}

func TestPageIsSelfContainedAndShowsTheVerdict(t *testing.T) {
	run := reference(t, "")
	page := referencePage(t, "")
	require.Regexp(t, `^\d+\.\d+\.\d+$`, run.RequirementSetVersion, "the embedded set is a released version")
	assert.Contains(t, page, "version <strong>"+run.RequirementSetVersion+"</strong> · <code>sha256:"+run.RequirementSet+"</code>", "the set's version next to its digest")
	assert.Contains(t, page, "(in force since 2025-10-15)", "each source says since when it applies")
	assert.Empty(t, externalIn(page), "the page must load nothing from outside")
	assert.Regexp(t, `id="verdict" class="k-certified"`, page)
	assert.Contains(t, page, "CERTIFIED — every requirement passed")
	for _, want := range []string{"Role: messenger", "LINK-01", "LINK-06", "GUID", "administrative guidance", "sha256:", "HTTP exchange(s)", "Side by side"} {
		assert.Contains(t, page, want)
	}
}

func TestFailedRunNamesTheFailureInPlainWordsAndOpensIt(t *testing.T) {
	// A SHOULD failure: not certified when the run fails on SHOULD (the
	// default), certified with findings when it fails on MUST only.
	// The messenger alone, certified but for its LINK-06: a
	// certification's depth, to be certified with findings, and of the
	// one role LINK-06 is of.
	run := runOf(t, messengerOnly, result.DepthCertification, "", "no-report")
	page := render(t, run)
	assert.Regexp(t, `id="verdict" class="k-not-certified"`, page)
	run.FailOn = "MUST"
	run.Decide()
	page = render(t, run)
	assert.Regexp(t, `id="verdict" class="k-findings"`, page)
	assert.Contains(t, page, "Why it failed:")
	assert.Contains(t, page, "not offered a way to report")
	assert.Regexp(t, `<details class="scen failed" open>`, page)

	page = pageOf(t, messengerOnly, result.DepthQuick, "", "rival-links-blocked")
	assert.Regexp(t, `id="verdict" class="k-not-certified"`, page)
	assert.Contains(t, page, "<strong>Who failed:</strong> the implementation under test — every exchange completed", "a failed flow names the party that failed")
	assert.Contains(t, page, `<div class="exch blamed"><div class="blame">this exchange shows who failed</div>`, "and marks the exchange that shows it")
}

func TestPartialAndInterruptedRunsAreBannered(t *testing.T) {
	run := reference(t, "@LINK-04")
	page := render(t, run)
	assert.Contains(t, page, `id="partial"`)
	assert.Regexp(t, `id="verdict" class="k-partial"`, page)
	assert.Contains(t, page, "NOT RUN")

	run.Interrupted = true
	run.Decide()
	page = render(t, run)
	assert.Contains(t, page, `id="interrupted"`)
	assert.Regexp(t, `id="verdict" class="k-interrupted"`, page)
}

func TestWhatTheImplementationSaysIsEscaped(t *testing.T) {
	run := reference(t, "@LINK-01")
	s := run.Scenarios[0]
	s.Status = result.Failed
	s.Failure = `<script>alert(1)</script>`
	s.Evidence = append(s.Evidence, evidence.Exchange{From: "implementation", To: "shop", Method: "GET", URL: "https://x.test/", RespBody: `<img src=x onerror=alert(1)>`, Started: time.Now()})
	page := render(t, run)
	assert.NotContains(t, page, "<script>alert")
	assert.NotContains(t, page, "<img src=x")
	assert.Contains(t, page, "&lt;script&gt;")
}

// The facts say what the implementation announced at discovery — each name
// with what it brings into the run, in the page's language — and what
// having none means; a name the ITI does not know is shown as it came, made
// harmless, and said to be unknown.
func TestTheFactsSayWhatWasAnnounced(t *testing.T) {
	run := reference(t, "@LINK-06")
	require.Equal(t, []string{"logistics"}, run.Implementation.Capabilities, "as the reference announces")
	require.Equal(t, []string{"article_ad", "moments_ad", "short_video"}, run.Implementation.Surfaces)
	run.Implementation.Capabilities = append(run.Implementation.Capabilities, "pages", "<b>teleport</b>")
	page := render(t, run)
	for _, want := range []string{"<dt>Capabilities announced</dt>",
		"<li>logistics — carriers for its merchants&#39; parcels, on which LOG-01..03 are judged</li>",
		"<li>pages — its user-facing pages, which the harness opens in a browser when it has one</li>",
		"<li>&lt;b&gt;teleport&lt;/b&gt; — not a name the ITI knows: nothing was judged on it</li>",
		"<dt>Surfaces besides chats</dt>", "<li>moments_ad — ads in Moments</li>"} {
		assert.Contains(t, page, want)
	}
	run.Lang = "zh-CN"
	page = render(t, run)
	for _, want := range []string{"<dt>声明的可选功能</dt>", "<li>logistics——供商家寄送包裹的承运商，LOG-01..03 据此判定</li>",
		"<dt>聊天以外的链接投放位置</dt>", "<li>short_video——视频号短视频</li>", "&lt;b&gt;teleport&lt;/b&gt;——不是 ITI 所知的名称"} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "Capabilities announced")

	run.Lang = "en"
	run.Implementation.Capabilities, run.Implementation.Surfaces = nil, nil
	page = render(t, run)
	assert.Contains(t, page, "<dt>Capabilities announced</dt><dd>none</dd>")
	assert.Contains(t, page, "<dt>Surfaces besides chats</dt><dd>none: links outside chats (LINK-07) are judged on a one-to-one chat</dd>")
	run.RolesTested = []string{"platform"}
	assert.NotContains(t, render(t, run), "Surfaces besides chats", "no messenger tested, none named: nothing to say")
}

func TestNoteTable(t *testing.T) {
	assert.Equal(t, [][]string{{"own-mall", "tap"}, {"rival-a", "copy token"}}, noteTable("own-mall   tap\nrival-a    copy token"))
	assert.Nil(t, noteTable("one line only"))
	assert.Nil(t, noteTable("a  b\nc d e"))
}

func BenchmarkWrite(b *testing.B) {
	run := reference(b, "")
	var buf bytes.Buffer
	b.ResetTimer()
	for range b.N {
		buf.Reset()
		if err := Write(&buf, run); err != nil {
			b.Fatal(err)
		}
	}
}
