package html

import (
	"bytes"
	"context"
	"regexp"
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
)

// reference certifies the reference, every role it claims, with the filter
// and switches given. A certification under -race takes seconds, and the
// page tests and the browser test ask for the same few runs, so each
// distinct run is made once and every caller gets its own copy (clone).
func reference(t testing.TB, tags string, violations ...string) *result.Run {
	t.Helper()
	return referenceRoles(t, nil, tags, violations...)
}

// referenceRoles is reference for the given roles only (nil: every role).
// A switch breaks one role; a page about its failure needs only that role's
// scenarios.
func referenceRoles(t testing.TB, roles []string, tags string, violations ...string) *result.Run {
	t.Helper()
	key := strings.Join(roles, ",") + "|" + tags + "|" + strings.Join(violations, ",")
	runsMu.Lock()
	defer runsMu.Unlock()
	run, ok := runs[key]
	if !ok {
		tg, err := target.InProcess("builtin:reference", violations)
		require.NoError(t, err)
		run, err = runner.Run(context.Background(), runner.Config{Target: tg, Roles: roles, Concurrency: 2, Seed: 7, Tags: tags})
		require.NoError(t, err)
		runs[key] = run
	}
	return clone(run)
}

// clone copies what a test may change — the run's top level, its scenarios
// and their evidence, its requirement verdicts — keeping a requirement's
// scenarios the same copies as the run's, as the page shows them through
// both.
func clone(run *result.Run) *result.Run {
	cp := *run
	cp.RolesClaimed = append([]string(nil), run.RolesClaimed...)
	cp.RolesTested = append([]string(nil), run.RolesTested...)
	cp.Waivers = append([]result.Waiver(nil), run.Waivers...)
	cp.Warnings = append([]string(nil), run.Warnings...)
	copies := map[*result.Scenario]*result.Scenario{}
	cp.Scenarios = nil
	for _, s := range run.Scenarios {
		sc := *s
		sc.Steps = append([]result.Step(nil), s.Steps...)
		sc.Evidence = append([]evidence.Exchange(nil), s.Evidence...)
		sc.Notes = append([]evidence.Note(nil), s.Notes...)
		copies[s] = &sc
		cp.Scenarios = append(cp.Scenarios, &sc)
	}
	cp.Requirements = nil
	for _, q := range run.Requirements {
		qc := *q
		qc.Scenarios = nil
		for _, s := range q.Scenarios {
			qc.Scenarios = append(qc.Scenarios, copies[s])
		}
		cp.Requirements = append(cp.Requirements, &qc)
	}
	return &cp
}

func render(t testing.TB, run *result.Run) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, run))
	return b.String()
}

// external matches anything that would make the browser fetch something.
var external = regexp.MustCompile(`(?i)(<script|<link|<img|<iframe|\bsrc=|@import|url\(|href="(https?:)?//)`)

func TestPageIsSelfContainedAndShowsTheVerdict(t *testing.T) {
	page := render(t, reference(t, ""))
	assert.Empty(t, external.FindAllString(page, -1), "the page must load nothing from outside")
	assert.Regexp(t, `id="verdict" class="k-certified"`, page)
	assert.Contains(t, page, "CERTIFIED — every requirement passed")
	for _, want := range []string{"Role: messenger", "LINK-01", "LINK-06", "GUID", "administrative guidance", "sha256:", "HTTP exchange(s)", "Side by side"} {
		assert.Contains(t, page, want)
	}
}

func TestFailedRunNamesTheFailureInPlainWordsAndOpensIt(t *testing.T) {
	page := render(t, referenceRoles(t, []string{"messenger"}, "", "no-report"))
	assert.Regexp(t, `id="verdict" class="k-findings"`, page)
	assert.Contains(t, page, "Why it failed:")
	assert.Contains(t, page, "not offered a way to report")
	assert.Regexp(t, `<details class="scen failed" open>`, page)

	page = render(t, referenceRoles(t, []string{"messenger"}, "", "rival-links-blocked"))
	assert.Regexp(t, `id="verdict" class="k-not-certified"`, page)
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
