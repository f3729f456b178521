package security

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// kit is the attacker's kit for one table of threats: the platform's
// session, the wallets and the merchant the Background set up, and the
// run's seed, from which every case draws its amount and its wallet.
type kit struct {
	ctx      context.Context
	sess     *iti.Session
	gen      *gen.Gen
	rng      *rand.Rand
	wallets  []string
	merchant string
	seq      int
	// class is the amount class of the try under way: the orders it
	// places draw their amounts from it, and the orders it takes from
	// the pools below were placed with it.
	class amountClass

	// An attack that fails leaves its order as it was, so the next attack
	// of the same kind can use it: an order is a fresh one for every
	// attack that starts from it, and is set aside once an attack changed
	// it. untouched are orders handed to a wallet, unpaid; paidOnce are
	// orders paid once through a wallet, with the wallet's notice — both by
	// wallet and amount class (pool), so that a try gets an order of the
	// amount it drew; mine are the attacker's own genuine notices, by
	// wallet.
	untouched map[string][]*order
	paidOnce  map[string][]paidOrder
	mine      map[string]institution.Notice
}

type paidOrder struct {
	*order
	notice institution.Notice
}

func newKit(ctx context.Context) (*kit, error) {
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return nil, err
	}
	c := checkout.From(ctx)
	k := &kit{ctx: ctx, sess: sess, untouched: map[string][]*order{}, paidOnce: map[string][]paidOrder{}, mine: map[string]institution.Notice{}}
	for name := range c.Wallets {
		k.wallets = append(k.wallets, name)
	}
	sort.Strings(k.wallets)
	var merchants []string
	for name := range c.Merchants {
		merchants = append(merchants, name)
	}
	sort.Strings(merchants)
	if len(k.wallets) < 2 || len(merchants) == 0 {
		return nil, errors.New("the threats need at least two wallets and a merchant that enabled them, set up in Given steps")
	}
	k.merchant = merchants[0]
	w := scenario.From(ctx)
	k.gen = gen.New(w.Env.Seed, w.Name)
	k.rng = k.gen.Rand()
	k.class = amountClasses[len(amountClasses)-2]
	return k, nil
}

// person is a fresh customer or friend: each case has its own, so that no
// case's earlier choices or orders colour another's.
func (k *kit) person(name string) string {
	k.seq++
	return fmt.Sprintf("%s-%d", name, k.seq)
}

// amountClass is a part of the range of order amounts a threat is tried
// at, by the name a case records.
type amountClass struct {
	name string
	draw func(r *rand.Rand) int64
}

// amountClasses range over every amount the contract allows, with its
// boundaries: the smallest unit, a sum short of a yuan, odd fen, whole
// yuan, and large sums.
var amountClasses = []amountClass{
	{"one fen", func(*rand.Rand) int64 { return 1 }},
	{"under a yuan", func(r *rand.Rand) int64 { return 2 + r.Int64N(98) }},
	{"odd fen", func(r *rand.Rand) int64 {
		v := 101 + r.Int64N(999_898)
		if v%100 == 0 {
			v++
		}
		return v
	}},
	{"whole yuan", func(r *rand.Rand) int64 { return 100 * (1 + r.Int64N(9_999)) }},
	{"large", func(r *rand.Rand) int64 { return 1_000_000 + r.Int64N(99_000_000) }},
}

// fromYuan are the amount classes of a yuan or more: what an alteration of
// the amount needs, since lowering one fen, or cutting to a hundredth,
// leaves nothing of a smaller order — a handoff of no amount, which is
// another threat.
var fromYuan = amountClasses[2:]

// amount is an order amount of the try's class, drawn from the seed; small
// is a cheap order of the attacker's own, 1.00 to 9.99 CNY; cheaper is an
// order that costs less than due, at most 9.99 CNY.
func (k *kit) amount() int64 { return k.class.draw(k.rng) }
func (k *kit) small() int64  { return 100 + k.rng.Int64N(900) }
func (k *kit) cheaper(due int64) int64 {
	return 1 + k.rng.Int64N(max(1, min(999, due-1)))
}

