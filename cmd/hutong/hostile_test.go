package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/reference"
)

// hostile serves the reference black-box with its discovery answer changed
// by edit (nil: as it is), and stops answering altogether, as a crashed
// implementation would, after stopAfter ITI calls (0: never).
func hostile(t *testing.T, edit func(d map[string]any), stopAfter int64) string {
	t.Helper()
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client})
	require.NoError(t, err)
	var calls atomic.Int64
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if stopAfter > 0 && n == stopAfter {
			go srv.Close()
		}
		if stopAfter > 0 && n >= stopAfter {
			hj, ok := w.(http.Hijacker)
			if ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
				}
			}
			return
		}
		if edit != nil && r.Method == http.MethodGet && strings.TrimSuffix(r.URL.Path, "/") == "/iti/v1" {
			rec := httptest.NewRecorder()
			ref.ServeHTTP(rec, r)
			var d map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &d))
			edit(d)
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(d)
			return
		}
		ref.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		srv.Close()
		client.CloseIdleConnections()
	})
	return srv.URL + "/iti/v1"
}

func readReport(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err, name)
	return string(b)
}

// Claimed roles left untested make the run partial, and every output says
// so alike: the exit code, the terminal, each report, the certificate. The
// roles left out are the point, not what is run of the one tested: LINK-01
// will do.
func TestClaimedRolesUntestedArePartialEverywhere(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-01", "--report-dir", dir)
	require.Equal(t, exitOK, code, "nothing failed in a partial run: %s%s", out, errOut)
	assert.Contains(t, out, "PARTIAL — not a certification")
	assert.Contains(t, out, "claimed role(s) platform, acquirer, wallet not tested")
	assert.NotContains(t, out, "CERTIFIED —")
	var cert struct {
		Decision  string   `json:"decision"`
		Certified bool     `json:"certified"`
		Summary   string   `json:"summary"`
		Because   []string `json:"not_certified_because"`
	}
	require.NoError(t, json.Unmarshal([]byte(readReport(t, dir, "certificate.json")), &cert))
	assert.Equal(t, "partial", cert.Decision)
	assert.False(t, cert.Certified)
	assert.Contains(t, out, cert.Summary, "the terminal and the certificate say the same")
	assert.Contains(t, strings.Join(cert.Because, "\n"), `claims the role "wallet", which was not tested`)
	assert.Contains(t, readReport(t, dir, "junit.xml"), `<property name="decision" value="partial">`)
	assert.Contains(t, readReport(t, dir, "cucumber.json"), "@hutong:partial-not-a-certification")
	html := readReport(t, dir, "report.html")
	assert.Contains(t, html, `id="partial"`)
	assert.NotContains(t, html, `class="k-certified"`)
}

// A filter that selects nothing is the user's mistake, named as such.
func TestFilterSelectingNothingIsAUsageError(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--tags", "@NOPE-99"}, `--tags "@NOPE-99" selects no scenario`},
		{[]string{"--tags", "@link-01"}, "did you mean @LINK-01?"},
		{[]string{"--roles", "messenger", "--tags", "@LINK-99"}, "selects no scenario of the roles tested (messenger)"},
		{[]string{"--roles", "wallet", "--tags", "@LINK-01"}, "selects no scenario"},
	} {
		code, _, errOut := hutong(t, append([]string{"certify", "--quiet", "--report-dir", t.TempDir()}, c.args...)...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Contains(t, errOut, c.want, "%v", c.args)
	}
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--report-dir", t.TempDir(), "--tags", "(@LINK-01 or @LINK-04) and not @should")
	require.Equal(t, exitOK, code, out+errOut)
	assert.Regexp(t, `LINK-01\s+MUST\s+messenger\s+PASS`, out)
	assert.Regexp(t, `LINK-02\s+MUST\s+messenger\s+NOT RUN`, out)
}

// Claiming only roles the harness does not know breaks the contract at
// discovery: the implementation could not be tested (3), not a usage error.
func TestUnknownClaimedRolesAreTheImplementationsFault(t *testing.T) {
	url := hostile(t, func(d map[string]any) { d["roles"] = []string{"cashier"} }, 0)
	code, _, errOut := hutong(t, "certify", "--quiet", "--report-dir", t.TempDir(), "--target", url)
	assert.Equal(t, exitUntestable, code, errOut)
	assert.Contains(t, errOut, "claims no role this harness tests")

	url = hostile(t, func(d map[string]any) { d["roles"] = []string{"messenger", "cashier"} }, 0)
	dir := t.TempDir()
	// The role claimed and unknown is the point: LINK-01 of the known one
	// will do.
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--tags", "@LINK-01", "--report-dir", dir, "--target", url)
	assert.Equal(t, exitOK, code, out+errOut)
	assert.Contains(t, out, "PARTIAL")
	assert.Contains(t, readReport(t, dir, "certificate.json"), `claims the role \"cashier\", which was not tested`)
}

// An implementation's name cannot repaint the terminal of whoever runs or
// verifies the certification. The name is the run's, whatever is tested:
// one requirement will do.
func TestHostileIdentityIsShownNotObeyed(t *testing.T) {
	url := hostile(t, func(d map[string]any) {
		d["implementation"] = map[string]any{"name": "Acme\x1b[8m\x1b]0;owned\x07", "version": "1\r\nCertified: true", "vendor": "\u202eevil"}
		d["roles"] = []string{"messenger"}
	}, 0)
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--tags", "@LINK-01", "--report-dir", t.TempDir(), "--target", url)
	require.Equal(t, exitOK, code, out+errOut)
	for _, stream := range []string{out, errOut} {
		assert.NotContains(t, stream, "\x1b")
		assert.NotContains(t, stream, "\x07")
		assert.NotContains(t, stream, "\r")
		assert.NotContains(t, stream, "\u202e")
	}
	assert.Contains(t, out, `Acme\x1b[8m\x1b]0;owned\x07`)
	assert.Contains(t, out, `1\r\nCertified: true`)
}

