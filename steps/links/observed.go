package links

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/shop"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// What the recipient sees, observed: when the implementation shows its
// pages and the run has a browser, each link is tapped on the message page
// and followed through whatever pages stand between it and the product; the
// steps judge what was seen, and a declaration the page contradicts fails.

// Journeys bounds the links one scenario follows in the browser: the first
// drawn (the cases come in the seed's order); the links past it are judged
// on their declaration alone.
const Journeys = 6

// A step that judges links against their pages (judgeSeen) rests on what it
// did for each link: observed where it checked the link on a journey,
// declared where it judged the link on its declaration alone — past the
// Journeys cap, placed on a surface (LINK-07: the ITI shows no page of a
// placement), or failed on its declaration before any page was looked at.
// The step rests on the weakest of them (evidence.Log.Basis keeps the
// weakest), so one that followed 6 links of 24 rests on declared: a verdict
// is only as strong as its weakest case, and "observed" would claim pages
// seen for links that were not. What was observed is not lost: the step
// leaves a note of how many links were checked on their page and how many
// on their word, so the evidence shows both.

// journeys counts a scenario's journeys made and, in the step under way,
// the links judged on a journey (seen), past the cap (capped), placed where
// the ITI shows no page (pageless) and on their declaration before any page
// (unlooked).
type journeys struct{ n, seen, capped, pageless, unlooked int }

// judgeSeen is judgeAll for a step that looks at each link's page when the
// run observes (check calls observed), recording each link's basis and,
// when some were judged on their declaration alone, a note saying how many.
func judgeSeen(ctx context.Context, viewer, what string, check func(sl *sentLink, l iti.Link) string) error {
	j := scenario.State[journeys](ctx)
	j.seen, j.capped, j.pageless, j.unlooked = 0, 0, 0, 0
	err := judgeAll(ctx, viewer, what, func(sl *sentLink, l iti.Link) string {
		before := j.seen + j.capped + j.pageless
		finding := check(sl, l)
		if j.seen+j.capped+j.pageless == before {
			j.unlooked++
			scenario.Rest(ctx, evidence.Declared)
		}
		return finding
	})
	if w := scenario.From(ctx); w.Observing() && j.capped+j.pageless+j.unlooked > 0 {
		var why []string
		if j.capped > 0 {
			why = append(why, fmt.Sprintf("%d past the %d links a scenario follows in the browser", j.capped, Journeys))
		}
		if j.pageless > 0 {
			why = append(why, fmt.Sprintf("%d placed on a surface, of which the ITI shows no page", j.pageless))
		}
		if j.unlooked > 0 {
			why = append(why, fmt.Sprintf("%d failed on their declaration before their page was looked at", j.unlooked))
		}
		declared := j.capped + j.pageless + j.unlooked
		w.Log.Note("Links judged on their declaration", fmt.Sprintf(
			"%d of the %d links judged were checked on their page in the browser; %d were judged on their declaration alone (%s), so this step rests on the declaration",
			j.seen, j.seen+declared, declared, strings.Join(why, "; ")))
	}
	return err
}

type view struct {
	j       observe.Journey
	finding string // why the page could not be observed, if it could not
}

// onPage is judge's finding on link sl's journey for viewer: "" when the
// run does not observe pages, and why when the page could not be observed.
func onPage(ctx context.Context, viewer string, sl *sentLink, judge func(j observe.Journey) string) string {
	v := observed(ctx, viewer, sl)
	switch {
	case v == nil:
		return ""
	case v.finding != "":
		return v.finding
	}
	return judge(v.j)
}