// wallet is a connected wallet drawn from the seed; other is one that is not w.
func (k *kit) wallet() string { return k.wallets[k.rng.IntN(len(k.wallets))] }

func (k *kit) other(w string) string {
	var others []string
	for _, x := range k.wallets {
		if x != w {
			others = append(others, x)
		}
	}
	return others[k.rng.IntN(len(others))]
}

// own is the platform's own group's wallet, the one a friend can always pay
// with when an attack needs a payment through a link to set it up.
func (k *kit) own() string {
	for _, name := range k.wallets {
		if checkout.From(k.ctx).Wallets[name].Mock.Tier == iti.TierAffiliated {
			return name
		}
	}
	return k.wallets[0]
}

func (k *kit) mock(w string) *institution.Institution { return checkout.From(k.ctx).Wallets[w].Mock }

// order is an order placed for an attack, and what it was handed off for.
type order struct {
	iti.Checkout
	wallet  string
	due     int64
	handoff iti.Handoff
	pool    string // where it is kept while no attack changed it
}

func (k *kit) checkout(consumer string, amount int64) (*order, error) {
	c, err := k.sess.Checkout(k.ctx, iti.CheckoutRequest{MerchantID: k.merchant, Consumer: consumer, AmountMinor: amount, Currency: "CNY", Description: "tea set"})
	if err != nil {
		return nil, err
	}
	return &order{Checkout: c, due: c.AmountMinor}, nil
}

// choose is the customer choosing w; the amount due is what the payment
// screen showed with it.
func (k *kit) choose(o *order, w string) (iti.Handoff, error) {
	h, err := k.sess.Choose(k.ctx, o.OrderID, iti.ChoiceRequest{InstitutionID: w})
	o.wallet = w
	if opt := checkout.Option(&o.Checkout, w); opt != nil {
		o.due = opt.TotalMinor
	}
	return h, err
}

// handed places an order and hands the customer to w, who lands on the
// wallet's payment page and stops there: an order waiting to be paid, which
// a forged notice would like to see marked paid.
func (k *kit) handed(consumer string, amount int64, w string) (*order, error) {
	o, err := k.checkout(consumer, amount)
	if err != nil {
		return nil, err
	}
	h, err := k.choose(o, w)
	if err != nil {
		return nil, err
	}
	o.handoff = h
	if err := checkout.Follow(k.ctx, h.URL, nil); err != nil {
		return nil, err
	}
	if l := checkout.From(k.ctx).Landing; l.Wallet != w || l.Handoff == "" {
		return nil, fmt.Errorf("choosing %s did not lead into it: following the handoff %s", w, checkout.DescribeLanding(l))
	}
	return o, nil
}

// pool names the orders kept for w at the try's amount class.
func (k *kit) pool(w string) string { return w + " at " + k.class.name }

// pending is an order handed to w, of the try's amount class, that no
// attack has changed yet: one a failed attack left as it was, or a new one.
func (k *kit) pending(w string) (*order, error) {
	if os := k.untouched[k.pool(w)]; len(os) > 0 {
		k.untouched[k.pool(w)] = os[:len(os)-1]
		return os[len(os)-1], nil
	}
	o, err := k.handed(k.person("alice"), k.amount(), w)
	if o != nil {
		o.pool = k.pool(w)
	}
	return o, err
}

// pendingChosen is pending, for an attack that follows the handoff itself:
// the order is chosen to be paid with w, and its handoff not yet opened.
func (k *kit) pendingChosen(w string) (*order, error) {
	if os := k.untouched[k.pool(w)]; len(os) > 0 {
		k.untouched[k.pool(w)] = os[:len(os)-1]
		return os[len(os)-1], nil
	}
	o, err := k.checkout(k.person("alice"), k.amount())
	if err != nil {
		return nil, err
	}
	if o.handoff, err = k.choose(o, w); err != nil {
		return nil, err
	}
	o.pool = k.pool(w)
	return o, nil
}

// keep puts back an order an attack left untouched.
func (k *kit) keep(o *order) {
	if o.pool != "" {
		k.untouched[o.pool] = append(k.untouched[o.pool], o)
	}
}

