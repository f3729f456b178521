package payments

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
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

func offered(ctx context.Context, list string) error {
	scenario.Rest(ctx, evidence.Declared)
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	var got []string
	for _, o := range c.Options {
		got = append(got, o.InstitutionID)
	}
	var missing []string
	for _, n := range names(list) {
		if checkout.Option(c, n) == nil {
			missing = append(missing, n)
		}
	}
	scenario.From(ctx).Log.Note("Payment screen", describeOptions(c))
	if len(missing) > 0 {
		return fmt.Errorf("the merchant enabled %s, but the payment screen offers only %s", list, strings.Join(got, ", "))
	}
	return nil
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

func feesLabelled(ctx context.Context) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	var found scenario.Findings
	for _, o := range c.Options {
		for _, f := range o.Fees {
			found.Check(strings.TrimSpace(f.Label) != "", "a fee of %s shown with %s does not say what it is for", checkout.Show(f.AmountMinor, c.Currency), o.InstitutionID)
			found.Check(f.AmountMinor > 0, "a fee shown with %s has no amount", o.InstitutionID)
		}
	}
	for name, wi := range checkout.From(ctx).Wallets {
		o := checkout.Option(c, name)
		if wi.Fee == 0 || o == nil {
			continue
		}
		var sum int64
		for _, f := range o.Fees {
			sum += f.AmountMinor
		}
		// The wallet's own fee must be among what is shown; a further fee
		// the platform labels and shows is not what the Rule forbids.
		found.Check(sum >= wi.Fee, "%s charges payers %s, but the payment screen shows fees of only %s with it", name, checkout.Show(wi.Fee, c.Currency), checkout.Show(sum, c.Currency))
	}
	if v := seenScreen(ctx, c); v != nil && found.Err() == nil {
		return feesSeen(v, c)
	}
	return found.Err()
}

func totalAddsUp(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Declared)
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	o := checkout.Option(c, inst)
	if o == nil {
		return fmt.Errorf("%s is not offered at all", inst)
	}
	sum := c.AmountMinor
	for _, f := range o.Fees {
		sum += f.AmountMinor
	}
	if o.TotalMinor != sum {
		return fmt.Errorf("the total shown for %s is %s, but the order is %s and the labelled fees add %s", inst,
			checkout.Show(o.TotalMinor, c.Currency), checkout.Show(c.AmountMinor, c.Currency), checkout.Show(sum-c.AmountMinor, c.Currency))
	}
	return nil
}
