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

// PAY-01, PAY-07 to PAY-10: the payment screen a checkout shows.

func doCheckout(ctx context.Context, who, amount, merchant string) (iti.Checkout, error) {
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return iti.Checkout{}, err
	}
	if checkout.From(ctx).Merchants[merchant] == nil {
		return iti.Checkout{}, fmt.Errorf("the feature names merchant %q, which no Given step set up", merchant)
	}
	minor, cur, err := checkout.Money(amount)
	if err != nil {
		return iti.Checkout{}, err
	}
	return sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: merchant, Consumer: checkout.User(who), AmountMinor: minor, Currency: cur, Description: "tea set"})
}

func checkOut(ctx context.Context, who, amount, merchant string) error {
	c, err := doCheckout(ctx, who, amount, merchant)
	if err != nil {
		return err
	}
	s := checkout.From(ctx)
	s.Checkouts = append(s.Checkouts, c)
	observeCheckout(ctx, c)
	return nil
}

// offered judges PAY-01 (and PAY-10, whose words are the same): every
// wallet the merchant enabled is on the payment screen, for the scenario's
// order and for orders drawn over the space the Rule ranges over.
func offered(ctx context.Context, list string) error {
	scenario.Rest(ctx, evidence.Declared)
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	scenario.From(ctx).Log.Note("Payment screen", describeOptions(c))
	switch {
	case drawn(ctx):
	case judging(ctx, "PAY-01"):
		if err := drawOffers(ctx, names(list)); err != nil {
			return err
		}
	default:
		if err := judgeNamed(ctx, ""); err != nil {
			return err
		}
		cases(ctx).flows[0].enabled = names(list)
	}
	return judge(ctx, "every wallet the merchant enabled is offered", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		var got, missing []string
		for _, o := range f.co.Options {
			got = append(got, o.InstitutionID)
		}
		for _, n := range f.enabled {
			if checkout.Option(&f.co, n) == nil {
				missing = append(missing, n)
			}
		}
		switch {
		case len(missing) > 0 && len(got) == 0:
			return fmt.Sprintf("the merchant enabled %s, but the payment screen offers no wallet at all", strings.Join(f.enabled, ", "))
		case len(missing) > 0:
			return fmt.Sprintf("the merchant enabled %s, but the payment screen offers only %s", strings.Join(f.enabled, ", "), strings.Join(got, ", "))
		}
		return ""
	})
}

// The ways a case's merchant came to enable its wallets.
const (
	setUpOnce  = "once, after its wallets were connected"
	setUpWider = "widened after it was set up"
	setUpLate  = "a wallet connected after it was set up"
)

// extraWallets are the further wallets PAY-01's cases enable, one of each
// tier the scenario has, their ids written in Chinese; lateWallets join the
// platform after the merchants that enable them were set up.
var (
	extraWallets = map[string]string{iti.TierAffiliated: "自家钱包", iti.TierTop: "大钱包", iti.TierTail: "小微支付"}
	lateWallets  = map[string]string{iti.TierAffiliated: "late-own-pay", iti.TierTop: "late-top-pay", iti.TierTail: "late-tail-pay"}
	onlyTier     = map[string]string{iti.TierAffiliated: "only the platform's own group's", iti.TierTop: "only top rivals", iti.TierTail: "only tail institutions"}
)