// paidOnceThrough is an order paid once through w, with the wallet's
// notice for it: one a failed replay left as it was, or a new one.
func (k *kit) paidOnceThrough(w string) (paidOrder, error) {
	if ps := k.paidOnce[k.pool(w)]; len(ps) > 0 {
		k.paidOnce[k.pool(w)] = ps[:len(ps)-1]
		return ps[len(ps)-1], nil
	}
	o, n, err := k.paid(k.person("alice"), k.amount(), w)
	if o != nil {
		o.pool = k.pool(w)
	}
	return paidOrder{o, n}, err
}

func (k *kit) keepPaid(p paidOrder) { k.paidOnce[p.pool] = append(k.paidOnce[p.pool], p) }

// advance moves the platform's clock on by d. Orders kept for later
// attacks are set aside: after the move their handoffs and notices are old,
// and trying a threat on them would try another one — a late replay, an
// expired handoff — as well.
func (k *kit) advance(d time.Duration) (iti.Clock, error) {
	k.untouched, k.paidOnce = map[string][]*order{}, map[string][]paidOrder{}
	return k.sess.AdvanceClock(k.ctx, d)
}

// attackersOwn is a genuine notice w sent for a cheap order the attacker
// paid for herself.
func (k *kit) attackersOwn(w string) (institution.Notice, error) {
	if n, ok := k.mine[w]; ok {
		return n, nil
	}
	_, n, err := k.genuine(k.person("mallory"), k.small(), w)
	if err == nil {
		k.mine[w] = n
	}
	return n, err
}

// genuine pays an order through w for real and returns the notice the
// wallet sent for it.
func (k *kit) genuine(consumer string, amount int64, w string) (*order, institution.Notice, error) {
	o, err := k.handed(consumer, amount, w)
	if err != nil {
		return nil, institution.Notice{}, err
	}
	if err := checkout.Pay(k.ctx, consumer); err != nil {
		return nil, institution.Notice{}, err
	}
	ns := k.mock(w).Notices()
	for i := len(ns) - 1; i >= 0; i-- {
		var n iti.PaymentNotice
		if json.Unmarshal(ns[i].Body, &n) == nil && n.OrderID == o.OrderID {
			return o, ns[i], nil
		}
	}
	return nil, institution.Notice{}, fmt.Errorf("%s took the payment but sent the platform no notice for it", w)
}

// paid is genuine, and the platform credited the payment once: the start
// of every replay.
func (k *kit) paid(consumer string, amount int64, w string) (*order, institution.Notice, error) {
	o, n, err := k.genuine(consumer, amount, w)
	if err != nil {
		return nil, n, err
	}
	r, err := k.read(o)
	if err != nil {
		return nil, n, err
	}
	if r.Status != iti.OrderPaid || len(r.Credits) != 1 {
		return nil, n, fmt.Errorf("the genuine payment through %s was not credited once: the platform records %s", w, checkout.DescribeOrder(r))
	}
	return o, n, nil
}

func (k *kit) read(o *order) (iti.Order, error) { return k.sess.Order(k.ctx, o.OrderID) }

// notice is a notice for o in inst's name, written as a wallet writes one,
// with ids of its own.
func (k *kit) notice(o *order, inst, payer string) iti.PaymentNotice {
	k.seq++
	return iti.PaymentNotice{NotificationID: fmt.Sprintf("%s-n-x%d", inst, k.seq), InstitutionID: inst, PlatformID: checkout.From(k.ctx).PlatformID,
		OrderID: o.OrderID, WalletTxnID: fmt.Sprintf("%s-txn-x%d", inst, k.seq), AmountMinor: o.due, Currency: o.Currency, Payee: o.MerchantID,
		Payer: payer, Status: "paid", PaidAt: time.Now().UTC()}
}

