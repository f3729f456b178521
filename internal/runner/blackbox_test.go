package runner

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reports/certificate"
)

// serveReference serves the reference over loopback as a real HTTP server,
// the way an institution's sandbox would be served.
func serveReference(t *testing.T, violations ...string) *httptest.Server {
	t.Helper()
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client, Violations: violations})
	require.NoError(t, err)
	srv := httptest.NewServer(ref)
	t.Cleanup(func() {
		srv.Close()
		client.CloseIdleConnections()
	})
	return srv
}

// certifyURL certifies the ITI at base as a black box.
func certifyURL(t *testing.T, ctx context.Context, base string, o target.Options, cfg Config) (*result.Run, error) {
	t.Helper()
	tg, err := target.ResolveWith(base, o)
	require.NoError(t, err)
	defer func() { assert.NoError(t, tg.Close()) }()
	cfg.Target = tg
	if cfg.Concurrency == 0 {
		cfg.Concurrency = 4
	}
	if cfg.Seed == 0 {
		cfg.Seed = 7
	}
	return Run(ctx, cfg)
}

// TestBlackBoxReferenceIsCertified certifies the reference served over
// loopback, and checks that the run's listeners, connections and handlers
// are all gone once the target and the server are closed: one whole
// black-box certification for both.
func TestBlackBoxReferenceIsCertified(t *testing.T) {
	t.Parallel()
	settle := func(limit int) int {
		n := runtime.NumGoroutine()
		for deadline := time.Now().Add(5 * time.Second); n > limit && time.Now().Before(deadline); n = runtime.NumGoroutine() {
			time.Sleep(20 * time.Millisecond)
		}
		return n
	}
	time.Sleep(50 * time.Millisecond)
	before := runtime.NumGoroutine()
	var run *result.Run
	func() {
		client := reference.NewClient(5 * time.Second)
		ref, err := reference.New(reference.Options{Client: client})
		require.NoError(t, err)
		srv := httptest.NewServer(ref)
		defer srv.Close()
		defer client.CloseIdleConnections()
		tg, err := target.ResolveWith(srv.URL+"/iti/v1", target.Options{})
		require.NoError(t, err)
		defer tg.Close()
		run, err = Run(context.Background(), Config{Target: tg, Concurrency: 4, Seed: 7})
		require.NoError(t, err)
	}()
	if after := settle(before); after > before {
		buf := make([]byte, 1<<16)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines before the run, %d after; still running:\n%s", before, after, buf)
	}

	for _, s := range run.Scenarios {
		assert.Equal(t, result.Passed, s.Status, "%s %q: %s", s.Requirement, s.Name, s.Failure)
	}
	assert.True(t, run.Certified, run.Summary)
	assert.NotEmpty(t, run.Scenarios)
	assert.Empty(t, run.Warnings)

	// The implementation really called the mocks through the listener: only
	// it fetches the published malicious-link list, and the list's mock saw it.
	listFetches := 0
	for _, s := range run.Scenarios {
		for _, x := range s.Evidence {
			if strings.HasSuffix(x.URL, "/list.json") && x.Status == http.StatusOK {
				listFetches++
				assert.Regexp(t, `^http://safety\.shared-list\.z[0-9a-f]{8}\.test/`, x.URL)
			}
		}
	}
	assert.Positive(t, listFetches, "the implementation never fetched the malicious-link list from the mock network")
}

// TestBlackBoxViolationsFailLikeInProcess is the sensitivity test over the
// network: each switch, served for real, is caught by the scenarios of every
// requirement it declares, as TestEveryViolationFailsExactlyItsRequirements
// proves it is in-process.
//
// Only the declared requirements' scenarios run (--tags): a tenth of the
// work of running each switch's whole role. "No other requirement fails" is
// proven by the other two tests together: in-process, with the switch on,
// every other scenario of the role passes, so the switch does not make them
// fail; and TestBlackBoxReferenceIsCertified has every scenario passing over
// the network, so the network does not either. Left out is only a scenario
// failing when switch and network come together, which would need the
// network to change what the reference answers: it is the same code in both
// modes, and answers what it is asked. What only this test can show — that
// a breach is still seen when the harness reaches the implementation over
// real connections and the implementation calls the mocks through the
// listener — it shows for every switch.
func TestBlackBoxViolationsFailLikeInProcess(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	for i, v := range reference.Violations {
		// Only a run that observes pages sees the page switches
		// (observed_test.go).
		if !swept(i) || reference.Observed[v.Name] {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			if why, ok := reference.InProcessOnly[v.Name]; ok {
				t.Skip(why)
			}
			t.Parallel()
			srv := serveReference(t, v.Name)
			tags := "@" + strings.Join(v.Breaks, ",@")
			run, err := certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{}, Config{Roles: []string{v.Role}, Tags: tags})
			require.NoError(t, err)
			require.NotEmpty(t, run.Scenarios, "--tags %s ran nothing", tags)
			assert.ElementsMatch(t, v.Breaks, run.Failed(), "switch %q (%s)", v.Name, v.Description)
			assert.False(t, run.Certified && hasMust(run, v.Breaks))
		})
	}
}

