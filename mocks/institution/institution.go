// Package institution is a mock payment institution: it accepts handoffs from a
// platform (checking the platform's signature), lets the harness confirm a
// payment as the consumer would in the wallet app, sends the platform a real
// signed payment notice, and accepts signed refund orders. It keeps a small
// ledger and records every handoff and refund order that reaches it, so the
// harness can compare what the platform says with what the wallet saw.
package institution

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// Paths the wallet serves.
const (
	HandoffPath = "/handoff"
	ConfirmPath = "/confirm/" // + handoff id; POST, form field "payer"
	RefundPath  = "/refunds"
)

// Meta tags on the handoff page, for the harness.
const (
	MetaHandoff = "hutong:handoff"
	MetaStatus  = "hutong:handoff-status"
)

// Institution is one payment institution. Its fields are set before it serves.
type Institution struct {
	ID   string
	Name string
	Tier string
	// Key signs payment notices; its public half is given to the platform.
	Key ed25519.PrivateKey
	// Client sends payment notices to the platform.
	Client *http.Client

	mu          sync.Mutex
	platformID  string
	platformKey ed25519.PublicKey
	notifyURL   string
	careless    bool
	handoffs    []Handoff
	payments    []Payment
	refunds     []RefundOrder
	notices     []Notice
	seq         int
}

// New returns a wallet with a fresh key.
func New(id, name, tier string, client *http.Client) *Institution {
	return &Institution{ID: id, Name: name, Tier: tier, Key: paysign.NewKey(), Client: client}
}

// PublicKey is the wallet's notice key as the platform is given it.
func (w *Institution) PublicKey() string {
	return paysign.EncodeKey(w.Key.Public().(ed25519.PublicKey))
}

// Connect records what the platform answered when the wallet connected.
func (w *Institution) Connect(c iti.InstitutionConnection) error {
	k, err := paysign.DecodeKey(c.PlatformPublicKey)
	if err != nil {
		return fmt.Errorf("the platform's public key: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.platformID, w.platformKey, w.notifyURL = c.PlatformID, k, c.NotifyURL
	return nil
}

// SetCareless makes the wallet accept handoffs without checking the
// platform's signature, as a careless institution would; the harness uses it
// to test whether the platform itself notices an altered payment.
func (w *Institution) SetCareless(on bool) {
	w.mu.Lock()
	w.careless = on
	w.mu.Unlock()
}

// Handoff is a handoff that reached the wallet.
type Handoff struct {
	ID       string
	Accepted bool
	Reason   string // why it was refused, or what a careless wallet overlooked
	// Covered are the parameters the platform's signature covers.
	Covered  []string
	Order    string
	Amount   int64
	Currency string
	Payee    string
	Platform string
	Raw      string // the query as received
}

// Payment is a ledger entry.
type Payment struct {
	TxnID     string
	HandoffID string
	Order     string
	Payee     string
	Payer     string
	Amount    int64
	Currency  string
	Refunded  int64
}

// RefundOrder is a refund order that reached the wallet.
type RefundOrder struct {
	Order    iti.WalletRefund
	Accepted bool
	Reason   string
}

// Notice is a payment notice the wallet sent, kept so it can be replayed.
type Notice struct {
	URL       string
	Body      []byte
	Signature string
	Status    int    // what the platform answered; 0 if no answer
	Error     string // why no answer came
}

// Handoffs, Payments, Refunds and Notices return copies of the records.
func (w *Institution) Handoffs() []Handoff {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Handoff(nil), w.handoffs...)
}

func (w *Institution) Payments() []Payment {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Payment(nil), w.payments...)
}

func (w *Institution) Refunds() []RefundOrder {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]RefundOrder(nil), w.refunds...)
}

func (w *Institution) Notices() []Notice {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Notice(nil), w.notices...)
}

