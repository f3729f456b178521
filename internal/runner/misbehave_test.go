package runner

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
)

// newMisbehaver serves the reference with one misbehaviour layered on top.
// Modes named "discovery-…" break discovery; "session-…" break opening a
// session (after a correct discovery, so the scenarios run and each meets the
// fault at its first exchange); others break one later exchange. Each of
// onHit (if any) is called as a misbehaving answer begins.
func newMisbehaver(t *testing.T, mode string, onHit ...func()) *httptest.Server {
	t.Helper()
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client})
	require.NoError(t, err)
	var srv *httptest.Server
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		what, how, _ := strings.Cut(mode, "-")
		hit := false
		switch what {
		case "discovery":
			hit = r.Method == http.MethodGet && strings.TrimSuffix(r.URL.Path, "/") == "/iti/v1"
		case "session":
			hit = r.Method == http.MethodPost && r.URL.Path == "/iti/v1/sessions"
		case "read":
			// What a user sees: a message in a chat, a link placed elsewhere.
			hit = r.Method == http.MethodGet && (strings.Contains(r.URL.Path, "/messages/") || strings.Contains(r.URL.Path, "/placements/"))
		case "redirect":
			hit = strings.HasPrefix(r.URL.Path, "/s/")
		}
		if !hit {
			ref.ServeHTTP(w, r)
			return
		}
		for _, f := range onHit {
			f()
		}
		misbehave(w, r, how)
	})
	srv = httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		client.CloseIdleConnections()
	})
	return srv
}

