package payments

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// The payment screen, observed: when the implementation shows its pages and
// the run has a browser, each checkout's page is measured on a phone screen
// and the screen steps judge what it shows; a declaration the page
// contradicts fails, both shown side by side.

// Equal prominence, as a measurement: every option's box is at least
// BoxTolerance of the widest and tallest option's, its label's text at least
// TextTolerance of the largest, and its contrast at least ContrastFloor:1
// or ContrastTolerance of the highest, whichever is lower.
const (
	BoxTolerance      = 0.8
	TextTolerance     = 0.9
	ContrastFloor     = 4.5
	ContrastTolerance = 0.8
)

type screens struct {
	by map[string]*screenView // order id -> what its page showed
}

type screenView struct {
	s       observe.Screen
	finding string
}

// observeCheckout measures c's page, once, when the run observes pages.
func observeCheckout(ctx context.Context, c iti.Checkout) {
	w := scenario.From(ctx)
	if !w.Observing() {
		return
	}
	sc := scenario.State[screens](ctx)
	if sc.by == nil {
		sc.by = map[string]*screenView{}
	}
	v := &screenView{}
	sc.by[c.OrderID] = v
	switch {
	case c.PageURL == "":
		v.finding = "the implementation announced its pages, but gave no page for this payment screen"
	case w.PageOnOrigin(c.PageURL) != nil:
		v.finding = w.PageOnOrigin(c.PageURL).Error()
	default:
		tab, err := w.Tab()
		if err == nil {
			v.s, err = tab.Look(ctx, c.PageURL, w.Log.KeepsShots())
		}
		if err != nil {
			v.finding = "the payment screen could not be observed: " + err.Error()
		}
		w.NoteBlocked()
		w.Log.Shot("the payment screen of order "+c.OrderID, v.s.Screenshot)
		if v.s.ScreenNote != "" {
			w.Log.Note("screenshot", v.s.ScreenNote)
		}
		w.Log.Note("Payment screen, observed", describeSeen(v.s.Page))
	}
}

// seenScreen is the current checkout's observed screen; nil when the run
// does not observe pages. It records the step's evidence level.
func seenScreen(ctx context.Context, c *iti.Checkout) *screenView {
	if !scenario.From(ctx).Observing() {
		scenario.Rest(ctx, evidence.Declared)
		return nil
	}
	scenario.Rest(ctx, evidence.Observed)
	if v := scenario.State[screens](ctx).by[c.OrderID]; v != nil {
		return v
	}
	return &screenView{finding: "the payment screen of order " + c.OrderID + " was not observed"}
}

func describeSeen(p observe.Page) string {
	var rows []string
	for _, o := range p.Options {
		sel := ""
		if o.Selected {
			sel = " (selected)"
		}
		rows = append(rows, fmt.Sprintf("%-10s box %.0f×%.0f at (%.0f,%.0f) first screen %-5v text %.1fpx contrast %.1f:1%s", o.ID, o.W, o.H, o.X, o.Y, o.InFirstScreen, o.FontSize, o.Contrast, sel))
	}
	if len(rows) == 0 {
		return "no element marked data-iti-option on the page"
	}
	return strings.Join(rows, "\n")
}

func seenOption(p observe.Page, id string) *observe.OptionBox {
	for i := range p.Options {
		if p.Options[i].ID == id {
			return &p.Options[i]
		}
	}
	return nil
}

// firstScreenSeen: every option declared is on the page, in the first
// screen.
func firstScreenSeen(v *screenView, c *iti.Checkout) error {
	if v.finding != "" {
		return fmt.Errorf("%s", v.finding)
	}
	var f scenario.Findings
	for _, o := range c.Options {
		b := seenOption(v.s.Page, o.InstitutionID)
		switch {
		case b == nil:
			f.Check(false, "%s is declared on the payment screen, but its page shows no option for it", o.InstitutionID)
		case !b.InFirstScreen && o.Screen == iti.ScreenFirst:
			f.Check(false, "the page contradicts the declaration — declared: %s on the first screen; observed in the browser: its box %.0f×%.0f at (%.0f,%.0f) is not within the first %d×%d screen", o.InstitutionID, b.W, b.H, b.X, b.Y, observe.ViewportWidth, observe.ViewportHeight)
		case !b.InFirstScreen:
			f.Check(false, "observed in the browser: %s is not within the first screen", o.InstitutionID)
		}
	}
	return f.Err()
}

