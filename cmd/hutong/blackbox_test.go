package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/reference"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var itiLine = regexp.MustCompile(`ITI: (http://\S+)`)

// startServe runs 'hutong serve reference' until the test ends and returns
// the ITI URL it prints.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- serveContext(ctx, append([]string{"reference", "--listen", "127.0.0.1:0"}, args...), &out, &errb)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			assert.Equal(t, exitOK, code, "serve stopped with %d: %s", code, errb.String())
			assert.Contains(t, out.String(), "stopped")
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop after its context was cancelled")
		}
	})
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := itiLine.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, errb.String())
		default:
		}
	}
	t.Fatalf("serve printed no ITI URL: %s", out.String())
	return ""
}

// The switch breaks one role; certifying the requirements it breaks shows
// it served broken.
func TestServeWithViolationIsNotCertified(t *testing.T) {
	v, _ := reference.Lookup("no-report")
	url := startServe(t, "--violate", v.Name)
	code, out, _ := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", v.Role, "--tags", "@"+strings.Join(v.Breaks, " or @"), "--report-dir", t.TempDir(), "--target", url)
	assert.Equal(t, exitNotCertified, code)
	for _, id := range v.Breaks {
		assert.Regexp(t, id+`\s+\w+\s+messenger\s+FAIL`, out)
	}
}

func TestNothingListeningExitsThreeWithinSeconds(t *testing.T) {
	start := time.Now()
	code, _, errOut := hutong(t, "certify", "--quiet", "--report-dir", t.TempDir(), "--target", "http://127.0.0.1:1/iti/v1")
	assert.Equal(t, exitUntestable, code)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Contains(t, errOut, "could not be tested")
	assert.Contains(t, errOut, "nothing accepts connections at that address")
}

func TestSilentImplementationExitsThreeWithinTheTimeout(t *testing.T) {
	// A listener that never accepts: connections complete in the kernel's
	// backlog, and no answer ever comes.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	start := time.Now()
	code, _, errOut := hutong(t, "certify", "--quiet", "--timeout", "1s", "--connect-timeout", "500ms", "--report-dir", t.TempDir(), "--target", "http://"+ln.Addr().String()+"/iti/v1")
	assert.Equal(t, exitUntestable, code)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Contains(t, errOut, "timed out")
}

func TestInsecureSkipVerifyWarnsLoudly(t *testing.T) {
	ref, err := reference.New(reference.Options{})
	require.NoError(t, err)
	srv := httptest.NewTLSServer(ref)
	defer srv.Close()
	dir := t.TempDir()
	// The warning is the target's, whatever is tested: one requirement will
	// do.
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-01", "--insecure-skip-verify", "--report-dir", dir, "--target", srv.URL+"/iti/v1")
	assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, errOut, "!!! WARNING: TLS certificate verification of the implementation was OFF")
	assert.Contains(t, out, "WARNING: TLS certificate verification")
}

func TestBlackBoxUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"certify", "--target", "http://"}, "give the implementation's ITI root"},
		{[]string{"certify", "--target", "http://iut.test/iti/v1"}, "mock network's"},
		{[]string{"certify", "--target", "http://127.0.0.1:1/iti/v1", "--mock-base-url", "ftp://x"}, "--mock-base-url"},
		{[]string{"certify", "--target", "http://127.0.0.1:1/iti/v1", "--mock-listen", "nonsense"}, "--mock-listen"},
		{[]string{"certify", "--target", "http://127.0.0.1:1/iti/v1", "--client-key", "k.pem"}, "go together"},
		{[]string{"serve"}, "say what to serve"},
		{[]string{"serve", "nonsense"}, "unknown thing to serve"},
		{[]string{"serve", "reference", "--violate", "nope"}, `unknown violation switch "nope"`},
		{[]string{"serve", "reference", "--listen", "nonsense"}, "--listen"},
	} {
		args := c.args
		if args[0] == "certify" {
			args = append(args, "--report-dir", t.TempDir())
		}
		code, _, errOut := hutong(t, args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Contains(t, errOut, c.want, "%v", c.args)
	}
}

func TestInterruptedRunExitsThreeAndReportsSay(t *testing.T) {
	ref, err := reference.New(reference.Options{})
	require.NoError(t, err)
	// Discovery answers; every session hangs until the harness gives up.
	// The interrupt comes with the first session asked for, not after a
	// time: on a loaded machine discovery alone can take longer than any
	// fixed wait, and an interrupt before the scenarios is another case.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var interrupt sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/iti/v1/sessions" {
			io.Copy(io.Discard, r.Body)
			interrupt.Do(func() { time.AfterFunc(50*time.Millisecond, cancel) })
			<-r.Context().Done()
			return
		}
		ref.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	start := time.Now()
	code := certifyContext(ctx, []string{"--quiet", "--timeout", "1m", "--report-dir", dir, "--target", srv.URL + "/iti/v1"}, &out, &errb)
	assert.Equal(t, exitUntestable, code, "stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	assert.Less(t, time.Since(start), 15*time.Second)
	assert.Contains(t, out.String(), "INTERRUPTED")
	assert.Contains(t, errb.String(), "interrupted")
	x, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	require.NoError(t, err)
	assert.Contains(t, string(x), `<property name="interrupted" value="true">`)
	assert.Contains(t, string(x), `<property name="certified" value="false">`)
}
