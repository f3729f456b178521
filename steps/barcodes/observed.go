package barcodes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-06's payment prompt, observed: when the wallet shows its screens and
// the run has a browser, the screen the customer saw after a scan (the
// answer's page_url) is opened and read for a payment prompt and for the
// refusal's reason; a declaration the screen contradicts fails, both shown
// side by side.

// ScanScreens bounds the wallet screens one QR-06 scenario opens in the
// browser: the first try of each threat, in the seed's order of the tries,
// up to this many. The tries past it are judged on the wallet's answer
// alone, and the step says so, as the link steps do past their journeys:
// every threat is seen on a screen, at the cost of 8 page loads, not 48.
const ScanScreens = 8

// scanView is the wallet's screen after one scan, as the browser saw it.
type scanView struct {
	page    observe.Page
	finding string // why the screen could not be observed, if it could not
}

// observeScan opens the screen of the scan answered res, and records it
// in the evidence; nil when the run does not observe pages.
func observeScan(ctx context.Context, res iti.ScanResult, threat string) *scanView {
	w := scenario.From(ctx)
	if !w.Observing() {
		return nil
	}
	v := &scanView{}
	switch {
	case res.PageURL == "":
		v.finding = "the implementation announced its pages, but gave no page of the wallet's screen after this scan"
	case w.PageOnOrigin(res.PageURL) != nil:
		v.finding = w.PageOnOrigin(res.PageURL).Error()
	default:
		tab, err := w.Tab()
		var sc observe.Screen
		if err == nil {
			sc, err = tab.Look(ctx, res.PageURL, w.Log.KeepsShots())
		}
		if err != nil {
			v.finding = "the wallet's screen after the scan could not be observed: " + err.Error()
		}
		v.page = sc.Page
		w.NoteBlocked()
		w.Log.Shot("the wallet's screen after scanning a code with "+threat, sc.Screenshot)
		if sc.ScreenNote != "" {
			w.Log.Note("screenshot", sc.ScreenNote)
		}
	}
	return v
}

// refusalFindings are what is wrong with how the wallet refused a tampered
// code: its outcome from its answer; the prompt and the reason from its
// screen where v observed it, else from its answer.
func refusalFindings(res iti.ScanResult, v *scanView) []string {
	var why []string
	if res.Outcome != iti.ScanRejected {
		why = append(why, fmt.Sprintf("the wallet did not refuse it: it says %q", res.Outcome))
	}
	if v == nil {
		if res.Prompted {
			why = append(why, "the wallet showed a payment prompt")
		}
		if strings.TrimSpace(res.Reason) == "" {
			why = append(why, "the wallet gave no reason")
		}
		return why
	}
	return append(why, v.judge(res)...)
}

// judge reads the screen against the answer. A prompt shown fails whatever
// else the screen shows; a screen that shows no prompt must show a refusal
// that says why in words. Where the screen is right and the answer said
// otherwise (prompted true, no reason), the screen is what the customer saw.
func (v *scanView) judge(res iti.ScanResult) []string {
	p := v.page
	switch {
	case v.finding != "":
		return []string{v.finding}
	case len(p.Prompts) > 0 && !res.Prompted:
		return []string{fmt.Sprintf("the page contradicts the declaration — declared: no payment prompt; observed in the browser: a payment prompt (%s)", quoted(p.Prompts))}
	case len(p.Prompts) > 0:
		return []string{fmt.Sprintf("observed in the browser: a payment prompt (%s)", quoted(p.Prompts))}
	case len(p.Refusals) == 0:
		return []string{"observed in the browser: the wallet's screen after the scan shows neither a payment prompt nor a refusal within its first screen (no shown element marked data-iti-prompt or data-iti-refusal)"}
	}
	for _, r := range p.Refusals {
		if observe.Worded(r) {
			return nil
		}
	}
	if strings.TrimSpace(res.Reason) != "" {
		return []string{fmt.Sprintf("the page contradicts the declaration — declared: the reason %q; observed in the browser: a refusal that gives no reason (%s)", oneLine(res.Reason), quoted(p.Refusals))}
	}
	return []string{fmt.Sprintf("observed in the browser: a refusal that gives no reason (%s)", quoted(p.Refusals))}
}

// seenAs says in a few words what the screen showed, for the case's detail.
func (v *scanView) seenAs() string {
	switch {
	case v.finding != "":
		return "not observed"
	case len(v.page.Prompts) > 0:
		return "a payment prompt: " + quoted(v.page.Prompts)
	case len(v.page.Refusals) > 0:
		return "a refusal: " + quoted(v.page.Refusals)
	}
	return "neither a prompt nor a refusal"
}

// quoted shows what the implementation's page said, each text quoted (its
// control characters escaped) and the whole bounded.
func quoted(texts []string) string {
	var qs []string
	for i, t := range texts {
		if i == 3 {
			qs = append(qs, fmt.Sprintf("and %d more", len(texts)-3))
			break
		}
		qs = append(qs, fmt.Sprintf("%q", oneLine(t)))
	}
	return strings.Join(qs, ", ")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// restRefusals records the basis of the step that judges the refusals:
// observed for the tries whose screen was seen, declared for the others,
// and, when some were judged on the answer alone in a run that observes,
// a note saying how many of each.
func restRefusals(ctx context.Context, trials []*codeTrial) {
	if len(trials) == 0 {
		scenario.Rest(ctx, evidence.Declared)
	}
	seen := 0
	for _, t := range trials {
		if t.seen != nil {
			seen++
			scenario.Rest(ctx, evidence.Observed)
		} else {
			scenario.Rest(ctx, evidence.Declared)
		}
	}
	if w := scenario.From(ctx); w.Observing() && seen < len(trials) {
		w.Log.Note("Tampered codes judged on the wallet's answer", fmt.Sprintf(
			"%d of the %d tampered codes tried were checked on the wallet's screen in the browser (the first try of each threat, at most %d a scenario); %d were judged on the wallet's answer alone, so this step rests on the declaration",
			seen, len(trials), ScanScreens, len(trials)-seen))
	}
}
