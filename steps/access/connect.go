package access

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/model/evidence"
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
	scenario.Rest(ctx, evidence.Declared)
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
	scenario.Rest(ctx, evidence.Declared)
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

// noticeAddress is a notice URL taken apart for comparison.
type noticeAddress struct {
	in     *inst
	origin string // scheme://host:port, in lower case, the port always written
	// shape names the parts in order (path segments, then query parameters
	// by name) with the fragment: two addresses of one shape differ only in
	// the parts' values.
	shape string
	names []string // what each part is
	parts []string // each part's value, with the institution's id written out
}

func readNoticeAddress(in *inst) (noticeAddress, error) {
	a := noticeAddress{in: in}
	u, err := url.Parse(in.conn.NotifyURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return a, fmt.Errorf("%s (%s) is told to send its payment notices to %q, which is not a web address", in.id, in.tier, in.conn.NotifyURL)
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	a.origin = strings.ToLower(u.Scheme + "://" + u.Hostname() + ":" + port)
	for i, seg := range strings.Split(u.EscapedPath(), "/") {
		a.names = append(a.names, fmt.Sprintf("path segment %d", i))
		a.parts = append(a.parts, general(in, seg))
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a.names = append(a.names, fmt.Sprintf("query parameter %q", general(in, k)))
		a.parts = append(a.parts, general(in, strings.Join(q[k], "\x00")))
	}
	a.shape = strings.Join(a.names, ", ") + " #" + general(in, u.EscapedFragment())
	return a, nil
}

// sameNoticeInterface checks that the top (first) and the tail institutions
// were given one interface for their payment notices. The same interface is
// one endpoint, not one string: the same origin (scheme, host and port) and
// the same path and query once an institution's own id is written out of
// them — except that one part, a path segment or a query parameter's value,
// may be the institution's own, as a per-institution token or secret in a
// webhook address commonly is. A part that differs must then differ for
// every institution: addresses that set the tails apart from the top as a
// group (one address for all tails, another for the top) are not the same
// interface.
func sameNoticeInterface(f *scenario.Findings, insts []*inst) {
	var addrs []noticeAddress
	for _, in := range insts {
		a, err := readNoticeAddress(in)
		if !f.Check(err == nil, "%v", err) {
			continue
		}
		addrs = append(addrs, a)
	}
	if len(addrs) < 2 || addrs[0].in != insts[0] {
		return
	}
	top, same := addrs[0], addrs[:1]
	for _, a := range addrs[1:] {
		switch {
		case a.origin != top.origin:
			f.Add("%s (%s) is told to send its payment notices to %q, on another server than %s (%s), told %q", a.in.id, a.in.tier, a.in.conn.NotifyURL, top.in.id, top.in.tier, top.in.conn.NotifyURL)
		case a.shape != top.shape:
			f.Add("%s (%s) is told to send its payment notices to %q, an address of another form than %s (%s)'s %q", a.in.id, a.in.tier, a.in.conn.NotifyURL, top.in.id, top.in.tier, top.in.conn.NotifyURL)
		default:
			same = append(same, a)
		}
	}
	var varying []int
	for p := range top.parts {
		for _, a := range same[1:] {
			if a.parts[p] != top.parts[p] {
				varying = append(varying, p)
				break
			}
		}
	}
	list := func() string {
		var out []string
		for _, a := range same {
			out = append(out, fmt.Sprintf("%s (%s) %q", a.in.id, a.in.tier, a.in.conn.NotifyURL))
		}
		return strings.Join(out, "; ")
	}
	if len(varying) > 1 {
		var what []string
		for _, p := range varying {
			what = append(what, top.names[p])
		}
		f.Add("the addresses for payment notices differ from institution to institution in %s; the same interface leaves at most one part to each institution (its own token): %s", strings.Join(what, " and "), list())
		return
	}
	for _, p := range varying {
		holders := map[string][]string{}
		var values []string
		for _, a := range same {
			if holders[a.parts[p]] == nil {
				values = append(values, a.parts[p])
			}
			holders[a.parts[p]] = append(holders[a.parts[p]], a.in.id)
		}
		for _, v := range values {
			ids := holders[v]
			f.Check(len(ids) == 1, "the addresses for payment notices differ in %s, but not institution by institution: %s share %q; %s", top.names[p], strings.Join(ids, ", "), v, list())
		}
	}
}

func sameInterface(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
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
	all := append([]*inst{top}, tails...)
	for _, in := range all {
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-64s %-28s %s", in.id, in.tier, in.conn.NotifyURL, general(in, in.conn.PlatformID), keyState(in)))
	}
	scenario.From(ctx).Log.Note("Interface side by side", strings.Join(rows, "\n"))
	var f scenario.Findings
	sameNoticeInterface(&f, all)
	for _, in := range all {
		f.Check(keyState(in) == "an Ed25519 key", "the platform's key given to %s (%s) is %s", in.id, in.tier, keyState(in))
	}
	for _, in := range tails {
		f.Check(general(in, in.conn.PlatformID) == general(top, top.conn.PlatformID), "the platform calls itself %q to %s (tail) and %q to %s (top)", in.conn.PlatformID, in.id, top.conn.PlatformID, top.id)
	}
	return f.Err()
}

func refusedForCriterion(ctx context.Context, what string) error {
	scenario.Rest(ctx, evidence.Declared)
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
	scenario.Rest(ctx, evidence.Declared)
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
