package payments

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// PAY-03, PAY-04 and PAY-09: who was charged, and what the platform records
// of it.

// ledger returns inst's ledger entries for order.
func ledger(ctx context.Context, inst, order string) ([]institution.Payment, error) {
	wi := checkout.From(ctx).Wallets[inst]
	if wi == nil {
		return nil, fmt.Errorf("no wallet %q was set up", inst)
	}
	var out []institution.Payment
	for _, p := range wi.Mock.Payments() {
		if p.Order == order {
			out = append(out, p)
		}
	}
	return out, nil
}

// ledgerOf is ledger for a case's checks: what went wrong, as a finding.
func ledgerOf(ctx context.Context, inst, order string) ([]institution.Payment, string) {
	ps, err := ledger(ctx, inst, order)
	if err != nil {
		return nil, err.Error()
	}
	return ps, ""
}

func chargedTotal(ctx context.Context, inst, who string) error {
	scenario.Rest(ctx, evidence.Artefact)
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	return judge(ctx, "charged exactly the total shown", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		ps, bad := ledgerOf(ctx, f.wallet, f.co.OrderID)
		if bad != "" {
			return bad
		}
		if len(ps) != 1 {
			return fmt.Sprintf("%s should have charged %s once for the order; its ledger has %d payment(s)", f.wallet, f.consumer, len(ps))
		}
		if shown := f.shown(); ps[0].Amount != shown {
			return fmt.Sprintf("%s was shown a total of %s for %s, but was charged %s", f.consumer, checkout.Show(shown, f.co.Currency), f.wallet, checkout.Show(ps[0].Amount, ps[0].Currency))
		}
		return ""
	})
}

// judgeNamed makes sure the scenario's own order is among the cases the
// step judges, paid with inst: a step reached with no cases drawn judges
// that order alone.
func judgeNamed(ctx context.Context, inst string) error {
	b := cases(ctx)
	if len(b.flows) == 0 {
		named, err := namedFlow(ctx, inst)
		if err != nil {
			return err
		}
		b.flows = append(b.flows, named)
	}
	if b.flows[0].named && inst != "" {
		b.flows[0].wallet = inst
	}
	return nil
}

// chargedChosen is PAY-03's "X charged her for the order": it draws the
// Rule's cases first.
func chargedChosen(ctx context.Context, inst, who string) error {
	if !drawn(ctx) && judging(ctx, "PAY-03") {
		if err := drawChoices(ctx, inst); err != nil {
			return err
		}
	}
	return chargedForOrder(ctx, inst, who)
}

func chargedForOrder(ctx context.Context, inst, who string) error {
	scenario.Rest(ctx, evidence.Artefact)
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	if f := cases(ctx).flows[0]; f.named && f.payer == "" {
		f.payer = checkout.User(who)
	}
	return judge(ctx, "charged for the order chosen", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		ps, bad := ledgerOf(ctx, f.wallet, f.co.OrderID)
		if bad != "" {
			return bad
		}
		payer := f.payerID()
		if len(ps) != 1 {
			return fmt.Sprintf("%s chose %s, but %s's ledger has %d payment(s) for order %s", payer, f.wallet, f.wallet, len(ps), f.co.OrderID)
		}
		var found []string
		if ps[0].Payer != payer {
			found = append(found, fmt.Sprintf("%s's payment for order %s was made by %q, not %s", f.wallet, f.co.OrderID, ps[0].Payer, payer))
		}
		// The payment must be for this order and no other: every payment
		// of the payer in the wallet's ledger names this order.
		for _, p := range checkout.From(ctx).Wallets[f.wallet].Mock.Payments() {
			if p.Payer == payer && p.Order != f.co.OrderID && !slices.Contains(f.siblings, p.Order) {
				found = append(found, fmt.Sprintf("%s also charged %s for order %s", f.wallet, payer, p.Order))
			}
		}
		return strings.Join(found, "; ")
	})
}

// chargedNothing is PAY-03's "X charged her nothing": for the scenario's
// order, the wallet it names; for a drawn one, every wallet but the one
// chosen.
func chargedNothing(ctx context.Context, inst, who string) error {
	scenario.Rest(ctx, evidence.Artefact)
	if err := judgeNamed(ctx, ""); err != nil {
		return err
	}
	return judge(ctx, "no other wallet charged", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		others := []string{inst}
		if !f.named {
			others = nil
			for name := range checkout.From(ctx).Wallets {
				if name != f.wallet {
					others = append(others, name)
				}
			}
		}
		var found []string
		for _, o := range others {
			ps, bad := ledgerOf(ctx, o, f.co.OrderID)
			if bad != "" {
				return bad
			}
			if len(ps) > 0 {
				found = append(found, fmt.Sprintf("%s did not choose %s, but %s charged %s for order %s", f.consumer, o, o, ps[0].Payer, f.co.OrderID))
			}
		}
		return strings.Join(found, "; ")
	})
}

