package result

import (
	"fmt"
	"sort"

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
		if rr.Verdict == NotRun && q.Level == requirement.Must {
			r.Partial = true
		}
		r.Requirements = append(r.Requirements, rr)
	}
	sort.SliceStable(r.Requirements, func(i, j int) bool { return r.Requirements[i].Requirement.ID < r.Requirements[j].Requirement.ID })
	r.Decide()
}

// Decide makes the certification decision and summary from the verdicts. It
// is separate from Judge so that a change to verdicts after judging (waivers)
// is decided by the same rules. A waived requirement does not block
// certification; the summary says how many were waived.
func (r *Run) Decide() {
	mustFailed := r.Count(Fail, requirement.Must)
	shouldFailed := r.Count(Fail, requirement.Should)
	r.Certified = !r.Partial && !r.Interrupted && mustFailed == 0 && len(r.Requirements) > 0
	switch {
	case r.Interrupted:
		r.Summary = "INTERRUPTED — incomplete run, not a certification"
	case r.Partial:
		r.Summary = fmt.Sprintf("PARTIAL — not a certification: %d MUST requirement(s) of the roles tested were left out", r.Count(NotRun, requirement.Must))
	case len(r.Requirements) == 0:
		r.Summary = "NOTHING TESTED — no requirement applies to the roles tested"
	case mustFailed > 0:
		r.Summary = fmt.Sprintf("NOT CERTIFIED — %d MUST and %d SHOULD requirement(s) failed", mustFailed, shouldFailed)
	case shouldFailed > 0:
		r.Summary = fmt.Sprintf("CERTIFIED with findings — every MUST requirement passed; %d SHOULD requirement(s) failed", shouldFailed)
	case r.Count(Waived, "") > 0:
		r.Summary = "CERTIFIED — every requirement passed or was waived"
	default:
		r.Summary = "CERTIFIED — every requirement passed"
	}
	if n := r.Count(Waived, ""); n > 0 {
		r.Summary += fmt.Sprintf(" (%d requirement(s) waived)", n)
	}
}

func verdict(scs []*Scenario) (Verdict, string) {
	if len(scs) == 0 {
		return NotRun, "no scenario of this requirement ran"
	}
	failed := 0
	var first *Scenario
	for _, s := range scs {
		if s.Status != Passed {
			failed++
			if first == nil {
				first = s
			}
		}
	}
	if failed == 0 {
		return Pass, fmt.Sprintf("all %d scenario(s) passed", len(scs))
	}
	return Fail, fmt.Sprintf("%d of %d scenario(s) failed; first: %q: %s", failed, len(scs), first.Name, first.Failure)
}
