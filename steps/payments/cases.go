package payments

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// The space PAY-01 to PAY-06 and PAY-09 range over. A scenario's words tell
// one story — Alice, an order of 88.00 CNY, "tea-house" — and its first Then
// step tells the same story again for cases drawn from the run's seed, each
// with an order of its own: every amount boundary, merchants and consumers
// whose names are written every way the contract allows, every tier of
// wallet, and what happened before (earlier orders, payments, refunds,
// choices changed). The scenario's own order is one case; every Then step
// judges it and every drawn one, and the evidence records each.

// quickCases is how many cases a scenario judges at quick depth: its own
// order and two drawn ones.
const quickCases = 3

// sharedBy is how many scenarios of a requirement draw cases, where more
// than one does: each draws its share of a certification's cases.
var sharedBy = map[string]int{"@PAY-02": 2, "@PAY-04": 3}

// draws is how many cases one scenario judges, its own order included: at
// certification depth its requirement's scenarios together judge a
// certification's cases (scenario.World.Cases).
func draws(ctx context.Context) int {
	w := scenario.From(ctx)
	if w.Env.Quick {
		return quickCases
	}
	of := 1
	for _, t := range w.Tags {
		of = max(of, sharedBy[t])
	}
	return max(quickCases, (w.Cases(quickCases)+of-1)/of)
}

// amounts are the order amounts drawn, as a reader writes them, in fen:
// the smallest unit; odd minor units; the PBoC 2017 No. 296 limits on
// payment codes (CNY 500 static, 1,000 and 5,000 dynamic), exactly at each
// and a fen over; and large orders.
var amounts = map[string]int64{
	"0.01": 1, "0.99": 99, "12.34": 1234,
	"500.00": 50000, "500.01": 50001, "1000.00": 100000, "1000.01": 100001, "5000.00": 500000, "5000.01": 500001,
	"49999.99": 4999999, "1000000.00": 100000000,
}

func amountNames() []string {
	out := make([]string, 0, len(amounts))
	for k := range amounts {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(amounts[a], amounts[b]) })
	return out
}

// How a merchant's or a person's name is written. The contract takes any
// string as a merchant, consumer or institution id; the implementer's
// guide's handoff vector has a payee with Chinese characters, a space and
// an ampersand.
var (
	merchantForms = []string{"ASCII", "Chinese", "spaces and punctuation"}
	personForms   = []string{"ASCII", "Chinese"}
)

func merchantName(form string, i int) string {
	switch form {
	case "Chinese":
		return fmt.Sprintf("老王茶馆%d", i)
	case "spaces and punctuation":
		return fmt.Sprintf("Lao Wang's Tea & Co. %d", i)
	}
	return fmt.Sprintf("corner-shop-%d", i)
}

// personName is the id of a person of role ("shopper", "friend") written
// in form; each case has people of its own, so that no case's choices or
// payments show in another's.
func personName(form, role string, i int) string {
	if form == "Chinese" {
		if role == "friend" {
			return fmt.Sprintf("李雷%d", i)
		}
		return fmt.Sprintf("王芳%d", i)
	}
	return fmt.Sprintf("%s-%d", role, i)
}

// tierWords are the tiers as the cases name them.
var tierWords = map[string]string{iti.TierAffiliated: "the platform's own", iti.TierTop: "a top rival", iti.TierTail: "a tail institution"}

// batch is the cases a scenario draws, with its own order first.
type batch struct {
	flows []*flow
	seq   int
}

func cases(ctx context.Context) *batch { return scenario.State[batch](ctx) }

// drawn reports whether the scenario's cases were drawn already (or its
// own order taken as its only case): the first Then step of a scenario
// draws them, the later ones judge them.
func drawn(ctx context.Context) bool { return len(cases(ctx).flows) > 0 }

// judging reports whether the scenario judges requirement id ("PAY-01"):
// a step whose words several requirements share draws the cases of the
// requirement its scenario is tagged with, and judges the scenario's own
// order alone in the others'.
func judging(ctx context.Context, id string) bool {
	return slices.Contains(scenario.From(ctx).Tags, "@"+id)
}

