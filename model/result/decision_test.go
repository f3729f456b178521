package result

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
)

func req(id, level string) *requirement.Requirement {
	return &requirement.Requirement{ID: id, Level: level, Roles: []string{"messenger"}}
}

// scen is a scenario of requirement id that judged a certification's
// cases, so that a pass of it is deep enough to certify.
func scen(id string, st Status) *Scenario {
	return &Scenario{Requirement: id, Name: id + " scenario", Status: st, Failure: "why", Cases: make([]evidence.Case, CertificationCases)}
}

// shallowScen is scen judged on n cases.
func shallowScen(id string, st Status, n int) *Scenario {
	s := scen(id, st)
	s.Cases = s.Cases[:n]
	return s
}

// Every condition maps to one decision, and the reasons name each cause.
func TestDecideMakesOneDecisionWithEveryReason(t *testing.T) {
	reqs := []*requirement.Requirement{req("LINK-01", requirement.Must), req("LINK-06", requirement.Should)}
	cases := []struct {
		name    string
		prep    func(r *Run)
		scs     []*Scenario
		want    Decision
		reasons []string
		summary string
	}{
		{"all passed", nil, []*Scenario{scen("LINK-01", Passed), scen("LINK-06", Passed)}, Certified, nil, "CERTIFIED — every requirement passed"},
		{"should failed, fail on should", nil, []*Scenario{scen("LINK-01", Passed), scen("LINK-06", Failed)}, NotCertified,
			[]string{"SHOULD requirement LINK-06 failed, and the run fails on SHOULD"}, "NOT CERTIFIED — 0 MUST and 1 SHOULD"},
		{"should failed, fail on must", func(r *Run) { r.FailOn = requirement.Must }, []*Scenario{scen("LINK-01", Passed), scen("LINK-06", Failed)},
			CertifiedWithFindings, []string{"finding: SHOULD requirement LINK-06 failed"}, "CERTIFIED with findings"},
		{"must failed", nil, []*Scenario{scen("LINK-01", Failed), scen("LINK-06", Passed)}, NotCertified,
			[]string{"MUST requirement LINK-01 failed"}, "NOT CERTIFIED — 1 MUST"},
		{"must left out by a filter", nil, []*Scenario{scen("LINK-06", Passed)}, Partial,
			[]string{"MUST requirement LINK-01 was not run"}, "PARTIAL — not a certification: 1 MUST requirement(s)"},
		{"claimed role untested", func(r *Run) { r.RolesClaimed = []string{"messenger", "wallet"} },
			[]*Scenario{scen("LINK-01", Passed), scen("LINK-06", Passed)}, Partial,
			[]string{`claims the role "wallet", which was not tested`}, "claimed role(s) wallet not tested"},
		{"claimed role untested and a must failed", func(r *Run) { r.RolesClaimed = []string{"messenger", "wallet"} },
			[]*Scenario{scen("LINK-01", Failed), scen("LINK-06", Passed)}, NotCertified,
			[]string{"MUST requirement LINK-01 failed", `"wallet", which was not tested`}, "NOT CERTIFIED"},
		{"interrupted", func(r *Run) { r.Interrupted = true }, []*Scenario{scen("LINK-01", Passed), scen("LINK-06", NotRunStatus)}, NotTested,
			[]string{"interrupted"}, "INTERRUPTED"},
		{"implementation gone", func(r *Run) { r.Untestable = "it stopped answering after 10 scenarios" },
			[]*Scenario{scen("LINK-01", Failed), scen("LINK-06", NotRunStatus)}, NotTested,
			[]string{"could not be tested: it stopped answering", "MUST requirement LINK-01 failed"}, "COULD NOT BE TESTED"},
		{"quick depth", func(r *Run) { r.Depth = DepthQuick }, []*Scenario{scen("LINK-01", Passed), scen("LINK-06", Passed)}, Partial,
			[]string{"drew few cases of each requirement (--depth quick)"}, "PARTIAL — not a certification: few cases were drawn"},
		{"quick depth and a must failed", func(r *Run) { r.Depth = DepthQuick }, []*Scenario{scen("LINK-01", Failed), scen("LINK-06", Passed)}, NotCertified,
			[]string{"MUST requirement LINK-01 failed", "--depth quick"}, "NOT CERTIFIED — 1 MUST"},
		{"a must passed on too few cases", nil, []*Scenario{shallowScen("LINK-01", Passed, 43), scen("LINK-06", Passed)}, Partial,
			[]string{"MUST requirement LINK-01 passed on 43 case(s): a violation affecting 10 % of its cases would have shown with probability 98.92 %, short of the 99 % a certification needs"},
			"PARTIAL — not a certification: 1 MUST requirement(s) passed on too few cases to certify"},
		{"a should on few cases certifies", nil, []*Scenario{scen("LINK-01", Passed), shallowScen("LINK-06", Passed, 1)}, Certified, nil, "CERTIFIED"},
		{"a must on few cases that failed is a failure, not shallow", nil, []*Scenario{shallowScen("LINK-01", Failed, 1), scen("LINK-06", Passed)}, NotCertified,
			[]string{"MUST requirement LINK-01 failed"}, "NOT CERTIFIED — 1 MUST"},
		{"few cases at quick depth say quick, not shallow", func(r *Run) { r.Depth = DepthQuick }, []*Scenario{shallowScen("LINK-01", Passed, 3), scen("LINK-06", Passed)}, Partial,
			[]string{"--depth quick"}, "few cases were drawn of each requirement"},
		{"a shard", func(r *Run) { r.Shard = "2/3" }, []*Scenario{scen("LINK-06", Passed)}, Partial,
			[]string{"shard 2/3 is one slice"}, "SHARD 2/3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &Run{RolesClaimed: []string{"messenger"}, RolesTested: []string{"messenger"}, Scenarios: c.scs}
			if c.prep != nil {
				c.prep(r)
			}
			r.Judge(reqs)
			assert.Equal(t, c.want, r.Decision)
			assert.Equal(t, c.want.IsCertified(), r.Certified)
			all := strings.Join(r.Reasons, "\n")
			for _, want := range c.reasons {
				assert.Contains(t, all, want)
			}
			if c.want == Certified {
				assert.Empty(t, r.Reasons)
			}
			assert.Contains(t, r.Summary, c.summary)
		})
	}
}

