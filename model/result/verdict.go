package result

import (
	"fmt"
	"math"
	"sort"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
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
		rr.Cases, rr.Threats, rr.ThroughThreats = countCases(rr.Scenarios)
		rr.Power = Power(rr.Cases)
		rr.Attacks = Attacks(rr.Threats, rr.ThroughThreats)
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
	v, why := verdictIn(message.English, scs)
	return v, message.String(why)
}

// ReasonParts is the requirement's Reason in lang, in pieces: the
// scenario's finding, a step's own words, kept apart as it was recorded.
func (q *RequirementResult) ReasonParts(lang string) []message.Part {
	if len(q.Scenarios) == 0 && q.Reason != "" && q.Reason != message.VerdictNoScenario {
		// Not judged here (a result read back without its scenarios):
		// the recorded reason, as it is.
		return message.Translate(lang, q.Reason)
	}
	_, why := verdictIn(lang, q.Scenarios)
	return why
}

func verdictIn(lang string, scs []*Scenario) (Verdict, []message.Part) {
	say := func(key string, args ...any) []message.Part { return message.Parts(lang, key, args...) }
	if len(scs) == 0 {
		return NotRun, say(message.VerdictNoScenario)
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
		why := say(message.VerdictFailed, len(failed), len(scs), failed[0].Name, message.Translate(lang, failed[0].Failure))
		if len(notRun) > 0 {
			why = append(why, say(message.VerdictAlsoNotRun, len(notRun))...)
		}
		return Fail, why
	case len(notRun) > 0:
		// Nothing that was judged failed: what could not be run is not a
		// finding against the implementation.
		return NotRun, say(message.VerdictNotRun, len(notRun), len(scs), notRun[0].Name, message.Translate(lang, notRun[0].Failure))
	}
	return Pass, say(message.VerdictPassed, len(scs))
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
// scenario's recorded cases, or one case for a scenario that recorded none;
// of them the threats, and the threats that got through.
func countCases(scs []*Scenario) (cases, threats, through int) {
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
				if !c.Held {
					through++
				}
			}
		}
	}
	return cases, threats, through
}

// Attacks says what the threats a requirement tried came to: "none of
// these 14 attacks got through", or how many did. "Got through" is what a
// threat's case not holding means, whatever its requirement judges after an
// attack — the state read back (an order paid, a credit, money moved) and,
// where the requirement asks for it, a refusal (SEC-03's wallet, QR-06's
// prompt) — so the sentence claims no more than the cases show. Empty when
// no threat was tried.
func Attacks(tried, through int) string {
	switch {
	case tried <= 0:
		return ""
	case through == 0 && tried == 1:
		return "the one attack tried did not get through"
	case through == 0:
		return fmt.Sprintf("none of these %d attacks got through", tried)
	case tried == 1:
		return "the one attack tried got through"
	}
	return fmt.Sprintf("%d of these %d attacks got through", through, tried)
}

// Power states the detection power of n independent cases: the chance that
// a violation affecting at least 10 % of cases would have shown in at least
// one of them, 1 − 0.9ⁿ.
func Power(n int) string { return PowerIn(message.English, n) }

// PowerIn is Power in lang.
func PowerIn(lang string, n int) string {
	if n <= 0 {
		return message.Say(lang, message.PowerNone)
	}
	return message.Say(lang, message.Power, n, percent(Detection(n)))
}

// percent rounds down, so that a power is never stated higher than it is:
// 43 cases reach 98.92 %, which must not read as the 99 % they fall short
// of; the 1e-9 keeps a float just under a round figure (1 − 0.9) at it.
func percent(p float64) string {
	switch {
	case p >= 0.9999:
		return "> 99.99 %"
	case p >= 0.95:
		return fmt.Sprintf("%.2f %%", math.Floor(10000*p+1e-9)/100)
	}
	return fmt.Sprintf("%.0f %%", math.Floor(100*p+1e-9))
}
