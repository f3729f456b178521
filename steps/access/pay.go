package access

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// ACCESS-03: tail and top institutions on the payment screen, and one
// payment through each, end to end, side by side.

var handoffMeta = regexp.MustCompile(`<meta name="` + regexp.QuoteMeta(institution.MetaHandoff) + `" content="([^"]*)">`)

// payment is one end-to-end payment as the consumer and the wallet saw it.
type payment struct {
	inst     *inst
	kind     string // the handoff's kind
	landed   string // whose page the handoff led to
	accepted bool   // the wallet accepted the handoff
	status   string // the platform's record of the order afterwards
	paidWith string
	credited int64 // what the platform credited
	ledger   int64 // what the wallet's ledger holds for the order
	amount   int64 // what the order cost
	trouble  string
}

// ok is whether the payment succeeded end to end through its institution.
func (p payment) ok() bool {
	return p.trouble == "" && p.landed == p.inst.id && p.accepted && p.status == iti.OrderPaid && p.paidWith == p.inst.id &&
		p.credited == p.amount && p.ledger == p.amount
}

// shape is what must be the same for a tail and a top institution.
func (p payment) shape() string {
	return fmt.Sprintf("handoff %s, into the chosen wallet %v, accepted %v, order %s with it %v, credited as in the ledger %v",
		p.kind, p.landed == p.inst.id, p.accepted, p.status, p.paidWith == p.inst.id, p.credited == p.ledger && p.ledger == p.amount)
}

// payThrough pays a fresh order of amount at merchant through in as
// consumer, as a device would: it checks out, follows the handoff into the
// wallet, confirms there, and reads the platform's record. It returns the
// payment screen too.
func payThrough(ctx context.Context, sess *iti.Session, in *inst, merchant, consumer string, amount int64) (payment, iti.Checkout, error) {
	s := st(ctx)
	p := payment{inst: in, amount: amount}
	c, err := sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: merchant, Consumer: consumer, AmountMinor: amount, Currency: "CNY", Description: "a pot of tea"})
	if err != nil {
		return p, c, err
	}
	h, err := sess.Choose(ctx, c.OrderID, iti.ChoiceRequest{InstitutionID: in.id})
	if err != nil {
		// A platform that will not hand the consumer to an institution the
		// merchant enabled has failed the payment, not the harness.
		p.trouble = "choosing it at checkout: " + err.Error()
		return p, c, nil
	}
	p.kind = h.Kind
	w := scenario.From(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.URL, nil)
	if err != nil {
		p.trouble = fmt.Sprintf("the handoff %q is not a link a device can open", h.URL)
		return p, c, nil
	}
	resp, err := w.HTTP.Do(req)
	if err != nil {
		p.trouble = "following the handoff: " + err.Error()
		return p, c, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	host := strings.ToLower(resp.Request.URL.Hostname())
	if at := s.byHost[host]; at != nil {
		p.landed = at.id
	} else {
		p.landed = host
	}
	m := handoffMeta.FindStringSubmatch(string(body))
	p.accepted = resp.StatusCode == http.StatusOK && m != nil && p.landed == in.id
	if p.accepted {
		form := url.Values{"payer": {consumer}}.Encode()
		creq, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL(in.host, institution.ConfirmPath+m[1]), strings.NewReader(form))
		if err != nil {
			return p, c, err
		}
		creq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		cresp, err := w.HTTP.Do(creq)
		if err != nil {
			p.trouble = "confirming in the wallet: " + err.Error()
		} else {
			io.Copy(io.Discard, cresp.Body)
			cresp.Body.Close()
			if cresp.StatusCode != http.StatusOK {
				p.trouble = fmt.Sprintf("the wallet would not take the payment (status %d)", cresp.StatusCode)
			}
		}
	}
	o, err := sess.Order(ctx, c.OrderID)
	if err != nil {
		return p, c, err
	}
	p.status, p.paidWith = o.Status, o.PaidWith
	for _, cr := range o.Credits {
		p.credited += cr.AmountMinor
	}
	for _, lp := range in.mock.Payments() {
		if lp.Order == c.OrderID {
			p.ledger += lp.Amount
		}
	}
	return p, c, nil
}

