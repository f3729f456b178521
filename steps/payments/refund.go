package payments

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
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

func refundReceived(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, err := checkout.Order(ctx, "order")
	if err != nil {
		return err
	}
	wi := checkout.From(ctx).Wallets[inst]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", inst)
	}
	ps, _ := ledger(ctx, inst, c.OrderID)
	var refunded int64
	for _, p := range ps {
		refunded += p.Refunded
	}
	var seen []string
	for _, r := range wi.Mock.Refunds() {
		seen = append(seen, fmt.Sprintf("%s for order %s (accepted %v %s)", checkout.Show(r.Order.AmountMinor, r.Order.Currency), r.Order.OrderID, r.Accepted, r.Reason))
	}
	if refunded != c.AmountMinor {
		return fmt.Errorf("the order was paid through %s, but %s refunded %s of it; refund orders it received: %v", inst, inst, checkout.Show(refunded, c.Currency), seen)
	}
	return nil
}

func noRefund(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	wi := checkout.From(ctx).Wallets[inst]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", inst)
	}
	rs := wi.Mock.Refunds()
	var seen []string
	for _, r := range rs {
		seen = append(seen, fmt.Sprintf("%s for order %s", checkout.Show(r.Order.AmountMinor, r.Order.Currency), r.Order.OrderID))
	}
	if len(rs) > 0 {
		return fmt.Errorf("the order was not paid through %s, but the platform sent it refund order(s): %s", inst, strings.Join(seen, "; "))
	}
	return nil
}

func recordedRefunded(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Declared)
	_, o, err := checkout.ReadOrder(ctx, "order")
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(o.Status == iti.OrderRefunded, "after the refund the platform records the order as %s", checkout.DescribeOrder(o))
	if f.Check(len(o.Refunds) == 1, "the platform records %d refund(s)", len(o.Refunds)) {
		f.Check(o.Refunds[0].InstitutionID == inst, "the platform records the refund through %q", o.Refunds[0].InstitutionID)
	}
	return f.Err()
}