// drawOffers draws PAY-01's cases: the order's amount; the merchant's name;
// which wallets it enabled (every one, one tier's, one of each tier) among
// the scenario's and further ones; whether it enabled them once, widened
// its choice later, or enabled a wallet connected after it was set up; the
// consumer's name; and how many orders she placed there before. Each case
// has a merchant of its own, of the scenario's merchant's brand tier.
func drawOffers(ctx context.Context, listed []string) error {
	named, err := namedFlow(ctx, "")
	if err != nil {
		return err
	}
	named.enabled = listed
	b := cases(ctx)
	b.flows = append(b.flows, named)
	s := checkout.From(ctx)
	bt := iti.BrandOrdinary
	if m := s.Merchants[named.merchant]; m != nil {
		bt = m.BrandTier
	}
	w := scenario.From(ctx)
	pool := slices.Clone(listed)
	for _, t := range iti.Tiers {
		if len(walletsByTier(ctx, listed)[t]) == 0 {
			continue
		}
		wi, why, err := checkout.JoinWallet(ctx, extraWallets[t], "extra-"+t, t, 0)
		if err != nil {
			return err
		}
		if wi == nil {
			w.Log.Note("A wallet the platform did not connect", fmt.Sprintf("%s (%s) was refused: %q; no case enables it", extraWallets[t], t, why))
			continue
		}
		pool = append(pool, extraWallets[t])
	}
	byTier := walletsByTier(ctx, pool)
	enabledWays := []string{"every wallet"}
	for _, t := range tiersOf(byTier) {
		enabledWays = append(enabledWays, onlyTier[t])
	}
	enabledWays = append(enabledWays, "one of each tier")
	ks := draw(ctx, draws(ctx)-1,
		gen.Dim{Name: "amount", Values: amountNames()},
		gen.Dim{Name: "merchant's name", Values: merchantForms},
		gen.Dim{Name: "wallets enabled", Values: enabledWays},
		gen.Dim{Name: "set up", Values: []string{setUpOnce, setUpWider, setUpLate}},
		gen.Dim{Name: "consumer's name", Values: personForms},
		gen.Dim{Name: "orders before", Values: []string{"none", "one", "three"}})
	rng := gen.New(w.Env.Seed, w.Name+" wallets").Rand()
	var late []*flow
	for i, k := range ks {
		f := b.newFlow(k)
		f.merchant = merchantName(k["merchant's name"], 100+i)
		f.consumer = personName(k["consumer's name"], "shopper", i+1)
		f.amount = amounts[k["amount"]]
		switch way := k["wallets enabled"]; way {
		case "every wallet":
			f.enabled = slices.Clone(pool)
		case "one of each tier":
			for _, t := range tiersOf(byTier) {
				l := byTier[t]
				f.enabled = append(f.enabled, l[rng.IntN(len(l))])
			}
		default:
			for t, words := range onlyTier {
				if words == way {
					f.enabled = slices.Clone(byTier[t])
				}
			}
		}
		first := f.enabled
		if k["set up"] == setUpWider {
			// First a single wallet, then the merchant's choice as drawn.
			others := slices.DeleteFunc(slices.Clone(pool), func(n string) bool { return slices.Contains(f.enabled, n) })
			first = f.enabled[:1]
			if len(others) > 0 {
				first = others[:1]
			}
		}
		if err := setMerchant(ctx, f.merchant, bt, first); err != nil {
			return err
		}
		if k["set up"] == setUpWider {
			if err := setMerchant(ctx, f.merchant, bt, f.enabled); err != nil {
				return err
			}
		}
		if k["set up"] == setUpLate {
			late = append(late, f)
		}
		b.flows = append(b.flows, f)
	}
	// The late wallets join once every merchant above was set up; each late
	// case's merchant then enables the one of its tier besides its own.
	for _, f := range late {
		t := s.Wallets[f.enabled[rng.IntN(len(f.enabled))]].Mock.Tier
		id := lateWallets[t]
		if s.Wallets[id] == nil {
			wi, why, err := checkout.JoinWallet(ctx, id, id, t, 0)
			if err != nil {
				return err
			}
			if wi == nil {
				w.Log.Note("A wallet the platform did not connect", fmt.Sprintf("%s (%s) was refused: %q; no case enables it", id, t, why))
				continue
			}
		}
		f.enabled = append(slices.Clone(f.enabled), id)
		f.dims["set up"] += ": " + id
		if err := setMerchant(ctx, f.merchant, bt, f.enabled); err != nil {
			return err
		}
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	parallel(b.flows[1:], func(f *flow) {
		if n := map[string]int{"one": 1, "three": 3}[f.dims["orders before"]]; n > 0 && !f.priorOrders(ctx, sess, n) {
			return
		}
		f.place(ctx, sess)
	})
	return nil
}

func setMerchant(ctx context.Context, name, bt string, enabled []string) error {
	return checkout.AddMerchant(ctx, name, iti.MerchantRequest{Name: name, BrandTier: bt, EnabledInstitutions: slices.Clone(enabled)})
}

func describeOptions(c *iti.Checkout) string {
	var rows []string
	for _, o := range c.Options {
		pre := ""
		if o.Preselected {
			pre = " (preselected)"
		}
		rows = append(rows, fmt.Sprintf("%d. %-10s screen %-5s prominence %-11s total %s%s", o.Position, o.InstitutionID, o.Screen, o.Prominence, checkout.Show(o.TotalMinor, c.Currency), pre))
	}
	if len(rows) == 0 {
		return "no payment method at all"
	}
	return strings.Join(rows, "\n")
}

func firstScreen(ctx context.Context) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	var hidden []string
	for _, o := range c.Options {
		if o.Screen != iti.ScreenFirst {
			hidden = append(hidden, fmt.Sprintf("%s (%s)", o.InstitutionID, o.Screen))
		}
	}
	scenario.From(ctx).Log.Note("Payment screen", describeOptions(c))
	if len(hidden) > 0 {
		return fmt.Errorf("not every wallet is on the first payment screen; behind \"more payment methods\": %s", strings.Join(hidden, ", "))
	}
	if v := seenScreen(ctx, c); v != nil {
		return firstScreenSeen(v, c)
	}
	return nil
}

