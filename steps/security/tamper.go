package security

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// SEC-03: a handoff altered on its way to the wallet.

func alterHandoff(ctx context.Context, field string) error {
	c, s := checkout.From(ctx), st(ctx)
	if c.Handoff == nil {
		return errors.New("no payment method was chosen")
	}
	s.tamperField = field
	switch field {
	case "amount":
		s.tamper = func(q url.Values) { q.Set(paysign.ParamAmount, "1") }
	case "payee":
		s.tamper = func(q url.Values) { q.Set(paysign.ParamPayee, "mallory-shop") }
	}
	return checkout.Follow(ctx, c.Handoff.URL, s.tamper)
}

// carelessPay plays a wallet that skips the signature check, so that the
// platform's own check of the notice is tested too.
func carelessPay(ctx context.Context, inst string) error {
	c, s := checkout.From(ctx), st(ctx)
	wi := c.Wallets[inst]
	if wi == nil || s.tamper == nil {
		return fmt.Errorf("no altered handoff to %q to take", inst)
	}
	wi.Mock.SetCareless(true)
	defer wi.Mock.SetCareless(false)
	if err := checkout.Follow(ctx, c.Handoff.URL, s.tamper); err != nil {
		return err
	}
	if c.Landing.Handoff == "" {
		// The altered handoff never reached a wallet page that takes
		// payment; there is nothing to report to the platform.
		scenario.From(ctx).Log.Note("The careless wallet took nothing", checkout.DescribeLanding(c.Landing))
		return nil
	}
	order, _ := checkout.Current(ctx)
	return checkout.Pay(ctx, order.Consumer)
}

func refusesAltered(ctx context.Context, inst string) error {
	s := st(ctx)
	h, err := checkout.LastHandoff(ctx, inst)
	if err != nil {
		return err
	}
	if h == nil {
		// Nothing reached the wallet at all: the altered handoff went
		// nowhere, which is a refusal too.
		return nil
	}
	covered := strings.Join(h.Covered, ", ")
	if h.Accepted {
		return fmt.Errorf("%s accepted a handoff whose %s an attacker had altered: the platform's signature covers only [%s], not the %s",
			inst, s.tamperField, covered, s.tamperField)
	}
	return nil
}
