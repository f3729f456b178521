// Package platform is the reference platform: a checkout that hosts payment
// methods, compliant with the PAY and SEC requirements, with violation
// switches that each break one of them on purpose. It reaches wallets through
// its outbound client and receives their notices on its own host.
package platform

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// Violation switches understood by the platform.
const (
	EnabledTailDropped      = "enabled-tail-dropped"
	QRScreenshotDetour      = "qr-screenshot-detour"
	SwapToPreselected       = "swap-to-preselected"
	TailNoticesIgnored      = "tail-notices-ignored"
	RefundViaAffiliate      = "refund-via-affiliate"
	OnBehalfAffiliateOnly   = "on-behalf-affiliate-only"
	RivalsBehindMore        = "rivals-behind-more"
	PreselectAffiliate      = "preselect-affiliate"
	HiddenFee               = "hidden-fee"
	BrandTierGating         = "brand-tier-gating"
	AcceptUnsignedNotices   = "accept-unsigned-notifications"
	CreditReplays           = "credit-replays"
	HandoffSignaturePartial = "handoff-signature-partial"
	NotifiedAmountUnchecked = "notified-amount-unchecked"
	OnBehalfNeverExpires    = "on-behalf-never-expires"
	OnBehalfLatestOrder     = "on-behalf-latest-order"
)

// ID is what the reference calls itself in handoffs.
const ID = "hutong-reference-platform"

// OnBehalfTTL is how long a pay-on-behalf link works.
const OnBehalfTTL = 30 * time.Minute

// Terms every institution gets, whatever its tier.
var terms = iti.InstitutionTerms{FeeRateBP: 60, SettlementDays: 1}

// Platform holds what every session's platform shares.
type Platform struct {
	// Client reaches the wallets (refund orders).
	Client *http.Client
	// Violate says whether a violation switch is on.
	Violate func(name string) bool
	// Vary says whether an honest variant is on (see variants.go); nil
	// means none is.
	Vary func(name string) bool

	dir directory // MerchantDirectoryShared (directory.go)
}

// Error is an ITI error with its status.
type Error struct {
	Status int
	Title  string
}

func (e *Error) Error() string { return e.Title }

func errorf(status int, format string, a ...any) error {
	return &Error{status, fmt.Sprintf(format, a...)}
}

// State is one session's platform.
type State struct {
	p   *Platform
	key ed25519.PrivateKey

	mu           sync.Mutex
	offset       time.Duration
	institutions map[string]*institution
	merchants    map[string]*iti.Merchant
	orders       map[string]*order
	orderSeq     []string
	lastChoice   map[string]string
	tickets      map[string]*ticket
	links        map[string]*helpLink
	changes      []*ruleChange
	rollouts     []*rollout
	nextID       int
	// t is what the SEC threat switches remember (threats.go).
	t threats
	// logi is the marketplace's logistics (logistics.go), made on first use.
	logi *logistics
	// h is what the guards remember to name an attack's shape (holes.go).
	h holes
	// d is what the depth switches remember (depth.go).
	d depth
	// refused and addedLater are what the corner switches remember
	// (corners.go): institutions refused, and by merchant the tail
	// institutions it added after its first set-up.
	refused    map[string]bool
	addedLater map[string]map[string]bool
}

type institution struct {
	id  string
	req iti.InstitutionRequest
	key ed25519.PublicKey
}

type order struct {
	iti.Order
	preselected string
	// due is what was handed off to each institution: the amount a notice
	// from it must report.
	due map[string]int64
	// firstChoice is the first institution the consumer chose for it.
	firstChoice string
}

// ticket is a handoff waiting to be followed.
type ticket struct {
	order, inst string
	amount      int64
}

type helpLink struct {
	order, consumer string
	expires         time.Time
}

// NewState starts a session's platform.
func (p *Platform) NewState() *State {
	return &State{p: p, key: paysign.NewKey(), institutions: map[string]*institution{}, merchants: map[string]*iti.Merchant{},
		orders: map[string]*order{}, lastChoice: map[string]string{}, tickets: map[string]*ticket{}, links: map[string]*helpLink{}}
}

func (s *State) violates(name string) bool { return s.p.Violate(name) }

func (s *State) now() time.Time { return time.Now().Add(s.offset) }

func (s *State) id(prefix string) string {
	s.nextID++
	return fmt.Sprintf("%s%d", prefix, s.nextID)
}

