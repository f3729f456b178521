package junit

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The run's properties name the requirement set's version next to its
// digest, and say so when the set has none.
func TestPropertiesRecordTheSetsVersion(t *testing.T) {
	run := sampleRun()
	run.RequirementSet = "ab12"
	run.RequirementSetVersion = "1.1.0+modified"
	var b bytes.Buffer
	require.NoError(t, Write(&b, run))
	assert.Regexp(t, `<property name="requirement_set_sha256" value="ab12"></property>\s*<property name="requirement_set_version" value="1\.1\.0\+modified"></property>`, b.String())

	run.RequirementSetVersion = ""
	b.Reset()
	require.NoError(t, Write(&b, run))
	assert.Contains(t, b.String(), `name="requirement_set_version" value="unversioned"`)
}