func sameProminence(ctx context.Context) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	by := map[string][]string{}
	for _, o := range c.Options {
		by[o.Prominence] = append(by[o.Prominence], o.InstitutionID)
	}
	if len(by) > 1 {
		var parts []string
		for p, ids := range by {
			parts = append(parts, fmt.Sprintf("%s: %s", p, strings.Join(ids, ", ")))
		}
		sort.Strings(parts)
		return fmt.Errorf("the wallets are not shown with the same prominence — %s", strings.Join(parts, "; "))
	}
	if v := seenScreen(ctx, c); v != nil {
		return prominenceSeen(v, c)
	}
	return nil
}

func nonePreselected(ctx context.Context) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	var f scenario.Findings
	for _, o := range c.Options {
		f.Check(!o.Preselected, "%s is preselected for a consumer who never chose a wallet before", o.InstitutionID)
	}
	if v := seenScreen(ctx, c); v != nil && f.Err() == nil {
		return preselectionSeen(v, c, func(sel []string) bool { return len(sel) == 0 }, "nothing may be preselected for a consumer who never chose a wallet before")
	}
	return f.Err()
}

// lastChoiceOrNone is PAY-08's rule as it stands: the preselected method
// is the consumer's last choice or none. Preselecting nothing is allowed;
// preselecting anything else (the platform's own wallet, say) or more than
// one method is not.
func lastChoiceOrNone(ctx context.Context, inst string) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	var pre []string
	for _, o := range c.Options {
		if o.Preselected {
			pre = append(pre, o.InstitutionID)
		}
	}
	scenario.From(ctx).Log.Note("Payment screen", describeOptions(c))
	if len(pre) == 0 || slices.Equal(pre, []string{inst}) {
		if v := seenScreen(ctx, c); v != nil {
			return preselectionSeen(v, c, func(sel []string) bool { return len(sel) == 0 || slices.Equal(sel, []string{inst}) },
				"only the consumer's last choice, "+inst+", or nothing may be")
		}
		return nil
	}
	return fmt.Errorf("the consumer last chose %s, but the platform preselected %s; only the last choice or nothing may be", inst, strings.Join(pre, " and "))
}

// feesLabelled judges PAY-09's payment screens, the scenario's and those of
// orders drawn over the space the Rule ranges over, which it draws and pays
// first: every fee is shown with what it is for, and each wallet's own fee
// is among them.
func feesLabelled(ctx context.Context) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	if !drawn(ctx) && judging(ctx, "PAY-09") {
		if err := drawFees(ctx); err != nil {
			return err
		}
	}
	if err := judgeNamed(ctx, ""); err != nil {
		return err
	}
	err = judge(ctx, "every fee shown with what it is for", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		var found scenario.Findings
		for _, o := range f.co.Options {
			for _, fee := range o.Fees {
				found.Check(strings.TrimSpace(fee.Label) != "", "a fee of %s shown with %s does not say what it is for", checkout.Show(fee.AmountMinor, f.co.Currency), o.InstitutionID)
				found.Check(fee.AmountMinor > 0, "a fee shown with %s has no amount", o.InstitutionID)
			}
		}
		for name, wi := range checkout.From(ctx).Wallets {
			o := checkout.Option(&f.co, name)
			if wi.Fee == 0 || o == nil {
				continue
			}
			var sum int64
			for _, fee := range o.Fees {
				sum += fee.AmountMinor
			}
			// The wallet's own fee must be among what is shown; a further
			// fee the platform labels and shows is not what the Rule
			// forbids.
			found.Check(sum >= wi.Fee, "%s charges payers %s, but the payment screen shows fees of only %s with it", name, checkout.Show(wi.Fee, f.co.Currency), checkout.Show(sum, f.co.Currency))
		}
		if e := found.Err(); e != nil {
			return e.Error()
		}
		return ""
	})
	if v := seenScreen(ctx, c); v != nil && err == nil {
		return feesSeen(v, c)
	}
	return err
}

