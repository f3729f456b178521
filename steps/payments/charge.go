package payments

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
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

func chargedTotal(ctx context.Context, inst, who string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("%s should have charged %s once for the order; its ledger has %d payment(s)", inst, who, len(ps))
	}
	shown := c.AmountMinor
	if o := checkout.Option(c, inst); o != nil {
		shown = o.TotalMinor
	}
	if ps[0].Amount != shown {
		return fmt.Errorf("%s was shown a total of %s for %s, but was charged %s", who, checkout.Show(shown, c.Currency), inst, checkout.Show(ps[0].Amount, ps[0].Currency))
	}
	return nil
}

func chargedForOrder(ctx context.Context, inst, who string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, err := checkout.Order(ctx, "order")
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("%s chose %s, but %s's ledger has %d payment(s) for order %s", who, inst, inst, len(ps), c.OrderID)
	}
	var f scenario.Findings
	f.Check(ps[0].Payer == checkout.User(who), "%s's payment for order %s was made by %q, not %s", inst, c.OrderID, ps[0].Payer, who)
	// The payment must be for this order and no other: every payment of
	// the payer in the wallet's ledger names this order.
	for _, p := range checkout.From(ctx).Wallets[inst].Mock.Payments() {
		if p.Payer == checkout.User(who) {
			f.Check(p.Order == c.OrderID, "%s also charged %s for order %s", inst, who, p.Order)
		}
	}
	return f.Err()
}

func chargedNothing(ctx context.Context, inst, who string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, err := checkout.Order(ctx, "order")
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) > 0 {
		return fmt.Errorf("%s did not choose %s, but %s charged %s for order %s", who, inst, inst, who, c.OrderID)
	}
	return nil
}

func recordedPaid(ctx context.Context, which, inst string) error {
	scenario.Rest(ctx, evidence.Declared)
	_, o, err := checkout.ReadOrder(ctx, which)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(o.Status == iti.OrderPaid, "after the payment through %s the platform records the order as %s", inst, checkout.DescribeOrder(o))
	f.Check(o.PaidWith == inst, "the order was paid through %s, but the platform records %s", inst, checkout.DescribeOrder(o))
	return f.Err()
}

func matchesLedger(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, o, err := checkout.ReadOrder(ctx, "order")
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("%s's ledger should hold one payment for the order; it holds %d", inst, len(ps))
	}
	p := ps[0]
	var rows []string
	for _, cr := range o.Credits {
		rows = append(rows, fmt.Sprintf("platform: %s %s %s", cr.InstitutionID, cr.WalletTxnID, checkout.Show(cr.AmountMinor, cr.Currency)))
	}
	rows = append(rows, fmt.Sprintf("%s ledger: %s %s", inst, p.TxnID, checkout.Show(p.Amount, p.Currency)))
	scenario.From(ctx).Log.Note("Platform record and wallet ledger", strings.Join(rows, "\n"))
	if len(o.Credits) != 1 {
		return fmt.Errorf("the platform records %s; %s's ledger holds one payment, %s of %s", checkout.DescribeOrder(o), inst, p.TxnID, checkout.Show(p.Amount, p.Currency))
	}
	cr := o.Credits[0]
	var f scenario.Findings
	f.Check(cr.InstitutionID == inst, "the platform credits the payment to %s; the ledger is %s's", cr.InstitutionID, inst)
	f.Check(cr.WalletTxnID == p.TxnID, "the platform records wallet transaction %q; %s's ledger has %q", cr.WalletTxnID, inst, p.TxnID)
	f.Check(cr.AmountMinor == p.Amount, "the platform records %s paid; %s's ledger has %s", checkout.Show(cr.AmountMinor, cr.Currency), inst, checkout.Show(p.Amount, p.Currency))
	f.Check(o.AmountPaidMinor == p.Amount, "the platform records %s paid in total; %s's ledger has %s", checkout.Show(o.AmountPaidMinor, o.Currency), inst, checkout.Show(p.Amount, p.Currency))
	f.Check(strings.EqualFold(cr.Currency, p.Currency), "the platform records the payment in %s; %s's ledger in %s", cr.Currency, inst, p.Currency)
	return f.Err()
}