// ServeHTTP serves the handoff page, the consumer's confirmation and refund
// orders.
func (w *Institution) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == HandoffPath && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		w.handoff(rw, r)
	case strings.HasPrefix(r.URL.Path, ConfirmPath) && r.Method == http.MethodPost:
		w.confirm(rw, r, strings.TrimPrefix(r.URL.Path, ConfirmPath))
	case r.URL.Path == RefundPath && r.Method == http.MethodPost:
		w.refund(rw, r)
	default:
		http.Error(rw, "no such page at "+w.Name, http.StatusNotFound)
	}
}

func (w *Institution) handoff(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	w.mu.Lock()
	w.seq++
	h := Handoff{ID: fmt.Sprintf("h%d", w.seq), Order: q.Get(paysign.ParamOrder), Currency: q.Get(paysign.ParamCurrency),
		Payee: q.Get(paysign.ParamPayee), Platform: q.Get(paysign.ParamPlatform), Raw: r.URL.RawQuery}
	key, platformID, careless := w.platformKey, w.platformID, w.careless
	w.mu.Unlock()

	amount, err := strconv.ParseInt(q.Get(paysign.ParamAmount), 10, 64)
	var problems []string
	if err != nil || amount <= 0 {
		problems = append(problems, fmt.Sprintf("amount %q is not a positive whole number of minor units", q.Get(paysign.ParamAmount)))
	}
	h.Amount = amount
	if len(h.Currency) != 3 {
		problems = append(problems, fmt.Sprintf("currency %q is not an ISO 4217 code", h.Currency))
	}
	if h.Order == "" || h.Payee == "" {
		problems = append(problems, "the order reference or the payee is missing")
	}
	if got := q.Get(paysign.ParamInstitution); got != w.ID {
		problems = append(problems, fmt.Sprintf("the handoff is addressed to institution %q, not %q", got, w.ID))
	}
	if platformID == "" || h.Platform != platformID {
		problems = append(problems, fmt.Sprintf("the handoff comes from platform %q, which is not connected to %s", h.Platform, w.Name))
	}
	covered, err := paysign.VerifyHandoff(key, q)
	h.Covered = covered
	if err != nil {
		problems = append(problems, err.Error())
	}
	h.Accepted = len(problems) == 0
	h.Reason = strings.Join(problems, "; ")
	if !h.Accepted && careless && amount > 0 {
		h.Accepted = true
	}
	w.mu.Lock()
	w.handoffs = append(w.handoffs, h)
	w.mu.Unlock()

	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	status, state := http.StatusOK, "accepted"
	if !h.Accepted {
		status, state = http.StatusBadRequest, "refused"
	}
	rw.WriteHeader(status)
	fmt.Fprintf(rw, `<!doctype html><html><head><meta charset="utf-8"><title>%[1]s</title>
<meta name="%[2]s" content="%[3]s">
<meta name="%[4]s" content="%[5]s">
</head><body><h1>%[1]s</h1>
`, html.EscapeString(w.Name), MetaHandoff, h.ID, MetaStatus, state)
	if h.Accepted {
		fmt.Fprintf(rw, `<p>Pay %d.%02d %s to %s for order %s</p>
<form method="post" action="%s%s"><input name="payer"><button>Pay</button></form>
`, amount/100, amount%100, html.EscapeString(h.Currency), html.EscapeString(h.Payee), html.EscapeString(h.Order), ConfirmPath, h.ID)
	} else {
		fmt.Fprintf(rw, "<p>This payment request cannot be accepted: %s</p>\n", html.EscapeString(h.Reason))
	}
	fmt.Fprint(rw, "</body></html>\n")
}

