// Package acquirer is a mock acquirer: it issues merchant-presented codes
// carrying its GUI in merchant account template 26, and accepts the
// payments the clearing switch delivers on them. A rival wallet's personal
// collection codes are issued the same way, by the wallet acting as the
// payee's institution. It records every delivery, accepted or refused.
package acquirer

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/contract/iti"
)

// PaymentsPath is where the switch delivers payments.
const PaymentsPath = "/payments"

// Acquirer is the mock, an http.Handler.
type Acquirer struct {
	// ID is the participant id at the switch; GUI the identifier codes carry.
	ID  string
	GUI string

	mu       sync.Mutex
	codes    map[string]*code // payload -> code
	received []iti.ReceivedPayment
	n        int
}

type code struct {
	merchant iti.CodeMerchant
	dynamic  bool
	amount   string
	currency string
	// paid counts the payments accepted on the code. A second payment of
	// an order code is accepted too, and recorded: whether a customer pays
	// an order once is the wallet's guard to keep (QR-07), and a payee that
	// refused the repeat would keep it for the wallet.
	paid int
}

// New returns an acquirer with no codes.
func New(id, gui string) *Acquirer {
	return &Acquirer{ID: id, GUI: gui, codes: map[string]*code{}}
}

// Issue makes a code for a merchant. For a dynamic code amount and
// currency are fixed in the code and ref identifies the order.
//
// A payment delivered on the code may name its currency in either ISO 4217
// form, numeric ("156", as ID 53 carries it) or alphabetic ("CNY", any
// letter case): the contract does not fix the form, so the payee takes
// both, and refuses only another currency.
func (a *Acquirer) Issue(m iti.CodeMerchant, kind, amount, currency string) (string, error) {
	return a.IssueLocal(m, Local{}, kind, amount, currency)
}

// Local is a merchant's name and city in another script than the Latin of
// IDs 59 and 60 — Chinese, for a Chinese shop — which a code carries in its
// language template (ID 64) beside them.
type Local struct {
	// Language is the ISO 639-1 code of the names, "ZH" for Chinese.
	Language string
	Name     string
	// City may be empty: the template's city is optional.
	City string
}

// IssueLocal is Issue for a merchant whose code also names it in local,
// unless local.Name is empty.
func (a *Acquirer) IssueLocal(m iti.CodeMerchant, local Local, kind, amount, currency string) (string, error) {
	a.mu.Lock()
	a.n++
	ref := fmt.Sprintf("%s-%04d", a.ID, a.n)
	a.mu.Unlock()
	if currency == "" {
		currency = "156"
	}
	b := emv.NewBuilder().Add("00", "01")
	switch kind {
	case iti.CodeStatic:
		b.Add("01", "11")
	case iti.CodeDynamic:
		b.Add("01", "12")
	default:
		return "", fmt.Errorf("unknown code kind %q", kind)
	}
	b.AddTemplate("26", emv.Object{ID: "00", Value: a.GUI}, emv.Object{ID: "01", Value: m.ID}).
		Add("52", m.Category).Add("53", currency)
	if kind == iti.CodeDynamic {
		b.Add("54", amount)
	}
	b.Add("58", "CN").Add("59", m.Name).Add("60", m.City).
		AddTemplate("62", emv.Object{ID: "05", Value: ref})
	if local.Name != "" {
		alt := []emv.Object{{ID: "00", Value: local.Language}, {ID: "01", Value: local.Name}}
		if local.City != "" {
			alt = append(alt, emv.Object{ID: "02", Value: local.City})
		}
		b.AddTemplate("64", alt...)
	}
	payload, err := b.Build()
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	a.codes[payload] = &code{merchant: m, dynamic: kind == iti.CodeDynamic, amount: amount, currency: currency}
	a.mu.Unlock()
	return payload, nil
}

// Received returns every delivery, in order.
func (a *Acquirer) Received() []iti.ReceivedPayment {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]iti.ReceivedPayment{}, a.received...)
}

func (a *Acquirer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != PaymentsPath || r.Method != http.MethodPost {
		http.Error(w, "this acquirer receives POST "+PaymentsPath, http.StatusNotFound)
		return
	}
	var d iti.ClearingDelivery
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&d); err != nil {
		writeJSON(w, iti.DeliveryAnswer{Status: iti.PaymentRefused, Reason: "not valid JSON: " + err.Error()})
		return
	}
	writeJSON(w, a.receive(d))
}

func (a *Acquirer) receive(d iti.ClearingDelivery) iti.DeliveryAnswer {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	p := iti.ReceivedPayment{PaymentID: fmt.Sprintf("%s-p%d", a.ID, a.n), SwitchRef: d.SwitchRef, PayerWallet: d.PayerWallet,
		Amount: d.Amount, Currency: d.Currency, Status: iti.PaymentAccepted}
	c, ok := a.codes[d.Payload]
	switch {
	case !ok:
		p.Status, p.Reason = iti.PaymentRefused, "this is not a code we issued"
	case c.dynamic && (!sameAmount(c.amount, d.Amount) || !emv.SameCurrency(c.currency, d.Currency)):
		p.Status, p.Reason = iti.PaymentRefused, fmt.Sprintf("the order is for %s (currency %s), not %s (currency %s)", c.amount, c.currency, d.Amount, d.Currency)
	case !emv.SameCurrency(c.currency, d.Currency):
		p.Status, p.Reason = iti.PaymentRefused, fmt.Sprintf("the merchant takes currency %s, not %s", c.currency, d.Currency)
	}
	if ok {
		p.MerchantID = c.merchant.ID
		if p.Status == iti.PaymentAccepted && c.dynamic {
			c.paid++
		}
	}
	a.received = append(a.received, p)
	return iti.DeliveryAnswer{Status: p.Status, PaymentID: p.PaymentID, Reason: p.Reason}
}

func sameAmount(a, b string) bool {
	x, err1 := money.Parse(a)
	y, err2 := money.Parse(b)
	return err1 == nil && err2 == nil && x == y
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
