package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/reference"
)

// benchSeed is certify's default seed, so the figures are those of a plain
// 'hutong certify'.
const benchSeed = 20210917

func certifyOnce(tb testing.TB, tg *target.Target, concurrency int, roles ...string) *result.Run {
	tb.Helper()
	run, err := Run(context.Background(), Config{Target: tg, Roles: roles, Concurrency: concurrency, Seed: benchSeed})
	if err != nil {
		tb.Fatal(err)
	}
	if !run.Certified {
		tb.Fatalf("the reference was not certified: %s", run.Summary)
	}
	return run
}

// BenchmarkCertifyInProcess is a whole certification of every role the
// reference claims — discovery, every scenario, judging — with harness and
// reference in one process on the mock network; a fresh reference per run,
// as 'hutong certify' makes one. Report writing is not included. Target:
// at most 1 s per run on a 2-core machine.
func BenchmarkCertifyInProcess(b *testing.B) {
	for _, c := range []int{1, 4} {
		b.Run(fmt.Sprintf("concurrency=%d", c), func(b *testing.B) {
			scenarios := 0
			for i := 0; i < b.N; i++ {
				tg, err := target.InProcess("builtin:reference", nil)
				if err != nil {
					b.Fatal(err)
				}
				scenarios = len(certifyOnce(b, tg, c).Scenarios)
			}
			b.ReportMetric(float64(scenarios), "scenarios/run")
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/run")
		})
	}
}