// recordedPaid judges what the platform records of a paid order. In
// PAY-03's and PAY-06's scenarios an earlier step drew their cases; in
// PAY-04's it is the first Then step, and draws PAY-04's.
func recordedPaid(ctx context.Context, which, inst string) error {
	scenario.Rest(ctx, evidence.Declared)
	if !drawn(ctx) && judging(ctx, "PAY-04") {
		if err := drawPayments(ctx, which, inst); err != nil {
			return err
		}
	}
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	if err := readNamed(ctx, which); err != nil {
		return err
	}
	return judge(ctx, "recorded as paid with the wallet paid", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		switch o := f.order; {
		case o == nil:
			return fmt.Sprintf("the platform's record of order %s was not read", f.co.OrderID)
		case o.Status != iti.OrderPaid:
			return fmt.Sprintf("after the payment through %s the platform records order %s as %s", f.wallet, f.co.OrderID, checkout.DescribeOrder(*o))
		case o.PaidWith != f.wallet:
			return fmt.Sprintf("order %s was paid through %s, but the platform records %s", f.co.OrderID, f.wallet, checkout.DescribeOrder(*o))
		}
		return ""
	})
}

// readNamed reads the platform's record of the scenario's order, which
// the feature calls which.
func readNamed(ctx context.Context, which string) error {
	f := cases(ctx).flows[0]
	if !f.named {
		return nil
	}
	c, o, err := checkout.ReadOrder(ctx, which)
	if err != nil {
		return err
	}
	f.co, f.order = *c, &o
	return nil
}

func matchesLedger(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	if err := readNamed(ctx, "order"); err != nil {
		return err
	}
	return judge(ctx, "the platform's record matches the wallet's ledger", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		return f.matchesLedger(ctx)
	})
}

// matchesLedger compares the platform's record of the case's order with
// its wallet's ledger; it notes them side by side for the scenario's own.
func (f *flow) matchesLedger(ctx context.Context) string {
	ps, bad := ledgerOf(ctx, f.wallet, f.co.OrderID)
	if bad != "" {
		return bad
	}
	if len(ps) != 1 {
		return fmt.Sprintf("%s's ledger should hold one payment for order %s; it holds %d", f.wallet, f.co.OrderID, len(ps))
	}
	p, o := ps[0], f.order
	if o == nil {
		return fmt.Sprintf("the platform's record of order %s was not read", f.co.OrderID)
	}
	if f.named {
		var rows []string
		for _, cr := range o.Credits {
			rows = append(rows, fmt.Sprintf("platform: %s %s %s", cr.InstitutionID, cr.WalletTxnID, checkout.Show(cr.AmountMinor, cr.Currency)))
		}
		rows = append(rows, fmt.Sprintf("%s ledger: %s %s", f.wallet, p.TxnID, checkout.Show(p.Amount, p.Currency)))
		scenario.From(ctx).Log.Note("Platform record and wallet ledger", strings.Join(rows, "\n"))
	}
	if len(o.Credits) != 1 {
		return fmt.Sprintf("the platform records %s for order %s; %s's ledger holds one payment, %s of %s", checkout.DescribeOrder(*o), f.co.OrderID, f.wallet, p.TxnID, checkout.Show(p.Amount, p.Currency))
	}
	cr := o.Credits[0]
	var f2 scenario.Findings
	f2.Check(cr.InstitutionID == f.wallet, "the platform credits the payment to %s; the ledger is %s's", cr.InstitutionID, f.wallet)
	f2.Check(cr.WalletTxnID == p.TxnID, "the platform records wallet transaction %q; %s's ledger has %q", cr.WalletTxnID, f.wallet, p.TxnID)
	f2.Check(cr.AmountMinor == p.Amount, "the platform records %s paid; %s's ledger has %s", checkout.Show(cr.AmountMinor, cr.Currency), f.wallet, checkout.Show(p.Amount, p.Currency))
	f2.Check(o.AmountPaidMinor == p.Amount, "the platform records %s paid in total; %s's ledger has %s", checkout.Show(o.AmountPaidMinor, o.Currency), f.wallet, checkout.Show(p.Amount, p.Currency))
	f2.Check(strings.EqualFold(cr.Currency, p.Currency), "the platform records the payment in %s; %s's ledger in %s", cr.Currency, f.wallet, p.Currency)
	if err := f2.Err(); err != nil {
		return err.Error()
	}
	return ""
}

