package waiver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Add(15 * time.Hour)
}

func run() *result.Run {
	must := &requirement.Requirement{ID: "LINK-01", Level: requirement.Must}
	should := &requirement.Requirement{ID: "LINK-06", Level: requirement.Should}
	r := &result.Run{Scenarios: []*result.Scenario{
		{Requirement: "LINK-01", Status: result.Failed, Failure: "blocked"},
		{Requirement: "LINK-06", Status: result.Passed},
	}}
	r.Judge([]*requirement.Requirement{must, should})
	return r
}

func parse(t *testing.T, s string) []Waiver {
	t.Helper()
	ws, err := Parse("w.json", []byte(s))
	require.NoError(t, err)
	return ws
}

func TestWaivedMustFailureCertifiesAndIsListed(t *testing.T) {
	r := run()
	require.False(t, r.Certified)
	Apply(r, parse(t, `[{"requirement":"LINK-01","reason":"fix ships in 4.2","approver":"Li Wei","expires":"2026-12-31"},
		{"requirement":"LINK-06","reason":"x","approver":"y","expires":"2026-12-31"}]`), day("2026-12-31"))
	assert.True(t, r.Certified, r.Summary)
	assert.Equal(t, result.Waived, r.Requirements[0].Verdict)
	require.NotNil(t, r.Requirements[0].Waiver)
	assert.Contains(t, r.Requirements[0].Reason, "waived by Li Wei until 2026-12-31")
	assert.Contains(t, r.Requirements[0].Reason, "blocked")
	assert.Contains(t, r.Summary, "1 requirement(s) waived")
	require.Len(t, r.Waivers, 2)
	assert.Equal(t, result.WaiverApplied, r.Waivers[0].Status)
	assert.Equal(t, result.WaiverUnused, r.Waivers[1].Status, "LINK-06 passed, so its waiver was not needed")
}

func TestExpiredWaiverIsIgnoredAndReported(t *testing.T) {
	r := run()
	Apply(r, parse(t, `[{"requirement":"LINK-01","reason":"r","approver":"Li Wei","expires":"2026-12-31"}]`), day("2027-01-01"))
	assert.False(t, r.Certified)
	assert.Equal(t, result.Fail, r.Requirements[0].Verdict)
	assert.Equal(t, result.WaiverExpired, r.Waivers[0].Status)
	assert.Contains(t, r.Requirements[0].Reason, "expired on 2026-12-31")
}

func TestBadFilesAreNamedErrors(t *testing.T) {
	for in, want := range map[string]string{
		`{`: "w.json: not a JSON array",
		`[{"requirement":"LINK-01","reason":"r","approver":"a","expires":"31/12/2026"}]`:          `w.json: waiver 1 (LINK-01): expires "31/12/2026" is not a date`,
		`[{"requirement":"LINK-01","reason":"","approver":"a","expires":"2026-12-31"}]`:           `"reason" is missing`,
		`[{"requirement":"LINK-01","reason":"r","approver":"a","expires":"2026-12-31","by":"x"}]`: `unknown field "by"`,
		`[{"requirement":"LINK-01","reason":"r","approver":"a","expires":"2026-12-31"},
		  {"requirement":"LINK-01","reason":"r","approver":"a","expires":"2026-12-31"}]`: "a second waiver for LINK-01",
	} {
		_, err := Parse("w.json", []byte(in))
		assert.ErrorContains(t, err, want, in)
	}
}

func TestWaiverForAnUnknownRequirementIsAnError(t *testing.T) {
	set := &requirement.Set{Requirements: []*requirement.Requirement{{ID: "LINK-01"}}}
	err := Check(parse(t, `[{"requirement":"LINK-99","reason":"r","approver":"a","expires":"2026-12-31"}]`), set)
	assert.ErrorContains(t, err, "waiver for LINK-99: no such requirement (known: LINK-01)")
	assert.NoError(t, Check(parse(t, `[{"requirement":"LINK-01","reason":"r","approver":"a","expires":"2026-12-31"}]`), set))
}