// flow is one case: an order placed, and what the harness did and saw of
// it.
type flow struct {
	key   string
	dims  gen.Case
	named bool // the scenario's own order, as its words tell it

	merchant string
	consumer string
	amount   int64
	wallet   string   // the wallet the case pays with
	enabled  []string // what the case's merchant enabled

	co      iti.Checkout
	handoff *iti.Handoff
	landing *checkout.Landing
	order   *iti.Order // the platform's record, read once the case is over
	// problem is what stopped the case before everything it was to do was
	// done: a finding of every check that judges the case.
	problem string
	// moot says why the case cannot be judged by the requirement that drew
	// it, when what stopped it is another requirement's concern; it is
	// left out of the judgement, and the evidence says so.
	moot string

	// payer is who confirms the payment, when not the consumer: PAY-06's
	// friend.
	payer string
	// siblings are the orders of the other cases the same consumer paid:
	// payments of hers the case expects besides its own.
	siblings []string

	// What PAY-06's cases saw of the help-me-pay link, and why the friend
	// could not pay from it.
	link       *iti.PayOnBehalfLink
	page       *checkout.Landing
	links      map[string]string
	payProblem string
}

func (f *flow) payerID() string {
	if f.payer != "" {
		return f.payer
	}
	return f.consumer
}

// fail records why the case could not go on, once.
func (f *flow) fail(format string, args ...any) bool {
	if f.problem == "" {
		f.problem = fmt.Sprintf(format, args...)
	}
	return false
}

// name says what the case is, in a reader's words: the order, and its
// drawn values besides the amount.
func (f *flow) name() string {
	head := fmt.Sprintf("%s at %q by %q", checkout.Show(f.amount, "CNY"), f.merchant, f.consumer)
	if f.wallet != "" {
		head += " with " + f.wallet
	}
	if f.named {
		return "the scenario's own order, " + head
	}
	keys := make([]string, 0, len(f.dims))
	for k := range f.dims {
		if k != "amount" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+f.dims[k])
	}
	return head + " (" + strings.Join(parts, "; ") + ")"
}

// leaveOut marks the cases for which moot gives a reason as not judged, and
// notes them in the evidence.
func leaveOut(ctx context.Context, flows []*flow, moot func(*flow) string) {
	var out []string
	for _, f := range flows {
		if why := moot(f); why != "" {
			f.moot = why
			out = append(out, f.name()+" — "+why)
		}
	}
	if len(out) > 0 {
		scenario.From(ctx).Log.Note("Cases not judged", strings.Join(out, "\n"))
	}
}

// paidThrough is the wallet whose ledger holds the payment of order, or ""
// when none or more than one does.
func paidThrough(ctx context.Context, order string) string {
	found := ""
	for name, wi := range checkout.From(ctx).Wallets {
		for _, p := range wi.Mock.Payments() {
			if p.Order == order {
				if found != "" && found != name {
					return ""
				}
				found = name
			}
		}
	}
	return found
}

// namedFlow is the scenario's own order, as its When steps placed it.
func namedFlow(ctx context.Context, wallet string) (*flow, error) {
	c, err := checkout.Current(ctx)
	if err != nil {
		return nil, err
	}
	s := checkout.From(ctx)
	return &flow{key: "the scenario's order", named: true, merchant: c.MerchantID, consumer: c.Consumer, amount: c.AmountMinor,
		wallet: wallet, co: *c, handoff: s.Handoff, landing: s.Landing, link: s.Link}, nil
}

// newFlow is a drawn case of dims.
func (b *batch) newFlow(dims gen.Case) *flow {
	b.seq++
	return &flow{key: fmt.Sprintf("case %d", b.seq), dims: dims}
}