// Connect connects an institution. base is the session's public URL prefix
// on the platform's host.
func (s *State) Connect(id string, req iti.InstitutionRequest, base string) (iti.InstitutionConnection, error) {
	out := iti.InstitutionConnection{InstitutionID: id, PlatformID: ID, NotifyURL: base + "/notify",
		PlatformPublicKey: paysign.EncodeKey(s.key.Public().(ed25519.PublicKey))}
	problems, key := check(id, req)
	if len(problems) > 0 {
		out.Decision = iti.DecisionRefused
		s.mu.Lock()
		s.rememberRefusal(id)
		s.mu.Unlock()
		if s.violates(RefusalWithoutReason) || s.codesLeftOut(id) {
			out.Reason = "the institution does not meet the platform's requirements"
			return out, nil
		}
		var why []string
		for _, p := range problems {
			why = append(why, p.why)
			if !slices.Contains(out.ReasonCodes, p.code) {
				out.ReasonCodes = append(out.ReasonCodes, p.code)
			}
		}
		out.Reason = strings.Join(why, "; ")
		return out, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tailQuotaFull(req) {
		out.Decision, out.Reason = iti.DecisionRefused, "the platform is not taking on small institutions at present"
		return out, nil
	}
	if s.refusedStays(id, req) {
		out.Decision, out.Reason = iti.DecisionRefused, "the institution was refused before: a new application is considered after 90 days"
		return out, nil
	}
	// Every institution gets the same terms: fair competition (Arts. 3, 42).
	out.Decision, out.Terms = iti.DecisionAccepted, s.termsFor(req)
	if req.Tier == iti.TierTail {
		out.Terms = s.cornerTerms(id, out.Terms)
	}
	s.institutions[id] = &institution{id: id, req: req, key: key}
	s.share(s.institutions[id])
	return out, nil
}

// SetMerchant sets up a merchant.
func (s *State) SetMerchant(id string, req iti.MerchantRequest) (iti.Merchant, error) {
	if req.BrandTier != iti.BrandOrdinary && req.BrandTier != iti.BrandFlagship {
		return iti.Merchant{}, errorf(http.StatusBadRequest, "unknown brand tier %q", req.BrandTier)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, inst := range req.EnabledInstitutions {
		if s.institutions[inst] == nil {
			return iti.Merchant{}, errorf(http.StatusBadRequest, "institution %q is not connected to the platform", inst)
		}
	}
	m := &iti.Merchant{MerchantID: id, Name: req.Name, BrandTier: req.BrandTier, EnabledInstitutions: append([]string{}, req.EnabledInstitutions...)}
	s.noteAddedLater(s.merchants[id], req)
	s.merchants[id] = m
	s.rememberMerchant(m)
	out := *m
	out.EnabledInstitutions = s.shareMerchant(m)
	return out, nil
}

func (s *State) affiliate() *institution {
	var ids []string
	for id, in := range s.institutions {
		if in.req.Tier == iti.TierAffiliated {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	sort.Strings(ids)
	return s.institutions[ids[0]]
}

// Checkout places an order and lays out its payment screen.
func (s *State) Checkout(req iti.CheckoutRequest) (iti.Checkout, error) {
	if req.AmountMinor <= 0 || len(req.Currency) != 3 || req.Consumer == "" {
		return iti.Checkout{}, errorf(http.StatusBadRequest, "an order needs a consumer, a positive amount and a currency")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.merchants[req.MerchantID]
	if m == nil {
		return iti.Checkout{}, errorf(http.StatusNotFound, "no merchant %q", req.MerchantID)
	}
	o := &order{Order: iti.Order{OrderID: s.id("o"), MerchantID: m.MerchantID, Consumer: req.Consumer, AmountMinor: req.AmountMinor,
		Currency: req.Currency, Status: iti.OrderUnpaid, Credits: []iti.Credit{}, Refunds: []iti.Refund{}}, due: map[string]int64{}}
	c := iti.Checkout{OrderID: o.OrderID, MerchantID: m.MerchantID, Consumer: req.Consumer, AmountMinor: req.AmountMinor, Currency: req.Currency, Options: []iti.PaymentOption{}}
	aff := s.affiliate()
	for _, id := range s.methods(m, req.Consumer) {
		in := s.institutions[id]
		rival := in.req.Tier != iti.TierAffiliated
		if rival && m.BrandTier == iti.BrandFlagship && s.violates(BrandTierGating) {
			continue
		}
		if in.req.Tier == iti.TierTail && s.violates(EnabledTailDropped) {
			continue
		}
		opt := iti.PaymentOption{InstitutionID: id, Label: in.req.Name, Screen: iti.ScreenFirst, Prominence: iti.ProminenceStandard,
			Fees: []iti.Fee{}, TotalMinor: req.AmountMinor}
		if fee := s.shownFee(in.req.PayerFeeMinor); in.req.PayerFeeMinor > 0 {
			if fee > 0 {
				opt.Fees = append(opt.Fees, iti.Fee{Label: "Payment service fee charged by " + in.req.Name, AmountMinor: fee})
			}
			opt.TotalMinor += fee
			if s.violates(HiddenFee) {
				opt.Fees, opt.TotalMinor = []iti.Fee{}, req.AmountMinor
			}
		}
		if s.violates(RivalsBehindMore) {
			if rival {
				opt.Screen, opt.Prominence = iti.ScreenMore, iti.ProminenceReduced
			} else {
				opt.Prominence = iti.ProminenceHighlighted
			}
		}
		c.Options = append(c.Options, opt)
	}
	c.Options = s.arrange(s.alphabetical(c.Options), req.AmountMinor)
	s.behindMore(m.MerchantID, c.Options)
	c.Options = append(c.Options, s.sharedOptions(m, req.AmountMinor)...)
	pre := s.preselect(req.Consumer)
	if s.violates(PreselectAffiliate) && aff != nil {
		pre = aff.id
	}
	for i := range c.Options {
		c.Options[i].Position = i + 1
		if c.Options[i].InstitutionID == pre {
			c.Options[i].Preselected = true
			o.preselected = pre
		}
	}
	s.orders[o.OrderID] = o
	s.orderSeq = append(s.orderSeq, o.OrderID)
	return c, nil
}

// Choose records the consumer's choice and returns the handoff.
func (s *State) Choose(orderID string, req iti.ChoiceRequest, base string) (iti.Handoff, error) {
	time.Sleep(s.slowPath(req.InstitutionID))
	return s.choose(orderID, req, base)
}

func (s *State) choose(orderID string, req iti.ChoiceRequest, base string) (iti.Handoff, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[orderID]
	if o == nil {
		return iti.Handoff{}, errorf(http.StatusNotFound, "no order %q", orderID)
	}
	if o.Status != iti.OrderUnpaid {
		return iti.Handoff{}, errorf(http.StatusConflict, "order %q is already %s", orderID, o.Status)
	}
	in, err := s.enabled(o, req.InstitutionID)
	if err != nil {
		return iti.Handoff{}, err
	}
	s.lastChoice[o.Consumer] = in.id
	charged := s.swapped(o, in)
	code := s.issue(o, charged)
	h := iti.Handoff{OrderID: o.OrderID, InstitutionID: in.id, Kind: iti.HandoffRedirect, URL: base + "/handoff/" + code}
	if in.req.Tier != iti.TierAffiliated && s.violates(QRScreenshotDetour) {
		h.Kind = iti.HandoffQRCode
		h.Instruction = "Save this QR code to your photos, then open " + in.req.Name + " and scan it"
	}
	return h, nil
}

func (s *State) enabled(o *order, inst string) (*institution, error) {
	in := s.institutions[inst]
	if in == nil {
		return nil, errorf(http.StatusBadRequest, "institution %q is not connected", inst)
	}
	if slices.Contains(s.methods(s.merchants[o.MerchantID], o.Consumer), inst) {
		return in, nil
	}
	return nil, errorf(http.StatusBadRequest, "merchant %q has not enabled %q", o.MerchantID, inst)
}

// issue makes a handoff ticket for paying o with in; callers hold s.mu.
func (s *State) issue(o *order, in *institution) string {
	amount := o.AmountMinor + in.req.PayerFeeMinor
	o.due[in.id] = amount
	code := s.id("t")
	s.tickets[code] = &ticket{order: o.OrderID, inst: in.id, amount: amount}
	return code
}

// HandoffTarget is where a handoff ticket redirects: the wallet's handoff
// URL with the signed parameters.
func (s *State) HandoffTarget(code string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tickets[code]
	if t == nil {
		return "", errorf(http.StatusNotFound, "no such payment")
	}
	o, in := s.orders[t.order], s.institutions[t.inst]
	u, err := url.Parse(in.req.HandoffURL)
	if err != nil {
		return "", errorf(http.StatusBadGateway, "the wallet's handoff URL is unusable")
	}
	q := u.Query()
	q.Set(paysign.ParamInstitution, in.id)
	q.Set(paysign.ParamPlatform, ID)
	q.Set(paysign.ParamOrder, o.OrderID)
	q.Set(paysign.ParamAmount, strconv.FormatInt(t.amount, 10))
	q.Set(paysign.ParamCurrency, s.currency(o.Currency))
	q.Set(paysign.ParamPayee, s.payee(o.MerchantID))
	fields := paysign.HandoffFields
	if s.violates(HandoffSignaturePartial) {
		fields = []string{paysign.ParamCurrency, paysign.ParamInstitution, paysign.ParamOrder, paysign.ParamPlatform}
	}
	fields = s.tailFields(in, s.handoffFields(fields))
	paysign.SignHandoff(s.key, q, fields)
	s.padSignature(q)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Notify handles a wallet's payment notice and says how it was taken.
func (s *State) Notify(body []byte, sig string) (int, string) { return s.NotifyFrom(body, sig, "") }

// NotifyFrom is Notify, told besides of a signature the notice carried in
// another header than the agreed one, which the compliant platform ignores
// and ForgedSignedElsewhere's hole takes for the signature.
func (s *State) NotifyFrom(body []byte, sig, elsewhere string) (int, string) {
	var n iti.PaymentNotice
	if err := json.Unmarshal(body, &n); err != nil {
		return http.StatusBadRequest, "the notice is not readable JSON"
	}
	if s.noticeThreat() {
		return s.notifyFlawed(body, sig, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.h.signed == nil {
		s.h.signed, s.h.credited, s.h.looked = map[string]string{}, map[string]time.Time{}, map[string]bool{}
	}
	in := s.institutions[n.InstitutionID]
	if !s.violates(AcceptUnsignedNotices) {
		switch {
		case in == nil && !s.opens(ForgedUnconnected):
			return http.StatusForbidden, fmt.Sprintf("institution %q is not connected", n.InstitutionID)
		case in == nil:
		case paysign.VerifyBody(in.key, body, sig):
			s.h.signed[sig] = n.WalletTxnID
		case s.smallUnchecked(n):
		case !s.opens(s.forgery(in, body, sig, elsewhere, n)):
			return http.StatusUnauthorized, "the notice's signature does not verify with " + n.InstitutionID + "'s key"
		}
	}
	if in != nil && in.req.Tier == iti.TierTail && s.violates(TailNoticesIgnored) {
		return http.StatusOK, "queued"
	}
	o := s.orders[n.OrderID]
	if o == nil {
		return http.StatusNotFound, fmt.Sprintf("no order %q", n.OrderID)
	}
	if n.Status != "paid" || (n.PlatformID != ID && !s.opens(ReplayedFromElsewhere)) {
		return http.StatusBadRequest, "the notice is not a payment to this platform"
	}
	if !s.violates(CreditReplays) {
		if first, seen := s.h.credited[n.NotificationID]; seen {
			shape, to := s.replay(n, o, first)
			if !s.opens(shape) && !s.forgotten(first) {
				return http.StatusOK, "already processed"
			}
			o = to
		} else if o.Status != iti.OrderUnpaid {
			return http.StatusConflict, "the order is already " + o.Status
		}
	}
	if !s.violates(NotifiedAmountUnchecked) {
		due, handed := o.due[n.InstitutionID]
		if in == nil && len(o.due) == 1 && s.opens(ForgedUnconnected) {
			// Through ForgedUnconnected's hole: the institution being
			// onboarded is taken for the one the order was handed to.
			for _, d := range o.due {
				due, handed = d, true
			}
		}
		ok := handed && n.AmountMinor == due && n.Payee == s.payee(o.MerchantID) &&
			// An ISO 4217 code means the same in either case: a wallet
			// that writes "cny" reports the order's currency.
			strings.EqualFold(n.Currency, o.Currency)
		switch {
		case ok || s.opens(s.alteration(n, o)):
		case !handed:
			return http.StatusConflict, "the order was never handed to " + n.InstitutionID
		case n.AmountMinor != due || !strings.EqualFold(n.Currency, o.Currency):
			return http.StatusConflict, fmt.Sprintf("the notice reports %d %s; %d %s is due", n.AmountMinor, n.Currency, due, o.Currency)
		default:
			return http.StatusConflict, fmt.Sprintf("the notice names payee %q; the order's merchant is %q", n.Payee, o.MerchantID)
		}
	}
	if _, seen := s.h.credited[n.NotificationID]; !seen {
		s.h.credited[n.NotificationID] = s.now()
	}
	delete(s.h.looked, o.OrderID)
	o.Status, o.PaidWith = iti.OrderPaid, n.InstitutionID
	s.credited(o.Consumer, n.InstitutionID)
	o.AmountPaidMinor += n.AmountMinor
	o.Credits = append(o.Credits, iti.Credit{InstitutionID: n.InstitutionID, NotificationID: n.NotificationID, WalletTxnID: n.WalletTxnID, AmountMinor: n.AmountMinor, Currency: n.Currency})
	return http.StatusOK, "credited"
}

// Order returns the platform's record of an order.
func (s *State) Order(id string) (iti.Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	if o == nil {
		return iti.Order{}, errorf(http.StatusNotFound, "no order %q", id)
	}
	if s.h.looked != nil && len(o.Credits) > 0 {
		s.h.looked[id] = true
	}
	out := o.Order
	out.Credits = s.recorded(append([]iti.Credit{}, o.Credits...))
	out.Refunds = append([]iti.Refund{}, o.Refunds...)
	s.inYuan(&out)
	return out, nil
}

// Refund refunds a paid order through the institution that was paid.
func (s *State) Refund(ctx context.Context, id string, req iti.RefundRequest) (iti.Refund, error) {
	s.mu.Lock()
	o := s.orders[id]
	if o == nil {
		s.mu.Unlock()
		return iti.Refund{}, errorf(http.StatusNotFound, "no order %q", id)
	}
	if o.Status != iti.OrderPaid || len(o.Credits) == 0 {
		s.mu.Unlock()
		return iti.Refund{}, errorf(http.StatusConflict, "order %q is %s, not paid", id, o.Status)
	}
	credit := o.Credits[len(o.Credits)-1]
	amount := req.AmountMinor
	if amount == 0 {
		amount = credit.AmountMinor
	}
	if amount < 0 || amount > credit.AmountMinor {
		s.mu.Unlock()
		return iti.Refund{}, errorf(http.StatusBadRequest, "a refund of %d exceeds the payment of %d", amount, credit.AmountMinor)
	}
	target := s.refundTarget(o, credit)
	if target == nil {
		s.mu.Unlock()
		return iti.Refund{}, errorf(http.StatusConflict, "order %q was paid through %q, which is not connected", id, credit.InstitutionID)
	}
	if s.violates(RefundViaAffiliate) {
		if aff := s.affiliate(); aff != nil {
			target = aff
		}
	}
	ro := iti.WalletRefund{RefundID: s.id("r"), PlatformID: ID, InstitutionID: target.id, OrderID: o.OrderID,
		WalletTxnID: credit.WalletTxnID, AmountMinor: amount, Currency: s.currency(credit.Currency)}
	s.mu.Unlock()

	status, err := s.send(ctx, target.req.RefundURL, ro)
	if (err != nil || status != http.StatusOK) && !s.violates(RefundViaAffiliate) {
		return iti.Refund{}, errorf(http.StatusBadGateway, "%s did not accept the refund (status %d, %v)", target.req.Name, status, err)
	}
	r := iti.Refund{RefundID: ro.RefundID, InstitutionID: credit.InstitutionID, AmountMinor: amount, Currency: credit.Currency, Status: "refunded"}
	s.mu.Lock()
	o.Refunds = append(o.Refunds, r)
	o.Status = iti.OrderRefunded
	s.mu.Unlock()
	return r, nil
}

func (s *State) send(ctx context.Context, u string, v any) (int, error) {
	body, _ := json.Marshal(v)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(paysign.SignatureHeader, paysign.SignBody(s.key, body))
	resp, err := s.p.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

// PayOnBehalf makes a "help me pay" link for an unpaid order.
func (s *State) PayOnBehalf(id string, req iti.PayOnBehalfRequest, base string) (iti.PayOnBehalfLink, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	if o == nil {
		return iti.PayOnBehalfLink{}, errorf(http.StatusNotFound, "no order %q", id)
	}
	if o.Status != iti.OrderUnpaid {
		return iti.PayOnBehalfLink{}, errorf(http.StatusConflict, "order %q is already %s", id, o.Status)
	}
	code := s.id("h") + strconv.FormatInt(time.Now().UnixNano()%100000, 36)
	l := &helpLink{order: o.OrderID, consumer: o.Consumer, expires: s.now().Add(OnBehalfTTL)}
	s.links[code] = l
	return iti.PayOnBehalfLink{OrderID: o.OrderID, URL: base + "/help/" + code, ExpiresAt: l.expires.UTC()}, nil
}

// helpOrder resolves a pay-on-behalf link to the order it pays; callers hold
// s.mu.
func (s *State) helpOrder(code, inst string) (*order, error) {
	l := s.links[code]
	if l == nil {
		return nil, errorf(http.StatusNotFound, "no such link")
	}
	if s.linkExpired(l) && !s.violates(OnBehalfNeverExpires) && !s.opens(s.expiredLink(l)) && !s.expiredButTail(inst) {
		return nil, errorf(http.StatusGone, "this link has expired; ask your friend for a new one")
	}
	o := s.orders[l.order]
	if s.violates(OnBehalfLatestOrder) {
		for i := len(s.orderSeq) - 1; i >= 0; i-- {
			if c := s.orders[s.orderSeq[i]]; c.Consumer == l.consumer && c.Status == iti.OrderUnpaid {
				o = c
				break
			}
		}
	}
	if o.Status != iti.OrderUnpaid && s.linkPaysOnce() && !s.opens(usedLink(o)) {
		return nil, errorf(http.StatusConflict, "this order is already %s", o.Status)
	}
	return o, nil
}

// HelpPage is the page a pay-on-behalf link opens: the order and a link per
// wallet the merchant enabled.
func (s *State) HelpPage(code, base string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.helpOrder(code, "")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html><head><meta charset="utf-8"><title>Help %[1]s pay</title>
<meta name="hutong:order" content="%[2]s">
<meta name="hutong:amount" content="%[3]d">
<meta name="hutong:currency" content="%[4]s">
</head><body><h1>%[1]s asks you to help pay %[3]d.%02[5]d %[4]s</h1><ul>
`, html.EscapeString(o.Consumer), html.EscapeString(o.OrderID), o.AmountMinor/100, html.EscapeString(s.currency(o.Currency)), o.AmountMinor%100)
	for _, id := range s.methods(s.merchants[o.MerchantID], "") {
		in := s.institutions[id]
		if (in.req.Tier != iti.TierAffiliated && s.violates(OnBehalfAffiliateOnly)) || s.capped(o, in) {
			continue
		}
		fmt.Fprintf(&b, "<li><a data-institution=\"%s\" href=\"%s/help/%s/%s\">Pay with %s</a></li>\n",
			html.EscapeString(id), base, url.PathEscape(code), url.PathEscape(id), html.EscapeString(in.req.Name))
	}
	b.WriteString("</ul></body></html>\n")
	return b.String(), nil
}

// HelpPay hands the friend who opened a pay-on-behalf link to a wallet; it
// returns the handoff ticket's code.
func (s *State) HelpPay(code, inst string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.helpOrder(code, inst)
	if err != nil {
		return "", err
	}
	in, err := s.enabled(o, inst)
	if err != nil {
		return "", err
	}
	if (in.req.Tier != iti.TierAffiliated && s.violates(OnBehalfAffiliateOnly)) || s.capped(o, in) {
		return "", errorf(http.StatusForbidden, "friends can pay only with the platform's own wallet")
	}
	return s.issue(o, in), nil
}

// AdvanceClock moves the session's clock forward.
func (s *State) AdvanceClock(secs int64) (iti.Clock, error) {
	if secs < 0 {
		return iti.Clock{}, errorf(http.StatusBadRequest, "the clock only moves forward")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += time.Duration(secs) * time.Second
	return iti.Clock{Now: s.now().UTC()}, nil
}

// Affiliated reports whether institution id is of the platform's own group.
func (s *State) Affiliated(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.institutions[id]
	return in != nil && in.req.Tier == iti.TierAffiliated
}
