package security

import (
	"fmt"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
)

// SEC-04: help-me-pay links. Each case is a customer's order and the link
// she shared for it; the friends who try the link pay with a wallet drawn
// from the seed. The verdict reads the platform's record of the orders and
// every wallet's ledger: a link that moved a friend's money for nothing
// fails even when the platform then refused to credit it.

var linkThreats = map[string]attack{
	"the link used a few minutes after it expired":                              {run: linkExpired},
	"the link used after it expired and the customer asked for a new one":       {run: linkRenewed},
	"the link used after the customer placed another order at the same shop":    {run: linkLaterOrder},
	"the link, forwarded, used by a second friend after the first one had paid": {run: linkSecondFriend},
	"the link used after the order was refunded":                                {run: linkAfterRefund},
}

// shared places an order for a customer of its own and makes its link.
func shared(k *kit, t *trial, w string) (*order, *iti.PayOnBehalfLink, bool) {
	o, err := k.checkout(k.person("alice"), k.amount())
	if err != nil {
		t.skip("placing the order: %v", err)
		return nil, nil, false
	}
	t.dims["friend's wallet"], t.dims["order amount"] = w, checkout.Show(o.AmountMinor, o.Currency)
	l, err := k.sess.PayOnBehalf(k.ctx, o.OrderID, iti.PayOnBehalfRequest{Requester: o.Consumer})
	if err != nil {
		t.skip("making the help-me-pay link: %v", err)
		return nil, nil, false
	}
	return o, &l, true
}

// tryLink is friend opening l and paying with w; it says what happened.
func tryLink(k *kit, l *iti.PayOnBehalfLink, friend, w string) (bool, string, error) {
	checkout.From(k.ctx).Link = l
	ok, why, err := checkout.PayFromLink(k.ctx, friend, w)
	if ok {
		why = friend + " paid with " + w + " through the link"
	}
	return ok, why, err
}

// pastExpiry moves the platform's clock past l's expiry by after.
func pastExpiry(k *kit, t *trial, l *iti.PayOnBehalfLink, after time.Duration) bool {
	if l.ExpiresAt.IsZero() {
		t.judge(false, "the platform gave the help-me-pay link no expiry time")
		return false
	}
	clock, err := k.advance(0)
	if err != nil {
		t.skip("reading the platform's clock: %v", err)
		return false
	}
	wait := l.ExpiresAt.Sub(clock.Now) + after
	if wait < after {
		wait = after
	}
	if _, err := k.advance(wait); err != nil {
		t.skip("moving the platform's clock on: %v", err)
		return false
	}
	t.dims["used after expiry by"] = minutes(after)
	return true
}

// nothingMoved judges o after a try of a link that should have paid
// nothing: unpaid, nothing credited, and friend charged nothing for it.
func nothingMoved(k *kit, t *trial, o *order, friend, what string) error {
	r, err := k.read(o)
	if err != nil {
		return err
	}
	took := k.charged(o.OrderID, friend)
	untouched := r.Status == iti.OrderUnpaid && len(r.Credits) == 0
	t.judge(untouched && len(took) == 0, "%s; the platform records the order as %s%s", what, record(r, untouched), ledger(took))
	return nil
}

func ledger(took []string) string {
	if len(took) == 0 {
		return ", and no wallet charged the friend"
	}
	return "; " + strings.Join(took, "; ")
}

func linkExpired(k *kit, t *trial, w string) error {
	o, l, ok := shared(k, t, w)
	if !ok || !pastExpiry(k, t, l, time.Minute+time.Duration(k.rng.IntN(9*60))*time.Second) {
		return nil
	}
	bob := k.person("bob")
	_, what, err := tryLink(k, l, bob, w)
	if err != nil {
		return err
	}
	return nothingMoved(k, t, o, bob, what)
}

func linkRenewed(k *kit, t *trial, w string) error {
	o, old, ok := shared(k, t, w)
	if !ok || !pastExpiry(k, t, old, 2*time.Hour+time.Duration(k.rng.IntN(46*60))*time.Minute) {
		return nil
	}
	renewed, err := k.sess.PayOnBehalf(k.ctx, o.OrderID, iti.PayOnBehalfRequest{Requester: o.Consumer})
	if err != nil {
		t.skip("asking for a new link: %v", err)
		return nil
	}
	if renewed.URL == old.URL {
		t.skip("the platform renewed the link at the same address, so no old link is left to try")
		return nil
	}
	bob := k.person("bob")
	_, what, err := tryLink(k, old, bob, w)
	if err != nil {
		return err
	}
	return nothingMoved(k, t, o, bob, "with the old link, "+what)
}

func linkLaterOrder(k *kit, t *trial, w string) error {
	o, l, ok := shared(k, t, w)
	if !ok {
		return nil
	}
	later, err := k.checkout(o.Consumer, k.amount())
	if err != nil {
		t.skip("placing the later order: %v", err)
		return nil
	}
	t.dims["later order"] = checkout.Show(later.AmountMinor, later.Currency)
	bob := k.person("bob")
	_, what, err := tryLink(k, l, bob, w)
	if err != nil {
		return err
	}
	return nothingMoved(k, t, later, bob, what+"; as for the later order")
}

// firstPaid is the first friend paying through l, with the platform's own
// wallet, as the link is for.
func firstPaid(k *kit, t *trial, o *order, l *iti.PayOnBehalfLink) bool {
	ok, why, err := tryLink(k, l, k.person("bob"), k.own())
	if err == nil && ok {
		var r iti.Order
		if r, err = k.read(o); err == nil && r.Status != iti.OrderPaid {
			err = fmt.Errorf("after the first friend paid, the platform records the order as %s", checkout.DescribeOrder(r))
		}
	} else if err == nil {
		err = fmt.Errorf("%s", why)
	}
	if err != nil {
		t.skip("setting up the first friend's payment through the link: %v", err)
		return false
	}
	return true
}

// onlyOnce judges o after a second friend tried a link already used: at
// most one credit, not paid again, and carol charged nothing.
func onlyOnce(k *kit, t *trial, o *order, carol, what string, want string) error {
	r, err := k.read(o)
	if err != nil {
		return err
	}
	took := k.charged(o.OrderID, carol)
	t.judge(len(r.Credits) <= 1 && r.Status == want && len(took) == 0, "%s; the platform records the order as %s%s", what, checkout.DescribeOrder(r), ledger(took))
	return nil
}

func linkSecondFriend(k *kit, t *trial, w string) error {
	o, l, ok := shared(k, t, w)
	if !ok || !firstPaid(k, t, o, l) {
		return nil
	}
	carol := k.person("carol")
	_, what, err := tryLink(k, l, carol, w)
	if err != nil {
		return err
	}
	return onlyOnce(k, t, o, carol, what, iti.OrderPaid)
}

func linkAfterRefund(k *kit, t *trial, w string) error {
	o, l, ok := shared(k, t, w)
	if !ok || !firstPaid(k, t, o, l) {
		return nil
	}
	if _, err := k.sess.Refund(k.ctx, o.OrderID, iti.RefundRequest{Reason: "the friend's gift was returned"}); err != nil {
		t.skip("refunding the order: %v", err)
		return nil
	}
	carol := k.person("carol")
	_, what, err := tryLink(k, l, carol, w)
	if err != nil {
		return err
	}
	return onlyOnce(k, t, o, carol, what, iti.OrderRefunded)
}

func minutes(d time.Duration) string {
	if d >= 2*time.Hour {
		return span(d)
	}
	return fmt.Sprintf("%d minutes", int(d/time.Minute))
}
