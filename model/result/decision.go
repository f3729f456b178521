package result

import (
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
)

// Decision is what a run concludes about the implementation. It is decided
// once, by Decide, and the exit code and every report are derived from it, so
// no two outputs of one run can disagree.
type Decision string

// Decisions.
const (
	// Certified: every requirement of the roles tested passed (or was
	// waived), every role the implementation claims was tested, and nothing
	// was left out.
	Certified Decision = "certified"
	// CertifiedWithFindings: as Certified, but SHOULD requirements failed,
	// and the run's FailOn level is MUST, so they are findings, not a bar.
	CertifiedWithFindings Decision = "certified with findings"
	// NotCertified: a requirement at or above FailOn failed.
	NotCertified Decision = "not certified"
	// Partial: nothing at or above FailOn failed, but the run did not judge
	// everything a certification needs (a filter, an untested claimed role,
	// a shard). It is never a certification.
	Partial Decision = "partial"
	// NotTested: the implementation could not be tested, or the run ended
	// before it could judge it (interrupted, the implementation gone).
	NotTested Decision = "could not be tested"
)

// IsCertified reports whether d certifies the implementation.
func (d Decision) IsCertified() bool { return d == Certified || d == CertifiedWithFindings }

// Decide makes the run's one decision from the requirement verdicts and the
// run's conditions, with every reason, and the summary line. It is called
// after Judge and again after anything that changes verdicts (waivers), so
// they are decided by the same rules.
func (r *Run) Decide() {
	failOn := r.FailOn
	if failOn == "" {
		failOn = requirement.Should
	}
	mustFailed := r.Count(Fail, requirement.Must)
	shouldFailed := r.Count(Fail, requirement.Should)
	blocking := mustFailed
	if failOn == requirement.Should {
		blocking += shouldFailed
	}

	var reasons, partial []string
	if r.Untestable != "" {
		reasons = append(reasons, "the implementation could not be tested: "+r.Untestable)
	}
	if r.Interrupted {
		reasons = append(reasons, "the run was interrupted before it finished")
	}
	if len(r.Requirements) == 0 {
		reasons = append(reasons, "no requirement was tested")
	}
	for _, q := range r.Requirements {
		switch {
		case q.Verdict == Fail && q.Requirement.Level == requirement.Must:
			reasons = append(reasons, fmt.Sprintf("MUST requirement %s failed", q.Requirement.ID))
		case q.Verdict == Fail && failOn == requirement.Should:
			reasons = append(reasons, fmt.Sprintf("SHOULD requirement %s failed, and the run fails on SHOULD requirements", q.Requirement.ID))
		case q.Verdict == NotRun && q.Requirement.Level == requirement.Must:
			partial = append(partial, fmt.Sprintf("MUST requirement %s was not run", q.Requirement.ID))
		}
	}
	tested := map[string]bool{}
	for _, role := range r.RolesTested {
		tested[role] = true
	}
	for _, role := range r.RolesClaimed {
		if !tested[role] {
			partial = append(partial, fmt.Sprintf("the implementation claims the role %q, which was not tested", role))
		}
	}
	if r.Pages && r.Observer == "" {
		partial = append(partial, "the implementation shows its pages, but no browser observed them: its display requirements rest on its own declarations (run with a browser, --browser)")
	}
	if r.Shard != "" {
		partial = append(partial, fmt.Sprintf("shard %s is one slice of a run; only the merge of every shard is judged whole", r.Shard))
	}
	if r.Partial && len(partial) == 0 {
		partial = append(partial, "a filter left out requirements of the roles tested")
	}
	r.Partial = len(partial) > 0
	if r.Partial {
		partial = append([]string{"the run is partial: not everything a certification needs was judged"}, partial...)
	}

	waived := r.Count(Waived, "")
	switch {
	case r.Untestable != "" || r.Interrupted || len(r.Requirements) == 0:
		r.Decision = NotTested
	case blocking > 0:
		r.Decision = NotCertified
	case r.Partial:
		r.Decision = Partial
	case shouldFailed > 0:
		r.Decision = CertifiedWithFindings
	default:
		r.Decision = Certified
	}
	r.Reasons = append(reasons, partial...)
	if r.Decision == CertifiedWithFindings {
		for _, q := range r.Requirements {
			if q.Verdict == Fail {
				r.Reasons = append(r.Reasons, fmt.Sprintf("finding: SHOULD requirement %s failed", q.Requirement.ID))
			}
		}
	}
	r.Certified = r.Decision.IsCertified()
	r.Summary = r.summary(mustFailed, shouldFailed, waived)
}

