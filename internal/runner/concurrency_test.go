package runner

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
)

// iutDelay is how long the slow implementation takes to answer each ITI
// call: a plausible sandbox behind a gateway.
const iutDelay = 20 * time.Millisecond

// slowly answers every ITI call after d, as a remote implementation would;
// its short links and the counterparties stay fast. It gives up when the
// caller does, so a cancelled run does not wait out the delay.
func slowly(d time.Duration) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/iti/") {
				t := time.NewTimer(d)
				select {
				case <-t.C:
				case <-r.Context().Done():
					t.Stop()
					http.Error(w, "cancelled", http.StatusServiceUnavailable)
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	}
}

// wallTime certifies a slow reference at the given concurrency.
// roles limits the run (nil: every role).
func wallTime(tb testing.TB, concurrency int, roles ...string) time.Duration {
	tb.Helper()
	tg, err := target.InProcessWrapped("builtin:reference", nil, slowly(iutDelay))
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	run, err := Run(context.Background(), Config{Target: tg, Roles: roles, Concurrency: concurrency, Seed: benchSeed})
	if err != nil {
		tb.Fatal(err)
	}
	// Some roles of four are a partial run, in which nothing may fail.
	want := result.Certified
	if len(roles) > 0 {
		want = result.Partial
	}
	if run.Decision != want || len(run.Failed()) > 0 {
		tb.Fatalf("the reference did not pass (want %s): %s", want, run.Summary)
	}
	return time.Since(start)
}

// TestConcurrencySpeedsUpASlowImplementation checks that scenarios really
// run in parallel: against an implementation that takes 20 ms per call,
// concurrency 8 must be at least twice as fast as 1. The bound is loose on
// purpose (a shared CI machine must never make it flake); the benchmark
// below reports the actual figure.
func TestConcurrencySpeedsUpASlowImplementation(t *testing.T) {
	// The messenger's scenarios alone show it, in a quarter of the time.
	one := wallTime(t, 1, "messenger")
	eight := wallTime(t, 8, "messenger")
	speedup := float64(one) / float64(eight)
	t.Logf("slow implementation (%v per ITI call): concurrency 1 %v, concurrency 8 %v: %.1fx", iutDelay, one.Round(time.Millisecond), eight.Round(time.Millisecond), speedup)
	if speedup < 2 {
		t.Errorf("concurrency 8 took %v, concurrency 1 took %v: only %.1fx faster, want at least 2x", eight, one, speedup)
	}
}

// BenchmarkConcurrencySlowImplementation reports the wall time of a whole
// certification against an implementation that answers every ITI call after
// 20 ms, at concurrency 1 and 8, and the speed-up. The ceiling is the number
// of scenarios and the longest scenario's chain of calls, not the harness.
func BenchmarkConcurrencySlowImplementation(b *testing.B) {
	var one, eight time.Duration
	for i := 0; i < b.N; i++ {
		one += wallTime(b, 1)
		eight += wallTime(b, 8)
	}
	b.ReportMetric(float64(one.Milliseconds())/float64(b.N), "c1-ms/run")
	b.ReportMetric(float64(eight.Milliseconds())/float64(b.N), "c8-ms/run")
	b.ReportMetric(float64(one)/float64(eight), "speedup")
}
