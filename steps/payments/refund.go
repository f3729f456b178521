package payments

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// PAY-05: the refund goes back through the wallet paid with.

func refundOrder(ctx context.Context) error {
	c, err := checkout.Order(ctx, "order")
	if err != nil {
		return err
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	if _, err := sess.Refund(ctx, c.OrderID, iti.RefundRequest{AmountMinor: c.AmountMinor, Reason: "customer returned the tea set"}); err != nil {
		return fmt.Errorf("the platform could not refund the order: %v", err)
	}
	return nil
}

// refundReceived judges PAY-05's refunds, the scenario's and those of
// orders drawn over the space the Rule ranges over, which it draws, pays
// and refunds first. What counts is every refund order the wallet received
// for the order, accepted or not: a platform that sends a refund twice is
// not saved by the wallet refusing the second.
func refundReceived(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	if !drawn(ctx) && judging(ctx, "PAY-05") {
		if err := drawRefunds(ctx, inst); err != nil {
			return err
		}
	}
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	return judge(ctx, "refunded through the wallet paid with", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		wi := checkout.From(ctx).Wallets[f.wallet]
		if wi == nil {
			return fmt.Sprintf("no wallet %q was set up", f.wallet)
		}
		ps, _ := ledger(ctx, f.wallet, f.co.OrderID)
		var paid, refunded, asked int64
		for _, p := range ps {
			paid += p.Amount
			refunded += p.Refunded
		}
		var seen []string
		for _, r := range wi.Mock.Refunds() {
			if r.Order.OrderID != f.co.OrderID {
				continue
			}
			asked += r.Order.AmountMinor
			seen = append(seen, fmt.Sprintf("%s (accepted %v %s)", checkout.Show(r.Order.AmountMinor, r.Order.Currency), r.Accepted, r.Reason))
		}
		if len(seen) == 0 {
			seen = []string{"none"}
		}
		switch {
		case refunded != paid:
			return fmt.Sprintf("order %s was paid through %s, %s, but %s refunded %s of it; refund orders it received for the order: %s", f.co.OrderID, f.wallet, checkout.Show(paid, f.co.Currency), f.wallet, checkout.Show(refunded, f.co.Currency), strings.Join(seen, ", "))
		case asked != paid:
			return fmt.Sprintf("order %s was paid through %s, %s, but the platform sent it refund orders for %s in all: %s", f.co.OrderID, f.wallet, checkout.Show(paid, f.co.Currency), checkout.Show(asked, f.co.Currency), strings.Join(seen, ", "))
		}
		return ""
	})
}

// noRefund is PAY-05's "X receives no refund": for the scenario's order,
// the wallet it names; for a drawn one, every wallet but the one paid.
func noRefund(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	if err := judgeNamed(ctx, ""); err != nil {
		return err
	}
	if f := cases(ctx).flows[0]; f.named && f.co.OrderID == "" {
		c, err := checkout.Order(ctx, "order")
		if err != nil {
			return err
		}
		f.co = *c
	}
	return judge(ctx, "no refund through another wallet", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		var found []string
		for name, wi := range checkout.From(ctx).Wallets {
			if name == f.wallet || (f.named && name != inst) {
				continue
			}
			var seen []string
			for _, r := range wi.Mock.Refunds() {
				if r.Order.OrderID == f.co.OrderID {
					seen = append(seen, checkout.Show(r.Order.AmountMinor, r.Order.Currency))
				}
			}
			if len(seen) > 0 {
				found = append(found, fmt.Sprintf("order %s was not paid through %s, but the platform sent it refund order(s) of %s", f.co.OrderID, name, strings.Join(seen, ", ")))
			}
		}
		slices.Sort(found)
		return strings.Join(found, "; ")
	})
}

func recordedRefunded(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Declared)
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	if err := readNamed(ctx, "order"); err != nil {
		return err
	}
	return judge(ctx, "recorded as refunded through the wallet paid with", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		o := f.order
		if o == nil {
			return fmt.Sprintf("the platform's record of order %s was not read", f.co.OrderID)
		}
		var found scenario.Findings
		found.Check(o.Status == iti.OrderRefunded, "after the refund the platform records order %s as %s", f.co.OrderID, checkout.DescribeOrder(*o))
		if found.Check(len(o.Refunds) == 1, "the platform records %d refund(s) of order %s", len(o.Refunds), f.co.OrderID) {
			found.Check(o.Refunds[0].InstitutionID == f.wallet, "the platform records the refund of order %s through %q, not %s", f.co.OrderID, o.Refunds[0].InstitutionID, f.wallet)
		}
		if err := found.Err(); err != nil {
			return err.Error()
		}
		return ""
	})
}

