package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// ACCESS-01 and ACCESS-02: institutions ask to connect, and the answers
// of tail and top institutions are compared.

func askCompliant(ctx context.Context, tails int) error {
	s := st(ctx)
	s.asked = append(newInsts(ctx, iti.TierTop, 1), newInsts(ctx, iti.TierTail, tails)...)
	for _, in := range s.asked {
		if err := connect(ctx, in, request(ctx, in)); err != nil {
			return err
		}
	}
	return nil
}

func askOneTail(ctx context.Context) error {
	s := st(ctx)
	s.asked = newInsts(ctx, iti.TierTail, 1)
	return connect(ctx, s.asked[0], request(ctx, s.asked[0]))
}

// lacks maps what the feature says an institution lacks to the request field
// it concerns and how to take it away.
var lacks = map[string]struct {
	field  string
	remove func(*iti.InstitutionRequest)
}{
	"a key to verify its payment notices": {"notify_public_key", func(r *iti.InstitutionRequest) { r.NotifyPublicKey = "" }},
	"an address for refunds":              {"refund_url", func(r *iti.InstitutionRequest) { r.RefundURL = "" }},
	"direct handoffs": {"capabilities", func(r *iti.InstitutionRequest) {
		r.Capabilities = slices.DeleteFunc(slices.Clone(r.Capabilities), func(c string) bool { return c == iti.CapabilityDirectHandoff })
	}},
}