// draw draws n cases over dims with the scenario's generator. At quick
// depth a dimension with more values than cases keeps n of them, drawn, so
// that a quick run stays quick; at certification depth every value of
// every dimension is in some case.
func draw(ctx context.Context, n int, dims ...gen.Dim) []gen.Case {
	w := scenario.From(ctx)
	g := gen.New(w.Env.Seed, w.Name)
	if w.Env.Quick {
		for i := range dims {
			if v := dims[i].Values; len(v) > n {
				keep := g.Rand().Perm(len(v))[:n]
				sort.Ints(keep)
				picked := make([]string, n)
				for j, k := range keep {
					picked[j] = v[k]
				}
				dims[i].Values = picked
			}
		}
	}
	return g.Cases(n, dims...)
}

// parallel runs fn for every case (or every story of cases), as
// scenario.EachAtOnce does. Each has its own orders and its own people, so
// none sees another's state.
func parallel[T any](items []T, fn func(T)) {
	scenario.EachAtOnce(len(items), func(i int) error { fn(items[i]); return nil })
}

// judge applies check to every case of the scenario, its own order first,
// and records each; check returns what went wrong, or "" when the case
// held. The step fails naming the cases that did not hold.
func judge(ctx context.Context, what string, check func(*flow) string) error {
	flows := cases(ctx).flows
	if len(flows) == 0 {
		return fmt.Errorf("no order was placed for the step to judge")
	}
	w := scenario.From(ctx)
	var bad []string
	judged := 0
	for _, f := range flows {
		if f.moot != "" {
			continue
		}
		judged++
		finding := check(f)
		dims := map[string]string{}
		for k, v := range f.dims {
			dims[k] = v
		}
		dims["merchant"], dims["consumer"], dims["amount"] = f.merchant, f.consumer, checkout.Show(f.amount, "CNY")
		if f.wallet != "" {
			dims["wallet"] = f.wallet
		}
		w.Log.Judge(f.key, evidence.Case{Kind: evidence.CaseSample, Name: f.name(), Dims: dims, Held: finding == "", Detail: finding})
		if finding != "" {
			bad = append(bad, f.name()+" — "+finding)
		}
	}
	return scenario.CasesFailed(what, judged, "orders", bad, 3)
}

// walletsByTier lists the scenario's wallets of each tier, by name.
// tiersOf are the tiers that have wallets in byTier, in iti.Tiers' order.
func tiersOf(byTier map[string][]string) []string {
	var out []string
	for _, t := range iti.Tiers {
		if len(byTier[t]) > 0 {
			out = append(out, t)
		}
	}
	return out
}

func walletsByTier(ctx context.Context, among []string) map[string][]string {
	s := checkout.From(ctx)
	out := map[string][]string{}
	for _, name := range among {
		if wi := s.Wallets[name]; wi != nil {
			out[wi.Mock.Tier] = append(out[wi.Mock.Tier], name)
		}
	}
	for _, l := range out {
		sort.Strings(l)
	}
	return out
}

// tierOfWords is the tier tierWords calls words.
func tierOfWords(words string) string {
	for t, w := range tierWords {
		if w == words {
			return t
		}
	}
	return ""
}

// merchantPool sets up one merchant of each name form, enabling wallets,
// of brand tier bt, for cases to share: what a merchant is does not change
// while the cases run, and each case places orders of its own.
func merchantPool(ctx context.Context, wallets []string, bt string) (map[string]string, error) {
	out := map[string]string{}
	for i, form := range merchantForms {
		name := merchantName(form, i+1)
		if err := checkout.AddMerchant(ctx, name, iti.MerchantRequest{Name: name, BrandTier: bt, EnabledInstitutions: slices.Clone(wallets)}); err != nil {
			return nil, err
		}
		out[form] = name
	}
	return out, nil
}

// The steps of a case, each on the case's own order. Each returns whether
// the case can go on; when it cannot, the case records why.

func (f *flow) place(ctx context.Context, sess *iti.Session) bool {
	c, err := sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: f.merchant, Consumer: f.consumer, AmountMinor: f.amount, Currency: "CNY", Description: "tea set"})
	if err != nil {
		return f.fail("the platform would not place the order: %v", err)
	}
	f.co = c
	return true
}