var (
	zoneHost = regexp.MustCompile(`(?i)z[0-9a-f]{8}\.test`) // links may write a host in upper case
	hexID    = regexp.MustCompile(`\b[0-9a-f]{10,24}\b`)
)

type verdictLine struct {
	Requirement, Scenario string
	Status                result.Status
	Failure               string
}

func verdicts(run *result.Run) []verdictLine {
	var out []verdictLine
	for _, s := range run.Scenarios {
		f := zoneHost.ReplaceAllString(s.Failure, "ZONE.test")
		f = hexID.ReplaceAllString(f, "ID")
		out = append(out, verdictLine{s.Requirement, s.Name, s.Status, f})
	}
	for _, r := range run.Requirements {
		out = append(out, verdictLine{Requirement: r.Requirement.ID, Status: result.Status(r.Verdict)})
	}
	return out
}

// TestSameSeedSameVerdicts: the same seed against the same implementation
// gives the same verdicts, scenario order and failure reasons (apart from the
// per-scenario zone host names and the implementation's random ids).
func TestSameSeedSameVerdicts(t *testing.T) {
	t.Parallel()
	srv := serveReference(t, reference.Violations[2].Name)
	var runs [2][]verdictLine
	var certs [2]string
	for i := range runs {
		run, err := certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{}, Config{Seed: 42, Depth: result.DepthQuick})
		require.NoError(t, err)
		runs[i] = verdicts(run)
		require.NotEmpty(t, run.Failed(), "the determinism check needs failures to compare")
		// The certificate too, apart from its timestamps and the names
		// each run draws afresh (mock zones, session ids).
		c := certificate.Build(run)
		c.Started, c.Finished = time.Time{}, time.Time{}
		var b bytes.Buffer
		require.NoError(t, c.Write(&b))
		certs[i] = hexID.ReplaceAllString(zoneHost.ReplaceAllString(b.String(), "ZONE.test"), "ID")
	}
	assert.Equal(t, runs[0], runs[1])
	assert.Equal(t, certs[0], certs[1], "the same seed and implementation gave different certificates")
}

func TestInterruptStopsTheRunPromptly(t *testing.T) {
	// The interrupt comes as the first session hangs, not after a fixed
	// time, which a loaded machine can spend in discovery (an interrupt
	// before the scenarios is TestDiscoveryAfterInterruptIsUntestable's).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	m := newMisbehaver(t, "session-slow", func() { once.Do(func() { time.AfterFunc(50*time.Millisecond, cancel) }) })
	start := time.Now()
	run, err := certifyURL(t, ctx, m.URL+"/iti/v1", target.Options{}, Config{Timeout: time.Minute, Concurrency: 2})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 15*time.Second, "an interrupted run must not wait out its per-request timeouts")
	assert.True(t, run.Interrupted)
	assert.False(t, run.Certified)
	assert.Contains(t, run.Summary, "INTERRUPTED")
	assert.Equal(t, result.NotTested, run.Decision)
	// What an interrupt cut short was not judged: not run, never failed.
	for _, s := range run.Scenarios {
		assert.Equal(t, result.NotRunStatus, s.Status)
		assert.Regexp(t, `interrupted`, s.Failure)
	}
	for _, r := range run.Requirements {
		assert.NotEqual(t, result.Fail, r.Verdict, r.Requirement.ID)
	}
}

func TestDiscoveryAfterInterruptIsUntestable(t *testing.T) {
	srv := serveReference(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := certifyURL(t, ctx, srv.URL+"/iti/v1", target.Options{}, Config{})
	var u *UntestableError
	require.ErrorAs(t, err, &u)
	assert.Contains(t, err.Error(), "interrupted")
}
