// Package pythonmessenger_test certifies examples/python-messenger, a
// messenger written in Python from docs/implementers-guide.md, as a black
// box: the guide must be enough to build an implementation hutong
// certifies, and this test proves it on every `make test`.
package pythonmessenger_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
)

// needPython returns python3's path. Where it is missing the test fails in
// CI, whose .ci/run installs it, and is skipped elsewhere (the pattern of
// barcode/zbar.Need).
func needPython(t *testing.T) string {
	t.Helper()
	exe, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is not on PATH; CI must install it (.ci/run does: apt-get install -y python3)")
		}
		t.Skip("python3 not on PATH; install it to certify the Python example messenger")
	}
	return exe
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listening = regexp.MustCompile(`^listening on (\S+:\d+)$`)

// startMessenger runs messenger.py on a free port until the test ends and
// returns the address it listens on.
func startMessenger(t *testing.T) string {
	t.Helper()
	cmd := exec.Command(needPython(t), "-u", "messenger.py", "--port", "0")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			t.Errorf("messenger.py (pid %d) did not exit after being killed", cmd.Process.Pid)
		}
		if t.Failed() {
			t.Logf("messenger.py stderr:\n%s", stderr.String())
		}
	})

	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			first <- sc.Text()
		}
		close(first)
		for sc.Scan() { // keep the pipe drained
		}
	}()
	select {
	case line, ok := <-first:
		m := listening.FindStringSubmatch(line)
		require.True(t, ok && m != nil, "messenger.py's first line should be \"listening on HOST:PORT\", got %q; stderr:\n%s", line, stderr.String())
		return m[1]
	case <-exited:
		t.Fatalf("messenger.py exited before listening; stderr:\n%s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatalf("messenger.py printed no \"listening on\" line within 10 s; stderr:\n%s", stderr.String())
	}
	return ""
}

// TestPythonMessengerIsCertified runs the whole messenger role against the
// Python example through the mock network's real listener and proxy, and
// requires a plain certification: every LINK requirement passed.
func TestPythonMessengerIsCertified(t *testing.T) {
	addr := startMessenger(t)
	tg, err := target.ResolveWith("http://"+addr+"/iti/v1", target.Options{})
	require.NoError(t, err)
	defer func() { assert.NoError(t, tg.Close()) }()

	start := time.Now()
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Roles: []string{"messenger"}, Concurrency: 4, Seed: 20210917, Timeout: 10 * time.Second})
	require.NoError(t, err)
	t.Logf("certified the Python messenger in %s (%d scenarios)", time.Since(start).Round(time.Millisecond), len(run.Scenarios))

	for _, s := range run.Scenarios {
		assert.Equal(t, result.Passed, s.Status, "%s %q: %s", s.Requirement, s.Name, s.Failure)
	}
	var links []string
	for _, q := range run.Requirements {
		if strings.HasPrefix(q.Requirement.ID, "LINK-") {
			links = append(links, q.Requirement.ID)
			assert.Equal(t, result.Pass, q.Verdict, "%s: %s", q.Requirement.ID, q.Reason)
		}
	}
	assert.Len(t, links, 7, "the messenger role is LINK-01..07; judged: %v", links)
	// The example offers chats only and says nothing of other surfaces:
	// LINK-07 is judged on a one-to-one chat, and its evidence says so.
	chatsOnly := false
	for _, s := range run.Scenarios {
		for _, n := range s.Notes {
			chatsOnly = chatsOnly || (s.Requirement == "LINK-07" && n.Title == "Chats only")
		}
	}
	assert.True(t, chatsOnly, "LINK-07's evidence does not say it was judged on chats only")
	assert.Equal(t, result.Certified, run.Decision, "%s; %v", run.Summary, run.Reasons)
	assert.True(t, run.Certified)
	assert.Equal(t, []string{"messenger"}, run.Implementation.Roles)
	// The contract check ('hutong iti check') passes too: every answer
	// matches the description's schemas and no call failed.
	assert.Empty(t, run.ContractFindings, "answers departing from openapi.yaml")
	assert.Empty(t, run.FailedCalls, "ITI calls that failed")

	// The example reached the mocks the way the guide says: through the
	// session's proxy, credential included. Only the implementation fetches
	// the malicious-link list, and the list's mock saw those fetches.
	fetched, refused := 0, 0
	for _, s := range run.Scenarios {
		for _, x := range s.Evidence {
			if x.From == "implementation" && strings.HasSuffix(x.URL, "/list.json") && x.Status == 200 {
				fetched++
			}
		}
		for _, n := range s.Notes {
			if strings.Contains(n.Title, "refused") {
				refused++
			}
		}
	}
	assert.Positive(t, fetched, "the example never fetched the malicious-link list through the mock network")
	assert.Zero(t, refused, "the mock network refused requests of the example")
}

// TestPythonMessengerAnswersLikeTheGuide spot-checks the answers the guide
// prescribes beyond what the requirements judge: discovery with and
// without the trailing slash, problem details, a closed session.
func TestPythonMessengerAnswersLikeTheGuide(t *testing.T) {
	addr := startMessenger(t)
	base := "http://" + addr + "/iti/v1"
	for _, c := range []struct {
		method, path, body string
		status             int
		contentType        string
	}{
		{"GET", "", "", 200, "application/json"},
		{"GET", "/", "", 200, "application/json"},
		{"POST", "/sessions", `{"label": "x", "network": {"proxy_url": "ftp://nowhere"}}`, 400, "application/problem+json"},
		{"POST", "/sessions", `not json`, 400, "application/problem+json"},
		{"DELETE", "/sessions/nope", "", 404, "application/problem+json"},
		{"GET", "/sessions/nope/messenger/reports", "", 404, "application/problem+json"},
	} {
		code, ct := call(t, c.method, base+c.path, c.body)
		assert.Equal(t, c.status, code, "%s %s", c.method, c.path)
		assert.True(t, strings.HasPrefix(ct, c.contentType), "%s %s: content type %q", c.method, c.path, ct)
	}
}

func call(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	c := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	require.NoError(t, err, "%s %s", method, url)
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type")
}
