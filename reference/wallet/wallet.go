// Package wallet is the reference wallet: its customers scan
// merchant-presented codes — the picture or the text a scanner read — and
// pay them through the clearing switch, whichever acquirer or wallet issued
// them. It refuses a damaged or tampered code before any payment prompt,
// pays a dynamic code's amount exactly and once, and caps static-code
// payments at CNY 500 per customer per day. Violation switches each break
// one requirement on purpose.
package wallet

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
)

// Violation switches understood by the wallet.
const (
	// RefuseRivalCodes: codes of acquirers outside the wallet's group are refused.
	RefuseRivalCodes = "refuse-rival-codes"
	// RefuseTailAcquirers: codes of tail-tier acquirers are refused.
	RefuseTailAcquirers = "refuse-tail-acquirers"
	// PayTamperedCode: the code's checks are skipped; whatever parses is paid.
	PayTamperedCode = "pay-tampered-code"
	// ChargeTwice: the customer is debited before the switch answers, and a
	// refused payment is not given back.
	ChargeTwice = "charge-twice"
	// PayOrderAgain: the wallet keeps no guard of its own against paying
	// an order code twice; it leaves refusing the repeat to the payee.
	PayOrderAgain = "pay-order-code-again"
	// RoundDynamicAmount: a dynamic code's amount is rounded to whole yuan.
	RoundDynamicAmount = "round-dynamic-amount"
	// IgnoreDailyLimit: the CNY 500 daily cap on static codes is not applied.
	IgnoreDailyLimit = "ignore-daily-limit"

	// TailStaticSmallOnly: static codes of tail acquirers are paid only up
	// to TailStaticLimit; a larger payment on one is declined.
	TailStaticSmallOnly = "tail-static-codes-small-payments-only"
	// LanguageTemplateRefused: a code that names its merchant in a
	// language template (ID 64), as a Chinese shop's does, is refused.
	LanguageTemplateRefused = "language-template-refused"
	// TailCodesCRCUnchecked: the check digits of tail acquirers' codes are
	// not checked.
	TailCodesCRCUnchecked = "tail-codes-crc-unchecked"
	// ChecksSkippedAtTimes: one code in five, chosen by a hash of its text,
	// is paid without its format being checked.
	ChecksSkippedAtTimes = "code-checks-skipped-one-in-five"
	// OrderGuardSetLate: an order is taken as paid only once the switch
	// has accepted it, so a second scan of it meanwhile is paid too.
	OrderGuardSetLate = "order-guard-set-late"
	// PaidOrdersByPicture: paid orders are remembered by the picture
	// scanned, not by the code it holds.
	PaidOrdersByPicture = "paid-orders-remembered-by-picture"
	// LastOrderOnly: only the last order code a customer paid is
	// remembered.
	LastOrderOnly = "last-order-only-remembered"
	// OrderPaidAgainAtTimes: one order code in four, chosen by a hash of
	// its text, is paid again when it is scanned again.
	OrderPaidAgainAtTimes = "order-paid-again-one-in-four"
)

// TailStaticLimit is the most TailStaticSmallOnly pays on a tail
// acquirer's static code, in fen.
const TailStaticLimit = 10_00

// oneIn says whether text falls in the share 1/n that a hash of it picks,
// so that an intermittent switch picks the same codes every time.
func oneIn(n uint32, text string) bool {
	var h uint32 = 2166136261
	for _, c := range []byte(text) {
		h = (h ^ uint32(c)) * 16777619
	}
	return h%n == 0
}

// The per-threat switches of QR-06's threat model: each skips the one
// check of the code's format that stops one threat, and nothing else, so
// that each threat of the model is proven able to fail the requirement by
// itself (internal/runner's tamper test says which switch lets through which
// threat). A code that breaks part-way is read as far as it goes.
const (
	StaticCRCUnchecked      = "static-code-crc-unchecked"
	DynamicCRCUnchecked     = "order-code-crc-unchecked"
	LengthsUnchecked        = "code-lengths-unchecked"
	FormatIndicatorAnywhere = "code-format-indicator-anywhere"
	CRCAnywhere             = "code-crc-anywhere"
	DuplicatesUnchecked     = "code-duplicates-unchecked"
	MerchantNameOptional    = "code-merchant-name-optional"
	AccountIDOptional       = "code-account-identifier-optional"
)

