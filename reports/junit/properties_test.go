package junit

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
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

// The run's properties say what the implementation announced at discovery,
// and say "none" rather than leave it out when it announced nothing.
func TestPropertiesRecordWhatWasAnnounced(t *testing.T) {
	run := sampleRun()
	run.Implementation.Capabilities = []string{"logistics", "pages"}
	run.Implementation.Surfaces = []string{"article_ad", "short_video"}
	var b bytes.Buffer
	require.NoError(t, Write(&b, run))
	assert.Contains(t, b.String(), `<property name="capabilities" value="logistics,pages"></property>`)
	assert.Contains(t, b.String(), `<property name="surfaces" value="article_ad,short_video"></property>`)

	run.Implementation.Capabilities, run.Implementation.Surfaces = nil, nil
	b.Reset()
	require.NoError(t, Write(&b, run))
	assert.Contains(t, b.String(), `<property name="capabilities" value="none"></property>`)
	assert.Contains(t, b.String(), `<property name="surfaces" value="none"></property>`)
}

// A failed scenario's failure text names who failed and the exchange that
// shows it; a passed one says nothing of the kind.
func TestFailureTextNamesWhoFailed(t *testing.T) {
	run := sampleRun()
	failed := run.Scenarios[1]
	failed.Evidence = []evidence.Exchange{{From: "implementation", To: "rival-pay wallet", Method: "POST", URL: "https://pay.rival-pay.z1.test/handoffs", Status: 500}}
	failed.Responsible = &result.Responsibility{Party: result.PartyCounterparty, Exchange: 0, Why: "rival-pay wallet, a counterparty the harness plays, answered 500"}
	var b bytes.Buffer
	require.NoError(t, Write(&b, run))
	out := b.String()
	assert.Contains(t, out, "who failed: counterparty — rival-pay wallet, a counterparty the harness plays, answered 500&#xA;")
	assert.Contains(t, out, "shown by: implementation → rival-pay wallet POST https://pay.rival-pay.z1.test/handoffs: 500&#xA;")
	assert.Equal(t, 1, strings.Count(out, "who failed:"))
}
