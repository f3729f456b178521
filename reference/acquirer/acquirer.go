// Package acquirer is the reference acquirer: it issues EMV
// merchant-presented codes that every wallet connected to the clearing
// switch can pay, and accepts the payments the switch delivers from any
// wallet, top or tail, in the same way. Violation switches each break one
// requirement on purpose.
package acquirer

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
)

// Violation switches understood by the acquirer.
const (
	// ProprietaryURLCode: every code carries only the acquirer's own app
	// identifier and a link into its app, not the GUI the switch routes by.
	ProprietaryURLCode = "proprietary-url-code"
	// ProprietaryDynamicCodes: dynamic (order) codes are app links only.
	ProprietaryDynamicCodes = "proprietary-dynamic-codes"
	// BadCRC: the code's checksum is wrong.
	BadCRC = "bad-crc"
	// NoQuietZone: the image has no white border around the symbol.
	NoQuietZone = "no-quiet-zone"
	// ModulesTooSmall: the image is drawn at 1 pixel per module.
	ModulesTooSmall = "modules-too-small"
	// ImageDiffers: the image encodes another merchant's payload.
	ImageDiffers = "image-differs"
	// RefuseTailWallets: payments from tail-tier wallets are refused.
	RefuseTailWallets = "refuse-tail-wallets"
	// SlowTailPayments: payments from tail-tier wallets take a slow path,
	// TailPaymentDelay longer, and are then accepted.
	SlowTailPayments = "slow-tail-payments"
	// TailConfirmationStep: a payment from a tail-tier wallet is first
	// sent on to a confirmation address (a redirect the switch must
	// follow), and accepted only there.
	TailConfirmationStep = "tail-confirmation-step"

	// TypographicApostrophe: an apostrophe in a merchant's name is written
	// as a typographic one (’), outside the format's character set.
	TypographicApostrophe = "typographic-apostrophe-in-names"
	// LongNamesSmallModules: the picture of a code for a merchant whose
	// name is longer than LongName characters leaves room for the name
	// printed beneath it, and draws the symbol at 2 pixels per module.
	LongNamesSmallModules = "long-names-small-modules"
	// LaterCodesOwnApp: a merchant's first code carries the switch's
	// identifier; every later one only a link into the acquirer's own app.
	LaterCodesOwnApp = "later-codes-own-app-only"
	// TailLargeRefused: payments of TailLargeAmount or more from tail
	// wallets are refused.
	TailLargeRefused = "tail-wallets-large-payments-refused"
	// CRCWrongAtTimes: one code in five, chosen by a hash of its text,
	// has wrong check digits.
	CRCWrongAtTimes = "crc-wrong-one-in-five"
)

// LongName is the length past which LongNamesSmallModules shrinks the
// symbol; TailLargeAmount the amount from which TailLargeRefused refuses
// tail wallets' payments, in fen.
const (
	LongName        = 20
	TailLargeAmount = 1000_00
)

// oneIn says whether text falls in the share 1/n that a hash of it picks,
// so that an intermittent switch picks the same codes every time.
func oneIn(n uint32, text string) bool {
	var h uint32 = 2166136261
	for _, c := range []byte(text) {
		h = (h ^ uint32(c)) * 16777619
	}
	return h%n == 0
}

// TailPaymentDelay is the slow path's cost per tail payment: far above the
// in-process handling time, so the paired comparison catches it on a busy
// machine, and small enough to keep the suite fast.
const TailPaymentDelay = 40 * time.Millisecond

// ConfirmPath is where the tail-confirmation-step switch sends a tail
// wallet's payment, below the payments endpoint.
const ConfirmPath = "/confirm"

// ownAppID is the acquirer's proprietary app identifier, what a
// non-interoperable code carries instead of the switch's GUI.
const ownAppID = "com.hutong.refpay"

// Acquirer holds what every session's acquirer shares.
type Acquirer struct {
	// Violate says whether a violation switch is on.
	Violate func(name string) bool

	ledger ledger // PaymentsByMerchantID (ledger.go)
}

