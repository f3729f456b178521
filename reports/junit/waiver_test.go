package junit

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// A waived failure is reported as skipped with the waiver, not as a failure,
// so CI does not fail a run that certified; it still validates.
func TestWaivedFailureIsSkippedWithTheWaiver(t *testing.T) {
	run := sampleRun()
	w := &result.Waiver{Requirement: "LINK-02", Reason: "fix in 4.2", Approver: "Li Wei", Expires: "2099-12-31", Status: result.WaiverApplied}
	run.Requirements = []*result.RequirementResult{{Requirement: &requirement.Requirement{ID: "LINK-02", Level: requirement.Must}, Verdict: result.Waived, Waiver: w}}
	var b bytes.Buffer
	require.NoError(t, Write(&b, run))
	var p struct {
		Suites []struct {
			Failures int `xml:"failures,attr"`
			Skipped  int `xml:"skipped,attr"`
			Props    []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(b.Bytes(), &p))
	s := p.Suites[0]
	assert.Equal(t, 0, s.Failures)
	assert.Equal(t, 1, s.Skipped)
	require.NotNil(t, s.Cases[1].Skipped)
	assert.Contains(t, s.Cases[1].Skipped.Message, "WAIVED by Li Wei until 2099-12-31")
	assert.Contains(t, s.Cases[1].Skipped.Message, "it broke")
	found := false
	for _, pr := range s.Props {
		found = found || (pr.Name == "waived" && pr.Value == "LINK-02")
	}
	assert.True(t, found, "the suite lists the waived requirements")

	xsd, err := filepath.Abs("../../../shared/schemas/JUnit.xsd")
	require.NoError(t, err)
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed; .ci/run installs libxml2-utils")
		}
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	f := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, os.WriteFile(f, b.Bytes(), 0o644))
	out, err := exec.Command(xmllint, "--noout", "--schema", xsd, f).CombinedOutput()
	assert.NoError(t, err, "xmllint: %s", out)
}
