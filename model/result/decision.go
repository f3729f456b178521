package result

import (
	"strings"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
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

	r.Partial = len(r.partial(message.English)) > 0
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
	r.Certified = r.Decision.IsCertified()
	r.Summary, r.Reasons = r.Explain(message.English)
}

// Explain says the run's decision in lang: the summary line and every
// reason, as Decide recorded them in English. A report in another
// language shows these; the record (result.json, the certificate) keeps
// the English.
func (r *Run) Explain(lang string) (summary string, reasons []string) {
	parts, rs := r.ExplainParts(lang)
	for _, p := range rs {
		reasons = append(reasons, message.String(p))
	}
	return message.String(parts), reasons
}

// ExplainParts is Explain in pieces, what the implementation's own text
// and the steps' findings quote kept apart (message.Part).
func (r *Run) ExplainParts(lang string) (summary []message.Part, reasons [][]message.Part) {
	say := func(key string, args ...any) []message.Part { return message.Parts(lang, key, args...) }
	if r.Untestable != "" {
		reasons = append(reasons, say(message.ReasonUntestable, message.Translate(lang, r.Untestable)))
	}
	if r.Interrupted {
		reasons = append(reasons, say(message.ReasonInterrupted))
	}
	if len(r.Requirements) == 0 {
		reasons = append(reasons, say(message.ReasonNothing))
	}
	failOn := r.FailOn
	if failOn == "" {
		failOn = requirement.Should
	}
	for _, q := range r.Requirements {
		switch {
		case q.Verdict == Fail && q.Requirement.Level == requirement.Must:
			reasons = append(reasons, say(message.ReasonMustFailed, q.Requirement.ID))
		case q.Verdict == Fail && failOn == requirement.Should:
			reasons = append(reasons, say(message.ReasonShouldFailed, q.Requirement.ID))
		}
	}
	reasons = append(reasons, r.partial(lang)...)
	if r.Decision == CertifiedWithFindings {
		for _, q := range r.Requirements {
			if q.Verdict == Fail {
				reasons = append(reasons, say(message.ReasonFinding, q.Requirement.ID))
			}
		}
	}
	return r.summary(lang), reasons
}

// partial are the reasons the run is partial, headed by the one that says
// so; none when it is whole. r.Partial on entry is whether a filter left
// requirements out, as the runner set it.
func (r *Run) partial(lang string) [][]message.Part {
	say := func(key string, args ...any) []message.Part { return message.Parts(lang, key, args...) }
	var partial [][]message.Part
	for _, q := range r.Requirements {
		if q.Verdict == NotRun && q.Requirement.Level == requirement.Must {
			partial = append(partial, say(message.ReasonMustNotRun, q.Requirement.ID))
		}
	}
	for _, q := range r.shallow() {
		partial = append(partial, say(message.ReasonShallow, q.Requirement.ID, q.Cases, percent(Detection(q.Cases))))
	}
	for _, role := range r.untestedRoles() {
		partial = append(partial, say(message.ReasonRoleUntested, role))
	}
	if r.Pages && r.Observer == "" {
		partial = append(partial, say(message.ReasonPagesNotObserved))
	}
	if r.Shard != "" {
		partial = append(partial, say(message.ReasonShard, r.Shard))
	}
	if r.Depth == DepthQuick {
		partial = append(partial, say(message.ReasonQuickDepth))
	}
	if r.Partial && len(partial) == 0 {
		partial = append(partial, say(message.ReasonFilter))
	}
	if len(partial) > 0 {
		partial = append([][]message.Part{say(message.ReasonPartial)}, partial...)
	}
	return partial
}

// untestedRoles are the roles the implementation claims that were not
// tested, in the order claimed.
func (r *Run) untestedRoles() []string {
	tested := map[string]bool{}
	for _, role := range r.RolesTested {
		tested[role] = true
	}
	var out []string
	for _, role := range r.RolesClaimed {
		if !tested[role] {
			out = append(out, role)
		}
	}
	return out
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

func (r *Run) summary(lang string) []message.Part {
	say := func(key string, args ...any) []message.Part { return message.Parts(lang, key, args...) }
	waived := r.Count(Waived, "")
	var s []message.Part
	switch r.Decision {
	case NotTested:
		switch {
		case r.Interrupted:
			s = say(message.SummaryInterrupted)
		case r.Untestable != "":
			s = say(message.SummaryUntestable, message.Translate(lang, r.Untestable))
		default:
			s = say(message.SummaryNothing)
		}
	case NotCertified:
		s = say(message.SummaryNotCertified, r.Count(Fail, requirement.Must), r.Count(Fail, requirement.Should))
	case Partial:
		var why []message.Part
		for i, p := range r.partialReasons(lang) {
			if i > 0 {
				why = append(why, say(message.ListSep)...)
			}
			why = append(why, p...)
		}
		s = say(message.SummaryPartial, why)
	case CertifiedWithFindings:
		s = say(message.SummaryFindings, r.Count(Fail, requirement.Should))
	default:
		if waived > 0 {
			s = say(message.SummaryWaived)
		} else {
			s = say(message.SummaryCertified)
		}
	}
	if waived > 0 {
		s = append(s, say(message.SummaryWaivedN, waived)...)
	}
	if d := r.declared(); len(d) > 0 && r.Decision != NotTested {
		s = append(s, say(message.SummaryDeclaredN, len(d))...)
		if r.Pages && r.Observer == "" {
			s = append(s, say(message.SummaryPagesNotObserved)...)
		}
	}
	// A shard says first what it is, whatever it found: its verdict is the
	// merge's.
	if r.Shard != "" && r.Decision != NotTested {
		s = say(message.SummaryShard, r.Shard, len(r.Scenarios))
		if n := len(r.Failed()); n > 0 {
			s = append(s, say(message.SummaryShardFailed, n)...)
		}
	}
	return s
}

// partialReasons are the reasons that make the run partial, shortened for
// the summary line: counts where there are many.
func (r *Run) partialReasons(lang string) [][]message.Part {
	var out [][]message.Part
	if n := r.Count(NotRun, requirement.Must); n > 0 {
		out = append(out, message.Parts(lang, message.PartialLeftOut, n))
	}
	if n := len(r.shallow()); n > 0 {
		out = append(out, message.Parts(lang, message.PartialShallow, n))
	}
	if untested := r.untestedRoles(); len(untested) > 0 {
		out = append(out, message.Parts(lang, message.PartialRoles, strings.Join(untested, message.Say(lang, message.RoleSep))))
	}
	if r.Pages && r.Observer == "" {
		out = append(out, message.Parts(lang, message.PartialPagesNotObserved))
	}
	if r.Depth == DepthQuick {
		out = append(out, message.Parts(lang, message.PartialQuick))
	}
	if len(out) == 0 {
		out = append(out, message.Parts(lang, message.ReasonFilter))
	}
	return out
}

// shallow are the MUST requirements that passed at certification depth on
// fewer cases than CertificationCases: their pass claims less than a
// certification must, so the run is partial. At quick depth the run is
// partial already, and says why once.
func (r *Run) shallow() []*RequirementResult {
	if r.DepthDrawn() != DepthCertification {
		return nil
	}
	var out []*RequirementResult
	for _, q := range r.Requirements {
		if q.Verdict == Pass && q.Requirement.Level == requirement.Must && q.Cases < CertificationCases {
			out = append(out, q)
		}
	}
	return out
}