// BenchmarkCertifyObserved is BenchmarkCertifyInProcess with the
// reference's pages and a browser observing them, as 'hutong certify
// --browser' runs: chromium started and ended by each run, a tab per
// scenario. It reports the median run (-benchtime=5x gives five). Target: a
// median of at most 10 s on a 2-core machine.
func BenchmarkCertifyObserved(b *testing.B) {
	exe := observe.Find()
	if exe == "" {
		b.Skip("no chromium found")
	}
	var took []time.Duration
	scenarios, shots := 0, 0
	for i := 0; i < b.N; i++ {
		tg, err := target.InProcessPages("builtin:reference?pages=on", nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		run, err := Run(context.Background(), Config{Target: tg, Concurrency: 4, Seed: benchSeed, Browser: exe})
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if !run.Certified || run.Observer == "" {
			b.Fatalf("the reference was not certified with observation: %s", run.Summary)
		}
		scenarios, shots = len(run.Scenarios), 0
		for _, s := range run.Scenarios {
			shots += len(s.Screenshots)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(scenarios), "scenarios/run")
	b.ReportMetric(float64(shots), "screenshots/run")
	b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "median-ms/run")
}

// BenchmarkHarnessOverhead compares the harness running every scenario with a
// plain net/http client replaying the same exchanges, one scenario after
// another, against the same in-process reference over the same transport.
// The ratio harness/replay is hutong's cost on top of the HTTP exchanges it
// drives. Target: at most 1.5.
//
// Counted in both: the reference handling every ITI call and every link the
// harness follows, the in-memory transport, the reference's own calls to the
// counterparties, and reading every response body in full.
// Counted only for the harness: godog (feature parsing, step matching,
// hooks), the requirement set, the step logic and its assertions, building
// request bodies, the mock parties' logic, the evidence log (body copies,
// redaction), collecting and judging results. The replay answers the mock
// hosts with the responses recorded in the evidence, which costs next to
// nothing, so the comparison is if anything harsh on the harness.
// Counted only for the replay: rewriting the ids that differ between runs
// (session ids, short-link codes) in later URLs and bodies — a few string
// replacements per call.
// Counted in neither: writing reports.
//
// The platform role is left out: its payment notices and refund orders are
// signed, and the evidence redacts signatures by design, so a replay from
// the evidence cannot reproduce them. The messenger, acquirer and wallet
// roles carry nothing signed.
func BenchmarkHarnessOverhead(b *testing.B) {
	roles := []string{"messenger", "acquirer", "wallet"}
	tg, err := target.InProcess("builtin:reference", nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := record(b, certifyOnce(b, tg, 1, roles...), tg)
	rec.serveMocks(tg)
	var harness, replay time.Duration
	calls := 0
	for i := 0; i < b.N; i++ {
		start := time.Now()
		certifyOnce(b, tg, 1, roles...)
		harness += time.Since(start)
		start = time.Now()
		calls = rec.replay(b, tg)
		replay += time.Since(start)
	}
	b.ReportMetric(float64(harness.Nanoseconds())/float64(b.N), "harness-ns/run")
	b.ReportMetric(float64(replay.Nanoseconds())/float64(b.N), "replay-ns/run")
	b.ReportMetric(float64(calls), "calls/run")
	b.ReportMetric(float64(harness)/float64(replay), "harness/replay")
}

// recording is a run's exchanges as the harness sent them.
type recording struct {
	base string
	// scenarios are each scenario's harness exchanges, in the order sent.
	scenarios [][]evidence.Exchange
	// canned answers the mock hosts: method, host and path -> exchange.
	canned map[string]evidence.Exchange
	misses atomic.Int64
}

func cannedKey(method, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return method + " " + rawURL
	}
	return method + " " + strings.ToLower(u.Host) + u.RequestURI()
}

func record(tb testing.TB, run *result.Run, tg *target.Target) *recording {
	tb.Helper()
	iut, _ := url.Parse(tg.ITIBase)
	rec := &recording{base: tg.ITIBase, canned: map[string]evidence.Exchange{}}
	for _, s := range run.Scenarios {
		xs := append([]evidence.Exchange(nil), s.Evidence...)
		evidence.SortByStart(xs)
		var mine []evidence.Exchange
		for _, x := range xs {
			u, err := url.Parse(x.URL)
			if err != nil {
				tb.Fatalf("recorded URL %q: %v", x.URL, err)
			}
			if u.Host != iut.Host {
				rec.canned[cannedKey(x.Method, x.URL)] = x
			}
			// Everything the harness's side sent the implementation: the
			// harness's own calls and those of the parties it plays (the
			// clearing switch delivering a payment to an acquirer).
			if x.From == "implementation" || u.Host != iut.Host {
				continue
			}
			if x.Truncated && len(x.ReqBody) >= evidence.BodyLimit {
				tb.Fatalf("%s %s: the evidence kept only part of the request body, so it cannot be replayed", x.Method, x.URL)
			}
			mine = append(mine, x)
		}
		rec.scenarios = append(rec.scenarios, mine)
	}
	return rec
}

// serveMocks puts the recorded counterparties back on the network: the
// scenarios' zones closed when they ended.
func (rec *recording) serveMocks(tg *target.Target) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x, ok := rec.canned[cannedKey(r.Method, "https://"+r.Host+r.URL.RequestURI())]
		if !ok {
			rec.misses.Add(1)
			http.NotFound(w, r)
			return
		}
		for k, v := range x.RespHeaders {
			w.Header().Set(k, v)
		}
		w.WriteHeader(x.Status)
		io.WriteString(w, x.RespBody)
	})
	for key := range rec.canned {
		host := strings.Fields(key)[1]
		host, _, _ = strings.Cut(host, "/")
		tg.Network.Handle(host, h)
	}
}