func totalAddsUp(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Declared)
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	return judge(ctx, "the total shown is the order amount plus its labelled fees", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		o := checkout.Option(&f.co, f.wallet)
		if o == nil {
			return fmt.Sprintf("%s is not offered at all", f.wallet)
		}
		sum := f.co.AmountMinor
		for _, fee := range o.Fees {
			sum += fee.AmountMinor
		}
		if o.TotalMinor != sum {
			return fmt.Sprintf("the total shown for %s is %s, but the order is %s and the labelled fees add %s", f.wallet,
				checkout.Show(o.TotalMinor, f.co.Currency), checkout.Show(f.co.AmountMinor, f.co.Currency), checkout.Show(sum-f.co.AmountMinor, f.co.Currency))
		}
		return ""
	})
}

// fees are the payer fees PAY-09's cases draw: the smallest unit, odd
// minor units, a whole yuan, and large ones.
var fees = map[string]int64{"0.01": 1, "0.99": 99, "1.00": 100, "12.34": 1234, "88.88": 8888}

// drawFees draws PAY-09's cases: the fee a wallet charges payers and the
// wallet's tier (each a wallet of its own, joined for the cases), the
// order's amount, the payee's and the consumer's names. Each case's
// merchant enables the scenario's wallets and the case's, so that every
// fee on its screen is judged; the consumer pays with the case's wallet.
func drawFees(ctx context.Context) error {
	named, err := namedFlow(ctx, "")
	if err != nil {
		return err
	}
	b := cases(ctx)
	b.flows = append(b.flows, named)
	s := checkout.From(ctx)
	m := s.Merchants[named.merchant]
	if m == nil {
		return fmt.Errorf("no merchant %q was set up", named.merchant)
	}
	var feeNames []string
	for k := range fees {
		feeNames = append(feeNames, k)
	}
	slices.SortFunc(feeNames, func(a, b string) int { return cmp.Compare(fees[a], fees[b]) })
	tiers := []string{tierWords[iti.TierAffiliated], tierWords[iti.TierTop], tierWords[iti.TierTail]}
	ks := draw(ctx, draws(ctx)-1,
		gen.Dim{Name: "fee", Values: feeNames},
		gen.Dim{Name: "charged by", Values: tiers},
		gen.Dim{Name: "amount", Values: amountNames()},
		gen.Dim{Name: "payee's name", Values: merchantForms},
		gen.Dim{Name: "consumer's name", Values: personForms})
	w := scenario.From(ctx)
	for i, k := range ks {
		t := tierOfWords(k["charged by"])
		id := fmt.Sprintf("%s-fee-%s", map[string]string{iti.TierAffiliated: "own", iti.TierTop: "top", iti.TierTail: "tail"}[t], k["fee"])
		wi, why, err := checkout.JoinWallet(ctx, id, strings.ReplaceAll(id, ".", "-"), t, fees[k["fee"]])
		if err != nil {
			return err
		}
		if wi == nil {
			w.Log.Note("A wallet the platform did not connect", fmt.Sprintf("%s (%s) was refused: %q; no case pays with it", id, t, why))
			continue
		}
		f := b.newFlow(k)
		f.merchant, f.consumer, f.amount, f.wallet = merchantName(k["payee's name"], 200+i), personName(k["consumer's name"], "shopper", i+1), amounts[k["amount"]], id
		if err := setMerchant(ctx, f.merchant, m.BrandTier, append(slices.Clone(m.EnabledInstitutions), id)); err != nil {
			return err
		}
		b.flows = append(b.flows, f)
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	parallel(b.flows[1:], func(f *flow) {
		if f.place(ctx, sess) && checkout.Option(&f.co, f.wallet) != nil {
			f.pay(ctx, sess, f.wallet)
		}
	})
	// A fee wallet the checkout does not offer charges nothing, labelled or
	// not: PAY-01 judges its absence.
	leaveOut(ctx, b.flows[1:], func(f *flow) string {
		if f.problem == "" && checkout.Option(&f.co, f.wallet) == nil {
			return f.wallet + " is not offered at this checkout, which is PAY-01's concern"
		}
		return ""
	})
	return nil
}
