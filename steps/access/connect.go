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
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// ACCESS-01 and ACCESS-02: institutions ask to connect, and the answers
// of tail and top institutions are compared.
//
// ACCESS-01's cases are tail institutions that meet every criterion, each
// compared with a top institution that asked at the same stage. The space
// they range over: how the institution's name is written, and when it
// asks — before the platform has any merchant, or after it has many — and
// so where it stands in a long line of institutions asking (every case is
// the n-th of them for some n).

// Stages of ACCESS-01: when an institution asks, against the platform's
// merchants.
const (
	stageBefore = "before the platform has any merchant"
	stageAfter  = "after the platform has merchants"
)

// stageMerchants is how many merchants the platform has between the
// stages, each enabling the institutions connected so far.
const stageMerchants = 6

func askCompliant(ctx context.Context) error {
	w := scenario.From(ctx)
	s := st(ctx)
	n := w.Cases(5)
	cases := s.gen.Cases(n, gen.Dim{Name: "name", Values: nameForms}, gen.Dim{Name: "asks", Values: []string{stageBefore, stageAfter}})
	tails := newInsts(ctx, iti.TierTail, n)
	tops := newInsts(ctx, iti.TierTop, 2)
	byStage := map[string][]*inst{}
	for i, c := range cases {
		in := tails[i]
		in.name = institutionName(s.rng, c["name"], in.id)
		in.c = &accessCase{key: "institution " + in.id, dims: c}
		byStage[c["asks"]] = append(byStage[c["asks"]], in)
	}
	s.asked = nil
	for i, stage := range []string{stageBefore, stageAfter} {
		top := tops[i]
		top.name = institutionName(s.rng, nameLatin, top.id)
		line := slices.Insert(slices.Clone(byStage[stage]), s.rng.IntN(len(byStage[stage])+1), top)
		for _, in := range line {
			if in.c != nil {
				in.top = top
				in.c.dims["institution"] = in.id
				in.c.dims["place in line"] = fmt.Sprintf("%d of %d", len(s.asked)+1, n+2)
				in.c.label = fmt.Sprintf("%s, a tail institution named in %s (%q), asking %s, %s in line", in.id, in.c.dims["name"], in.name, stage, in.c.dims["place in line"])
			}
			if err := connect(ctx, in, request(ctx, in)); err != nil {
				return err
			}
			s.asked = append(s.asked, in)
		}
		if stage == stageBefore {
			if err := stageShops(ctx, s.asked); err != nil {
				return err
			}
		}
	}
	return nil
}

// stageShops sets up the merchants of ACCESS-01's second stage, named in
// every form, each enabling the institutions connected so far.
func stageShops(ctx context.Context, asked []*inst) error {
	s := st(ctx)
	var connected []string
	for _, in := range asked {
		if in.conn != nil && in.conn.Decision == iti.DecisionAccepted {
			connected = append(connected, in.id)
		}
	}
	sess, err := session(ctx)
	if err != nil {
		return err
	}
	for i := range stageMerchants {
		id := fmt.Sprintf("corner-shop-%d", i+1)
		name := merchantName(s.rng, nameForms[i%len(nameForms)], id)
		if _, err := sess.SetMerchant(ctx, id, iti.MerchantRequest{Name: name, BrandTier: iti.BrandOrdinary, EnabledInstitutions: connected}); err != nil {
			return err
		}
	}
	return nil
}

// ACCESS-02's cases are pairs of a top and a tail institution with one
// shortcoming, the one the scenario's example names: which of the two asks
// first and how the tail's name is written are drawn, and after the
// refusals a tail institution that meets every criterion asks — a new one,
// or the refused tail itself with its shortcoming put right.

// pair is one case of ACCESS-02.
type pair struct {
	c         accessCase
	top, tail *inst
	putsRight bool // the tail that then asks is the refused one, again
}

const (
	firstTop  = "the top institution"
	firstTail = "the tail institution"
	thenNew   = "a new tail institution"
	thenSame  = "the refused tail institution, its shortcoming put right"
)