func lackNames() string {
	var out []string
	for k := range lacks {
		out = append(out, fmt.Sprintf("%q", k))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func askLacking(ctx context.Context, what string) error {
	l, ok := lacks[what]
	if !ok {
		return fmt.Errorf("the feature says the institutions lack %q; the harness knows how to take away %s", what, lackNames())
	}
	s := st(ctx)
	s.asked, s.lacking = append(newInsts(ctx, iti.TierTop, 1), newInsts(ctx, iti.TierTail, 1)...), l.field
	for _, in := range s.asked {
		req := request(ctx, in)
		l.remove(&req)
		if err := connect(ctx, in, req); err != nil {
			return err
		}
	}
	return nil
}

func bp(n int) string { return fmt.Sprintf("%d.%02d%%", n/100, n%100) }

func conditions(t iti.InstitutionTerms) string {
	if len(t.Conditions) == 0 {
		return "none"
	}
	return strings.Join(t.Conditions, "; ")
}

// connectionTable is the side-by-side view of the asked institutions'
// answers.
func connectionTable(insts []*inst) string {
	rows := []string{fmt.Sprintf("%-12s %-5s %-9s %-7s %-11s %-30s %s", "institution", "tier", "decision", "fee", "settlement", "further conditions", "reason")}
	for _, in := range insts {
		c := in.conn
		if c == nil {
			rows = append(rows, fmt.Sprintf("%-12s %-5s (never asked)", in.id, in.tier))
			continue
		}
		reason := c.Reason
		if len(c.ReasonCodes) > 0 {
			reason += " [" + strings.Join(c.ReasonCodes, ", ") + "]"
		}
		fee, days, cond := bp(c.Terms.FeeRateBP), fmt.Sprintf("%d day(s)", c.Terms.SettlementDays), conditions(c.Terms)
		if c.Decision != iti.DecisionAccepted {
			fee, days, cond = "-", "-", "-"
		}
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-9s %-7s %-11s %-30s %s", in.id, in.tier, c.Decision, fee, days, cond, reason))
	}
	return strings.Join(rows, "\n")
}

func asked(ctx context.Context) ([]*inst, error) {
	s := st(ctx)
	if len(s.asked) == 0 {
		return nil, errors.New("no institution asked to connect; a When step must ask first")
	}
	return s.asked, nil
}

func allConnected(ctx context.Context) error {
	insts, err := asked(ctx)
	if err != nil {
		return err
	}
	scenario.From(ctx).Log.Note("Connection answers side by side", connectionTable(insts))
	var f scenario.Findings
	for _, in := range insts {
		f.Check(in.conn.Decision == iti.DecisionAccepted, "%s, a %s institution meeting every published criterion and asking exactly as the others did, was %s: %q",
			in.id, in.tier, in.conn.Decision, in.conn.Reason)
	}
	return f.Err()
}

// topAndTails splits the asked institutions.
func topAndTails(ctx context.Context) (*inst, []*inst, error) {
	insts, err := asked(ctx)
	if err != nil {
		return nil, nil, err
	}
	var top *inst
	var tails []*inst
	for _, in := range insts {
		switch in.tier {
		case iti.TierTop:
			top = in
		case iti.TierTail:
			tails = append(tails, in)
		}
	}
	if top == nil || len(tails) == 0 {
		return nil, nil, errors.New("the comparison needs a top and at least one tail institution to have asked to connect")
	}
	return top, tails, nil
}

func sameTerms(ctx context.Context) error {
	top, tails, err := topAndTails(ctx)
	if err != nil {
		return err
	}
	scenario.From(ctx).Log.Note("Terms side by side", connectionTable(append([]*inst{top}, tails...)))
	var f scenario.Findings
	want := top.conn.Terms
	for _, in := range tails {
		got := in.conn.Terms
		if in.conn.Decision != iti.DecisionAccepted {
			f.Add("%s was not connected, so it has no terms to compare: %q", in.id, in.conn.Reason)
			continue
		}
		f.Check(got.FeeRateBP == want.FeeRateBP, "the platform's fee for %s (tail) is %s; for %s (top) it is %s", in.id, bp(got.FeeRateBP), top.id, bp(want.FeeRateBP))
		f.Check(got.SettlementDays == want.SettlementDays, "the platform settles with %s (tail) in %d day(s); with %s (top) in %d", in.id, got.SettlementDays, top.id, want.SettlementDays)
		f.Check(sameElements(want.Conditions, got.Conditions), "%s (tail) is asked for %s before it goes live; %s (top) for %s", in.id, conditions(got), top.id, conditions(want))
	}
	return f.Err()
}

// general writes an institution's own id out of what the platform told it,
// so that per-institution addresses (…/notify/tail-001) compare equal.
func general(in *inst, v string) string { return strings.ReplaceAll(v, in.id, "{institution}") }

func sameInterface(ctx context.Context) error {
	top, tails, err := topAndTails(ctx)
	if err != nil {
		return err
	}
	rows := []string{fmt.Sprintf("%-12s %-5s %-64s %-28s %s", "institution", "tier", "payment notices to", "platform id", "platform key")}
	keyState := func(in *inst) string {
		if _, err := paysign.DecodeKey(in.conn.PlatformPublicKey); err != nil {
			return "unusable: " + err.Error()
		}
		return "an Ed25519 key"
	}
	for _, in := range append([]*inst{top}, tails...) {
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-64s %-28s %s", in.id, in.tier, general(in, in.conn.NotifyURL), general(in, in.conn.PlatformID), keyState(in)))
	}
	scenario.From(ctx).Log.Note("Interface side by side", strings.Join(rows, "\n"))
	var f scenario.Findings
	for _, in := range tails {
		f.Check(general(in, in.conn.NotifyURL) == general(top, top.conn.NotifyURL), "%s (tail) is told to send its payment notices to %q; %s (top) to %q", in.id, in.conn.NotifyURL, top.id, top.conn.NotifyURL)
		f.Check(general(in, in.conn.PlatformID) == general(top, top.conn.PlatformID), "the platform calls itself %q to %s (tail) and %q to %s (top)", in.conn.PlatformID, in.id, top.conn.PlatformID, top.id)
		f.Check(keyState(in) == keyState(top), "the platform's key given to %s (tail) is %s; to %s (top) %s", in.id, keyState(in), top.id, keyState(top))
	}
	return f.Err()
}

func refusedForCriterion(ctx context.Context, what string) error {
	s := st(ctx)
	insts, err := asked(ctx)
	if err != nil {
		return err
	}
	if s.criteria == nil {
		return errors.New("the platform's criteria were not read; a Given step must read them first")
	}
	published := map[string]iti.Criterion{}
	for _, c := range s.criteria.Criteria {
		published[c.Code] = c
	}
	scenario.From(ctx).Log.Note("Refusals side by side", connectionTable(insts))
	var f scenario.Findings
	for _, in := range insts {
		c := in.conn
		if !f.Check(c.Decision == iti.DecisionRefused, "%s (%s), which lacks %s, was %s", in.id, in.tier, what, c.Decision) {
			continue
		}
		f.Check(strings.TrimSpace(c.Reason) != "", "the refusal of %s (%s) gives no reason at all", in.id, in.tier)
		if !f.Check(len(c.ReasonCodes) > 0, "the refusal of %s (%s) names none of the platform's published criteria; it says only %q", in.id, in.tier, c.Reason) {
			continue
		}
		about := false
		for _, code := range c.ReasonCodes {
			k, ok := published[code]
			f.Check(ok, "the refusal of %s (%s) names %q, which is not among the platform's published criteria", in.id, in.tier, code)
			about = about || (ok && k.Field == s.lacking)
		}
		f.Check(about, "%s (%s) lacks %s, but its refusal names %v, none of them a published criterion about %s", in.id, in.tier, what, c.ReasonCodes, s.lacking)
	}
	return f.Err()
}

func sameRefusal(ctx context.Context) error {
	top, tails, err := topAndTails(ctx)
	if err != nil {
		return err
	}
	var f scenario.Findings
	for _, in := range tails {
		f.Check(in.conn.Decision == top.conn.Decision, "with the same shortcoming %s (top) was %s and %s (tail) %s", top.id, top.conn.Decision, in.id, in.conn.Decision)
		f.Check(sameElements(top.conn.ReasonCodes, in.conn.ReasonCodes), "with the same shortcoming %s (top) was refused for %v and %s (tail) for %v", top.id, top.conn.ReasonCodes, in.id, in.conn.ReasonCodes)
	}
	return f.Err()
}

// sameElements reports whether a and b hold the same strings as many times
// each, in any order: a platform owes institutions the same conditions, not
// the same way of listing them.
func sameElements(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
