package payments

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
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

// handedDirectly judges PAY-02's handoff for the scenario's order and for
// orders drawn over the space the Rule ranges over, which it draws first.
func handedDirectly(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	s := checkout.From(ctx)
	if s.Handoff == nil {
		return errors.New("no payment method was chosen")
	}
	if err := checkout.Follow(ctx, s.Handoff.URL, nil); err != nil {
		return err
	}
	if !drawn(ctx) && judging(ctx, "PAY-02") {
		if err := drawHandoffs(ctx, inst); err != nil {
			return err
		}
	}
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	return judge(ctx, "handed directly to "+inst, func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		var found []string
		h := f.handoff
		if h.Kind != iti.HandoffRedirect && h.Kind != iti.HandoffDeepLink {
			found = append(found, fmt.Sprintf("choosing %s does not hand the consumer over directly: the handoff is a %q, with the instruction %q", inst, h.Kind, h.Instruction))
		} else if detourWords.MatchString(h.Instruction) {
			found = append(found, fmt.Sprintf("the consumer is told: %q", h.Instruction))
		}
		l := f.landing
		if l.Wallet != inst {
			found = append(found, fmt.Sprintf("following the handoff for %s %s", inst, checkout.DescribeLanding(l)))
		} else if l.Handoff == "" {
			found = append(found, fmt.Sprintf("%s did not accept the handoff: following it %s", inst, checkout.DescribeLanding(l)))
		}
		return strings.Join(found, "; ")
	})
}

// drawHandoffs draws PAY-02's cases: the order's amount; the payee's name,
// which the wallet must receive as it is; the consumer's name; what she did
// before (an unpaid order at the merchant, an order paid with the same
// wallet); and whether she chose the wallet once or twice, the second
// handoff being the one followed.
func drawHandoffs(ctx context.Context, inst string) error {
	named, err := namedFlow(ctx, inst)
	if err != nil {
		return err
	}
	b := cases(ctx)
	_, pool, err := ownCase(ctx, named)
	if err != nil {
		return err
	}
	handed, paid := "her order just before, handed to "+inst, "her order just before, paid with "+inst
	ks := draw(ctx, draws(ctx)-1,
		gen.Dim{Name: "amount", Values: amountNames()},
		gen.Dim{Name: "payee's name", Values: merchantForms},
		gen.Dim{Name: "consumer's name", Values: personForms},
		gen.Dim{Name: "before", Values: []string{"nothing", handed, paid}},
		gen.Dim{Name: "choice", Values: []string{"once", "twice, the second handoff followed"}})
	// A case after another order is told after another case of the same
	// consumer: what happened before it is a case of its own.
	var stories [][]*flow
	var later []*flow
	for i, k := range ks {
		f := b.newFlow(k)
		f.merchant, f.consumer, f.amount, f.wallet = pool[k["payee's name"]], personName(k["consumer's name"], "shopper", i+1), amounts[k["amount"]], inst
		b.flows = append(b.flows, f)
		if k["before"] == "nothing" {
			stories = append(stories, []*flow{f})
		} else {
			later = append(later, f)
		}
	}
	for i, f := range later {
		if len(stories) == 0 {
			// No case starts a story (a quick run): this one does.
			f.dims["before"] = "nothing"
			stories = append(stories, []*flow{f})
			continue
		}
		s := &stories[i%len(stories)]
		f.consumer, f.dims["consumer's name"] = (*s)[0].consumer, (*s)[0].dims["consumer's name"]
		*s = append(*s, f)
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	parallel(stories, func(story []*flow) {
		for j, f := range story {
			if f.dims["before"] == paid {
				prev := story[j-1]
				if prev.landing == nil || prev.landing.Handoff == "" {
					f.fail("her order just before was not handed to %s, so it could not be paid", inst)
					continue
				}
				if err := checkout.PayAt(ctx, prev.landing, prev.consumer); err != nil {
					f.fail("her order just before could not be paid: %v", err)
					continue
				}
			}
			if !f.place(ctx, sess) || !f.choose(ctx, sess, inst) {
				continue
			}
			if f.dims["choice"] != "once" && !f.choose(ctx, sess, inst) {
				continue
			}
			f.follow(ctx)
		}
	})
	return nil
}

func handoffUnaltered(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	if !drawn(ctx) {
		// The scenario's order alone, as its handoff reached the wallet.
		named, err := namedFlow(ctx, inst)
		if err != nil {
			return err
		}
		cases(ctx).flows = []*flow{named}
	}
	first := true
	return judge(ctx, inst+" receives the order unaltered", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		var h *institution.Handoff
		if f.landing != nil {
			h = checkout.Received(ctx, inst, f.landing.Record)
		}
		if h == nil && f.named {
			h, err = checkout.LastHandoff(ctx, inst)
			if err != nil {
				return err.Error()
			}
		}
		if h == nil {
			return fmt.Sprintf("%s received no handoff at all", inst)
		}
		shown := f.shown()
		if first {
			first = false
			scenario.From(ctx).Log.Note("Handoff side by side", fmt.Sprintf("%-10s %-14s %-14s\namount     %-14s %-14s\ncurrency   %-14s %-14s\norder      %-14s %-14s\npayee      %-14s %-14s",
				"", "checkout", inst, checkout.Show(shown, c.Currency), checkout.Show(h.Amount, h.Currency), c.Currency, h.Currency, c.OrderID, h.Order, c.MerchantID, h.Payee))
		}
		var found []string
		add := func(ok bool, format string, args ...any) {
			if !ok {
				found = append(found, fmt.Sprintf(format, args...))
			}
		}
		add(h.Accepted, "%s refused the handoff: %s", inst, h.Reason)
		add(h.Amount == shown, "the consumer was shown %s, but %s was asked for %s", checkout.Show(shown, f.co.Currency), inst, checkout.Show(h.Amount, h.Currency))
		// ISO 4217 codes compare without regard to case: "cny" is the
		// order's CNY, "USD" is not.
		add(strings.EqualFold(h.Currency, f.co.Currency), "the order is in %s, but %s was asked for %s", f.co.Currency, inst, h.Currency)
		add(h.Order == f.co.OrderID, "the order is %s, but %s was given order reference %q", f.co.OrderID, inst, h.Order)
		add(h.Payee == f.co.MerchantID, "the merchant is %s, but %s was asked to pay %q", f.co.MerchantID, inst, h.Payee)
		return strings.Join(found, "; ")
	})
}