// drawChoices draws PAY-03's cases: the wallet the consumer chose last time,
// which the platform may preselect (none, or one of each tier); the wallet
// she chooses now, of each tier; whether she changed her mind on the order
// before settling on it; the order's amount; the payee's and the consumer's
// names. She confirms in whatever wallet she is handed to.
func drawChoices(ctx context.Context, inst string) error {
	named, err := namedFlow(ctx, inst)
	if err != nil {
		return err
	}
	b := cases(ctx)
	m, pool, err := ownCase(ctx, named)
	if err != nil {
		return err
	}
	byTier := walletsByTier(ctx, m.EnabledInstitutions)
	tiers := tiersOf(byTier)
	if len(tiers) < 2 {
		return fmt.Errorf("the merchant %q enables wallets of fewer than two tiers; there is no other wallet to choose", named.merchant)
	}
	w := scenario.From(ctx)
	ks := draw(ctx, draws(ctx)-1,
		gen.Dim{Name: "last choice", Values: append([]string{"none"}, tiers...)},
		gen.Dim{Name: "chosen", Values: tiers},
		gen.Dim{Name: "changes of mind", Values: []string{"none", "chose another first", "chose it, then another, then it again"}},
		gen.Dim{Name: "amount", Values: amountNames()},
		gen.Dim{Name: "payee's name", Values: merchantForms},
		gen.Dim{Name: "consumer's name", Values: personForms})
	rng := gen.New(w.Env.Seed, w.Name+" other wallets").Rand()
	type plan struct{ last, other string }
	plans := map[*flow]plan{}
	var starts, follows []*flow
	for i, k := range ks {
		f := b.newFlow(k)
		f.merchant, f.consumer, f.amount = pool[k["payee's name"]], personName(k["consumer's name"], "shopper", i+1), amounts[k["amount"]]
		f.wallet = byTier[k["chosen"]][0]
		var p plan
		if k["last choice"] != "none" {
			p.last = byTier[k["last choice"]][0]
		}
		var others []string
		for _, t := range tiers {
			if t != k["chosen"] {
				others = append(others, byTier[t][0])
			}
		}
		p.other = others[rng.IntN(len(others))]
		for _, d := range []string{"last choice", "chosen"} {
			if k[d] != "none" {
				f.dims[d] = tierWords[k[d]] + ", " + byTier[k[d]][0]
			}
		}
		plans[f] = p
		b.flows = append(b.flows, f)
		if p.last == "" {
			starts = append(starts, f)
		} else {
			follows = append(follows, f)
		}
	}
	// A consumer's last choice is the wallet she chose in her case just
	// before, at the same merchant: a case whose last choice is W follows
	// one that chose W. A case no other chose its last choice before
	// starts with an order of its own on which she chooses it.
	var stories [][]*flow
	open := map[string][]int{} // wallet → stories whose last case chose it
	for _, f := range starts {
		open[f.wallet] = append(open[f.wallet], len(stories))
		stories = append(stories, []*flow{f})
	}
	setup := map[*flow]bool{}
	for _, f := range follows {
		last := plans[f].last
		if l := open[last]; len(l) > 0 {
			i := l[0]
			open[last] = l[1:]
			head := stories[i][0]
			f.merchant, f.consumer = head.merchant, head.consumer
			f.dims["payee's name"], f.dims["consumer's name"] = head.dims["payee's name"], head.dims["consumer's name"]
			stories[i] = append(stories[i], f)
			open[f.wallet] = append(open[f.wallet], i)
			continue
		}
		setup[f] = true
		open[f.wallet] = append(open[f.wallet], len(stories))
		stories = append(stories, []*flow{f})
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	parallel(stories, func(story []*flow) {
		for _, f := range story {
			p := plans[f]
			if setup[f] {
				earlier := &flow{merchant: f.merchant, consumer: f.consumer, amount: 100}
				if !earlier.place(ctx, sess) || !earlier.choose(ctx, sess, p.last) {
					f.fail("setting up her last choice: %s", earlier.problem)
					continue
				}
			}
			if !f.place(ctx, sess) {
				continue
			}
			order := []string{f.wallet}
			switch f.dims["changes of mind"] {
			case "chose another first":
				order = []string{p.other, f.wallet}
			case "chose it, then another, then it again":
				order = []string{f.wallet, p.other, f.wallet}
			}
			ok := true
			for _, inst := range order {
				if ok = f.choose(ctx, sess, inst); !ok {
					break
				}
			}
			_ = ok && f.follow(ctx) && f.confirm(ctx, f.consumer) && f.read(ctx, sess)
		}
		for _, f := range story {
			for _, g := range story {
				if g != f {
					f.siblings = append(f.siblings, g.co.OrderID)
				}
			}
		}
	})
	return nil
}

// The stories PAY-04's cases are told in: each a consumer's orders, every
// one a case, so that what happened before a case is another case.
const (
	// inTurn: her first order; one after it was paid; one after that one
	// was refunded.
	inTurn = "in turn"
	// atTheSameMoment: two orders paid at the same moment, then one after
	// them.
	atTheSameMoment = "at once"
)

// drawPayments draws PAY-04's cases, each paid with inst: the order's
// amount, the payee's name, and where in a consumer's story it stands —
// her first order, one after a payment, one after a refund, or one of two
// paid at the same moment — each consumer's name written in turn in ASCII
// and in Chinese.
func drawPayments(ctx context.Context, which, inst string) error {
	named, err := namedFlow(ctx, inst)
	if err != nil {
		return err
	}
	b := cases(ctx)
	_, pool, err := ownCase(ctx, named)
	if err != nil {
		return err
	}
	ks := draw(ctx, draws(ctx)-1,
		gen.Dim{Name: "amount", Values: amountNames()},
		gen.Dim{Name: "payee's name", Values: merchantForms})
	w := scenario.From(ctx)
	rng := gen.New(w.Env.Seed, w.Name+" stories").Rand()
	kinds, forms := []string{inTurn, atTheSameMoment}, slices.Clone(personForms)
	if rng.IntN(2) == 1 {
		slices.Reverse(kinds)
	}
	if rng.IntN(2) == 1 {
		slices.Reverse(forms)
	}
	var stories [][]*flow
	for i := 0; i < len(ks); i += 3 {
		kind, form := kinds[len(stories)%2], forms[len(stories)%2]
		consumer := personName(form, "shopper", len(stories)+1)
		var story []*flow
		for j, k := range ks[i:min(i+3, len(ks))] {
			f := b.newFlow(k)
			f.merchant, f.consumer, f.amount, f.wallet = pool[k["payee's name"]], consumer, amounts[k["amount"]], inst
			k["consumer's name"] = form
			k["paid"] = "alone"
			switch {
			case j == 0 || (kind == atTheSameMoment && j == 1):
				k["before"] = "nothing"
			case kind == inTurn && j == 2:
				k["before"] = "her order just before, paid with " + inst + " and refunded"
			default:
				k["before"] = "her order just before, paid with " + inst
			}
			if kind == atTheSameMoment && j < 2 {
				k["paid"] = "at the same moment as another of her orders"
			}
			story = append(story, f)
			b.flows = append(b.flows, f)
		}
		stories = append(stories, story)
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	parallel(stories, func(story []*flow) {
		for j := 0; j < len(story); j++ {
			f := story[j]
			if strings.HasSuffix(f.dims["before"], "and refunded") {
				prev := story[j-1]
				if _, err := sess.Refund(ctx, prev.co.OrderID, iti.RefundRequest{AmountMinor: prev.co.AmountMinor, Reason: "the cups were chipped"}); err != nil {
					f.fail("refunding her order just before: %v", err)
					continue
				}
			}
			group := []*flow{f}
			if f.dims["paid"] != "alone" && j+1 < len(story) {
				group = append(group, story[j+1])
				j++
			}
			payTogether(ctx, sess, group)
		}
	})
	return nil
}

// payTogether places and hands off every order of group, confirms them all
// at the same moment, so that their notices reach the platform together,
// and reads the platform's record of each.
func payTogether(ctx context.Context, sess *iti.Session, group []*flow) {
	var ready []*flow
	for _, g := range group {
		if g.place(ctx, sess) && g.choose(ctx, sess, g.wallet) && g.follow(ctx) {
			ready = append(ready, g)
		}
	}
	parallel(ready, func(g *flow) { g.confirm(ctx, g.consumer) })
	for _, g := range ready {
		if g.problem == "" {
			g.read(ctx, sess)
		}
	}
}