// observed returns link sl's journey for viewer, made once; nil when the
// run does not observe pages.
func observed(ctx context.Context, viewer string, sl *sentLink) *view {
	w := scenario.From(ctx)
	if !w.Observing() {
		scenario.Rest(ctx, evidence.Declared)
		return nil
	}
	n := scenario.State[journeys](ctx)
	if sl.surface != "" {
		// The ITI gives a page of a message, not of a placement: what a
		// viewer sees of it is the implementation's word.
		n.pageless++
		scenario.Rest(ctx, evidence.Declared)
		return nil
	}
	v := user(viewer)
	if got, ok := sl.views[v]; ok {
		n.seen++
		scenario.Rest(ctx, evidence.Observed)
		return got
	}
	if n.n >= Journeys {
		n.capped++
		scenario.Rest(ctx, evidence.Declared)
		return nil
	}
	n.n++
	n.seen++
	scenario.Rest(ctx, evidence.Observed)
	if sl.views == nil {
		sl.views = map[string]*view{}
	}
	out := &view{}
	sl.views[v] = out
	msg := st(ctx).read[sl.message+"\x00"+v]
	l := sl.seen[v]
	switch {
	case msg.PageURL == "":
		out.finding = "the implementation announced its pages, but gave no page for this message"
	case w.PageOnOrigin(msg.PageURL) != nil:
		out.finding = w.PageOnOrigin(msg.PageURL).Error()
	default:
		tab, err := w.Tab()
		if err == nil {
			out.j, err = tab.Follow(ctx, msg.PageURL, l.Index, func(p observe.Page) bool { return p.Meta[shop.ProductMeta] != "" },
				w.Log.KeepsShots())
		}
		if err != nil {
			out.finding = "the message page could not be observed: " + err.Error()
		}
		w.NoteBlocked()
		w.Log.Shot(fmt.Sprintf("%s's view of link %d: %s", viewer, l.Index, seenAs(out.j)), out.j.Screenshot)
		if out.j.ScreenNote != "" {
			w.Log.Note("screenshot", out.j.ScreenNote)
		}
	}
	return out
}

// seenAs says what the journey showed, in the ITI's words where they fit.
func seenAs(j observe.Journey) string {
	switch {
	case !j.Found:
		return "the link is not on the page (blocked)"
	case !j.Tappable:
		return "the link is shown but cannot be tapped"
	case !j.Reached:
		return fmt.Sprintf("%d tap(s) and %d page(s) in between did not reach the product", j.Taps, len(j.Between))
	case len(j.Between) > 0:
		return fmt.Sprintf("the product after %d tap(s), behind %d page(s) in between (first: %q)", j.Taps, len(j.Between), firstLine(j.Between[0].Text))
	}
	return fmt.Sprintf("the product in %d tap(s), directly", j.Taps)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// sideBySide is the finding of a declaration the page contradicts.
func sideBySide(l iti.Link, j observe.Journey) string {
	return fmt.Sprintf("declared: %s; observed in the browser: %s", describe(l), seenAs(j))
}

// directSeen judges link l on its page: it must open the product in one tap
// with no page in between, as declared.
func directSeen(v *view, l iti.Link) string {
	if v.finding != "" {
		return v.finding
	}
	j := v.j
	if j.Found && j.Tappable && j.Reached && len(j.Between) == 0 {
		return ""
	}
	if l.Access == iti.AccessDirect {
		return "the page contradicts the declaration — " + sideBySide(l, j)
	}
	return "observed in the browser: " + seenAs(j)
}

func tapsSeen(v *view, l iti.Link, taps int) string {
	if v.finding != "" {
		return v.finding
	}
	j := v.j
	if j.Reached && j.Taps == taps {
		return ""
	}
	if l.Taps == taps {
		return "the page contradicts the declaration — " + sideBySide(l, j)
	}
	return "observed in the browser: " + seenAs(j)
}

func detourSeen(v *view, l iti.Link, viewer string) string {
	if v.finding != "" {
		return v.finding
	}
	var told []string
	for _, p := range append([]observe.Page{v.j.Message}, v.j.Between...) {
		told = append(told, observe.Instructions(p)...)
	}
	if len(told) == 0 {
		return ""
	}
	what := fmt.Sprintf("%s is told, on the page: %q", viewer, strings.Join(told, " / "))
	if l.Instruction == "" {
		return "the page contradicts the declaration (no instruction declared) — " + what
	}
	return what
}