// replay sends every recorded harness exchange with a plain client, scenario
// by scenario, and returns how many calls it made. Ids the implementation
// hands out afresh (a session id, a short link's code) are learnt by
// comparing each response with the recorded one, and rewritten in the calls
// that follow; sessions the harness closed after its evidence was taken are
// closed too.
func (rec *recording) replay(tb testing.TB, tg *target.Target) int {
	tb.Helper()
	// A plain client, bounded like the harness's exchanges are: no prudent
	// client goes without a timeout, and on the in-memory transport a
	// cancellable request costs two goroutines whoever sends it.
	client := &http.Client{Transport: tg.Transport, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ctx := context.Background()
	calls := 0
	send := func(method, u string, body []byte, hdr map[string]string) (int, []byte) {
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		if err != nil {
			tb.Fatal(err)
		}
		for k, v := range hdr {
			if v != "[redacted]" && k != "Content-Length" {
				req.Header.Set(k, v)
			}
		}
		resp, err := client.Do(req)
		if err != nil {
			tb.Fatalf("replaying %s %s: %v", method, u, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		calls++
		return resp.StatusCode, b
	}
	if status, _ := send(http.MethodGet, rec.base, nil, nil); status != http.StatusOK {
		tb.Fatalf("replaying discovery: status %d", status)
	}
	sessionsURL := rec.base + "/sessions"
	for _, xs := range rec.scenarios {
		ids := map[string]string{}
		var rw *strings.Replacer
		var sessions []string
		for _, x := range xs {
			u, body := x.URL, x.ReqBody
			if rw != nil {
				u, body = rw.Replace(u), rw.Replace(body)
			}
			status, got := send(x.Method, u, []byte(body), x.ReqHeaders)
			if status != x.Status {
				tb.Fatalf("replaying %s %s: status %d, the harness got %d — the replay is not doing the same work", x.Method, u, status, x.Status)
			}
			var was, is any
			if json.Unmarshal([]byte(x.RespBody), &was) == nil && json.Unmarshal(got, &is) == nil {
				n := len(ids)
				learn(was, is, ids)
				if len(ids) != n {
					var pairs []string
					for o, nw := range ids {
						pairs = append(pairs, o, nw)
					}
					rw = strings.NewReplacer(pairs...)
				}
				if x.Method == http.MethodPost && x.URL == sessionsURL {
					if m, ok := is.(map[string]any); ok {
						if sid, ok := m["session_id"].(string); ok {
							sessions = append(sessions, sid)
						}
					}
				}
			}
		}
		for _, sid := range sessions {
			send(http.MethodDelete, sessionsURL+"/"+url.PathEscape(sid), nil, nil)
		}
	}
	if n := rec.misses.Load(); n > 0 {
		tb.Fatalf("the implementation made %d call(s) to counterparties that the recording does not have: the replay is not doing the same work", n)
	}
	return calls
}

// learn records, for each string that differs between the recorded and the
// replayed JSON at the same place, the recorded value's replacement. Short
// strings are left alone so that a count or a flag is never rewritten.
func learn(was, is any, ids map[string]string) {
	switch w := was.(type) {
	case map[string]any:
		if i, ok := is.(map[string]any); ok {
			for k, v := range w {
				learn(v, i[k], ids)
			}
		}
	case []any:
		if i, ok := is.([]any); ok {
			for n := range min(len(w), len(i)) {
				learn(w[n], i[n], ids)
			}
		}
	case string:
		if i, ok := is.(string); ok && i != w && len(w) >= 6 {
			ids[w] = i
		}
	}
}

// BenchmarkCertifyLoopback is the same certification with the reference as a
// real HTTP server on loopback and the harness's mocks on a real listener —
// the black-box mode an institution uses against its sandbox. The
// reference's server runs throughout; each run resolves the target afresh,
// as 'hutong certify --target http://…' does.
func BenchmarkCertifyLoopback(b *testing.B) {
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(ref)
	defer srv.Close()
	defer client.CloseIdleConnections()
	for _, c := range []int{1, 4} {
		b.Run(fmt.Sprintf("concurrency=%d", c), func(b *testing.B) {
			scenarios := 0
			for i := 0; i < b.N; i++ {
				tg, err := target.ResolveWith(srv.URL+"/iti/v1", target.Options{})
				if err != nil {
					b.Fatal(err)
				}
				scenarios = len(certifyOnce(b, tg, c).Scenarios)
				tg.Close()
			}
			b.ReportMetric(float64(scenarios), "scenarios/run")
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/run")
		})
	}
}
