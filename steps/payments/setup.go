package payments

import (
	"context"
	"fmt"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
)

// The Given steps: the wallets, the merchants and what the consumer did
// before the scenario.

func addMerchant(ctx context.Context, name, tier, list string) error {
	bt := iti.BrandOrdinary
	if tier == "brand flagship" {
		bt = iti.BrandFlagship
	}
	return checkout.AddMerchant(ctx, name, iti.MerchantRequest{Name: name, BrandTier: bt, EnabledInstitutions: names(list)})
}

func lastChose(ctx context.Context, who, inst, merchant string) error {
	c, err := doCheckout(ctx, who, "1.00 CNY", merchant)
	if err != nil {
		return err
	}
	sess, _ := checkout.Platform(ctx)
	_, err = sess.Choose(ctx, c.OrderID, iti.ChoiceRequest{InstitutionID: inst})
	return err
}

func paidOrder(ctx context.Context, who, amount, merchant, inst string) error {
	if err := checkOut(ctx, who, amount, merchant); err != nil {
		return err
	}
	if err := choose(ctx, inst); err != nil {
		return err
	}
	s := checkout.From(ctx)
	if err := checkout.Follow(ctx, s.Handoff.URL, nil); err != nil {
		return err
	}
	if err := checkout.Pay(ctx, who); err != nil {
		return err
	}
	c, _ := checkout.Current(ctx)
	sess, _ := checkout.Platform(ctx)
	o, err := sess.Order(ctx, c.OrderID)
	if err != nil {
		return err
	}
	if o.Status != iti.OrderPaid {
		return fmt.Errorf("setting up: %s paid order %s with %s, but the platform records it as %q", who, c.OrderID, inst, o.Status)
	}
	return nil
}