// A scenario that could not be run is not a failure of its requirement.
func TestNotRunScenariosNeverFailARequirement(t *testing.T) {
	v, why := verdict([]*Scenario{scen("LINK-01", Passed), scen("LINK-01", NotRunStatus)})
	assert.Equal(t, NotRun, v)
	assert.Contains(t, why, "1 of 2 scenario(s) could not be run")

	v, why = verdict([]*Scenario{scen("LINK-01", NotRunStatus), {Requirement: "LINK-01", Name: "b", Status: Failed, Failure: "blocked"}})
	assert.Equal(t, Fail, v)
	assert.Contains(t, why, `first: "b": blocked`)
}

func TestPowerIsStatedFromTheCasesJudged(t *testing.T) {
	assert.Equal(t, "no case judged", Power(0))
	assert.Contains(t, Power(1), "probability 10 %")
	assert.Contains(t, Power(44), "probability 99.03 %")
	assert.Contains(t, Power(43), "probability 98.92 %", "rounded down, never up to the 99 % it misses")
	assert.Contains(t, Power(29), "probability 95.28 %")
	assert.Contains(t, Power(22), "probability 90 %", "90.15 %, rounded down")
	assert.Contains(t, Power(200), "> 99.99 %")
	r := &Run{Scenarios: []*Scenario{
		{Requirement: "SEC-01", Status: Passed, Cases: []evidence.Case{{Kind: evidence.CaseThreat, Held: true}, {Kind: evidence.CaseThreat, Held: true}, {Kind: evidence.CaseSample, Held: true}}},
		{Requirement: "SEC-01", Status: Passed},
		{Requirement: "SEC-01", Status: NotRunStatus},
	}}
	r.Judge([]*requirement.Requirement{req("SEC-01", requirement.Must)})
	assert.Equal(t, 4, r.Requirements[0].Cases)
	assert.Equal(t, 2, r.Requirements[0].Threats)
	assert.Contains(t, r.Requirements[0].Power, "4 case(s)")
}