// prominenceSeen measures equal prominence within the stated tolerances.
func prominenceSeen(v *screenView, c *iti.Checkout) error {
	if v.finding != "" {
		return fmt.Errorf("%s", v.finding)
	}
	var bs []observe.OptionBox
	for _, o := range c.Options {
		if b := seenOption(v.s.Page, o.InstitutionID); b != nil {
			bs = append(bs, *b)
		}
	}
	if len(bs) < 2 {
		return nil
	}
	var maxW, maxH, maxF, maxC float64
	for _, b := range bs {
		maxW, maxH, maxF, maxC = math.Max(maxW, b.W), math.Max(maxH, b.H), math.Max(maxF, b.FontSize), math.Max(maxC, b.Contrast)
	}
	floor := math.Min(ContrastFloor, ContrastTolerance*maxC)
	var less []string
	for _, b := range bs {
		var why []string
		if b.W < BoxTolerance*maxW || b.H < BoxTolerance*maxH {
			why = append(why, fmt.Sprintf("box %.0f×%.0f against the largest %.0f×%.0f", b.W, b.H, maxW, maxH))
		}
		if b.FontSize < TextTolerance*maxF {
			why = append(why, fmt.Sprintf("text %.1fpx against %.1fpx", b.FontSize, maxF))
		}
		if b.Contrast < floor {
			why = append(why, fmt.Sprintf("contrast %.1f:1 against %.1f:1", b.Contrast, maxC))
		}
		if len(why) > 0 {
			less = append(less, b.ID+": "+strings.Join(why, ", "))
		}
	}
	sort.Strings(less)
	if len(less) == 0 {
		return nil
	}
	return fmt.Errorf("observed in the browser, the wallets are not shown with the same prominence (declared: %s; tolerances: box %.0f %%, text %.0f %%, contrast %.1f:1 or %.0f %% of the highest) — %s",
		declaredProminence(c), 100*BoxTolerance, 100*TextTolerance, ContrastFloor, 100*ContrastTolerance, strings.Join(less, "; "))
}

func declaredProminence(c *iti.Checkout) string {
	var ps []string
	for _, o := range c.Options {
		ps = append(ps, o.InstitutionID+" "+o.Prominence)
	}
	return strings.Join(ps, ", ")
}

// selectedSeen lists the options the page shows selected.
func selectedSeen(v *screenView) []string {
	var out []string
	for _, o := range v.s.Page.Options {
		if o.Selected {
			out = append(out, o.ID)
		}
	}
	return out
}

func declaredSelected(c *iti.Checkout) []string {
	var out []string
	for _, o := range c.Options {
		if o.Preselected {
			out = append(out, o.InstitutionID)
		}
	}
	return out
}

// preselectionSeen fails when the page preselects what ok refuses, and says
// whether that contradicts the declaration.
func preselectionSeen(v *screenView, c *iti.Checkout, ok func([]string) bool, rule string) error {
	if v.finding != "" {
		return fmt.Errorf("%s", v.finding)
	}
	seen, said := selectedSeen(v), declaredSelected(c)
	if ok(seen) {
		return nil
	}
	show := func(l []string) string {
		if len(l) == 0 {
			return "nothing"
		}
		return strings.Join(l, " and ")
	}
	if strings.Join(seen, ",") != strings.Join(said, ",") {
		return fmt.Errorf("the page contradicts the declaration — declared preselected: %s; observed in the browser: %s selected; %s", show(said), show(seen), rule)
	}
	return fmt.Errorf("observed in the browser: %s selected; %s", show(seen), rule)
}

// feesSeen: every fee declared with an option is on the page beside it, with
// its amount, and the option shows its total.
func feesSeen(v *screenView, c *iti.Checkout) error {
	if v.finding != "" {
		return fmt.Errorf("%s", v.finding)
	}
	var f scenario.Findings
	for _, o := range c.Options {
		b := seenOption(v.s.Page, o.InstitutionID)
		if b == nil {
			continue
		}
		for _, fee := range o.Fees {
			amt := checkout.Show(fee.AmountMinor, c.Currency)
			found := false
			for _, t := range b.Fees {
				found = found || strings.Contains(t, amountDigits(fee.AmountMinor))
			}
			f.Check(found, "the page contradicts the declaration — declared: a fee of %s (%q) with %s; observed in the browser: fees shown beside it %q", amt, fee.Label, o.InstitutionID, b.Fees)
		}
		if len(o.Fees) > 0 {
			f.Check(strings.Contains(b.Total, amountDigits(o.TotalMinor)), "declared: a total of %s with %s; observed in the browser: the total shown beside it is %q", checkout.Show(o.TotalMinor, c.Currency), o.InstitutionID, b.Total)
		}
	}
	return f.Err()
}

func amountDigits(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }
