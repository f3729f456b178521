package runner

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/reference"
)

// observedTags are the requirements the reference's pages show: those the
// page switches break, and the link and screen rules beside them; and the
// wallet's screen after a tampered code's scan (QR-06).
const observedTags = "@LINK-01 or @LINK-02 or @LINK-04 or @LINK-05 or @PAY-01 or @PAY-07 or @PAY-08 or @PAY-09 or @QR-06"

// observedRoles are the roles whose pages the observed tests look at.
var observedRoles = []string{"messenger", "platform", "wallet"}

var (
	browserOnce sync.Once
	browser     *observe.Browser
	browserErr  error
)

// sharedBrowser is one chromium for every observed test of the package:
// they skip without one, and fail under CI, which installs it.
func sharedBrowser(t *testing.T) *observe.Browser {
	t.Helper()
	exe := chromium(t)
	browserOnce.Do(func() { browser, browserErr = observe.Start(context.Background(), observe.Options{ExecPath: exe}) })
	require.NoError(t, browserErr)
	return browser
}

// chromium is the browser executable; without one the test is skipped,
// and fails under CI, which installs it.
func chromium(t *testing.T) string {
	t.Helper()
	exe := observe.Find()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no chromium found; .ci/run should have installed Debian's chromium package")
		}
		t.Skip("no chromium found; install it with 'apt-get install chromium' to observe pages")
	}
	return exe
}

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

func certifyPages(t *testing.T, b *observe.Browser, violations ...string) *result.Run {
	t.Helper()
	return certifyPagesAt(t, b, result.DepthCertification, violations...)
}

// certifyPagesAt is certifyPages at depth.
func certifyPagesAt(t *testing.T, b *observe.Browser, depth string, violations ...string) *result.Run {
	t.Helper()
	tg, err := target.InProcessPages("test", violations, nil)
	require.NoError(t, err)
	run, err := Run(context.Background(), Config{Target: tg, Roles: observedRoles, Tags: observedTags, Concurrency: 2, Seed: 7, Observer: b, Depth: depth})
	require.NoError(t, err)
	return run
}

func basisOf(run *result.Run, id string) string {
	for _, q := range run.Requirements {
		if q.Requirement.ID == id {
			return q.Basis
		}
	}
	return ""
}

// The reference's pages pass when observed, and the verdicts whose every
// case was seen on the page say they rest on it; without a browser the same
// pages leave the run partial, its display requirements resting on
// declarations.
func TestObservedReferencePasses(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	// Quick depth: what is observed is the pages, at any depth; the
	// reference certifies observed at every seed by its own test.
	run := certifyPagesAt(t, b, result.DepthQuick)
	assert.Empty(t, run.Failed(), "%v", run.Reasons)
	assert.Equal(t, b.ExecPath(), run.Observer)
	for _, id := range []string{"PAY-07", "PAY-08"} {
		assert.Equal(t, evidence.Observed, basisOf(run, id), id)
	}
	assertFollowedSome(t, run, "LINK-01", "LINK-04", "LINK-05")
	assertScreensSeen(t, run, true)
	shots := 0
	for _, s := range run.Scenarios {
		shots += len(s.Screenshots)
		for _, sh := range s.Screenshots {
			assert.LessOrEqual(t, len(sh.PNG), observe.ScreenshotLimit)
		}
	}
	assert.Positive(t, shots, "no observed step kept a screenshot")

	tg, err := target.InProcessPages("test", nil, nil)
	require.NoError(t, err)
	declared, err := Run(context.Background(), Config{Target: tg, Roles: []string{"platform"}, Tags: "@PAY-07 or @PAY-08", Seed: 7})
	require.NoError(t, err)
	assert.Equal(t, result.Partial, declared.Decision)
	assert.Equal(t, evidence.Declared, basisOf(declared, "PAY-07"))
	assert.Contains(t, declared.Summary, "pages were not observed")
	assert.Contains(t, strings.Join(declared.Reasons, "\n"), "no browser observed them")
}