// An implementation that stops answering mid-run could not be tested:
// exit 3, the scenarios it left are not run, and none is called failed.
func TestImplementationGoneMidRunExitsThree(t *testing.T) {
	url := hostile(t, nil, 30)
	dir := t.TempDir()
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--report-dir", dir, "--target", url, "--connect-timeout", "500ms")
	assert.Equal(t, exitUntestable, code, out+errOut)
	assert.Contains(t, out, "COULD NOT BE TESTED — the implementation stopped answering during the run")
	junit := readReport(t, dir, "junit.xml")
	assert.Contains(t, junit, "<skipped message=\"not run: the implementation stopped answering")
	assert.NotContains(t, out, "FAIL ", "no requirement is failed for the implementation's absence")
}

// Two runs never write into one report directory.
func TestTwoRunsNeverShareAReportDirectory(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockReportDir(dir)
	require.NoError(t, err)
	code, _, errOut := hutong(t, "certify", "--quiet", "--report-dir", dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "another hutong run is writing its reports into")
	unlock()
	code, _, _ = hutong(t, "certify", "--quiet", "--depth", "quick", "--report-dir", dir, "--tags", "@LINK-01")
	assert.Equal(t, exitOK, code, "the lock is released with the run that held it")
}

// The whole run has a deadline; reaching it is "could not be tested".
func TestRunTimeoutEndsTheRunWithExitThree(t *testing.T) {
	code, out, errOut := hutong(t, "certify", "--quiet", "--report-dir", t.TempDir(), "--run-timeout", "1ms")
	assert.Equal(t, exitUntestable, code, out+errOut)
	assert.Contains(t, out+errOut, "--run-timeout")
}

// Every flag has its HUTONG_ variable; the flag wins.
func TestFlagsFromTheEnvironment(t *testing.T) {
	t.Setenv("HUTONG_TAGS", "@NOPE-99")
	code, _, errOut := hutong(t, "certify", "--quiet", "--report-dir", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `"@NOPE-99" selects no scenario`)
	code, _, errOut = hutong(t, "certify", "--quiet", "--depth", "quick", "--report-dir", t.TempDir(), "--tags", "@LINK-01")
	assert.Equal(t, exitOK, code, errOut)
	t.Setenv("HUTONG_CONCURRENCY", "many")
	code, _, errOut = hutong(t, "certify", "--quiet")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `HUTONG_CONCURRENCY="many"`)
}

// 'hutong iti check' passes the reference and names what is wrong with an
// interface that answers off the description.
func TestITICheck(t *testing.T) {
	// The messenger and the platform, shared with
	// TestITICheckTriesWhatIsAnnounced.
	c := referenceCheck()
	code, out, errOut := c.code, c.out, c.err
	require.Equal(t, exitOK, code, out+errOut)
	assert.Contains(t, out, "The ITI answers as described")

	// A discovery answer the ITI's types cannot read: nothing to check.
	url := hostile(t, func(d map[string]any) {
		d["implementation"].(map[string]any)["version"] = 7 // a number where the schema says string
	}, 0)
	code, _, errOut = hutong(t, "iti", "check", "--target", url)
	assert.Equal(t, exitUntestable, code)
	assert.Contains(t, errOut, `field "implementation.version" should be string`)

	// 200 where 201 is specified, and a session answer with a member of the
	// wrong type beside the id: the call goes on, the check names both.
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/iti/v1/sessions" {
			rec := httptest.NewRecorder()
			ref.ServeHTTP(rec, r)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			w.Write(rec.Body.Bytes())
			return
		}
		ref.ServeHTTP(w, r)
	}))
	defer srv.Close()
	defer client.CloseIdleConnections()
	// Every session is opened the same way: LINK-01's will do.
	code, out, errOut = hutong(t, "iti", "check", "--roles", "messenger", "--tags", "@LINK-01", "--target", srv.URL+"/iti/v1")
	assert.Equal(t, exitNotCertified, code, out+errOut)
	assert.Contains(t, out, "CONTRACT PROBLEMS")
	assert.Contains(t, out, "POST /sessions: answered 200 OK where the contract specifies 201 Created")

	code, _, errOut = hutong(t, "iti", "nonsense")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "iti check --target URL")
}

// However many headers the implementation sends, what the harness keeps
// stays bounded: a run keeps at most evidence.RunLimit of exchanges (each
// scenario at most evidence.ScenarioLimit), and cucumber.json and
// report.html each carry them, so the reports of a messenger run whose every
// answer carries 60 KB of headers stay within twice the run's budget and
// what every scenario keeps besides (steps, notes, cases).
func TestHostileHeadersKeepTheReportsSmall(t *testing.T) {
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client})
	require.NoError(t, err)
	junk := strings.Repeat("x", 990)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 60; i++ {
			w.Header().Add("X-Junk-"+strings.Repeat("k", i%7)+string(rune('a'+i%26)), junk)
		}
		ref.ServeHTTP(w, r)
	}))
	defer srv.Close()
	defer client.CloseIdleConnections()
	dir := t.TempDir()
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--report-dir", dir, "--target", srv.URL+"/iti/v1")
	require.Equal(t, exitOK, code, out+errOut)
	total := int64(0)
	for _, name := range []string{"junit.xml", "cucumber.json", "report.html", "certificate.json"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		total += fi.Size()
		t.Logf("%s: %d KB", name, fi.Size()>>10)
	}
	assert.Less(t, total, int64(2*evidence.RunLimit+3<<20), "the reports of a hostile run stay a few MB")
}
