package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
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

func TestCertifyReferenceExitsZeroAndWritesReports(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := hutong(t, "certify", "--quiet", "--report-dir", dir)
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

func TestCertifyViolationExitsOneNamingTheFailures(t *testing.T) {
	code, out, _ := hutong(t, "certify", "--quiet", "--report-dir", t.TempDir(), "--target", "builtin:reference?violate=no-report")
	assert.Equal(t, exitNotCertified, code)
	assert.Regexp(t, `LINK-06\s+SHOULD\s+messenger\s+FAIL`, out)
	assert.Regexp(t, `LINK-01\s+MUST\s+messenger\s+PASS`, out)
	assert.Contains(t, out, "not offered a way to report")

	// --fail-on must: a SHOULD failure alone still certifies.
	code, out, _ = hutong(t, "certify", "--quiet", "--fail-on", "must", "--report-dir", t.TempDir(), "--target", "builtin:reference?violate=no-report")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "CERTIFIED with findings")
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