// overlooks says which of the code's problems a per-threat switch lets
// pass: each names one rule at one place.
var overlooks = map[string]func(p emv.Problem, dynamic bool) bool{
	StaticCRCUnchecked:      func(p emv.Problem, dynamic bool) bool { return p.Rule == emv.RuleCRC && !dynamic },
	DynamicCRCUnchecked:     func(p emv.Problem, dynamic bool) bool { return p.Rule == emv.RuleCRC && dynamic },
	LengthsUnchecked:        func(p emv.Problem, _ bool) bool { return p.Rule == emv.RuleTLV },
	FormatIndicatorAnywhere: func(p emv.Problem, _ bool) bool { return p.Rule == emv.RulePosition && p.ID == "00" },
	CRCAnywhere:             func(p emv.Problem, _ bool) bool { return p.Rule == emv.RulePosition && p.ID == "63" },
	DuplicatesUnchecked:     func(p emv.Problem, _ bool) bool { return p.Rule == emv.RuleDuplicate },
	MerchantNameOptional:    func(p emv.Problem, _ bool) bool { return p.Rule == emv.RuleMandatory && p.ID == "59" },
	AccountIDOptional: func(p emv.Problem, _ bool) bool {
		return p.Rule == emv.RuleMandatory && strings.HasSuffix(p.ID, ".00")
	},
}