// drawRefunds draws PAY-05's cases: the rival wallet the order is paid
// with, of each tier; the order's amount; how the merchant asks for the
// whole refund (the order's amount, or 0, which the contract reads as the
// whole payment); the payee's and the consumer's names; and her other
// orders, paid with another wallet before or after this one.
func drawRefunds(ctx context.Context, inst string) error {
	named, err := namedFlow(ctx, inst)
	if err != nil {
		return err
	}
	c, err := checkout.Order(ctx, "order")
	if err != nil {
		return err
	}
	named.co = *c
	b := cases(ctx)
	m, pool, err := ownCase(ctx, named)
	if err != nil {
		return err
	}
	byTier := walletsByTier(ctx, m.EnabledInstitutions)
	var rivals []string
	for _, t := range []string{iti.TierTop, iti.TierTail} {
		if len(byTier[t]) > 0 {
			rivals = append(rivals, tierWords[t])
		}
	}
	if len(rivals) == 0 {
		return fmt.Errorf("the merchant %q enables no rival wallet", named.merchant)
	}
	const wholeAmount, wholeZero = "the order's amount", "0, the whole payment"
	ks := draw(ctx, draws(ctx)-1,
		gen.Dim{Name: "paid with", Values: rivals},
		gen.Dim{Name: "amount", Values: amountNames()},
		gen.Dim{Name: "refund asked as", Values: []string{wholeAmount, wholeZero}},
		gen.Dim{Name: "payee's name", Values: merchantForms},
		gen.Dim{Name: "consumer's name", Values: personForms},
		gen.Dim{Name: "her other orders", Values: []string{"none", "an earlier one, paid with another wallet", "a later one, paid with another wallet"}})
	w := scenario.From(ctx)
	rng := gen.New(w.Env.Seed, w.Name+" other wallets").Rand()
	const none, earlier, later = "none", "an earlier one, paid with another wallet", "a later one, paid with another wallet"
	var singles, earliers, laters []*flow
	for i, k := range ks {
		f := b.newFlow(k)
		f.merchant, f.consumer, f.amount = pool[k["payee's name"]], personName(k["consumer's name"], "shopper", i+1), amounts[k["amount"]]
		f.wallet = byTier[tierOfWords(k["paid with"])][0]
		switch k["her other orders"] {
		case earlier:
			earliers = append(earliers, f)
		case later:
			laters = append(laters, f)
		default:
			singles = append(singles, f)
		}
		b.flows = append(b.flows, f)
	}
	// A case whose other order is a later one pays before a case whose
	// other order is an earlier one, of the same consumer, with another
	// wallet: each is the other's other order, and both are judged. A case
	// left without a partner pays its other order with another wallet the
	// merchant enabled.
	var stories [][]*flow
	for len(laters) > 0 && len(earliers) > 0 {
		first, second := laters[0], earliers[0]
		laters, earliers = laters[1:], earliers[1:]
		second.consumer, second.dims["consumer's name"] = first.consumer, first.dims["consumer's name"]
		if second.wallet == first.wallet {
			for _, t := range []string{iti.TierTop, iti.TierTail} {
				if l := byTier[t]; len(l) > 0 && l[0] != first.wallet {
					second.wallet, second.dims["paid with"] = l[0], tierWords[t]
				}
			}
		}
		stories = append(stories, []*flow{first, second})
	}
	others := map[*flow]string{}
	for _, f := range append(append(singles, laters...), earliers...) {
		if f.dims["her other orders"] != none {
			var rest []string
			for _, n := range m.EnabledInstitutions {
				if n != f.wallet {
					rest = append(rest, n)
				}
			}
			if len(rest) > 0 {
				others[f] = rest[rng.IntN(len(rest))]
			}
		}
		stories = append(stories, []*flow{f})
	}
	for _, story := range stories {
		for j, f := range story {
			f.dims["paid with"] += ", " + f.wallet
			switch {
			case len(story) == 2:
				f.dims["her other orders"] = strings.Replace(f.dims["her other orders"], "another wallet", story[1-j].wallet+" (a case of its own)", 1)
			case others[f] != "":
				f.dims["her other orders"] = strings.Replace(f.dims["her other orders"], "another wallet", others[f], 1)
			}
		}
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	parallel(stories, func(story []*flow) {
		for _, f := range story {
			if other := others[f]; other != "" && f.dims["her other orders"] != none && strings.HasPrefix(f.dims["her other orders"], "an earlier") && !f.paidBefore(ctx, sess, other, false) {
				continue
			}
			if !f.place(ctx, sess) || !f.pay(ctx, sess, f.wallet) {
				continue
			}
			// The wallet paid is the one whose ledger holds the payment: a
			// platform that handed her elsewhere fails PAY-03, and its
			// refund is judged against where the money went.
			if actual := paidThrough(ctx, f.co.OrderID); actual != "" && actual != f.wallet {
				f.dims["paid with"] += ", handed to " + actual
				f.wallet = actual
			}
			if other := others[f]; other != "" && strings.HasPrefix(f.dims["her other orders"], "a later") {
				f.paidBefore(ctx, sess, other, false)
			}
		}
		for _, f := range story {
			if f.problem != "" {
				continue
			}
			amount := f.co.AmountMinor
			if f.dims["refund asked as"] == wholeZero {
				amount = 0
			}
			if _, err := sess.Refund(ctx, f.co.OrderID, iti.RefundRequest{AmountMinor: amount, Reason: "customer returned the tea set"}); err != nil {
				f.fail("the platform could not refund the order: %v", err)
				continue
			}
			f.read(ctx, sess)
		}
	})
	return nil
}
