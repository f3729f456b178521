package result

import (
	"fmt"
	"math"
	"sort"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
)

// Judge fills in requirement verdicts and the certification decision from the
// scenarios. reqs are the requirements of the roles tested; a requirement the
// filter left out stays "not run".
//
// The rules: a requirement passes when it ran and all its scenarios passed,
// and fails when any failed. The implementation is certified for the roles
// tested when every MUST requirement of those roles passed, nothing was left
// out, and the run was not interrupted.
func (r *Run) Judge(reqs []*requirement.Requirement) {
	byID := map[string][]*Scenario{}
	for _, s := range r.Scenarios {
		byID[s.Requirement] = append(byID[s.Requirement], s)
	}
	r.Requirements = nil
	r.Partial = false
	for _, q := range reqs {
		rr := &RequirementResult{Requirement: q, Scenarios: byID[q.ID]}
		rr.Verdict, rr.Reason = verdict(rr.Scenarios)
		rr.Cases, rr.Threats = countCases(rr.Scenarios)
		rr.Power = Power(rr.Cases)
		rr.Basis = basis(rr.Scenarios)
		if rr.Verdict == NotRun && q.Level == requirement.Must {
			r.Partial = true
		}
		r.Requirements = append(r.Requirements, rr)
	}
	sort.SliceStable(r.Requirements, func(i, j int) bool { return r.Requirements[i].Requirement.ID < r.Requirements[j].Requirement.ID })
	r.Decide()
}

func verdict(scs []*Scenario) (Verdict, string) {
	if len(scs) == 0 {
		return NotRun, "no scenario of this requirement ran"
	}
	var failed, notRun []*Scenario
	for _, s := range scs {
		switch s.Status {
		case Passed:
		case NotRunStatus:
			notRun = append(notRun, s)
		default:
			failed = append(failed, s)
		}
	}
	switch {
	case len(failed) > 0:
		why := fmt.Sprintf("%d of %d scenario(s) failed; first: %q: %s", len(failed), len(scs), failed[0].Name, failed[0].Failure)
		if len(notRun) > 0 {
			why += fmt.Sprintf(" (%d could not be run)", len(notRun))
		}
		return Fail, why
	case len(notRun) > 0:
		// Nothing that was judged failed: what could not be run is not a
		// finding against the implementation.
		return NotRun, fmt.Sprintf("%d of %d scenario(s) could not be run; first: %q: %s", len(notRun), len(scs), notRun[0].Name, notRun[0].Failure)
	}
	return Pass, fmt.Sprintf("all %d scenario(s) passed", len(scs))
}

func basis(scs []*Scenario) string {
	var ls []string
	for _, s := range scs {
		if s.Status != NotRunStatus {
			ls = append(ls, s.Basis())
		}
	}
	return evidence.Weakest(ls...)
}

// countCases counts what a requirement's judged scenarios tried: each
// scenario's recorded cases, or one case for a scenario that recorded none.
func countCases(scs []*Scenario) (cases, threats int) {
	for _, s := range scs {
		if s.Status == NotRunStatus {
			continue
		}
		if len(s.Cases) == 0 {
			cases++
			continue
		}
		cases += len(s.Cases)
		for _, c := range s.Cases {
			if c.Kind == evidence.CaseThreat {
				threats++
			}
		}
	}
	return cases, threats
}

// Power states the detection power of n independent cases: the chance that
// a violation affecting at least 10 % of cases would have shown in at least
// one of them, 1 − 0.9ⁿ.
func Power(n int) string {
	if n <= 0 {
		return "no case judged"
	}
	p := 1 - math.Pow(0.9, float64(n))
	return fmt.Sprintf("%d case(s): a violation affecting at least 10%% of cases would have been detected with probability %s", n, percent(p))
}

func percent(p float64) string {
	switch {
	case p >= 0.99995:
		return "> 99.99 %"
	case p >= 0.99:
		return fmt.Sprintf("%.2f %%", 100*p)
	}
	return fmt.Sprintf("%.0f %%", 100*p)
}