// TamperSwitches lists the per-threat switches, sorted.
func TamperSwitches() []string {
	out := make([]string, 0, len(overlooks))
	for name := range overlooks {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// StaticDailyLimit is the cap on a customer's static-code payments per day
// at one institution, in fen: CNY 500 (PBoC notice 2017 No. 296).
const StaticDailyLimit = 500_00

// cny is the ISO 4217 numeric code of the yuan.
const cny = "156"

// Wallet holds what every session's wallet shares.
type Wallet struct {
	// Client reaches the clearing switch.
	Client *http.Client
	// Violate says whether a violation switch is on.
	Violate func(name string) bool
	// Now is the clock for the daily limit; nil means time.Now.
	Now func() time.Time

	// read remembers what pictures held: reading a QR code is most of a
	// scan's work, and a customer scans the same picture again and again.
	mu   sync.Mutex
	read map[[32]byte]decoded
}

type decoded struct {
	text string
	err  error
}

// maxRead bounds the pictures Wallet remembers; past it, it starts again.
const maxRead = 1024

// previewSide is the side, in pixels, above which a picture is first read
// at half its size, as a phone's camera preview is: a code drawn at 6 or 8
// pixels a module reads as well at 3 or 4, for a quarter of the work.
const previewSide = 300

// read reads the code in a picture: at half size first when it is large,
// then at full size.
func read(img []byte) (string, error) {
	p, err := qrimage.Read(img)
	if err != nil {
		return "", err
	}
	if w, h := p.Size(); min(w, h) >= previewSide {
		if half, err := p.Resize(w/2, h/2); err == nil {
			if text, err := half.Decode(); err == nil {
				return text, nil
			}
		}
	}
	return p.Decode()
}

// decode reads the code in a picture, once per picture.
func (w *Wallet) decode(img []byte) (string, error) {
	key := sha256.Sum256(img)
	w.mu.Lock()
	d, ok := w.read[key]
	w.mu.Unlock()
	if ok {
		return d.text, d.err
	}
	d.text, d.err = read(img)
	w.mu.Lock()
	if w.read == nil || len(w.read) >= maxRead {
		w.read = map[[32]byte]decoded{}
	}
	w.read[key] = d
	w.mu.Unlock()
	return d.text, d.err
}

// State is one session's wallet.
type State struct {
	w        *Wallet
	fixtures iti.WalletFixtures

	// opened is when the session opened. The daily limit counts the
	// session's business day from it, so that a scenario running across
	// midnight is not split over two days and judged on half its payments.
	opened time.Time

	mu        sync.Mutex
	customers map[string]*customer
	n         int
}

type customer struct {
	balance   int64
	movements []iti.Movement
	// static is the sum of static-code payments per day ("2006-01-02").
	static map[string]int64
	// paidCodes are the dynamic codes this customer has paid, or is paying:
	// an order is taken before it is sent, so that the same code scanned
	// twice at once is paid once.
	paidCodes map[string]bool
	// held is what payments sent and not yet answered will take, from the
	// balance and from today's static-code total.
	held, heldStatic int64
	// lastOrder is the order code paid last (LastOrderOnly).
	lastOrder string
}

// Error is an ITI error with its status.
type Error struct {
	Status int
	Title  string
}

func (e *Error) Error() string { return e.Title }

// NewState starts a session's wallet.
func (w *Wallet) NewState(f iti.WalletFixtures) (*State, error) {
	s := &State{w: w, fixtures: f, customers: map[string]*customer{}}
	s.opened = s.now()
	for _, c := range f.Customers {
		b, err := money.Parse(c.Balance)
		if err != nil {
			return nil, &Error{http.StatusBadRequest, fmt.Sprintf("customer %q: %v", c.ID, err)}
		}
		s.customers[c.ID] = &customer{balance: b, static: map[string]int64{}, paidCodes: map[string]bool{}}
	}
	return s, nil
}

func (s *State) now() time.Time {
	if s.w.Now != nil {
		return s.w.Now()
	}
	return time.Now()
}

// Scan has a customer scan a code and pay it.
func (s *State) Scan(ctx context.Context, req iti.ScanRequest) (iti.ScanResult, error) {
	v := s.w.Violate
	s.mu.Lock()
	cust, ok := s.customers[req.Customer]
	s.mu.Unlock()
	if !ok {
		return iti.ScanResult{}, &Error{http.StatusNotFound, fmt.Sprintf("no customer %q in this session", req.Customer)}
	}
	reject := func(format string, args ...any) (iti.ScanResult, error) {
		return iti.ScanResult{Outcome: iti.ScanRejected, Reason: fmt.Sprintf(format, args...)}, nil
	}

	payload := req.Payload
	switch {
	case len(req.Image) > 0 && payload != "":
		return iti.ScanResult{}, &Error{http.StatusBadRequest, "give the code's image or its text, not both"}
	case len(req.Image) > 0:
		text, err := s.w.decode(req.Image)
		if err != nil {
			return reject("no readable code in the picture: %v", err)
		}
		payload = text
	case payload == "":
		return iti.ScanResult{}, &Error{http.StatusBadRequest, "give the code's image or its text"}
	}

	overlooked := false
	if !v(PayTamperedCode) && !(v(ChecksSkippedAtTimes) && oneIn(5, payload)) {
		if rep := emv.Validate(payload); !rep.Valid {
			order := false
			for _, f := range rep.Fields {
				order = order || (f.ID == "01" && f.Value == "12")
			}
			tailCode := v(TailCodesCRCUnchecked) && s.tailCode(ctx, payload)
			var msgs []string
			for _, p := range rep.Problems {
				if !s.overlooks(p, order) && !(tailCode && p.Rule == emv.RuleCRC) {
					msgs = append(msgs, p.Message)
				}
			}
			if len(msgs) > 0 {
				return reject("this is not a valid payment code: %s", strings.Join(msgs, "; "))
			}
			overlooked = true
		}
	}
	p, err := emv.Parse(payload)
	var pe *emv.ParseError
	if err != nil && overlooked && errors.As(err, &pe) && pe.Offset > 0 {
		p, err = emv.Parse(payload[:pe.Offset])
	}
	if err != nil {
		return reject("this is not a valid payment code: %v", err)
	}
	var guis []string
	for _, o := range p.Objects {
		if o.ID >= "26" && o.ID <= "51" {
			if g, ok := o.Child("00"); ok {
				guis = append(guis, g.Value)
			}
		}
	}
	if len(guis) == 0 && !(overlooked && v(AccountIDOptional)) {
		return reject("the code names no merchant account the clearing switch can route to")
	}
	if v(RefuseRivalCodes) && !s.affiliated(guis) {
		return reject("codes of this merchant's payment provider are not supported")
	}
	if v(RefuseTailAcquirers) && s.tail(ctx, guis) {
		return reject("codes of this merchant's payment provider are not supported")
	}
	if _, local := p.Get("64"); local && v(LanguageTemplateRefused) {
		return reject("this code cannot be read: unknown data object 64")
	}

	currency := cny
	if o, ok := p.Get("53"); ok {
		currency = o.Value
	}
	dynamic := false
	if o, ok := p.Get("01"); ok && o.Value == "12" {
		dynamic = true
	}
	amountText := req.Amount
	if dynamic {
		o, ok := p.Get("54")
		if !ok {
			return reject("the order code carries no amount")
		}
		amountText = o.Value
	}
	amount, err := money.Parse(amountText)
	if err != nil || amount <= 0 {
		return reject("no valid amount to pay (%q)", amountText)
	}
	if dynamic && v(RoundDynamicAmount) {
		amount = (amount + 50) / 100 * 100
	}
	payee := ""
	if o, ok := p.Get("59"); ok {
		payee = o.Value
	}
	res := iti.ScanResult{Outcome: iti.ScanPaid, Prompted: true, Amount: money.Format(amount), Currency: currency, Payee: payee}
	decline := func(format string, args ...any) (iti.ScanResult, error) {
		res.Outcome, res.Reason = iti.ScanDeclined, fmt.Sprintf(format, args...)
		return res, nil
	}

	if !dynamic && v(TailStaticSmallOnly) && amount > TailStaticLimit && s.tail(ctx, guis) {
		return decline("this merchant's payment provider takes payments of at most %s on its static codes", money.Format(TailStaticLimit))
	}

	// The order is remembered by what the customer scanned: the code, or
	// under PaidOrdersByPicture the picture.
	orderKey := payload
	if v(PaidOrdersByPicture) && len(req.Image) > 0 {
		sum := sha256.Sum256(req.Image)
		orderKey = string(sum[:])
	}
	capped := !dynamic && emv.SameCurrency(currency, cny)
	day := s.opened.Format("2006-01-02")
	s.mu.Lock()
	switch {
	case dynamic && cust.paidCodes[orderKey] && !v(ChargeTwice) && !v(PayOrderAgain) && !(v(OrderPaidAgainAtTimes) && oneIn(4, payload)):
		s.mu.Unlock()
		return decline("this order code has already been paid")
	case capped && cust.static[day]+cust.heldStatic+amount > StaticDailyLimit && !v(IgnoreDailyLimit):
		used := cust.static[day]
		s.mu.Unlock()
		return decline("static payment codes are limited to CNY 500.00 per day (PBoC notice 2017 No. 296); %s already paid today", money.Format(used))
	case cust.balance-cust.held < amount:
		s.mu.Unlock()
		return decline("insufficient balance")
	}
	s.n++
	ref := fmt.Sprintf("w%d", s.n)
	early := v(ChargeTwice)
	if early {
		s.debit(cust, ref, amount, currency, payee)
	} else {
		cust.held += amount
	}
	if capped {
		cust.heldStatic += amount
	}
	// The order is taken before it is sent, unless the guard is set late.
	taken := dynamic && !v(OrderGuardSetLate)
	if taken {
		s.take(cust, orderKey)
	}
	s.mu.Unlock()

	cr, err := s.send(ctx, iti.ClearingPayment{PayerWallet: s.fixtures.WalletID, PayerRef: ref, Payload: payload, Amount: money.Format(amount), Currency: currency})
	accepted := err == nil && cr.Status == iti.PaymentAccepted
	s.mu.Lock()
	if !early {
		cust.held -= amount
	}
	if capped {
		cust.heldStatic -= amount
	}
	switch {
	case accepted:
		if !early {
			s.debit(cust, ref, amount, currency, payee)
		}
		if dynamic && !taken {
			s.take(cust, orderKey)
		}
		if capped {
			cust.static[day] += amount
		}
	case taken:
		// Not paid: the order may be paid again.
		delete(cust.paidCodes, orderKey)
	}
	s.mu.Unlock()
	if err != nil {
		// Without an answer the payment's fate is unknown; a real wallet
		// would query the switch. The reference does not debit.
		return decline("the clearing switch could not be reached: %v", err)
	}
	if !accepted {
		return decline("the payment was refused: %s", cr.Reason)
	}
	res.PaymentID = ref
	return res, nil
}

// take records an order as paid; s.mu must be held. Under LastOrderOnly
// the customer's order before it is forgotten.
func (s *State) take(c *customer, order string) {
	if s.w.Violate(LastOrderOnly) && c.lastOrder != "" {
		delete(c.paidCodes, c.lastOrder)
	}
	c.paidCodes[order], c.lastOrder = true, order
}

// overlooks says whether a per-threat switch that is on lets problem p
// pass, on a dynamic code or not.
func (s *State) overlooks(p emv.Problem, dynamic bool) bool {
	for name, skip := range overlooks {
		if s.w.Violate(name) && skip(p, dynamic) {
			return true
		}
	}
	return false
}

// debit records a payment; s.mu must be held.
func (s *State) debit(c *customer, ref string, amount int64, currency, payee string) {
	c.balance -= amount
	c.movements = append(c.movements, iti.Movement{ID: fmt.Sprintf("m%d", len(c.movements)+1), Amount: money.Format(-amount),
		Currency: currency, PaymentID: ref, Description: "payment to " + payee})
}

func (s *State) affiliated(guis []string) bool {
	for _, g := range guis {
		for _, a := range s.fixtures.AffiliatedGUIs {
			if g == a {
				return true
			}
		}
	}
	return false
}

// tailCode reports whether a code, read as far as it goes, is a tail
// acquirer's.
func (s *State) tailCode(ctx context.Context, payload string) bool {
	p, err := emv.Parse(payload)
	if err != nil {
		return false
	}
	var guis []string
	for _, o := range p.Objects {
		if o.ID >= "26" && o.ID <= "51" {
			if g, ok := o.Child("00"); ok {
				guis = append(guis, g.Value)
			}
		}
	}
	return s.tail(ctx, guis)
}

// tail reports whether the switch's directory lists the code's first known
// payee as a tail-tier institution.
func (s *State) tail(ctx context.Context, guis []string) bool {
	var d iti.Directory
	if err := s.call(ctx, http.MethodGet, s.fixtures.ClearingURL+"/participants", nil, &d); err != nil {
		return false
	}
	for _, g := range guis {
		for _, p := range d.Participants {
			if p.GUI == g {
				return p.Tier == "tail"
			}
		}
	}
	return false
}

func (s *State) send(ctx context.Context, p iti.ClearingPayment) (iti.ClearingResult, error) {
	var out iti.ClearingResult
	err := s.call(ctx, http.MethodPost, s.fixtures.ClearingURL+"/payments", p, &out)
	return out, err
}

func (s *State) call(ctx context.Context, method, url string, in, out any) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.w.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("status %d, not the JSON expected: %v", resp.StatusCode, err)
	}
	return nil
}

// Movements returns a customer's balance and movements.
func (s *State) Movements(customerID string) (iti.Movements, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.customers[customerID]
	if !ok {
		return iti.Movements{}, &Error{http.StatusNotFound, fmt.Sprintf("no customer %q in this session", customerID)}
	}
	ms := append([]iti.Movement{}, c.movements...)
	return iti.Movements{Customer: customerID, Balance: money.Format(c.balance), Movements: ms}, nil
}