func misbehave(w http.ResponseWriter, r *http.Request, how string) {
	// The server notices a client hanging up (r.Context is cancelled) only
	// once the request body has been read.
	io.Copy(io.Discard, r.Body)
	switch how {
	case "slow": // never answers, until the harness gives up
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	case "trickle": // slowloris: headers at once, then a byte now and then
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		for i := 0; i < 600; i++ {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	case "huge": // a valid start, then far more than any answer needs
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, `{"session_id":"`)
		chunk := []byte(strings.Repeat("a", 64<<10))
		for i := 0; i < 64; i++ { // 4 MiB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	case "malformed":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(expected(r))
		fmt.Fprint(w, `{"session_id": "abc", "iti_version": `)
	case "500":
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"title":"database on fire","status":500}`)
	case "418":
		w.WriteHeader(http.StatusTeapot)
	case "reset": // the connection is torn down with no answer
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // RST rather than FIN
		}
		conn.Close()
	case "away": // a short link that leads off to a stranger's host
		http.Redirect(w, r, "http://198.51.100.7/phish", http.StatusFound)
	}
}

func expected(r *http.Request) int {
	if r.Method == http.MethodPost {
		return http.StatusCreated
	}
	return http.StatusOK
}

// TestMisbehavingImplementationFailsClearly: each fault ends the affected
// scenarios as failed, with a reason naming the exchange and what went wrong
// in words, and the whole run ends within its configured bounds.
func TestMisbehavingImplementationFailsClearly(t *testing.T) {
	t.Parallel()
	// Faults that need the per-request timeout get a short one; the others
	// a long one, so that a loaded machine cannot turn them into timeouts.
	// The short one is still long enough for a healthy call on a loaded
	// machine under -race (700 ms was not: a message's post timed out
	// before the slow read it was meant to reach).
	const short, long = 2 * time.Second, 10 * time.Second
	cases := []struct {
		mode string
		// all: every scenario must fail; otherwise at least one must.
		all  bool
		want []string
	}{
		{"session-slow", true, []string{"open a session (POST http://127.0.0.1:", "/sessions)", "timed out"}},
		{"session-trickle", true, []string{"open a session (POST", "the answer broke off", "timed out"}},
		{"session-huge", true, []string{"open a session (POST", "larger than the 1048576-byte limit"}},
		{"session-malformed", true, []string{"open a session (POST", "not the JSON the ITI describes"}},
		{"session-500", true, []string{"open a session (POST", "answered 500 Internal Server Error", "expected 201 Created", "database on fire"}},
		{"session-418", true, []string{"open a session (POST", "answered 418"}},
		{"session-reset", true, []string{"open a session (POST", "no answer", "dropped the connection"}},
		{"read-malformed", true, []string{"read a ", " as bob (GET http://127.0.0.1:", "not the JSON the ITI describes"}},
		{"read-slow", true, []string{"read a ", " as bob (GET", "timed out"}},
		{"redirect-away", false, []string{"redirected to http://198.51.100.7/phish, which is neither the implementation nor a mock party; not followed"}},
	}
	for _, c := range cases {
		timeout := long
		if strings.HasSuffix(c.mode, "-slow") || strings.HasSuffix(c.mode, "-trickle") {
			timeout = short
		}
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			m := newMisbehaver(t, c.mode)
			start := time.Now()
			// A 1 MiB limit, below the 4 MiB the "huge" fault sends.
			cfg := Config{Timeout: timeout, Concurrency: 4, MaxBody: 1 << 20, Depth: result.DepthQuick}
			if strings.HasPrefix(c.mode, "read-") || strings.HasPrefix(c.mode, "redirect-") || timeout == short {
				// Reading a message is the messenger's, and so are short
				// links (only the messenger makes them); other roles'
				// scenarios never meet these faults.
				// Faults that cost a timeout per scenario are shown on one
				// role's scenarios: every role opens sessions the same way.
				cfg.Roles = []string{"messenger"}
			}
			run, err := certifyURL(t, context.Background(), m.URL+"/iti/v1", target.Options{}, cfg)
			require.NoError(t, err)
			// Each scenario waits at most a few timeouts, 4 at a time; the
			// bound is generous so that a loaded machine does not flake it.
			bound := time.Duration(len(run.Scenarios)+4) * 3 * short
			if timeout == long {
				bound = time.Minute
			}
			assert.Less(t, time.Since(start), bound)
			assert.False(t, run.Certified)
			failed := 0
			for _, s := range run.Scenarios {
				if s.Status != result.Failed {
					assert.False(t, c.all, "%s %q passed despite %s", s.Requirement, s.Name, c.mode)
					continue
				}
				failed++
				assert.NotEmpty(t, s.Requirement)
				for _, w := range c.want {
					assert.Contains(t, s.Failure, w, "%s %q", s.Requirement, s.Name)
				}
				assert.NotContains(t, s.Failure, "Error Trace", "a Go developer's trace reached the report")
			}
			assert.Positive(t, failed)
			for _, r := range run.Requirements {
				if r.Verdict == result.Fail {
					assert.Contains(t, r.Reason, c.want[0], "%s's reason should name the exchange", r.Requirement.ID)
				}
			}
		})
	}
}

func TestBrokenDiscoveryIsUntestable(t *testing.T) {
	cases := map[string]string{
		"discovery-slow":      "timed out",
		"discovery-malformed": "not the JSON the ITI describes",
		"discovery-500":       "answered 500",
		"discovery-reset":     "dropped the connection",
		"discovery-huge":      "larger than the",
	}
	for mode, want := range cases {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			m := newMisbehaver(t, mode)
			start := time.Now()
			_, err := certifyURL(t, context.Background(), m.URL+"/iti/v1", target.Options{}, Config{Timeout: 500 * time.Millisecond, MaxBody: 1 << 20})
			var u *UntestableError
			require.ErrorAs(t, err, &u)
			assert.Contains(t, err.Error(), "could not be tested: discovery (GET "+m.URL+"/iti/v1)")
			assert.Contains(t, err.Error(), want)
			assert.Less(t, time.Since(start), 10*time.Second)
		})
	}
}

func TestNothingListeningIsUntestableWithinSeconds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // now nothing listens there
	start := time.Now()
	_, err = certifyURL(t, context.Background(), "http://"+addr+"/iti/v1", target.Options{}, Config{})
	var u *UntestableError
	require.ErrorAs(t, err, &u)
	assert.Contains(t, err.Error(), "nothing accepts connections")
	assert.Less(t, time.Since(start), 5*time.Second)
}
