package runner

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// TestConcurrencyRunsScenariosAtOnce checks that scenarios really run in
// parallel, by what the implementation sees rather than by the clock (a
// timed test flakes on a busy machine; the benchmark below reports the
// speed-up): with every ITI call held a few milliseconds, concurrency 8 has
// several calls in flight at once, and concurrency 1 fewer.
func TestConcurrencyRunsScenariosAtOnce(t *testing.T) {
	inFlight := func(concurrency int) int64 {
		var now, most atomic.Int64
		counting := func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/iti/") {
					n := now.Add(1)
					defer now.Add(-1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
				}
				h.ServeHTTP(w, r)
			})
		}
		tg, err := target.InProcessWrapped("builtin:reference", nil, func(h http.Handler) http.Handler {
			return counting(slowly(5 * time.Millisecond)(h))
		})
		require.NoError(t, err)
		// The messenger's scenarios alone show it, in a quarter of the time.
		run, err := Run(context.Background(), Config{Target: tg, Roles: []string{"messenger"}, Concurrency: concurrency, Seed: benchSeed, Depth: result.DepthQuick})
		require.NoError(t, err)
		require.Empty(t, run.Failed(), run.Summary)
		return most.Load()
	}
	one, eight := inFlight(1), inFlight(8)
	t.Logf("most ITI calls in flight at once: %d at concurrency 1, %d at concurrency 8", one, eight)
	assert.GreaterOrEqual(t, eight, int64(4), "concurrency 8 never had 4 calls in flight at once")
	assert.Greater(t, eight, one, "concurrency 8 had no more calls in flight than concurrency 1")
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
