package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// interruptAfterFirst sends the process SIGINT, as Ctrl-C does, when the
// first scenario's progress line is written.
type interruptAfterFirst struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	sent bool
}

func (w *interruptAfterFirst) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.sent && bytes.HasPrefix(p, []byte("[")) {
		w.sent = true
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		// Give the signal time to reach certify's context before the run
		// can finish.
		time.Sleep(200 * time.Millisecond)
	}
	return w.buf.Write(p)
}

func TestCtrlCLeavesReportsMarkedIncompleteAndNoCertifiedCertificate(t *testing.T) {
	// Keep SIGINT from ending the test binary if it arrives after certify
	// stopped listening.
	guard := make(chan os.Signal, 1)
	signal.Notify(guard, os.Interrupt)
	defer signal.Stop(guard)

	dir := t.TempDir()
	out := &interruptAfterFirst{}
	var errb bytes.Buffer
	code := run([]string{"certify", "--concurrency", "1", "--report-dir", dir}, out, &errb)
	require.True(t, out.sent, "no progress line was written")
	assert.Equal(t, exitUntestable, code, "stdout:\n%s\nstderr:\n%s", out.buf.String(), errb.String())
	assert.Contains(t, out.buf.String(), "INTERRUPTED")

	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err, name)
		return string(b)
	}
	var cert struct {
		Certified   bool     `json:"certified"`
		Interrupted bool     `json:"interrupted"`
		Because     []string `json:"not_certified_because"`
	}
	require.NoError(t, json.Unmarshal([]byte(read("certificate.json")), &cert))
	assert.False(t, cert.Certified)
	assert.True(t, cert.Interrupted)
	assert.Contains(t, cert.Because, "the run was interrupted before it finished")

	page := read("report.html")
	assert.Contains(t, page, `id="interrupted"`)
	assert.Contains(t, page, `class="k-interrupted"`)
	assert.Contains(t, read("junit.xml"), `<property name="interrupted" value="true">`)
	cuc := read("cucumber.json")
	assert.Contains(t, cuc, "@hutong:interrupted-incomplete")
	assert.True(t, strings.Contains(cuc, "INTERRUPTED"))
}

func TestPartialRunIsVisibleInEveryReport(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := hutong(t, "certify", "--quiet", "--depth", "quick", "--tags", "@LINK-04", "--report-dir", dir)
	require.Equal(t, exitOK, code, out)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err, name)
		return string(b)
	}
	assert.Contains(t, read("junit.xml"), `<property name="partial" value="true">`)
	assert.Contains(t, read("cucumber.json"), "@hutong:partial-not-a-certification")
	assert.Contains(t, read("report.html"), `id="partial"`)
	var cert struct {
		Certified bool     `json:"certified"`
		Partial   bool     `json:"partial"`
		Because   []string `json:"not_certified_because"`
	}
	require.NoError(t, json.Unmarshal([]byte(read("certificate.json")), &cert))
	assert.False(t, cert.Certified)
	assert.True(t, cert.Partial)
	assert.Contains(t, strings.Join(cert.Because, "\n"), "partial")
}
