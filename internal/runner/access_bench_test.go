package runner

import (
	"fmt"
	"io/fs"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/target"
)

// scaleFeatures is the ACCESS feature with ACCESS-05's 180 tail institutions
// replaced by tails: the equal-access comparison at scale, exactly as the
// harness runs it.
func scaleFeatures(tb testing.TB, tails int) fs.FS {
	tb.Helper()
	b, err := fs.ReadFile(features.FS, "access/access.feature")
	if err != nil {
		tb.Fatal(err)
	}
	const at = "19 top and 180 tail institutions"
	text := string(b)
	if !strings.Contains(text, at) {
		tb.Fatalf("access.feature no longer says %q; update the benchmark", at)
	}
	text = strings.Replace(text, at, fmt.Sprintf("19 top and %d tail institutions", tails), 1)
	return fstest.MapFS{"access/access.feature": {Data: []byte(text)}}
}

// peakHeap samples the live heap until stop is closed and returns the
// highest sample, in bytes. runtime/metrics reads without stopping the world.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// BenchmarkEqualAccessScale is ACCESS-05 — connect the institutions, enable
// them all at one merchant, check out, check every one is offered, time 11
// tail and 11 top handoffs — with 100, 1,000 and 10,000 tail institutions
// (and 19 top ones and the platform's own), harness and reference in one
// process. Reported: ms per run, the peak of the live heap during the run
// (MB), and bytes allocated. Target: 10,000 tails in at most 5 s and 500 MB,
// growing linearly.
func BenchmarkEqualAccessScale(b *testing.B) {
	for _, tails := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("tails=%d", tails), func(b *testing.B) {
			feats := scaleFeatures(b, tails)
			var peak uint64
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			allocs := ms.TotalAlloc
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tg, err := target.InProcess("builtin:reference", nil)
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				stop := make(chan struct{})
				got := peakHeap(stop)
				run, err := Run(b.Context(), Config{Target: tg, Features: feats, Tags: "@ACCESS-05", Concurrency: 1, Seed: benchSeed})
				close(stop)
				peak = max(peak, <-got)
				if err != nil {
					b.Fatal(err)
				}
				if len(run.Scenarios) != 1 || len(run.Failed()) > 0 {
					var why []string
					for _, s := range run.Scenarios {
						why = append(why, s.Name+": "+s.Failure)
					}
					b.Fatalf("the scale run did not pass: %s; %s", run.Summary, strings.Join(why, "; "))
				}
			}
			runtime.ReadMemStats(&ms)
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/run")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(ms.TotalAlloc-allocs)/float64(b.N)/(1<<20), "alloc-MB/run")
		})
	}
}
