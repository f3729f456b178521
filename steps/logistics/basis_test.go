package logistics_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
)

// Each step of the LOG family that judges records what it judged on: the
// merchant's list, its fees and the consumer's view of a parcel are the
// platform's answers — declared; a booking is seen at the carrier the
// harness plays — an artefact. The steps that only set up or act judge
// nothing and record nothing, and each requirement rests on its weakest.
func TestEachLOGStepRecordsWhatItJudgedOn(t *testing.T) {
	tg, err := target.InProcess("test", nil)
	require.NoError(t, err)
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Roles: []string{"platform"}, Tags: "@LOG-01 or @LOG-02 or @LOG-03", Concurrency: 3, Seed: 7})
	require.NoError(t, err)
	require.Empty(t, run.Failed())
	want := map[string]string{
		"the platform offers its merchants a choice of carriers": "",
		"12 merchants each have an affiliated, a top and a tail carrier of their own connected, the three at one price, and a parcel to ship, price and weight drawn from the run's seed": "",
		"each merchant ships its parcel with every one of its carriers":                                                     "",
		"each carrier reports the parcel collected and then waiting at a pick-up station":                                   "",
		"every one of those carriers is among the carriers the merchant can pick for its parcel":                            evidence.Declared,
		"shipping the parcel with each of them books it with that carrier":                                                  evidence.Artefact,
		"every rival carrier is offered to the merchant for the same fees and the same total as the platform's own carrier": evidence.Declared,
		"the consumer is shown every tracking event of every carrier, under the carrier's waybill":                          evidence.Declared,
	}
	steps := 0
	for _, s := range run.Scenarios {
		for _, st := range s.Steps {
			b, known := want[st.Text]
			if assert.True(t, known, "%s: step %q", s.Requirement, st.Text) {
				assert.Equal(t, b, st.Basis, "%s: %q", s.Requirement, st.Text)
				steps++
			}
		}
	}
	assert.Positive(t, steps)
	judged := 0
	for _, q := range run.Requirements {
		if q.Verdict != result.NotRun {
			judged++
			assert.Equal(t, evidence.Declared, q.Basis, q.Requirement.ID)
		}
	}
	assert.Equal(t, 3, judged, "LOG-01..03")
}
