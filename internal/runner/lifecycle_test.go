package runner

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/observe"
)

// helpers are the processes whose command line names profile: chromium's
// own and every helper it started with it.
func helpers(profile string) []int {
	var out []int
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmd), profile) {
			out = append(out, pid)
		}
	}
	return out
}

// alive reports whether pid is a process that has not ended: neither gone
// nor a zombie nobody waited for.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	st, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	f := strings.Fields(string(st[strings.LastIndexByte(string(st), ')')+1:]))
	return len(f) == 0 || f[0] != "Z"
}

// No chromium process outlives the run that started it: one that ends,
// one cancelled (Ctrl-C is a cancelled context in cmd/hutong) and one that
// reaches its deadline.
func TestTheBrowserEndsWithTheRun(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	exe := chromium(t)
	for _, c := range []struct {
		name string
		// during is run once the browser is up, with the run's context
		// and a cancel for it.
		during  func(ctx context.Context, cancel func())
		timeout time.Duration
	}{
		{"ends", func(context.Context, func()) {}, 0},
		{"cancelled", func(_ context.Context, cancel func()) { cancel() }, 0},
		// The run waits here for its deadline, so that the deadline, not
		// the end of the scenarios, ends it.
		{"deadline", func(ctx context.Context, _ func()) { <-ctx.Done() }, 3 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			if raceDetector && c.name != "cancelled" {
				// A browser each: the race detector finds nothing in a
				// process's end; 'make test' runs every case without it.
				t.Skip("runs without -race ('make test' runs it so)")
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var pid int
			var profile []int
			browserStarted = func(rctx context.Context, b *observe.Browser) {
				pid = b.PID()
				profile = helpers(b.Profile())
				c.during(rctx, cancel)
			}
			defer func() { browserStarted = func(context.Context, *observe.Browser) {} }()
			tg, err := target.InProcessPages("test", nil, nil)
			require.NoError(t, err)
			run, err := Run(ctx, Config{Target: tg, Roles: []string{"platform"}, Tags: "@PAY-07", Seed: 7, Browser: exe, RunTimeout: c.timeout})
			require.NoError(t, err)
			require.NotZero(t, pid, "no browser was started")
			assert.NotEmpty(t, profile, "the browser's processes were not found")
			assert.Equal(t, c.name == "cancelled", run.Interrupted, "interrupted")
			assert.Equal(t, c.name == "deadline", run.Untestable != "", "stopped at the deadline: %q", run.Untestable)
			// The run has ended the browser; its helper processes may take
			// a moment to exit after their parent.
			for _, p := range append(profile, pid) {
				assert.Eventually(t, func() bool { return !alive(p) }, 5*time.Second, 20*time.Millisecond,
					"process %d of the run's browser survived it", p)
			}
		})
	}
}