// ACCESS-03's cases are payments through tail institutions, each judged
// on its payment screen and end to end, beside payments through the top
// institutions at the same merchant. The space they range over: every tail
// institution, among them one connected only after the merchants were set
// up; merchants that enabled every institution at once, named in Latin
// letters or in Chinese, one that added the tail institutions later, one
// that lists them first; amounts from one fen to large sums, at and just
// over the payment-code limits of PBoC 2017 No. 296 (500, 1,000 and
// 5,000 yuan); consumers new to the checkout, named in Latin letters or in
// Chinese, and consumers coming back after paying through a top or a tail
// institution.

// shop is one of ACCESS-03's merchants.
type shop struct {
	id, kind, name string
	tops           []payment // the top institutions' payments there
}

// Kinds of merchant and of consumer.
const (
	shopAtOnce     = "enabled every institution at once"
	shopChinese    = "named in Chinese, enabled every institution at once"
	shopAddedLater = "enabled the top institutions first and added the tail ones later"
	shopTailsFirst = "lists the tail institutions first"

	consumerNew        = "new to the checkout, named in Latin letters"
	consumerNewChinese = "new to the checkout, named in Chinese"
	consumerAfterTop   = "coming back after paying through a top institution"
	consumerAfterTail  = "coming back after paying through a tail institution"
)

var shopKinds = []string{shopAtOnce, shopChinese, shopAddedLater, shopTailsFirst}

// amountKinds are the amounts of ACCESS-03's orders, by the name a case
// records, each drawn from the seed.
var amountKinds = map[string]func(r *rand.Rand) int64{
	"one fen":                         func(*rand.Rand) int64 { return 1 },
	"odd fen":                         func(r *rand.Rand) int64 { return 101 + 2*r.Int64N(49_949) },
	"whole yuan":                      func(r *rand.Rand) int64 { return 100 * (1 + r.Int64N(2_000)) },
	"at a payment-code limit":         func(r *rand.Rand) int64 { return []int64{50_000, 100_000, 500_000}[r.IntN(3)] },
	"a fen over a payment-code limit": func(r *rand.Rand) int64 { return []int64{50_001, 100_001, 500_001}[r.IntN(3)] },
	"large":                           func(r *rand.Rand) int64 { return 1_000_000 + r.Int64N(99_000_000) },
}

// payCase is one case of ACCESS-03.
type payCase struct {
	c        accessCase
	in       *inst
	shop     *shop
	consumer string
	amount   int64
	screen   iti.Checkout
	pay      payment
}

type paymentsKey struct{}

