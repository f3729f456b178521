package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func waiversFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "waivers.json")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

// The certificate is certified only when every role the implementation
// claims was tested: the reference here claims the messenger alone, the role
// the switch breaks, and it is certified at certification depth.
func TestWaivedMustFailureCertifiesAndIsListedEverywhere(t *testing.T) {
	dir := t.TempDir()
	w := waiversFile(t, `[{"requirement": "LINK-01", "reason": "fix ships in 4.2", "approver": "Li Wei, compliance", "expires": "2099-12-31"}]`)
	code, out, _ := hutong(t, "certify", "--quiet", "--waivers", w, "--report-dir", dir, "--target", "builtin:reference?roles=messenger&violate=one-to-one-browser-only")
	assert.Equal(t, exitOK, code, out)
	assert.Regexp(t, `LINK-01\s+MUST\s+messenger\s+WAIVED`, out)
	assert.Contains(t, out, "LINK-01 APPLIED: by Li Wei, compliance until 2099-12-31")

	var cert struct {
		Certified bool `json:"certified"`
		Waivers   []struct {
			Requirement, Status string
		} `json:"waivers"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "certificate.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &cert))
	assert.True(t, cert.Certified)
	require.Len(t, cert.Waivers, 1)
	assert.Equal(t, "applied", cert.Waivers[0].Status)
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), `id="waivers"`)
	assert.Contains(t, string(page), "Li Wei, compliance")
	junitXML, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	require.NoError(t, err)
	assert.Contains(t, string(junitXML), "WAIVED by Li Wei")
}

// The switch breaks the messenger's LINK-06, whose run shows the waiver
// ignored: the waived requirement is the only one run.
func TestExpiredWaiverIsIgnored(t *testing.T) {
	w := waiversFile(t, `[{"requirement": "LINK-06", "reason": "r", "approver": "a", "expires": "2021-09-17"}]`)
	code, out, _ := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-06", "--waivers", w, "--report-dir", t.TempDir(), "--target", "builtin:reference?violate=no-report")
	assert.Equal(t, exitNotCertified, code)
	assert.Regexp(t, `LINK-06\s+SHOULD\s+messenger\s+FAIL`, out)
	assert.Contains(t, out, "LINK-06 EXPIRED")
}

func TestBadWaiversAreUsageErrors(t *testing.T) {
	for body, want := range map[string]string{
		`[{"requirement": "LINK-99", "reason": "r", "approver": "a", "expires": "2099-01-01"}]`: "LINK-99: no such requirement",
		`[{"requirement": "LINK-01"}]`: `"reason" is missing`,
		`not json`:                     "not a JSON array",
	} {
		code, _, errOut := hutong(t, "certify", "--quiet", "--waivers", waiversFile(t, body), "--report-dir", t.TempDir())
		assert.Equal(t, exitUsage, code, body)
		assert.Contains(t, errOut, want)
	}
	code, _, errOut := hutong(t, "certify", "--waivers", "/nonexistent/w.json", "--report-dir", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "/nonexistent/w.json")
}
