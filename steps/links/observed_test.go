package links_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/steps/links"
)

// unwarnedPages makes the reference's message pages show no warning and
// open every link in one tap, whatever the ITI declares of it.
func unwarnedPages() func(http.Handler) http.Handler {
	page := regexp.MustCompile(`^/pages/[^/]+/message/`)
	warning := regexp.MustCompile(`<span class="warn">[^<]*</span>`)
	leave := regexp.MustCompile(`href="[^"]*/leave\?([^"]*)"`)
	return target.Rewriting(func(r *http.Request) func([]byte) []byte {
		if !page.MatchString(r.URL.Path) {
			return nil
		}
		return func(b []byte) []byte {
			b = warning.ReplaceAll(b, nil)
			return leave.ReplaceAllFunc(b, func(m []byte) []byte {
				q, _ := url.ParseQuery(html.UnescapeString(string(leave.FindSubmatch(m)[1])))
				return []byte(`href="` + html.EscapeString(q.Get("to")) + `"`)
			})
		}
	})
}

// A listed link declared warned, whose page shows no warning and lets the
// recipient through in one tap, fails LINK-05 observed — and only observed:
// judged on its declaration, the same messenger passes.
func TestAListedLinkThePageLetsThroughUnwarnedFailsObserved(t *testing.T) {
	exe := observe.Find()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no chromium found; .ci/run should have installed Debian's chromium package")
		}
		t.Skip("no chromium found; install it with 'apt-get install chromium' to observe pages")
	}
	b, err := observe.Start(context.Background(), observe.Options{ExecPath: exe})
	require.NoError(t, err)
	defer b.Close()
	certify := func(browser *observe.Browser) *result.Run {
		tg, err := target.InProcessPagesWrapped("test", nil, unwarnedPages())
		require.NoError(t, err)
		defer tg.Close()
		run, err := runner.Run(context.Background(), runner.Config{Target: tg, Roles: []string{"messenger"}, Tags: "@LINK-05", Seed: 5, Concurrency: 3, Observer: browser})
		require.NoError(t, err)
		return run
	}

	run := certify(b)
	assert.Equal(t, []string{"LINK-05"}, run.Failed())
	listed := 0
	for _, s := range run.Scenarios {
		if !strings.Contains(s.Name, "malicious list") {
			assert.Equal(t, result.Passed, s.Status, "%s: %s", s.Name, s.Failure)
			continue
		}
		listed++
		require.Equal(t, result.Failed, s.Status, s.Name)
		assert.Contains(t, s.Failure, `the page contradicts the declared warning — declared: a "danger" warning: "On the shared list of known malicious links: phishing page imitating a payment login"; observed in the browser: Bob is shown no warning and reaches the linked page in 1 tap(s), through 0 page(s) in between`)
		seenFailing := 0
		for _, c := range s.Cases {
			if !c.Held && strings.Contains(c.Detail, "observed in the browser") {
				seenFailing++
			}
		}
		assert.Equal(t, links.Journeys, seenFailing, "every link followed in the browser fails on its page; those past them pass on their word")
	}
	assert.Equal(t, 2, listed)

	assert.Empty(t, certify(nil).Failed(), "declared only, the pages are not seen")
}
