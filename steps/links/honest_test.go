package links_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/messenger"
)

// reporting rewrites every link the reference's messenger reports, in
// messages, placements and link reports, with form.
func reporting(form func(string) string) func(http.Handler) http.Handler {
	message := regexp.MustCompile(`/messages/[^/]+$`)
	report := regexp.MustCompile(`/reports$`)
	placement := regexp.MustCompile(`/placements/[^/]+$`)
	return target.Rewriting(func(r *http.Request) func([]byte) []byte {
		switch {
		case r.Method == http.MethodGet && message.MatchString(r.URL.Path):
			return func(b []byte) []byte {
				var m iti.DeliveredMessage
				if json.Unmarshal(b, &m) != nil {
					return b
				}
				for i := range m.Links {
					m.Links[i].OriginalURL = form(m.Links[i].OriginalURL)
				}
				out, _ := json.Marshal(m)
				return out
			}
		case r.Method == http.MethodGet && placement.MatchString(r.URL.Path):
			return func(b []byte) []byte {
				var p iti.DeliveredPlacement
				if json.Unmarshal(b, &p) != nil {
					return b
				}
				p.Link.OriginalURL = form(p.Link.OriginalURL)
				out, _ := json.Marshal(p)
				return out
			}
		case report.MatchString(r.URL.Path):
			return func(b []byte) []byte {
				var one iti.LinkReport
				var list iti.LinkReports
				switch {
				case r.Method == http.MethodPost && json.Unmarshal(b, &one) == nil:
					one.URL = form(one.URL)
					b, _ = json.Marshal(one)
				case r.Method == http.MethodGet && json.Unmarshal(b, &list) == nil:
					for i := range list.Reports {
						list.Reports[i].URL = form(list.Reports[i].URL)
					}
					b, _ = json.Marshal(list)
				}
				return b
			}
		}
		return nil
	})
}

// uriForm is the link as Go writes a parsed URL: the path's non-ASCII
// characters percent-encoded, as RFC 3986 wants them.
func uriForm(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return u.String()
}

func verdicts(t *testing.T, wrap func(http.Handler) http.Handler, violations ...string) (map[string]result.Verdict, *result.Run) {
	t.Helper()
	tg, err := target.InProcessWrapped("test", violations, wrap)
	require.NoError(t, err)
	defer tg.Close()
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Roles: []string{"messenger"}, Seed: 1, Concurrency: 4})
	require.NoError(t, err)
	out := map[string]result.Verdict{}
	for _, r := range run.Requirements {
		if r.Verdict != result.NotRun {
			out[r.Requirement.ID] = r.Verdict
		}
	}
	for _, s := range run.Scenarios {
		if s.Status != result.Passed {
			t.Logf("%s %q: %s", s.Requirement, s.Name, s.Failure)
		}
	}
	return out, run
}

func TestMessengerReportingLinksInTheirURIFormIsCertified(t *testing.T) {
	var changed atomic.Bool
	got, run := verdicts(t, reporting(func(s string) string {
		u := uriForm(s)
		if u != s {
			changed.Store(true)
		}
		return u
	}))
	assert.True(t, changed.Load(), "no link was written differently in its URI form")
	assert.Empty(t, run.Failed())
	for _, id := range []string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-06", "LINK-07"} {
		assert.Equal(t, result.Pass, got[id], id)
	}

	got, _ = verdicts(t, reporting(uriForm), messenger.LinksStripped)
	assert.Equal(t, result.Fail, got["LINK-03"], "a link stripped to the home page still fails")
}

func TestMessengerReportingALinkWithoutItsQueryFails(t *testing.T) {
	got, run := verdicts(t, reporting(func(s string) string {
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		u.RawQuery = ""
		return u.String()
	}))
	assert.Equal(t, result.Fail, got["LINK-03"])
	assert.Equal(t, result.Fail, got["LINK-07"], "a placed link reported without its query is not the link placed")
	failed := false
	for _, s := range run.Scenarios {
		if s.Requirement == "LINK-03" && s.Status == result.Failed {
			failed = true
			assert.Contains(t, s.Failure, "does not list the link")
		}
		if s.Requirement == "LINK-07" {
			assert.Contains(t, s.Failure, "does not carry the link placed")
		}
	}
	assert.True(t, failed)
}
