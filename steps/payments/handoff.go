package payments

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// PAY-02: choosing a wallet hands the consumer to it, with the order intact.

func choose(ctx context.Context, inst string) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	h, err := sess.Choose(ctx, c.OrderID, iti.ChoiceRequest{InstitutionID: inst})
	if err != nil {
		return err
	}
	s := checkout.From(ctx)
	s.Handoff, s.Landing = &h, nil
	return nil
}

func confirm(ctx context.Context) error {
	s := checkout.From(ctx)
	if s.Handoff == nil {
		return errors.New("no payment method was chosen")
	}
	if s.Landing == nil {
		if err := checkout.Follow(ctx, s.Handoff.URL, nil); err != nil {
			return err
		}
	}
	if s.Landing.Handoff == "" {
		return fmt.Errorf("choosing %s did not lead into a wallet that could take the payment: following %s %s",
			s.Handoff.InstitutionID, s.Handoff.URL, checkout.DescribeLanding(s.Landing))
	}
	c, _ := checkout.Current(ctx)
	return checkout.Pay(ctx, c.Consumer)
}

var detourWords = regexp.MustCompile(`(?i)screenshot|save|scan|qr|friend|截图|保存|扫|好友`)

func handedDirectly(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	s := checkout.From(ctx)
	if s.Handoff == nil {
		return errors.New("no payment method was chosen")
	}
	var f scenario.Findings
	h := s.Handoff
	f.Check(h.Kind == iti.HandoffRedirect || h.Kind == iti.HandoffDeepLink, "choosing %s does not hand the consumer over directly: the handoff is a %q, with the instruction %q", inst, h.Kind, h.Instruction)
	f.Check(!detourWords.MatchString(h.Instruction), "the consumer is told: %q", h.Instruction)
	if err := checkout.Follow(ctx, h.URL, nil); err != nil {
		return err
	}
	l := s.Landing
	f.Check(l.Wallet == inst, "following the handoff for %s %s", inst, checkout.DescribeLanding(l))
	f.Check(l.Handoff != "", "%s did not accept the handoff: following it %s", inst, checkout.DescribeLanding(l))
	return f.Err()
}

func handoffUnaltered(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	h, err := checkout.LastHandoff(ctx, inst)
	if err != nil {
		return err
	}
	if h == nil {
		return fmt.Errorf("%s received no handoff at all", inst)
	}
	shown := c.AmountMinor
	if o := checkout.Option(c, inst); o != nil {
		shown = o.TotalMinor
	}
	scenario.From(ctx).Log.Note("Handoff side by side", fmt.Sprintf("%-10s %-14s %-14s\namount     %-14s %-14s\ncurrency   %-14s %-14s\norder      %-14s %-14s\npayee      %-14s %-14s",
		"", "checkout", inst, checkout.Show(shown, c.Currency), checkout.Show(h.Amount, h.Currency), c.Currency, h.Currency, c.OrderID, h.Order, c.MerchantID, h.Payee))
	var f scenario.Findings
	f.Check(h.Accepted, "%s refused the handoff: %s", inst, h.Reason)
	f.Check(h.Amount == shown, "the consumer was shown %s, but %s was asked for %s", checkout.Show(shown, c.Currency), inst, checkout.Show(h.Amount, h.Currency))
	// ISO 4217 codes compare without regard to case: "cny" is the order's
	// CNY, "USD" is not.
	f.Check(strings.EqualFold(h.Currency, c.Currency), "the order is in %s, but %s was asked for %s", c.Currency, inst, h.Currency)
	f.Check(h.Order == c.OrderID, "the order is %s, but %s was given order reference %q", c.OrderID, inst, h.Order)
	f.Check(h.Payee == c.MerchantID, "the merchant is %s, but %s was asked to pay %q", c.MerchantID, inst, h.Payee)
	return f.Err()
}
