package junit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/result"
)

// A scenario the harness could not judge is skipped in JUnit, never a
// failure; and a run with no scenario still carries its properties.
func TestNotRunIsSkippedAndAnEmptyRunKeepsItsProperties(t *testing.T) {
	run := &result.Run{Started: time.Unix(0, 0), Summary: "INTERRUPTED", Decision: result.NotTested, Scenarios: []*result.Scenario{
		{File: "links/links.feature", FeatureName: "Links", Requirement: "LINK-01", Name: "a", Status: result.Passed},
		{File: "links/links.feature", FeatureName: "Links", Requirement: "LINK-02", Name: "b", Status: result.NotRunStatus, Failure: "not run: the run was interrupted"},
	}, ContractFindings: []string{"open a session (POST /sessions): answered 200 OK where the contract specifies 201 Created"}}
	var b bytes.Buffer
	require.NoError(t, Write(&b, run))
	out := b.String()
	assert.Contains(t, out, `failures="0"`)
	assert.Contains(t, out, `skipped="1"`)
	assert.Contains(t, out, `<skipped message="not run: the run was interrupted">`)
	assert.NotContains(t, out, "<failure")
	assert.Contains(t, out, `name="decision" value="could not be tested"`)
	assert.Contains(t, out, `name="contract_finding.1"`)

	b.Reset()
	require.NoError(t, Write(&b, &result.Run{Started: time.Unix(0, 0), Summary: "COULD NOT BE TESTED — gone", Decision: result.NotTested, Target: "http://x"}))
	out = b.String()
	assert.Equal(t, 1, strings.Count(out, "<testsuite "), out)
	assert.Contains(t, out, `name="target" value="http://x"`)
	assert.Contains(t, out, `name="verdict" value="COULD NOT BE TESTED — gone"`)
}