// assertFollowedSome checks that the link requirements ids, whose steps
// judge at least 24 links and follow Journeys of them in the browser, rest
// on the declaration — the weakest evidence of their cases — and that each
// step that looked at pages says how many links it saw there.
func assertFollowedSome(t *testing.T, run *result.Run, ids ...string) {
	t.Helper()
	for _, id := range ids {
		assert.Equal(t, evidence.Declared, basisOf(run, id), "%s judges more links than the browser follows", id)
		for _, s := range run.Scenarios {
			if s.Requirement != id {
				continue
			}
			notes := 0
			for _, n := range s.Notes {
				if n.Title == "Links judged on their declaration" {
					notes++
					assert.Regexp(t, `^6 of the \d+ links judged were checked on their page in the browser; \d+ were judged on their declaration alone \(\d+ past the 6 links a scenario follows in the browser\)`, n.Text)
					assert.Equal(t, evidence.Declared, s.Steps[n.Step].Basis, "%s: %q", id, s.Steps[n.Step].Text)
				}
			}
			assert.Positive(t, notes, "%s %q says how many links it saw on their page", id, s.Name)
			assert.NotEmpty(t, s.Screenshots, "%s %q kept what it saw", id, s.Name)
		}
	}
}

// assertScreensSeen checks QR-06's wallet screens: the first try of each
// threat is seen in the browser and kept, and the refusals' step says how
// many tries it judged on the answer alone — all were seen at quick depth
// (one try of each threat), resting then on the screens; at certification
// depth the tries past ScanScreens rest the step, and QR-06, on the answer.
func assertScreensSeen(t *testing.T, run *result.Run, quick bool) {
	t.Helper()
	for _, s := range run.Scenarios {
		if s.Requirement != "QR-06" {
			continue
		}
		assert.NotEmpty(t, s.Screenshots, "QR-06 kept the wallet's screens it saw")
		var note string
		for _, n := range s.Notes {
			if n.Title == "Tampered codes judged on the wallet's answer" {
				note = n.Text
			}
		}
		if quick && note == "" {
			assert.Equal(t, evidence.Observed, basisOf(run, "QR-06"), "every try's screen was seen")
			continue
		}
		assert.Regexp(t, `^8 of the \d+ tampered codes tried were checked on the wallet's screen in the browser \(the first try of each threat, at most 8 a scenario\); \d+ were judged on the wallet's answer alone`, note)
		assert.Equal(t, evidence.Declared, basisOf(run, "QR-06"))
	}
}

// Links placed on a surface have no page in the ITI: observed or not, what a
// viewer sees of them is the implementation's word, and LINK-07 passes on
// the reference with its pages shown, resting on the declaration and saying
// why, with no journey spent on them.
func TestPlacedLinksAreJudgedOnTheirDeclarationWhenObserved(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	tg, err := target.InProcessPages("test", nil, nil)
	require.NoError(t, err)
	run, err := Run(context.Background(), Config{Target: tg, Roles: []string{"messenger"}, Tags: "@LINK-07", Concurrency: 2, Seed: 7, Observer: b})
	require.NoError(t, err)
	require.Len(t, run.Scenarios, 1)
	s := run.Scenarios[0]
	assert.Equal(t, result.Passed, s.Status, s.Failure)
	assert.Equal(t, evidence.Declared, basisOf(run, "LINK-07"))
	assert.Empty(t, s.Screenshots, "no page was opened")
	said := false
	for _, n := range s.Notes {
		if n.Title == "Links judged on their declaration" {
			said = true
			assert.Regexp(t, `^0 of the 72 links judged were checked on their page in the browser; 72 were judged on their declaration alone \(72 placed on a surface, of which the ITI shows no page\)`, n.Text)
		}
	}
	assert.True(t, said, "the evidence says why the pages were not looked at")
}

// Every page switch fails exactly its requirements when the pages are
// observed, and none when only the declarations are judged.
func TestPageSwitchesAreCaughtOnlyObserved(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	if raceDetector {
		// Two runs a switch, one in a browser: TestObservedReferencePasses
		// drives the same paths under -race; 'make test' runs this one
		// without.
		t.Skip("the page switches' sweep runs without -race ('make test' runs it so)")
	}
	b := sharedBrowser(t)
	for _, v := range reference.Violations {
		if !reference.Observed[v.Name] {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			run := certifyPages(t, b, v.Name)
			assert.ElementsMatch(t, v.Breaks, run.Failed(), "observed, switch %q (%s)", v.Name, v.Description)

			tg, err := target.InProcessPages("test", []string{v.Name}, nil)
			require.NoError(t, err)
			declared, err := Run(context.Background(), Config{Target: tg, Roles: []string{v.Role}, Tags: "@" + strings.Join(v.Breaks, " or @"), Seed: 7})
			require.NoError(t, err)
			assert.Empty(t, declared.Failed(), "declared only, switch %q is not visible, yet failed", v.Name)
		})
	}
}
