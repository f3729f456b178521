package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hutong(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// shared is a directory for what tests share, removed when they are done.
var shared string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hutong-cmd-test-")
	if err != nil {
		panic(err)
	}
	shared = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// invocation is one run of hutong and what it answered.
type invocation struct {
	code     int
	out, err string
}

func invoke(args ...string) invocation {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return invocation{code, out.String(), errb.String()}
}

// signedCertification is 'hutong keygen' then a 'hutong certify --sign-key'
// of the embedded reference claiming the messenger alone: run once (under
// -race a certification takes seconds) for the test of certify's output and
// reports and the test that verifies the certificate. Signing changes only
// certificate.json; the run and every other report are a plain certify's.
// One role is a certification as much as four are (it is CERTIFIED, at
// certification depth), for about a seventh of the whole reference's CPU
// under -race; that every requirement certifies is internal/runner's to
// show.
type signedCertification struct {
	keygen, certify invocation
	// key is the key pair's path prefix (.key, .pub); reports the
	// directory certify wrote.
	key, reports string
}

var (
	signedOnce sync.Once
	signed     signedCertification
)

func certifiedAndSigned(t *testing.T) signedCertification {
	t.Helper()
	signedOnce.Do(func() {
		dir := filepath.Join(shared, "signed")
		signed.key = filepath.Join(dir, "signing")
		signed.reports = filepath.Join(dir, "r")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			panic(err)
		}
		signed.keygen = invoke("keygen", "--out", signed.key)
		signed.certify = invoke("certify", "--quiet", "--sign-key", signed.key+".key", "--report-dir", signed.reports, "--target", "builtin:reference?roles=messenger")
	})
	require.Equal(t, 0, signed.keygen.code, signed.keygen.err)
	return signed
}

func TestCertifyReferenceExitsZeroAndWritesReports(t *testing.T) {
	c := certifiedAndSigned(t)
	dir, code, out, errOut := c.reports, c.certify.code, c.certify.out, c.certify.err
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	for _, id := range []string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-06"} {
		assert.Regexp(t, id+`\s+(MUST|SHOULD)\s+messenger\s+PASS`, out)
	}
	assert.Contains(t, out, "CERTIFIED")
	for _, f := range []string{"junit.xml", "cucumber.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.NotEmpty(t, b)
	}
}

// The tests of a switch's exit code and output certify the role the switch
// breaks (--roles): the exit code follows the verdicts of the roles tested,
// and the other roles' scenarios would only pass, slowly. Where a test
// names the verdicts it reads, it runs only their requirements (--tags):
// the requirement the switch breaks and one it leaves passing.

func TestCertifyViolationExitsOneNamingTheFailures(t *testing.T) {
	code, out, _ := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-01 or @LINK-06", "--report-dir", t.TempDir(), "--target", "builtin:reference?violate=no-report")
	assert.Equal(t, exitNotCertified, code)
	assert.Regexp(t, `LINK-06\s+SHOULD\s+messenger\s+FAIL`, out)
	assert.Regexp(t, `LINK-01\s+MUST\s+messenger\s+PASS`, out)
	assert.Contains(t, out, "not offered a way to report")

	// --fail-on must: a SHOULD failure alone is no bar (the run is partial
	// here, at quick depth: "certified with findings" at a certification's
	// depth is the decision's, model/result and reports/html show it).
	code, out, _ = hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-01 or @LINK-06", "--fail-on", "must", "--report-dir", t.TempDir(), "--target", "builtin:reference?violate=no-report")
	assert.Equal(t, exitOK, code)
	assert.Regexp(t, `LINK-06\s+SHOULD\s+messenger\s+FAIL`, out)
	assert.Contains(t, out, "PARTIAL")
}

func TestUsageErrorsExitTwoAndSayWhatIsAccepted(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"certify", "--target", "builtin:nonsense"}, []string{`unknown built-in target "builtin:nonsense"`, "builtin:reference"}},
		{[]string{"certify", "--target", "builtin:reference?violate=nope"}, []string{`unknown violation switch "nope"`, "rival-links-blocked"}},
		{[]string{"certify", "--roles", "cashier"}, []string{`unknown role "cashier"`, "messenger"}},
		{[]string{"certify", "--tags", "@LINK-01 &&"}, []string{`a tag is missing at the end`}},
		{[]string{"certify", "--seed", "abc"}, []string{`--seed "abc"`}},
		{[]string{"certify", "--fail-on", "may"}, []string{`accepted values are 'must' and 'should'`}},
		{[]string{"certify", "--depth", "deep"}, []string{`--depth "deep"`, `"certification"`, `"quick"`}},
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`, "certify"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			args := append(c.args, "--report-dir", t.TempDir())
			if c.args[0] != "certify" {
				args = c.args
			}
			code, _, errOut := hutong(t, args...)
			assert.Equal(t, exitUsage, code)
			for _, w := range c.want {
				assert.Contains(t, errOut, w)
			}
		})
	}
}

func TestPartialRunSaysSo(t *testing.T) {
	code, out, _ := hutong(t, "certify", "--quiet", "--tags", "@LINK-04", "--report-dir", t.TempDir())
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "PARTIAL — not a certification")
	assert.Regexp(t, `LINK-01\s+MUST\s+messenger\s+NOT RUN`, out)

	// A quick run is partial too, and says why.
	code, out, _ = hutong(t, "certify", "--quiet", "--depth", "quick", "--tags", "@LINK-04", "--report-dir", t.TempDir())
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "few cases were drawn of each requirement (--depth quick)")
}

func TestHelp(t *testing.T) {
	code, out, _ := hutong(t, "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Exit codes")
	code, _, errOut := hutong(t, "certify", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "--target")
	assert.Contains(t, errOut, "violate=")
	code, out, _ = hutong(t, "violations")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "no-report")
}