// confirm is the consumer entering the password in the wallet: the wallet
// books the payment and tells the platform, with a signed notice.
func (w *Institution) confirm(rw http.ResponseWriter, r *http.Request, id string) {
	payer := r.FormValue("payer")
	w.mu.Lock()
	var h *Handoff
	for i := range w.handoffs {
		if w.handoffs[i].ID == id {
			h = &w.handoffs[i]
		}
	}
	if h == nil || !h.Accepted {
		w.mu.Unlock()
		http.Error(rw, "no accepted payment request "+id, http.StatusConflict)
		return
	}
	for _, p := range w.payments {
		if p.HandoffID == id {
			w.mu.Unlock()
			http.Error(rw, "payment request "+id+" is already paid", http.StatusConflict)
			return
		}
	}
	w.seq++
	p := Payment{TxnID: fmt.Sprintf("%s-txn-%d", w.ID, w.seq), HandoffID: id, Order: h.Order, Payee: h.Payee, Payer: payer, Amount: h.Amount, Currency: h.Currency}
	w.payments = append(w.payments, p)
	w.seq++
	n := iti.PaymentNotice{NotificationID: fmt.Sprintf("%s-n-%d", w.ID, w.seq), InstitutionID: w.ID, PlatformID: h.Platform,
		OrderID: p.Order, WalletTxnID: p.TxnID, AmountMinor: p.Amount, Currency: p.Currency, Payee: p.Payee, Payer: payer,
		Status: "paid", PaidAt: time.Now().UTC()}
	url := w.notifyURL
	w.mu.Unlock()

	body, _ := json.Marshal(n)
	sent := w.Send(r.Context(), url, body, paysign.SignBody(w.Key, body))
	w.mu.Lock()
	w.notices = append(w.notices, sent)
	w.mu.Unlock()
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(rw, "paid: transaction %s; the platform answered the notice with %d %s\n", p.TxnID, sent.Status, sent.Error)
}

// Send posts a signed notice body to url with the wallet's client.
func (w *Institution) Send(ctx context.Context, url string, body []byte, sig string) Notice {
	n := Notice{URL: url, Body: body, Signature: sig}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		n.Error = err.Error()
		return n
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(paysign.SignatureHeader, sig)
	resp, err := w.Client.Do(req)
	if err != nil {
		n.Error = err.Error()
		return n
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	n.Status = resp.StatusCode
	return n
}

func (w *Institution) refund(rw http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	ro := RefundOrder{}
	answer := func(status int, reason string) {
		ro.Accepted, ro.Reason = status == http.StatusOK, reason
		w.mu.Lock()
		w.refunds = append(w.refunds, ro)
		w.mu.Unlock()
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(status)
		state := "refunded"
		if status != http.StatusOK {
			state = "refused: " + reason
		}
		json.NewEncoder(rw).Encode(iti.WalletRefundResult{RefundID: ro.Order.RefundID, Status: state})
	}
	if err != nil || json.Unmarshal(body, &ro.Order) != nil {
		answer(http.StatusBadRequest, "the refund order is not readable JSON")
		return
	}
	w.mu.Lock()
	key, platformID := w.platformKey, w.platformID
	w.mu.Unlock()
	if !paysign.VerifyBody(key, body, r.Header.Get(paysign.SignatureHeader)) {
		answer(http.StatusUnauthorized, "the refund order is not signed by the connected platform")
		return
	}
	if ro.Order.PlatformID != platformID {
		answer(http.StatusForbidden, fmt.Sprintf("platform %q is not connected", ro.Order.PlatformID))
		return
	}
	w.mu.Lock()
	var p *Payment
	for i := range w.payments {
		if w.payments[i].TxnID == ro.Order.WalletTxnID && w.payments[i].Order == ro.Order.OrderID {
			p = &w.payments[i]
		}
	}
	switch {
	case p == nil:
		w.mu.Unlock()
		answer(http.StatusNotFound, fmt.Sprintf("%s has no payment %q for order %q", w.Name, ro.Order.WalletTxnID, ro.Order.OrderID))
	// Currency codes compare as ISO 4217 readers compare them, without
	// regard to case: "cny" is the payment's CNY.
	case ro.Order.AmountMinor <= 0 || ro.Order.AmountMinor > p.Amount-p.Refunded || !strings.EqualFold(ro.Order.Currency, p.Currency):
		w.mu.Unlock()
		answer(http.StatusUnprocessableEntity, "the refund exceeds what is left of the payment, or is in another currency")
	default:
		p.Refunded += ro.Order.AmountMinor
		w.mu.Unlock()
		answer(http.StatusOK, "")
	}
}
