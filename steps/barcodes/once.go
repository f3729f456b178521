package barcodes

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-07: an order code is paid for its amount in its currency, and only
// once however it comes again. Each case is an order of a customer of its
// own, drawn over the order's amount, the acquirer that issued it, how the
// code writes its merchant, the customer's id and opening balance, and how
// the code comes again: scanned again right after it was paid, twice at
// the same moment, again after the customer paid another order, or again
// from another picture of it, as a screenshot or a reprint gives. The
// harness's acquirers accept every payment on an order, however often it is
// paid, and its switch pays each new payer reference: only the wallet's
// own guard stops a second payment.

// onceAmounts run from one fen through odd fen to CNY 1,000.00, the most a
// customer may pay on a dynamic code with a single verification factor.
var onceAmounts = []string{"0.01", "0.99", "7.05", "36.80", "100.00", "999.99", "1000.00"}

// How an order code comes again.
const (
	againRightAfter = "scanned again right after"
	againAtOnce     = "scanned twice at the same moment"
	againLater      = "scanned again after paying another order"
	againPicture    = "scanned again from another picture of it"
)

var againForms = []string{againRightAfter, againAtOnce, againLater, againPicture}

// atOnceHold is the longest the switch holds the first of two payments
// sent at once, so that the second meets it unanswered: the harness
// releases it as soon as the wallet answers either scan.
const atOnceHold = 300 * time.Millisecond

// anotherPicture is how the harness draws the same code again: another
// module size and margin, so another picture of exactly the same code.
var anotherPicture = qrimage.Options{ModulePx: 6, QuietZone: 6}

// order is one order code of a case.
type order struct {
	payload, amount string
	merchant        iti.CodeMerchant
}

// orderCase is one case of QR-07 and what the harness saw of it.
type orderCase struct {
	key, issuer, customer, again string
	dims                         gen.Case
	// orders[0] is the order that comes again; orders[1], for againLater,
	// the other order paid in between.
	orders []order
	scans  []iti.ScanResult
	moved  *iti.Movements
}

func (c *orderCase) name() string {
	return fmt.Sprintf("an order of CNY %s from %s for %q (merchant written %s), %s, by %s (opening balance %s)",
		c.orders[0].amount, c.issuer, c.orders[0].merchant.Name, c.dims["merchant"], c.again, c.customer, c.dims["balance"])
}

// customersPayOrders is QR-07's When step: every case's scans, several
// cases at once, each case's in its own order; then every customer's
// movements, read back.
func customersPayOrders(ctx context.Context) error {
	s := st(ctx)
	w := scenario.From(ctx)
	g := gen.New(w.Env.Seed, w.Name)
	from := acquirers(s)
	if len(from) == 0 {
		return fmt.Errorf("the clearing switch connects no acquirer to issue codes")
	}
	cases := draw(w, g, w.Cases(6), gen.Dim{Name: dimAmount, Values: onceAmounts}, gen.Dim{Name: "issuer", Values: from},
		gen.Dim{Name: "again", Values: againForms}, gen.Dim{Name: "merchant", Values: []string{"plain", "Chinese, in its own script"}},
		gen.Dim{Name: "customer", Values: keys(customerForms)}, gen.Dim{Name: "balance", Values: balanceForms})
	var all []*orderCase
	for i, c := range cases {
		oc := &orderCase{key: fmt.Sprintf("order %d", i+1), issuer: c["issuer"], again: c["again"], dims: c}
		amounts := []string{c[dimAmount]}
		if oc.again == againLater {
			other := g.Pick(onceAmounts...)
			c["other order"] = other
			amounts = append(amounts, other)
		}
		var need int64
		for _, a := range amounts {
			payload, m, err := issueFor(ctx, oc.issuer, c["merchant"], iti.CodeDynamic, a)
			if err != nil {
				return err
			}
			oc.orders = append(oc.orders, order{payload: payload, amount: a, merchant: m})
			n, _ := money.Parse(a)
			need += n
		}
		cust, err := newCustomer(ctx, c, need)
		if err != nil {
			return err
		}
		oc.customer = cust
		all = append(all, oc)
	}
	sess, err := walletSession(ctx)
	if err != nil {
		return err
	}
	if err := parallel(len(all), func(i int) error { return payOrder(ctx, sess, all[i]) }); err != nil {
		return err
	}
	if err := parallel(len(all), func(i int) error {
		m, err := sess.Movements(ctx, all[i].customer)
		all[i].moved = &m
		return err
	}); err != nil {
		return err
	}
	s.orders = all
	return nil
}