func askOneTail(ctx context.Context) error {
	s := st(ctx)
	if len(s.pairs) == 0 {
		return errors.New("no institution was refused; a When step must ask first")
	}
	s.asked = nil
	for _, p := range s.pairs {
		in := p.tail
		if !p.putsRight {
			in = newInsts(ctx, iti.TierTail, 1)[0]
			in.name = institutionName(s.rng, p.c.dims["name"], in.id)
		}
		in.c = &p.c
		if err := connect(ctx, in, request(ctx, in)); err != nil {
			return err
		}
		s.asked = append(s.asked, in)
	}
	return nil
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

// askLacking has pairs of a top and a tail institution lacking what ask
// to connect: a third of a certification's cases in each of the Rule's
// three examples, which together make its cases.
func askLacking(ctx context.Context, what string) error {
	l, ok := lacks[what]
	if !ok {
		return fmt.Errorf("the feature says the institutions lack %q; the harness knows how to take away %s", what, lackNames())
	}
	w := scenario.From(ctx)
	s := st(ctx)
	n := (w.Cases(3) + 2) / 3
	// Three forms of the tail's name, not all five: a quick run makes as
	// many pairs as the largest dimension has values, for each of the
	// three examples.
	cases := s.gen.Cases(n, gen.Dim{Name: "asks first", Values: []string{firstTop, firstTail}},
		gen.Dim{Name: "name", Values: []string{nameLatin, nameChinese, namePunctuation}}, gen.Dim{Name: "then asks", Values: []string{thenNew, thenSame}})
	s.lacking, s.pairs, s.asked = l.field, nil, nil
	for i, c := range cases {
		top, tail := newInsts(ctx, iti.TierTop, 1)[0], newInsts(ctx, iti.TierTail, 1)[0]
		tail.name = institutionName(s.rng, c["name"], tail.id)
		c["lacking"], c["top"], c["tail"] = what, top.id, tail.id
		p := &pair{c: accessCase{key: fmt.Sprintf("pair %d", i+1), dims: c}, top: top, tail: tail, putsRight: c["then asks"] == thenSame}
		p.c.label = fmt.Sprintf("%s (top) and %s (tail, named in %s), lacking %s, %s asking first; then %s", top.id, tail.id, c["name"], what, c["asks first"], c["then asks"])
		top.c, tail.c = &p.c, &p.c
		line := []*inst{top, tail}
		if c["asks first"] == firstTail {
			line = []*inst{tail, top}
		}
		for _, in := range line {
			req := request(ctx, in)
			l.remove(&req)
			if err := connect(ctx, in, req); err != nil {
				return err
			}
			s.asked = append(s.asked, in)
		}
		s.pairs = append(s.pairs, p)
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

// allConnected judges the institutions of the last "ask to connect" step:
// each that meets every criterion is connected. A tail institution's answer
// is its case's; a top institution the tails are compared with, refused,
// is a finding of its own.
func allConnected(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	insts, err := asked(ctx)
	if err != nil {
		return err
	}
	scenario.From(ctx).Log.Note("Connection answers side by side", connectionTable(insts))
	v := newVerdicts(ctx)
	for _, in := range insts {
		finding := ""
		if in.conn.Decision != iti.DecisionAccepted {
			finding = fmt.Sprintf("%s, a %s institution meeting every published criterion and asking exactly as the others did, was %s: %q", in.id, in.tier, in.conn.Decision, in.conn.Reason)
		}
		if in.c == nil {
			if finding != "" {
				v.add("%s", finding)
			}
			continue
		}
		v.judge(in.c, finding)
	}
	return v.err("every institution meeting every published criterion should be connected", "tail institutions")
}

// tailsAsked are the tail institutions of the last "ask to connect" step,
// each with the top institution it is compared with.
func tailsAsked(ctx context.Context) ([]*inst, error) {
	insts, err := asked(ctx)
	if err != nil {
		return nil, err
	}
	var tails []*inst
	for _, in := range insts {
		if in.tier == iti.TierTail && in.top != nil {
			tails = append(tails, in)
		}
	}
	if len(tails) == 0 {
		return nil, errors.New("the comparison needs a top and at least one tail institution to have asked to connect")
	}
	return tails, nil
}

func sameTerms(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	tails, err := tailsAsked(ctx)
	if err != nil {
		return err
	}
	insts, _ := asked(ctx)
	scenario.From(ctx).Log.Note("Terms side by side", connectionTable(insts))
	v := newVerdicts(ctx)
	for _, in := range tails {
		top := in.top
		if top.conn.Decision != iti.DecisionAccepted {
			v.judge(in.c, fmt.Sprintf("%s (top), which it is compared with, was not connected: %q", top.id, top.conn.Reason))
			continue
		}
		if in.conn.Decision != iti.DecisionAccepted {
			v.judge(in.c, fmt.Sprintf("%s was not connected, so it has no terms to compare: %q", in.id, in.conn.Reason))
			continue
		}
		var f scenario.Findings
		want, got := top.conn.Terms, in.conn.Terms
		f.Check(got.FeeRateBP == want.FeeRateBP, "the platform's fee for %s (tail) is %s; for %s (top) it is %s", in.id, bp(got.FeeRateBP), top.id, bp(want.FeeRateBP))
		f.Check(got.SettlementDays == want.SettlementDays, "the platform settles with %s (tail) in %d day(s); with %s (top) in %d", in.id, got.SettlementDays, top.id, want.SettlementDays)
		f.Check(sameElements(want.Conditions, got.Conditions), "%s (tail) is asked for %s before it goes live; %s (top) for %s", in.id, conditions(got), top.id, conditions(want))
		v.judge(in.c, errText(f.Err()))
	}
	return v.err("every tail institution should be offered the terms of the top institution that asked at the same stage", "tail institutions")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
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
	for _, p := range noticeProblems(insts) {
		f.Add("%s", p.text)
	}
}

// problem is what is wrong with some institutions' notice addresses, laid
// at the institutions it concerns.
type problem struct {
	who  []*inst
	text string
}

// noticeProblems is sameNoticeInterface's check, each problem laid at the
// institutions whose addresses show it.
func noticeProblems(insts []*inst) []problem {
	var out []problem
	var addrs []noticeAddress
	for _, in := range insts {
		a, err := readNoticeAddress(in)
		if err != nil {
			out = append(out, problem{[]*inst{in}, err.Error()})
			continue
		}
		addrs = append(addrs, a)
	}
	if len(addrs) < 2 || addrs[0].in != insts[0] {
		return out
	}
	top, same := addrs[0], addrs[:1]
	for _, a := range addrs[1:] {
		switch {
		case a.origin != top.origin:
			out = append(out, problem{[]*inst{a.in}, fmt.Sprintf("%s (%s) is told to send its payment notices to %q, on another server than %s (%s), told %q", a.in.id, a.in.tier, a.in.conn.NotifyURL, top.in.id, top.in.tier, top.in.conn.NotifyURL)})
		case a.shape != top.shape:
			out = append(out, problem{[]*inst{a.in}, fmt.Sprintf("%s (%s) is told to send its payment notices to %q, an address of another form than %s (%s)'s %q", a.in.id, a.in.tier, a.in.conn.NotifyURL, top.in.id, top.in.tier, top.in.conn.NotifyURL)})
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
	list := func(of []noticeAddress) string {
		var out []string
		for _, a := range of[:min(len(of), 6)] {
			out = append(out, fmt.Sprintf("%s (%s) %q", a.in.id, a.in.tier, a.in.conn.NotifyURL))
		}
		if len(of) > 6 {
			out = append(out, fmt.Sprintf("and %d more", len(of)-6))
		}
		return strings.Join(out, "; ")
	}
	insts = nil
	for _, a := range same {
		insts = append(insts, a.in)
	}
	if len(varying) > 1 {
		var what []string
		for _, p := range varying {
			what = append(what, top.names[p])
		}
		return append(out, problem{insts, fmt.Sprintf("the addresses for payment notices differ from institution to institution in %s; the same interface leaves at most one part to each institution (its own token): %s", strings.Join(what, " and "), list(same))})
	}
	for _, p := range varying {
		holders := map[string][]noticeAddress{}
		var values []string
		for _, a := range same {
			if holders[a.parts[p]] == nil {
				values = append(values, a.parts[p])
			}
			holders[a.parts[p]] = append(holders[a.parts[p]], a)
		}
		for _, v := range values {
			shared := holders[v]
			if len(shared) == 1 {
				continue
			}
			var ids []string
			var who []*inst
			for _, a := range shared {
				if len(ids) < 6 {
					ids = append(ids, a.in.id)
				}
				who = append(who, a.in)
			}
			if len(shared) > 6 {
				ids = append(ids, fmt.Sprintf("%d more", len(shared)-6))
			}
			out = append(out, problem{who, fmt.Sprintf("the addresses for payment notices differ in %s, but not institution by institution: %s share %q; %s", top.names[p], strings.Join(ids, ", "), v, list(same))})
		}
	}
	return out
}

func sameInterface(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	tails, err := tailsAsked(ctx)
	if err != nil {
		return err
	}
	insts, _ := asked(ctx)
	// The first top institution is the one the others are read against:
	// one interface for all, tops of both stages and every tail.
	var all []*inst
	for _, in := range insts {
		if in.tier == iti.TierTop {
			all = append(all, in)
		}
	}
	for _, in := range insts {
		if in.tier != iti.TierTop {
			all = append(all, in)
		}
	}
	rows := []string{fmt.Sprintf("%-12s %-5s %-64s %-28s %s", "institution", "tier", "payment notices to", "platform id", "platform key")}
	keyState := func(in *inst) string {
		if _, err := paysign.DecodeKey(in.conn.PlatformPublicKey); err != nil {
			return "unusable: " + err.Error()
		}
		return "an Ed25519 key"
	}
	for _, in := range all {
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-64s %-28s %s", in.id, in.tier, in.conn.NotifyURL, general(in, in.conn.PlatformID), keyState(in)))
	}
	scenario.From(ctx).Log.Note("Interface side by side", strings.Join(rows, "\n"))
	byInst := map[*inst][]string{}
	v := newVerdicts(ctx)
	for _, p := range noticeProblems(all) {
		for _, in := range p.who {
			byInst[in] = append(byInst[in], p.text)
		}
		if !slices.ContainsFunc(p.who, func(in *inst) bool { return in.c != nil }) {
			v.add("%s", p.text)
		}
	}
	for _, in := range all {
		if keyState(in) != "an Ed25519 key" {
			byInst[in] = append(byInst[in], fmt.Sprintf("the platform's key given to %s (%s) is %s", in.id, in.tier, keyState(in)))
			if in.c == nil {
				v.add("the platform's key given to %s (%s) is %s", in.id, in.tier, keyState(in))
			}
		}
	}
	for _, in := range tails {
		top := in.top
		if general(in, in.conn.PlatformID) != general(top, top.conn.PlatformID) {
			byInst[in] = append(byInst[in], fmt.Sprintf("the platform calls itself %q to %s (tail) and %q to %s (top)", in.conn.PlatformID, in.id, top.conn.PlatformID, top.id))
		}
		v.judge(in.c, strings.Join(byInst[in], "; "))
	}
	return v.err("every tail institution should be given the interface the top institutions are given", "tail institutions")
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
	v := newVerdicts(ctx)
	for _, p := range s.pairs {
		var f scenario.Findings
		for _, in := range []*inst{p.top, p.tail} {
			refusedFor(&f, in, what, s.lacking, published)
		}
		v.judge(&p.c, errText(f.Err()))
	}
	return v.err("every institution lacking "+what+" should be refused, naming a published criterion about it", "pairs of a top and a tail institution")
}

// refusedFor checks in's refusal for lacking what, the field lacking.
func refusedFor(f *scenario.Findings, in *inst, what, lacking string, published map[string]iti.Criterion) {
	c := in.conn
	if !f.Check(c.Decision == iti.DecisionRefused, "%s (%s), which lacks %s, was %s", in.id, in.tier, what, c.Decision) {
		return
	}
	f.Check(strings.TrimSpace(c.Reason) != "", "the refusal of %s (%s) gives no reason at all", in.id, in.tier)
	if !f.Check(len(c.ReasonCodes) > 0, "the refusal of %s (%s) names none of the platform's published criteria; it says only %q", in.id, in.tier, c.Reason) {
		return
	}
	about := false
	for _, code := range c.ReasonCodes {
		k, ok := published[code]
		f.Check(ok, "the refusal of %s (%s) names %q, which is not among the platform's published criteria", in.id, in.tier, code)
		about = about || (ok && k.Field == lacking)
	}
	f.Check(about, "%s (%s) lacks %s, but its refusal names %v, none of them a published criterion about %s", in.id, in.tier, what, c.ReasonCodes, lacking)
}

func sameRefusal(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	s := st(ctx)
	if len(s.pairs) == 0 {
		return errors.New("no pair of institutions asked to connect; a When step must ask first")
	}
	v := newVerdicts(ctx)
	for _, p := range s.pairs {
		top, tail := p.top.conn, p.tail.conn
		var f scenario.Findings
		f.Check(tail.Decision == top.Decision, "with the same shortcoming %s (top) was %s and %s (tail) %s", p.top.id, top.Decision, p.tail.id, tail.Decision)
		f.Check(sameElements(top.ReasonCodes, tail.ReasonCodes), "with the same shortcoming %s (top) was refused for %v and %s (tail) for %v", p.top.id, top.ReasonCodes, p.tail.id, tail.ReasonCodes)
		v.judge(&p.c, errText(f.Err()))
	}
	return v.err("the top and the tail institution of every pair should be refused for the same reasons", "pairs of a top and a tail institution")
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