// State is one session's acquirer.
type State struct {
	a        *Acquirer
	fixtures iti.AcquirerFixtures

	mu       sync.Mutex
	codes    map[string]*code // payload -> code
	payments map[string][]iti.ReceivedPayment
	issued   map[string]int // merchant id -> codes issued for it
	n        int
}

type code struct {
	id       string
	merchant iti.CodeMerchant
	dynamic  bool
	amount   int64
	currency string
	paid     bool
}

// Error is an ITI error with its status.
type Error struct {
	Status int
	Title  string
}

func (e *Error) Error() string { return e.Title }

// NewState starts a session's acquirer.
func (a *Acquirer) NewState(f iti.AcquirerFixtures) *State {
	return &State{a: a, fixtures: f, codes: map[string]*code{}, payments: map[string][]iti.ReceivedPayment{}, issued: map[string]int{}}
}

// Issue makes a code for a merchant. appBase is the acquirer's own web
// root, used only by the proprietary-link violations.
func (s *State) Issue(req iti.CodeRequest, appBase string) (iti.IssuedCode, error) {
	v := s.a.Violate
	m := req.Merchant
	if m.ID == "" || m.Name == "" || m.City == "" || len(m.Category) != 4 {
		return iti.IssuedCode{}, &Error{http.StatusBadRequest, "the merchant needs an id, a name, a city and a four-digit category code"}
	}
	if s.fixtures.GUI == "" {
		return iti.IssuedCode{}, &Error{http.StatusBadRequest, "the session was opened without the GUI the clearing switch routes to this acquirer by"}
	}
	c := &code{merchant: m, dynamic: req.Kind == iti.CodeDynamic, currency: "156"}
	switch req.Kind {
	case iti.CodeStatic:
	case iti.CodeDynamic:
		amt, err := money.Parse(req.Amount)
		if err != nil || amt <= 0 {
			return iti.IssuedCode{}, &Error{http.StatusBadRequest, fmt.Sprintf("a dynamic code needs a positive amount, not %q", req.Amount)}
		}
		c.amount = amt
		if req.Currency != "" {
			// ID 53 carries the numeric code; take the alphabetic one too.
			n, ok := emv.CurrencyNumeric(req.Currency)
			if !ok {
				return iti.IssuedCode{}, &Error{http.StatusBadRequest, fmt.Sprintf("currency %q is not an ISO 4217 code", req.Currency)}
			}
			c.currency = n
		}
	default:
		return iti.IssuedCode{}, &Error{http.StatusBadRequest, fmt.Sprintf("unknown code kind %q; expected static or dynamic", req.Kind)}
	}
	s.mu.Lock()
	s.n++
	c.id = fmt.Sprintf("q%d", s.n)
	s.issued[m.ID]++
	later := s.issued[m.ID] > 1
	s.mu.Unlock()
	if v(TypographicApostrophe) {
		c.merchant.Name = strings.ReplaceAll(c.merchant.Name, "'", "’")
	}

	account := []emv.Object{{ID: "00", Value: s.fixtures.GUI}, {ID: "01", Value: m.ID}}
	if v(ProprietaryURLCode) || (c.dynamic && v(ProprietaryDynamicCodes)) || (later && v(LaterCodesOwnApp)) {
		account = []emv.Object{{ID: "00", Value: ownAppID}, {ID: "01", Value: appBase + "/pay/" + c.id}}
	}
	payload, err := s.payload(c, account, c.id)
	if err != nil {
		return iti.IssuedCode{}, &Error{http.StatusBadRequest, "cannot build the code: " + err.Error()}
	}
	if v(BadCRC) || (v(CRCWrongAtTimes) && oneIn(5, payload)) {
		payload = payload[:len(payload)-4] + flipCRC(payload[len(payload)-4:])
	}
	imaged := payload
	if v(ImageDiffers) {
		other := append([]emv.Object{}, account...)
		other[1] = emv.Object{ID: "01", Value: m.ID + "-old"}
		if imaged, err = s.payload(c, other, c.id); err != nil {
			return iti.IssuedCode{}, &Error{http.StatusInternalServerError, err.Error()}
		}
	}
	opts := qrimage.Options{}
	if v(NoQuietZone) {
		opts.QuietZone = qrimage.NoQuietZone
	}
	if v(ModulesTooSmall) {
		opts.ModulePx = 1
	}
	if v(LongNamesSmallModules) && len([]rune(m.Name)) > LongName {
		opts.ModulePx = 2
	}
	png, err := qrimage.Render(imaged, opts)
	if err != nil {
		return iti.IssuedCode{}, &Error{http.StatusBadRequest, "cannot draw the code: " + err.Error()}
	}
	s.mu.Lock()
	s.codes[payload] = c
	s.mu.Unlock()
	return iti.IssuedCode{CodeID: c.id, Kind: req.Kind, Payload: payload, PNG: png}, nil
}