// payOrder makes one case's scans, in the order its way of coming again
// gives.
func payOrder(ctx context.Context, sess *iti.Session, c *orderCase) error {
	scan := func(o order, opts qrimage.Options) (iti.ScanResult, error) {
		png, err := picture(ctx, o.payload, opts)
		if err != nil {
			return iti.ScanResult{}, err
		}
		return sess.Scan(ctx, iti.ScanRequest{Customer: c.customer, Image: png})
	}
	var steps []func() (iti.ScanResult, error)
	a := c.orders[0]
	once := func(o order, opts qrimage.Options) func() (iti.ScanResult, error) {
		return func() (iti.ScanResult, error) { return scan(o, opts) }
	}
	switch c.again {
	case againRightAfter:
		steps = append(steps, once(a, scanned), once(a, scanned))
	case againLater:
		steps = append(steps, once(a, scanned), once(c.orders[1], scanned), once(a, scanned))
	case againPicture:
		steps = append(steps, once(a, scanned), once(a, anotherPicture))
	case againAtOnce:
		// Drawn before the two scans start, so that they start together.
		if _, err := picture(ctx, a.payload, scanned); err != nil {
			return err
		}
		release := st(ctx).sw.Hold(a.payload, atOnceHold)
		defer release()
		var wg sync.WaitGroup
		res := make([]iti.ScanResult, 2)
		errs := make([]error, 2)
		for i := range res {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[i], errs[i] = scan(a, scanned)
				release()
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		c.scans = res
		return nil
	}
	for _, step := range steps {
		r, err := step()
		if err != nil {
			return err
		}
		c.scans = append(c.scans, r)
	}
	return nil
}

// judgeOrders judges every case of QR-07 with check, as judgeCodes does;
// check is given what the switch and the case's acquirer saw of each of
// its orders.
func judgeOrders(ctx context.Context, what string, check func(*orderCase, []orderSeen) string) error {
	s := st(ctx)
	if len(s.orders) == 0 {
		return fmt.Errorf("no customer paid an order code in an earlier step")
	}
	records := s.sw.Records()
	received := map[string][]iti.ReceivedPayment{}
	log := scenario.From(ctx).Log
	var bad []string
	for _, c := range s.orders {
		if _, ok := received[c.issuer]; !ok {
			received[c.issuer] = s.payees[c.issuer].Received()
		}
		var seen []orderSeen
		for _, o := range c.orders {
			seen = append(seen, seeOrder(o, records, received[c.issuer]))
		}
		finding := check(c, seen)
		log.Judge(c.key, evidence.Case{Kind: evidence.CaseSample, Name: c.name(), Dims: c.dims, Held: finding == "", Detail: finding})
		if finding != "" {
			bad = append(bad, c.name()+" — "+finding)
		}
	}
	return scenario.CasesFailed(what, len(s.orders), "orders", bad, 3)
}

// orderSeen is what the harness's switch and acquirer saw of one order:
// the wallet's payments on its code, and the ones paid for its amount in
// its currency.
type orderSeen struct {
	o        order
	sent     []clearing.Record
	exact    int // accepted payments on the code for the order's amount, in yuan
	accepted int // accepted payments on the code, whatever for
	receipts int // accepted payments the acquirer lists for the order's merchant
}

func seeOrder(o order, records []clearing.Record, received []iti.ReceivedPayment) orderSeen {
	v := orderSeen{o: o}
	want, _ := money.Parse(o.amount)
	for _, r := range records {
		if r.PayerWallet != iutWalletID || r.Payload != o.payload {
			continue
		}
		v.sent = append(v.sent, r)
		if r.Status == iti.PaymentAccepted {
			v.accepted++
			if n, err := money.Parse(r.Amount); err == nil && n == want && isCNY(r.Currency) {
				v.exact++
			}
		}
	}
	for _, p := range received {
		if p.PayerWallet == iutWalletID && p.MerchantID == o.merchant.ID && p.Status == iti.PaymentAccepted {
			v.receipts++
		}
	}
	return v
}

// excused says whether an order of a rival or tail acquirer went unpaid
// because the wallet refused its code outright: sending nothing on it,
// paying no scan of it. Refusing other institutions' codes is QR-05's
// finding, not this requirement's, which judges what the wallet pays; an
// order of its own group's acquirer it must pay.
func (c *orderCase) excused(v orderSeen) bool {
	if c.issuer == groupAcquirer || len(v.sent) > 0 {
		return false
	}
	for _, r := range c.scans {
		if r.Outcome == iti.ScanPaid {
			return false
		}
	}
	return true
}

// groupAcquirer is the acquirer the scenario puts in the wallet's group.
const groupAcquirer = "group-acquirer"

func (c *orderCase) answers() string {
	var out []string
	for _, r := range c.scans {
		a := r.Outcome
		if r.Reason != "" {
			a += " (" + r.Reason + ")"
		}
		out = append(out, a)
	}
	return strings.Join(out, ", ")
}

func everyOrderPaid(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgeOrders(ctx, "every order code is paid, for its amount in its currency", func(c *orderCase, seen []orderSeen) string {
		var f []string
		for _, v := range seen {
			if v.exact > 0 || c.excused(v) {
				continue
			}
			f = append(f, fmt.Sprintf("the order of CNY %s was not paid for its amount in yuan: the wallet answered the scans %s, and sent the clearing switch %s", v.o.amount, c.answers(), orNothing(sentBy(v.sent))))
		}
		return strings.Join(f, "; ")
	})
}

func eachOrderOnce(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgeOrders(ctx, "each order code was paid only once through the clearing switch", func(c *orderCase, seen []orderSeen) string {
		var f []string
		for _, v := range seen {
			if n := max(v.accepted, v.receipts); n > 1 {
				f = append(f, fmt.Sprintf("the order of CNY %s was paid %d times: %s (the wallet answered the scans %s)", v.o.amount, n, strings.Join(sentBy(v.sent), "; "), c.answers()))
			}
		}
		return strings.Join(f, "; ")
	})
}

func eachBalanceDownOrders(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	s := st(ctx)
	return judgeOrders(ctx, "each customer's balance has gone down by exactly the amount of their orders, each once", func(c *orderCase, seen []orderSeen) string {
		var want int64
		for _, v := range seen {
			if !c.excused(v) {
				n, _ := money.Parse(v.o.amount)
				want += n
			}
		}
		return balanceFinding(c.customer, s.opening[c.customer], want, c.moved)
	})
}
