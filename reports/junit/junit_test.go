package junit

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/result"
)

func sampleRun() *result.Run {
	return &result.Run{
		Target: "builtin:reference", Seed: 1, Started: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC),
		Summary: "NOT CERTIFIED", RolesTested: []string{"messenger"},
		Warnings: []string{"TLS verification was <off> & \"recorded\""},
		Scenarios: []*result.Scenario{
			{Name: "passes", File: "links/links.feature", Line: 10, FeatureName: "Links", Requirement: "LINK-01", Level: "MUST", Status: result.Passed, Duration: time.Millisecond,
				Steps: []result.Step{{Keyword: "Given ", Text: "a", Status: result.Passed}}},
			{Name: "fails <&> \"quoted\"", File: "links/links.feature", Line: 20, FeatureName: "Links", Requirement: "LINK-02", Level: "MUST", Status: result.Failed, Failure: "it broke",
				Steps: []result.Step{{Keyword: "Then ", Text: "b", Status: result.Failed, Error: "it broke"}, {Keyword: "And ", Text: "c", Status: result.Skipped}}},
		},
	}
}

type parsed struct {
	Suites []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestWriteCountsScenariosNotSteps(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, sampleRun()))
	var p parsed
	require.NoError(t, xml.Unmarshal(b.Bytes(), &p))
	require.Len(t, p.Suites, 1)
	s := p.Suites[0]
	assert.Equal(t, 2, s.Tests)
	assert.Equal(t, 1, s.Failures)
	assert.Equal(t, 0, s.Errors, "a step skipped after a failure is not an error")
	assert.Equal(t, "hutong.links.LINK-02", s.Cases[1].Classname)
	require.NotNil(t, s.Cases[1].Failure)
	assert.Equal(t, "it broke", s.Cases[1].Failure.Message)
	assert.Nil(t, s.Cases[0].Failure)

	// The depth drawn is a property: a record from before depths reads as
	// certification depth, a quick run says so.
	assert.Contains(t, b.String(), `<property name="depth" value="certification">`)
	run := sampleRun()
	run.Depth = result.DepthQuick
	b.Reset()
	require.NoError(t, Write(&b, run))
	assert.Contains(t, b.String(), `<property name="depth" value="quick">`)
}

// TestValidatesAgainstSchema checks the output with xmllint against the
// strict Ant JUnit schema the project's users validate with.
func TestValidatesAgainstSchema(t *testing.T) {
	xsd, err := filepath.Abs("../../../shared/schemas/JUnit.xsd")
	require.NoError(t, err)
	if _, err := os.Stat(xsd); err != nil {
		t.Fatalf("the schema is not beside the project at %s: %v", xsd, err)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed; .ci/run installs libxml2-utils")
		}
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	var b bytes.Buffer
	require.NoError(t, Write(&b, sampleRun()))
	f := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, os.WriteFile(f, b.Bytes(), 0o644))
	out, err := exec.Command(xmllint, "--noout", "--schema", xsd, f).CombinedOutput()
	assert.NoError(t, err, "xmllint: %s", out)
}