// payDrawn draws ACCESS-03's cases, sets up their merchants and a tail
// institution connected after them, pays through the top institutions at
// every merchant, and then through each case's tail institution.
func payDrawn(ctx context.Context) (context.Context, error) {
	s := st(ctx)
	if s.merchant == "" {
		return ctx, errors.New("no merchant was set up; a Given step must enable the institutions first")
	}
	sess, err := session(ctx)
	if err != nil {
		return ctx, err
	}
	tops, tails := tiered(s, iti.TierTop), tiered(s, iti.TierTail)
	if len(tops) == 0 || len(tails) == 0 {
		return ctx, errors.New("the comparison needs top and tail institutions")
	}
	shops, late, err := setUpShops(ctx, sess)
	if err != nil {
		return ctx, err
	}
	tails = append(tails, late)
	// The top institutions' payments, one at every merchant, through the
	// top institutions in turn: what a tail institution's payment there is
	// compared with, and the first payments of the consumers who come back
	// after a top.
	type topPay struct {
		sh       *shop
		in       *inst
		consumer string
		amount   int64
		p        payment
	}
	var topPays []*topPay
	for i, sh := range shops {
		topPays = append(topPays, &topPay{sh: sh, in: tops[i%len(tops)], consumer: fmt.Sprintf("top-payer-%d", i+1), amount: 100 + s.rng.Int64N(99_900)})
	}
	err = concurrently(len(topPays), func(i int) error {
		tp := topPays[i]
		p, _, err := payThrough(ctx, sess, tp.in, tp.sh.id, tp.consumer, tp.amount)
		tp.p = p
		return err
	})
	if err != nil {
		return ctx, err
	}
	for _, tp := range topPays {
		tp.sh.tops = append(tp.sh.tops, tp.p)
	}

	var tailIDs, amountNames []string
	for _, in := range tails {
		tailIDs = append(tailIDs, in.id)
	}
	for name := range amountKinds {
		amountNames = append(amountNames, name)
	}
	sort.Strings(amountNames)
	byID := map[string]*inst{}
	for _, in := range tails {
		byID[in.id] = in
	}
	byKind := map[string]*shop{}
	for _, sh := range shops {
		byKind[sh.kind] = sh
	}
	w := scenario.From(ctx)
	drawn := s.gen.Cases(w.Cases(4), gen.Dim{Name: "institution", Values: tailIDs}, gen.Dim{Name: "merchant", Values: shopKinds},
		gen.Dim{Name: "amount", Values: amountNames}, gen.Dim{Name: "consumer", Values: []string{consumerNew, consumerNewChinese, consumerAfterTop, consumerAfterTail}})
	var first, again []*payCase
	for i, d := range drawn {
		pc := &payCase{in: byID[d["institution"]], shop: byKind[d["merchant"]], amount: amountKinds[d["amount"]](s.rng)}
		switch d["consumer"] {
		case consumerNewChinese:
			pc.consumer = consumerName(s.rng, nameChinese, i+1)
		case consumerAfterTop:
			pc.consumer = topPays[i%len(topPays)].consumer
		case consumerAfterTail:
			again = append(again, pc)
		default:
			pc.consumer = consumerName(s.rng, nameLatin, i+1)
		}
		if d["consumer"] != consumerAfterTail {
			first = append(first, pc)
		}
		if late == pc.in {
			d["institution"] += " (connected after the merchants were set up)"
		}
		d["order amount"] = money(pc.amount) + " CNY"
		d["merchant name"] = pc.shop.name
		pc.c = accessCase{key: fmt.Sprintf("payment %d", i+1), dims: d}
		s.paid = append(s.paid, pc)
	}
	// Consumers who come back after a tail institution's payment are those
	// of the first round's tail payments, each taken by one.
	for i, pc := range again {
		pc.consumer = first[i%len(first)].consumer
	}
	for _, pc := range s.paid {
		pc.c.dims["consumer name"] = pc.consumer
		pc.c.label = fmt.Sprintf("%s (tail) paying %s CNY for %s at %s (%s)", pc.in.id, money(pc.amount), pc.consumer, pc.shop.id, pc.shop.kind)
	}
	// Each round pays its consumers at once, and a consumer's own payments
	// one after the other, as one person pays, so that what the platform
	// remembers of a consumer (the choice it preselects) is the same on
	// every run with the seed.
	for _, round := range [][]*payCase{first, again} {
		var order []string
		by := map[string][]*payCase{}
		for _, pc := range round {
			if by[pc.consumer] == nil {
				order = append(order, pc.consumer)
			}
			by[pc.consumer] = append(by[pc.consumer], pc)
		}
		err := concurrently(len(order), func(i int) error {
			for _, pc := range by[order[i]] {
				p, screen, err := payThrough(ctx, sess, pc.in, pc.shop.id, pc.consumer, pc.amount)
				pc.pay, pc.screen = p, screen
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return ctx, err
		}
	}
	return context.WithValue(ctx, paymentsKey{}, s.paid), nil
}

// setUpShops sets up ACCESS-03's merchants besides the Given's, and then
// connects a tail institution that every merchant adds afterwards.
func setUpShops(ctx context.Context, sess *iti.Session) ([]*shop, *inst, error) {
	s := st(ctx)
	var own, tails []string
	for _, in := range s.insts {
		if in.tier == iti.TierTail {
			tails = append(tails, in.id)
		} else {
			own = append(own, in.id)
		}
	}
	all := append(slices.Clone(own), tails...)
	shops := []*shop{
		{id: s.merchant, kind: shopAtOnce, name: s.merchant},
		{id: "cha-guan", kind: shopChinese, name: merchantName(s.rng, nameChinese, "cha-guan")},
		{id: "late-adder", kind: shopAddedLater, name: merchantName(s.rng, nameMixed, "late-adder")},
		{id: "tails-first", kind: shopTailsFirst, name: merchantName(s.rng, namePunctuation, "tails-first")},
	}
	enabled := map[string][]string{
		shopAtOnce: all, shopChinese: all, shopAddedLater: all,
		shopTailsFirst: append(slices.Clone(tails), own...),
	}
	set := func(sh *shop, ids []string) error {
		_, err := sess.SetMerchant(ctx, sh.id, iti.MerchantRequest{Name: sh.name, BrandTier: iti.BrandOrdinary, EnabledInstitutions: ids})
		return err
	}
	for _, sh := range shops[1:] {
		first := enabled[sh.kind]
		if sh.kind == shopAddedLater {
			first = own
		}
		if err := set(sh, first); err != nil {
			return nil, nil, err
		}
	}
	if err := set(shops[2], enabled[shopAddedLater]); err != nil {
		return nil, nil, err
	}
	late := newInsts(ctx, iti.TierTail, 1)[0]
	late.name = institutionName(s.rng, nameChinese, late.id)
	if err := connect(ctx, late, request(ctx, late)); err != nil {
		return nil, nil, err
	}
	if late.conn.Decision != iti.DecisionAccepted {
		return nil, nil, fmt.Errorf("the platform refused to connect %s, a tail institution meeting every criterion of the platform role: %q", late.id, late.conn.Reason)
	}
	for _, sh := range shops {
		if err := set(sh, append(slices.Clone(enabled[sh.kind]), late.id)); err != nil {
			return nil, nil, err
		}
	}
	return shops, late, nil
}

// concurrently runs f(0) … f(n-1) as scenario.EachAtOnce does, and
// returns every error.
func concurrently(n int, f func(i int) error) error {
	return errors.Join(scenario.EachAtOnce(n, f)...)
}

func money(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

func samePayments(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	cases, ok := ctx.Value(paymentsKey{}).([]*payCase)
	if !ok || len(cases) == 0 {
		return errors.New("no payment was made; a When step must pay first")
	}
	rows := []string{fmt.Sprintf("%-12s %-5s %-12s %-12s %-9s %-12s %-8s %-7s %-12s %-12s %-12s %s", "institution", "tier", "merchant", "amount", "handoff", "landed in", "accepted", "order", "paid with", "credited", "ledger", "trouble")}
	row := func(p payment, merchant string) string {
		return fmt.Sprintf("%-12s %-5s %-12s %-12s %-9s %-12s %-8v %-7s %-12s %-12s %-12s %s", p.inst.id, p.inst.tier, merchant, money(p.amount), p.kind, p.landed, p.accepted, p.status, p.paidWith,
			money(p.credited), money(p.ledger), p.trouble)
	}
	v := newVerdicts(ctx)
	seen := map[*shop]bool{}
	for _, pc := range cases {
		if !seen[pc.shop] {
			seen[pc.shop] = true
			for _, tp := range pc.shop.tops {
				rows = append(rows, row(tp, pc.shop.id))
				if tp.shape() != pc.shop.tops[0].shape() {
					v.add("at %s the top institutions' payments themselves went differently: %s: %s; %s: %s", pc.shop.id, pc.shop.tops[0].inst.id, pc.shop.tops[0].shape(), tp.inst.id, tp.shape())
				}
			}
		}
		rows = append(rows, row(pc.pay, pc.shop.id))
	}
	scenario.From(ctx).Log.Note("Payments side by side", strings.Join(rows, "\n"))
	for _, pc := range cases {
		p := pc.pay
		var f scenario.Findings
		if len(pc.shop.tops) == 0 {
			v.add("no top institution was paid through at %s, so there is nothing to compare with", pc.shop.id)
			continue
		}
		top := pc.shop.tops[0]
		f.Check(p.ok(), "paying through it did not succeed end to end: %s %s", p.shape(), p.trouble)
		f.Check(p.shape() == top.shape(), "it went differently from paying through %s (top) at the same merchant: %s", top.inst.id, top.shape())
		v.judge(&pc.c, errText(f.Err()))
	}
	return v.err("every payment through a tail institution should succeed end to end as payments through the top institutions do", "payments through tail institutions")
}