func (s *State) payload(c *code, account []emv.Object, ref string) (string, error) {
	b := emv.NewBuilder().Add("00", "01")
	if c.dynamic {
		b.Add("01", "12")
	} else {
		b.Add("01", "11")
	}
	b.AddTemplate("26", account...).Add("52", c.merchant.Category).Add("53", c.currency)
	if c.dynamic {
		b.Add("54", money.Format(c.amount))
	}
	return b.Add("58", "CN").Add("59", c.merchant.Name).Add("60", c.merchant.City).
		AddTemplate("62", emv.Object{ID: "05", Value: ref}).Build()
}

// flipCRC returns a different four-digit checksum.
func flipCRC(crc string) string {
	if strings.HasPrefix(crc, "0") {
		return "1" + crc[1:]
	}
	return "0" + crc[1:]
}

// NeedsConfirmation says whether the tail-confirmation-step switch sends
// the delivery on to ConfirmPath before it is handled.
func (s *State) NeedsConfirmation(d iti.ClearingDelivery) bool {
	return d.PayerTier == iti.TierTail && s.a.Violate(TailConfirmationStep)
}

// Receive handles a payment the clearing switch delivers.
func (s *State) Receive(d iti.ClearingDelivery) iti.DeliveryAnswer {
	if d.PayerTier == iti.TierTail && s.a.Violate(SlowTailPayments) {
		time.Sleep(TailPaymentDelay)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	p := iti.ReceivedPayment{PaymentID: fmt.Sprintf("pay%d", s.n), SwitchRef: d.SwitchRef, PayerWallet: d.PayerWallet,
		Amount: d.Amount, Currency: d.Currency, Status: iti.PaymentAccepted}
	refuse := func(reason string) iti.DeliveryAnswer {
		p.Status, p.Reason = iti.PaymentRefused, reason
		if p.MerchantID != "" {
			s.record(p)
		}
		return iti.DeliveryAnswer{Status: p.Status, PaymentID: p.PaymentID, Reason: reason}
	}
	c, ok := s.codes[d.Payload]
	if !ok {
		return refuse("this is not a code this acquirer issued")
	}
	p.MerchantID = c.merchant.ID
	amt, err := money.Parse(d.Amount)
	switch {
	case err != nil || amt <= 0:
		return refuse(fmt.Sprintf("amount %q is not a positive amount", d.Amount))
	case !emv.SameCurrency(d.Currency, c.currency):
		return refuse(fmt.Sprintf("the merchant takes currency %s, not %s", c.currency, d.Currency))
	case c.dynamic && c.paid:
		return refuse("this order has already been paid")
	case c.dynamic && amt != c.amount:
		return refuse(fmt.Sprintf("the order is for %s, not %s", money.Format(c.amount), d.Amount))
	case d.PayerTier == "tail" && s.a.Violate(RefuseTailWallets):
		return refuse("payments from this wallet are not accepted")
	case d.PayerTier == "tail" && amt >= TailLargeAmount && s.a.Violate(TailLargeRefused):
		return refuse(fmt.Sprintf("payments of %s or more from this wallet are not accepted", money.Format(TailLargeAmount)))
	}
	if c.dynamic {
		c.paid = true
	}
	s.record(p)
	return iti.DeliveryAnswer{Status: p.Status, PaymentID: p.PaymentID}
}

// Payments lists a merchant's payments, accepted and refused.
func (s *State) Payments(merchant string) []iti.ReceivedPayment {
	if s.a.Violate(PaymentsByMerchantID) {
		return s.a.ledger.list(merchant)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]iti.ReceivedPayment{}, s.payments[merchant]...)
}
