package security

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
)

// SEC-02: replays. Each starts from a genuine payment the wallet notified,
// and sends its notice — unchanged, signature and all — again.

// elsewhere is another platform the same wallet serves.
const elsewhere = "another-platform"

var replays = map[string]attack{
	"the notice sent again, twice, just after it was credited":                                           {run: replayNow},
	"the notice sent again after the platform's clock has moved on by more than a day":                   {run: replayLater},
	"the notice duplicated on its way, several copies arriving at the same moment as the original":       {run: replayConcurrently},
	"the notice sent again while a second order of the same amount at the same shop waits to be paid":    {run: replayForAnother},
	"the notice sent again after the order was refunded":                                                 {run: replayAfterRefund},
	"a notice the wallet sent to another platform it serves, for an order there with the same reference": {run: replayFromElsewhere},
}

// original is the replay's start: an order paid once through w, and the
// notice the wallet sent for it.
func original(k *kit, t *trial, w string) (paidOrder, bool) {
	p, err := k.paidOnceThrough(w)
	if err != nil {
		t.skip("setting up a genuine payment through %s: %v", w, err)
		return p, false
	}
	t.dims["wallet"], t.dims["order amount"] = w, checkout.Show(p.due, p.Currency)
	return p, true
}

// again sends p's notice unchanged.
func (k *kit) again(p paidOrder) string { return k.signed(p.notice.Body, p.notice.Signature) }

func replayNow(k *kit, t *trial, w string) error {
	p, ok := original(k, t, w)
	if !ok {
		return nil
	}
	answers := []string{k.again(p), k.again(p)}
	held, what, err := k.once(p.order, p.due, strings.Join(answers, " and "))
	t.judge(held, "%s", what)
	if held {
		k.keepPaid(p)
	}
	return err
}

func replayLater(k *kit, t *trial, w string) error {
	p, ok := original(k, t, w)
	if !ok {
		return nil
	}
	d := 25*time.Hour + time.Duration(k.rng.Int64N(int64(29*24*time.Hour/time.Second)))*time.Second
	t.dims["clock moved by"] = span(d)
	if _, err := k.advance(d); err != nil {
		t.skip("moving the platform's clock on by %s: %v", span(d), err)
		return nil
	}
	held, what, err := k.once(p.order, p.due, k.again(p))
	t.judge(held, "%s later, %s", span(d), what)
	if held {
		k.keepPaid(p)
	}
	return err
}

// replayConcurrently is the network duplicating the wallet's notice: the
// wallet takes one payment and its one notice reaches the platform several
// times at the same moment, so that copies race through the platform's
// checks together.
func replayConcurrently(k *kit, t *trial, w string) error {
	o, err := k.pending(w)
	if err != nil {
		t.skip("setting up an order handed to %s: %v", w, err)
		return nil
	}
	t.dims["wallet"], t.dims["order amount"] = w, checkout.Show(o.due, o.Currency)
	n := k.notice(o, w, o.Consumer)
	hs := k.mock(w).Handoffs()
	for i := len(hs) - 1; i >= 0; i-- {
		if h := hs[i]; h.Accepted && h.Order == o.OrderID {
			// The wallet notifies what it was handed, as it would once
			// the customer confirmed.
			n.AmountMinor, n.Currency, n.Payee, n.PlatformID = h.Amount, h.Currency, h.Payee, h.Platform
			break
		}
	}
	body, _ := json.Marshal(n)
	sig := paysign.SignBody(k.mock(w).Key, body)
	copies := 3 + k.rng.IntN(6)
	t.dims["copies"] = fmt.Sprint(copies)
	url := checkout.From(k.ctx).NotifyURL
	answers := make([]string, copies)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			sent := k.mock(w).Send(k.ctx, url, body, sig)
			answers[i] = fmt.Sprint(sent.Status)
			if sent.Error != "" {
				answers[i] = "nothing"
			}
		}()
	}
	close(start)
	wg.Wait()
	held, what, err := k.once(o, n.AmountMinor, strings.Join(answers, ", "))
	t.judge(held, "%d copies at once: %s", copies, what)
	return err
}

func replayForAnother(k *kit, t *trial, w string) error {
	p, ok := original(k, t, w)
	if !ok {
		return nil
	}
	second, err := k.handed(p.Consumer, p.AmountMinor, w)
	if err != nil {
		t.skip("setting up a second order handed to %s: %v", w, err)
		return nil
	}
	second.pool = p.pool
	held, what, err := k.once(p.order, p.due, k.again(p))
	if err != nil {
		return err
	}
	r, err := k.read(second)
	if err != nil {
		return err
	}
	untouched := r.Status == iti.OrderUnpaid && len(r.Credits) == 0
	t.judge(held && untouched, "%s; the second order is %s", what, record(r, untouched))
	if held && untouched {
		k.keepPaid(p)
		k.keep(second)
	}
	return nil
}

func replayAfterRefund(k *kit, t *trial, w string) error {
	p, ok := original(k, t, w)
	if !ok {
		return nil
	}
	if _, err := k.sess.Refund(k.ctx, p.OrderID, iti.RefundRequest{Reason: "customer returned the tea set"}); err != nil {
		t.skip("refunding the order: %v", err)
		return nil
	}
	held, what, err := k.once(p.order, p.due, k.again(p))
	if err != nil {
		return err
	}
	r, err := k.read(p.order)
	if err != nil {
		return err
	}
	t.judge(held && r.Status != iti.OrderPaid, "after the refund, %s", what)
	return nil
}

// replayFromElsewhere is a notice the wallet signed for real, but for
// another platform whose order happens to bear this order's reference.
func replayFromElsewhere(k *kit, t *trial, w string) error {
	o, err := k.pending(w)
	if err != nil {
		t.skip("setting up an order handed to %s: %v", w, err)
		return nil
	}
	t.dims["wallet"], t.dims["order amount"] = w, checkout.Show(o.due, o.Currency)
	n := k.notice(o, w, k.person("mallory"))
	n.PlatformID = elsewhere
	if n.PlatformID == checkout.From(k.ctx).PlatformID {
		n.PlatformID += "-2"
	}
	body, _ := json.Marshal(n)
	return k.unpaid(t, o, k.signed(body, paysign.SignBody(k.mock(w).Key, body)))
}

// span writes a clock move as a reader would: "3 days 4 hours".
func span(d time.Duration) string {
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case days == 0:
		return plural(hours, "hour")
	case hours == 0:
		return plural(days, "day")
	}
	return plural(days, "day") + " " + plural(hours, "hour")
}