// send posts body to the platform's notice address as the attacker, with
// sig under header (none when header is ""), and says what the platform
// answered: that is shown, never judged.
func (k *kit) send(body []byte, header, sig string) string {
	u := checkout.From(k.ctx).NotifyURL
	if u == "" {
		return "nothing: the platform gave the wallets no notice address"
	}
	req, err := http.NewRequestWithContext(k.ctx, http.MethodPost, u, strings.NewReader(string(body)))
	if err != nil {
		return "nothing: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if header != "" {
		req.Header.Set(header, sig)
	}
	resp, err := scenario.From(k.ctx).HTTP.Do(req)
	if err != nil {
		return "nothing (" + err.Error() + ")"
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return fmt.Sprintf("%d", resp.StatusCode)
}

// signed sends a notice signed with the contract's header.
func (k *kit) signed(body []byte, sig string) string {
	return k.send(body, paysign.SignatureHeader, sig)
}

// unpaid judges an attack meant to get o paid: the platform's record of it,
// not its answer to the attacker.
func (k *kit) unpaid(t *trial, o *order, answer string) error {
	r, err := k.read(o)
	if err != nil {
		return err
	}
	ok := r.Status == iti.OrderUnpaid && len(r.Credits) == 0 && r.AmountPaidMinor == 0
	t.judge(ok, "the platform answered %s; it records the order of %s as %s", answer, checkout.Show(o.due, o.Currency), record(r, ok))
	if ok {
		k.keep(o)
	}
	return nil
}

// once judges an attack meant to get o's one payment of want credited
// again: at most one credit, and no more paid than was.
func (k *kit) once(o *order, want int64, answer string) (bool, string, error) {
	r, err := k.read(o)
	if err != nil {
		return false, "", err
	}
	ok := len(r.Credits) <= 1 && r.AmountPaidMinor <= want
	return ok, fmt.Sprintf("the platform answered %s; it records the order of %s as %s", answer, checkout.Show(want, o.Currency), checkout.DescribeOrder(r)), nil
}

func record(r iti.Order, untouched bool) string {
	if untouched {
		return "still unpaid, with nothing credited"
	}
	return checkout.DescribeOrder(r)
}

// charged lists what any wallet took from payer for the order.
func (k *kit) charged(orderID, payer string) []string {
	var out []string
	for _, w := range k.wallets {
		for _, p := range k.mock(w).Payments() {
			if p.Order == orderID && (payer == "" || p.Payer == payer) {
				out = append(out, fmt.Sprintf("%s took %s from %s", w, checkout.Show(p.Amount, p.Currency), p.Payer))
			}
		}
	}
	return out
}

// intercept is the attacker on the path: it follows a handoff as the
// customer's device would, on the platform's own origin only, and stops at
// the hop that enters a wallet — returned unopened, with the wallet's name —
// for the attacker to alter.
func (k *kit) intercept(h iti.Handoff) (*url.URL, string, error) {
	w := scenario.From(k.ctx)
	hc := &http.Client{Transport: w.HTTP.Transport, Timeout: w.Env.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	next := h.URL
	for hop := 0; hop < 10; hop++ {
		u, err := url.Parse(next)
		if err != nil {
			return nil, "", fmt.Errorf("the handoff leads to %q, which is not a web address", next)
		}
		for name, wi := range checkout.From(k.ctx).Wallets {
			if strings.EqualFold(u.Hostname(), wi.Host) {
				return u, name, nil
			}
		}
		if scenario.Origin(u.String()) != scenario.Origin(w.Env.ITIBase) {
			return nil, "", fmt.Errorf("the handoff leads to %s, which is neither the platform nor a wallet", u.Redacted())
		}
		req, err := http.NewRequestWithContext(k.ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, "", err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return nil, "", fmt.Errorf("following the handoff: %w", err)
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode/100 != 3 || loc == "" {
			return nil, "", fmt.Errorf("the handoff stopped at %s with status %d before reaching a wallet", u.Redacted(), resp.StatusCode)
		}
		nu, err := u.Parse(loc)
		if err != nil {
			return nil, "", fmt.Errorf("the handoff redirects to an unreadable location %q", loc)
		}
		next = nu.String()
	}
	return nil, "", errors.New("the handoff took more than 10 redirects")
}