// declared lists the requirements whose verdict rests on declarations.
func (r *Run) declared() []string {
	var out []string
	for _, q := range r.Requirements {
		if q.Basis == evidence.Declared && (q.Verdict == Pass || q.Verdict == Fail) {
			out = append(out, q.Requirement.ID)
		}
	}
	return out
}

func (r *Run) summary(mustFailed, shouldFailed, waived int) string {
	var s string
	switch r.Decision {
	case NotTested:
		switch {
		case r.Interrupted:
			s = "INTERRUPTED — could not be tested: incomplete run, not a certification"
		case r.Untestable != "":
			s = "COULD NOT BE TESTED — " + r.Untestable
		default:
			s = "NOTHING TESTED — no requirement applies to the roles tested"
		}
	case NotCertified:
		s = fmt.Sprintf("NOT CERTIFIED — %d MUST and %d SHOULD requirement(s) failed", mustFailed, shouldFailed)
	case Partial:
		s = "PARTIAL — not a certification: " + strings.Join(r.partialReasons(), "; ")
	case CertifiedWithFindings:
		s = fmt.Sprintf("CERTIFIED with findings — every MUST requirement passed; %d SHOULD requirement(s) failed", shouldFailed)
	default:
		if waived > 0 {
			s = "CERTIFIED — every requirement passed or was waived"
		} else {
			s = "CERTIFIED — every requirement passed"
		}
	}
	if waived > 0 {
		s += fmt.Sprintf(" (%d requirement(s) waived)", waived)
	}
	if d := r.declared(); len(d) > 0 && r.Decision != NotTested {
		s += fmt.Sprintf("; %d verdict(s) rest on the implementation's declarations", len(d))
		if r.Pages && r.Observer == "" {
			s += ", its pages not observed"
		}
	}
	// A shard says first what it is, whatever it found: its verdict is the
	// merge's.
	if r.Shard != "" && r.Decision != NotTested {
		s = fmt.Sprintf("SHARD %s — %d scenario(s); a shard is not a certification: merge every shard's result.json with 'hutong report merge'", r.Shard, len(r.Scenarios))
		if n := len(r.Failed()); n > 0 {
			s += fmt.Sprintf("; %d requirement(s) failed in this shard", n)
		}
	}
	return s
}

// partialReasons are the reasons that make the run partial, shortened for
// the summary line: counts where there are many.
func (r *Run) partialReasons() []string {
	var out []string
	if n := r.Count(NotRun, requirement.Must); n > 0 {
		out = append(out, fmt.Sprintf("%d MUST requirement(s) of the roles tested were left out", n))
	}
	tested := map[string]bool{}
	for _, role := range r.RolesTested {
		tested[role] = true
	}
	var untested []string
	for _, role := range r.RolesClaimed {
		if !tested[role] {
			untested = append(untested, role)
		}
	}
	if len(untested) > 0 {
		out = append(out, fmt.Sprintf("claimed role(s) %s not tested", strings.Join(untested, ", ")))
	}
	if r.Pages && r.Observer == "" {
		out = append(out, "its pages were not observed in a browser")
	}
	if len(out) == 0 {
		out = append(out, "a filter left out requirements of the roles tested")
	}
	return out
}
