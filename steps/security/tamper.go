package security

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// SEC-03: a handoff altered on its way to the wallet. Each alteration is
// tried twice over: the wallet, checking the platform's signature, must
// refuse it; and a careless wallet that takes it anyway and notifies the
// platform must not get the order marked paid. Both are the platform's
// guards — its signature and its check of the notice — and both are judged.

// alter changes an intercepted handoff u, for the order it hands off; it
// may change where the handoff goes and returns the wallet it now enters.
type alter func(k *kit, t *trial, u *url.URL, o *order, w string) (string, error)

var alterations = map[string]attack{
	"the amount, lowered by one fen":                      {run: tamper(setAmount(func(due int64) int64 { return due - 1 }))},
	"the amount, raised by one fen":                       {run: tamper(setAmount(func(due int64) int64 { return due + 1 }))},
	"the amount, cut to a hundredth, as if fen were yuan": {run: tamper(setAmount(func(due int64) int64 { return due / 100 }))},
	"the currency, changed to another currency": {run: tamper(func(k *kit, t *trial, u *url.URL, o *order, w string) (string, error) {
		other := "JPY"
		if o.Currency == other {
			other = "USD"
		}
		return w, set(u, paysign.ParamCurrency, other)
	})},
	"the payee, changed to the attacker's own shop": {run: tamper(func(k *kit, t *trial, u *url.URL, o *order, w string) (string, error) {
		return w, set(u, paysign.ParamPayee, "mallory-shop")
	})},
	"the order, changed from a cheaper order of the same customer to this one": {run: swapOrder},
	"the institution, changed to another connected wallet, which it is sent to": {run: tamper(func(k *kit, t *trial, u *url.URL, o *order, w string) (string, error) {
		to := k.other(w)
		t.dims["sent to"] = to
		dest, err := url.Parse(scenario.From(k.ctx).URL(checkout.From(k.ctx).Wallets[to].Host, institution.HandoffPath))
		if err != nil {
			return "", err
		}
		u.Scheme, u.Host, u.Path = dest.Scheme, dest.Host, dest.Path
		return to, set(u, paysign.ParamInstitution, to)
	})},
	"the amount, lowered, and taken off the list of fields the signature covers": {run: tamper(func(k *kit, t *trial, u *url.URL, o *order, w string) (string, error) {
		q := u.Query()
		fields := slices.DeleteFunc(strings.Split(q.Get(paysign.ParamSigned), ","), func(f string) bool { return f == paysign.ParamAmount })
		q.Set(paysign.ParamSigned, strings.Join(fields, ","))
		u.RawQuery = q.Encode()
		// Lowered by two fen up to half the amount, drawn from the seed,
		// not by the one fen of the row that leaves the list alone: what
		// reaches the platform then differs from that row's, so each row
		// can be shown to fail the requirement by itself.
		return setAmount(func(due int64) int64 { return due - 2 - k.rng.Int64N(max(1, due/2-1)) })(k, t, u, o, w)
	})},
}

func set(u *url.URL, param, value string) error {
	q := u.Query()
	q.Set(param, value)
	u.RawQuery = q.Encode()
	return nil
}

func setAmount(to func(due int64) int64) alter {
	return func(k *kit, t *trial, u *url.URL, o *order, w string) (string, error) {
		due, err := strconv.ParseInt(u.Query().Get(paysign.ParamAmount), 10, 64)
		if err != nil {
			due = o.due
		}
		altered := to(due)
		t.dims["altered amount"] = checkout.Show(altered, o.Currency)
		return w, set(u, paysign.ParamAmount, strconv.FormatInt(altered, 10))
	}
}

// tamper takes an order chosen to be paid with w, alters its handoff on
// the way and judges both guards.
func tamper(change alter) func(*kit, *trial, string) error {
	return func(k *kit, t *trial, w string) error {
		o, err := k.pendingChosen(w)
		if err != nil {
			t.skip("setting up an order handed to %s: %v", w, err)
			return nil
		}
		return alterAndPay(k, t, o, o.handoff, change)
	}
}

// swapOrder hands off a cheap order of the same customer and changes its
// order reference to the order the attacker wants paid, which was handed to
// the same wallet too.
func swapOrder(k *kit, t *trial, w string) error {
	o, err := k.pendingChosen(w)
	if err != nil {
		t.skip("setting up the order handed to %s: %v", w, err)
		return nil
	}
	cheap, err := k.checkout(o.Consumer, k.cheaper(o.due))
	if err != nil {
		t.skip("placing the cheaper order: %v", err)
		return nil
	}
	h, err := k.choose(cheap, w)
	if err != nil {
		t.skip("choosing %s for the cheaper order: %v", w, err)
		return nil
	}
	t.dims["cheaper order"] = checkout.Show(cheap.due, cheap.Currency)
	return alterAndPay(k, t, o, h, func(k *kit, t *trial, u *url.URL, _ *order, w string) (string, error) {
		return w, set(u, paysign.ParamOrder, o.OrderID)
	})
}

// alterAndPay intercepts h, alters it, opens it at the wallet, then has a
// careless wallet take it and the customer pay; it judges the wallet's
// refusal and the platform's record of o, the order the attacker wants
// paid.
func alterAndPay(k *kit, t *trial, o *order, h iti.Handoff, change alter) error {
	u, w, err := k.intercept(h)
	if err != nil {
		t.skip("following the handoff to %s: %v", o.wallet, err)
		return nil
	}
	t.dims["wallet"], t.dims["order amount"] = w, checkout.Show(o.due, o.Currency)
	to, err := change(k, t, u, o, w)
	if err != nil {
		return err
	}
	// One visit to a careless wallet shows both guards: the wallet checks
	// the platform's signature as any wallet does and records what it
	// found wrong (Reason), and only then takes the handoff anyway; a
	// handoff it found nothing wrong with is one a careful wallet accepts.
	m := k.mock(to)
	before := len(m.Handoffs())
	m.SetCareless(true)
	err = checkout.Follow(k.ctx, u.String(), nil)
	m.SetCareless(false)
	if err != nil {
		return err
	}
	if hs := m.Handoffs(); len(hs) > before && hs[len(hs)-1].Reason == "" {
		t.accepted = fmt.Sprintf("%s accepted it: the platform's signature covers [%s]", to, strings.Join(hs[len(hs)-1].Covered, ", "))
	}
	paid := "a careless " + to + " took nothing"
	if l := checkout.From(k.ctx).Landing; l.Handoff != "" {
		before := len(m.Payments())
		if err := checkout.Pay(k.ctx, o.Consumer); err != nil {
			paid = "a careless " + to + "'s payment failed: " + err.Error()
		} else if ps := m.Payments(); len(ps) > before {
			p := ps[len(ps)-1]
			paid = fmt.Sprintf("a careless %s took %s from %s", to, checkout.Show(p.Amount, p.Currency), p.Payer)
		}
	}
	paid += " for the order of " + checkout.Show(o.due, o.Currency)
	r, err := k.read(o)
	if err != nil {
		return err
	}
	untouched := r.Status == iti.OrderUnpaid && len(r.Credits) == 0
	if !untouched {
		t.believed = fmt.Sprintf("after %s, the platform records it as %s", paid, checkout.DescribeOrder(r))
	}
	refused := to + " refused it"
	if t.accepted != "" {
		refused = t.accepted
	}
	t.judge(t.accepted == "" && untouched, "%s; %s, and the platform records it as %s", refused, paid, record(r, untouched))
	if untouched {
		k.keep(o)
	}
	return nil
}