// priorOrders places k earlier orders of the case's consumer at its
// merchant, left unpaid.
func (f *flow) priorOrders(ctx context.Context, sess *iti.Session, k int) bool {
	for range k {
		if _, err := sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: f.merchant, Consumer: f.consumer, AmountMinor: 1200, Currency: "CNY", Description: "tea cups"}); err != nil {
			return f.fail("the platform would not place an earlier order: %v", err)
		}
	}
	return true
}

func (f *flow) choose(ctx context.Context, sess *iti.Session, inst string) bool {
	h, err := sess.Choose(ctx, f.co.OrderID, iti.ChoiceRequest{InstitutionID: inst})
	if err != nil {
		return f.fail("choosing %s: %v", inst, err)
	}
	f.handoff = &h
	return true
}

// follow is the consumer's device following the last handoff.
func (f *flow) follow(ctx context.Context) bool {
	if f.handoff == nil {
		return f.fail("no payment method was chosen")
	}
	l, err := checkout.Visit(ctx, f.handoff.URL)
	if err != nil {
		return f.fail("following the handoff: %v", err)
	}
	f.landing = l
	return true
}

// confirm is payer confirming the payment in the wallet the device landed
// in.
func (f *flow) confirm(ctx context.Context, payer string) bool {
	if f.landing == nil || f.landing.Handoff == "" {
		return f.fail("choosing %s did not lead into a wallet that could take the payment: following the handoff %s", f.wallet, checkout.DescribeLanding(f.landing))
	}
	if err := checkout.PayAt(ctx, f.landing, payer); err != nil {
		return f.fail("%v", err)
	}
	return true
}

// pay chooses inst, follows the handoff and confirms as the consumer.
func (f *flow) pay(ctx context.Context, sess *iti.Session, inst string) bool {
	return f.choose(ctx, sess, inst) && f.follow(ctx) && f.confirm(ctx, f.consumer)
}

// read reads the platform's record of the case's order.
func (f *flow) read(ctx context.Context, sess *iti.Session) bool {
	o, err := sess.Order(ctx, f.co.OrderID)
	if err != nil {
		return f.fail("reading the platform's record of the order: %v", err)
	}
	f.order = &o
	return true
}

// paidBefore is an earlier order of the case's consumer at its merchant,
// paid with inst; refunded too when refund is set.
func (f *flow) paidBefore(ctx context.Context, sess *iti.Session, inst string, refund bool) bool {
	e := &flow{merchant: f.merchant, consumer: f.consumer, amount: 2300, wallet: inst}
	if !e.place(ctx, sess) || !e.pay(ctx, sess, inst) {
		return f.fail("an earlier order paid with %s: %s", inst, e.problem)
	}
	if refund {
		if _, err := sess.Refund(ctx, e.co.OrderID, iti.RefundRequest{AmountMinor: e.co.AmountMinor, Reason: "the cups were chipped"}); err != nil {
			return f.fail("refunding an earlier order: %v", err)
		}
	}
	return true
}

// shown is the total the case's payment screen showed for its wallet.
func (f *flow) shown() int64 {
	if o := checkout.Option(&f.co, f.wallet); o != nil {
		return o.TotalMinor
	}
	return f.co.AmountMinor
}

// ownCase takes the scenario's own order as its first case and returns,
// as poolOf does, its merchant and the merchants the drawn cases use.
func ownCase(ctx context.Context, named *flow) (*iti.MerchantRequest, map[string]string, error) {
	b := cases(ctx)
	b.flows = append(b.flows, named)
	return poolOf(ctx, named)
}

// poolOf is the merchant of the scenario's own order, and the pool of
// merchants written every way the contract allows (merchantPool) with its
// wallets and tier, which the drawn cases pay.
func poolOf(ctx context.Context, named *flow) (*iti.MerchantRequest, map[string]string, error) {
	m := checkout.From(ctx).Merchants[named.merchant]
	if m == nil {
		return nil, nil, fmt.Errorf("no merchant %q was set up", named.merchant)
	}
	pool, err := merchantPool(ctx, m.EnabledInstitutions, m.BrandTier)
	return m, pool, err
}
