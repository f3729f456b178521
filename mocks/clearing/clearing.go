// Package clearing is a mock clearing switch, in the manner of UnionPay or
// NetsUnion: wallets send it the payments their customers make on scanned
// codes, and it routes each to the institution that issued the code, found
// by the globally unique identifier (GUI) in the code's merchant account
// template (IDs 26-51, sub-ID 00). It publishes its participant directory
// and records every payment it handles, routed or not, as evidence.
//
// The switch reads the code's structure only. It deliberately does not
// check the CRC or the other EMV rules: whether a code is well formed is
// judged by the harness (the acquirer's code) or by the scanning wallet,
// each in its own requirement, and a switch that refused such codes would
// make one fault fail several requirements.
package clearing

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/contract/iti"
)

// Tiers of participants.
const (
	TierTop  = "top"
	TierTail = "tail"
)

// Kinds of participants.
const (
	KindAcquirer = "acquirer"
	KindWallet   = "wallet"
)

// Paths the switch serves.
const (
	PaymentsPath     = "/payments"
	ParticipantsPath = "/participants"
)

// Record is one payment the switch handled.
type Record struct {
	SwitchRef   string
	PayerWallet string
	PayerRef    string
	Payload     string
	GUI         string
	Payee       string
	Amount      string
	Currency    string
	// Status is iti.PaymentAccepted or iti.PaymentRefused.
	Status string
	Reason string
}

type participant struct {
	iti.Participant
	url string
}

// Switch is the mock clearing switch, an http.Handler.
type Switch struct {
	// Client delivers payments to payee institutions.
	Client *http.Client

	mu      sync.Mutex
	byID    map[string]*participant
	byGUI   map[string]*participant
	records []Record
	done    map[string]iti.ClearingResult // payer wallet + payer ref -> result
	held    map[string]*hold              // payload -> what its payments wait for
	pending map[string]chan struct{}      // payer wallet + payer ref -> closed once done
	n       int
}

// New returns a switch with no participants.
func New(client *http.Client) *Switch {
	return &Switch{Client: client, byID: map[string]*participant{}, byGUI: map[string]*participant{}, done: map[string]iti.ClearingResult{}}
}

// Register connects a participant. Payments routed to p.GUI are delivered
// to paymentsURL; a wallet that only pays has no GUI and no URL.
func (s *Switch) Register(p iti.Participant, paymentsURL string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := &participant{Participant: p, url: paymentsURL}
	s.byID[p.ID] = e
	if p.GUI != "" {
		s.byGUI[p.GUI] = e
	}
}

// Hold makes every payment on payload wait, before the switch handles it,
// until release is called or at most d has passed, as a busy switch keeps
// a wallet waiting. A wallet whose customer pays the code twice at the same
// moment then sends its second payment while the first is still
// unanswered: only a guard the wallet sets before it sends stops the
// second, and the switch, which pays each payer reference once, pays both.
// The caller releases the hold once it has what it waited for (the
// wallet's answer to one of the two), so that a wallet that guards is not
// kept waiting the whole of d.
func (s *Switch) Hold(payload string, d time.Duration) (release func()) {
	h := &hold{max: d, done: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = map[string]*hold{}
	}
	s.held[payload] = h
	var once sync.Once
	return func() { once.Do(func() { close(h.done) }) }
}

type hold struct {
	max  time.Duration
	done chan struct{}
}

// Directory is the published participant list, sorted by id.
func (s *Switch) Directory() iti.Directory {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := iti.Directory{Participants: []iti.Participant{}}
	for _, p := range s.byID {
		d.Participants = append(d.Participants, p.Participant)
	}
	sort.Slice(d.Participants, func(i, j int) bool { return d.Participants[i].ID < d.Participants[j].ID })
	return d
}

// Records returns every payment handled so far, in order.
func (s *Switch) Records() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Record{}, s.records...)
}

// GUIs lists the identifiers in a code's merchant account templates
// (26-51), in order, or an error if the code's structure cannot be read.
func GUIs(payload string) ([]string, error) {
	p, err := emv.Parse(payload)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, o := range p.Objects {
		if o.ID >= "26" && o.ID <= "51" {
			if g, ok := o.Child("00"); ok {
				out = append(out, g.Value)
			}
		}
	}
	return out, nil
}

// Route finds the participant a payment on payload goes to: the first
// merchant account template whose GUI is registered.
func (s *Switch) Route(payload string) (iti.Participant, error) {
	p, _, err := s.route(payload)
	return p, err
}

func (s *Switch) route(payload string) (iti.Participant, string, error) {
	guis, err := GUIs(payload)
	if err != nil {
		return iti.Participant{}, "", fmt.Errorf("the code cannot be read: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range guis {
		if p, ok := s.byGUI[g]; ok && p.url != "" {
			return p.Participant, p.url, nil
		}
	}
	if len(guis) == 0 {
		return iti.Participant{}, "", fmt.Errorf("the code has no merchant account template (IDs 26-51) with an identifier, so the switch cannot route it")
	}
	return iti.Participant{}, "", fmt.Errorf("no merchant account template of the code carries an identifier registered at the switch (found %s)", strings.Join(quote(guis), ", "))
}

func quote(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

func (s *Switch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == ParticipantsPath && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.Directory())
	case r.URL.Path == PaymentsPath && r.Method == http.MethodPost:
		s.pay(w, r)
	default:
		http.Error(w, "the clearing switch serves GET "+ParticipantsPath+" and POST "+PaymentsPath, http.StatusNotFound)
	}
}

func (s *Switch) pay(w http.ResponseWriter, r *http.Request) {
	var req iti.ClearingPayment
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, iti.ClearingResult{Status: iti.PaymentRefused, Reason: "the payment is not valid JSON: " + err.Error()})
		return
	}
	res := s.Pay(r.Context(), req)
	writeJSON(w, http.StatusOK, res)
}

// Pay handles one payment from a wallet: it checks the payer, routes by the
// code's GUI, delivers to the payee and records the outcome. A repeated
// payer reference gets the first answer again, so a retried request never
// pays twice.
func (s *Switch) Pay(ctx context.Context, req iti.ClearingPayment) iti.ClearingResult {
	key := req.PayerWallet + "\x00" + req.PayerRef
	s.mu.Lock()
	if req.PayerRef != "" {
		// A repeat that arrives while the first is still being handled
		// waits for its answer: the switch pays each reference once,
		// however close together the copies come.
		for s.pending[key] != nil {
			wait := s.pending[key]
			s.mu.Unlock()
			select {
			case <-wait:
			case <-ctx.Done():
				return iti.ClearingResult{Status: iti.PaymentRefused, Reason: "the payment was given up before the switch answered"}
			}
			s.mu.Lock()
		}
		if res, ok := s.done[key]; ok {
			s.mu.Unlock()
			return res
		}
		if s.pending == nil {
			s.pending = map[string]chan struct{}{}
		}
		s.pending[key] = make(chan struct{})
	}
	s.n++
	ref := fmt.Sprintf("SW%06d", s.n)
	payer, known := s.byID[req.PayerWallet]
	h := s.held[req.Payload]
	s.mu.Unlock()
	if h != nil {
		t := time.NewTimer(h.max)
		select {
		case <-t.C:
		case <-h.done:
		case <-ctx.Done():
		}
		t.Stop()
	}

	rec := Record{SwitchRef: ref, PayerWallet: req.PayerWallet, PayerRef: req.PayerRef, Payload: req.Payload, Amount: req.Amount, Currency: req.Currency}
	refuse := func(reason string) iti.ClearingResult {
		rec.Status, rec.Reason = iti.PaymentRefused, reason
		return s.finish(key, rec)
	}
	switch {
	case !known:
		return refuse(fmt.Sprintf("payer wallet %q is not a participant of the switch", req.PayerWallet))
	case req.PayerRef == "":
		return refuse("the payment has no payer reference")
	case len(req.Currency) != 3:
		// Either ISO 4217 form will do ("156" or "CNY"); whether it is the
		// code's currency is the payee's to judge.
		return refuse(fmt.Sprintf("currency %q is not an ISO 4217 code (numeric, \"156\", or alphabetic, \"CNY\")", req.Currency))
	}
	if n, err := money.Parse(req.Amount); err != nil || n <= 0 {
		return refuse(fmt.Sprintf("amount %q is not a positive amount", req.Amount))
	}
	payee, url, err := s.route(req.Payload)
	if err != nil {
		return refuse(err.Error())
	}
	rec.GUI, rec.Payee = payee.GUI, payee.ID
	ans, err := s.deliver(ctx, url, iti.ClearingDelivery{SwitchRef: ref, PayerWallet: req.PayerWallet, PayerTier: payer.Tier,
		GUI: payee.GUI, Payload: req.Payload, Amount: req.Amount, Currency: req.Currency})
	if err != nil {
		return refuse(fmt.Sprintf("the payee institution %s did not answer properly: %v", payee.ID, err))
	}
	if ans.Status != iti.PaymentAccepted {
		reason := ans.Reason
		if reason == "" {
			reason = "refused by the payee institution without a reason"
		}
		return refuse(reason)
	}
	rec.Status = iti.PaymentAccepted
	return s.finish(key, rec)
}

func (s *Switch) finish(key string, rec Record) iti.ClearingResult {
	res := iti.ClearingResult{Status: rec.Status, SwitchRef: rec.SwitchRef, Payee: rec.Payee, Reason: rec.Reason}
	s.mu.Lock()
	s.records = append(s.records, rec)
	if rec.PayerRef != "" {
		s.done[key] = res
		if c := s.pending[key]; c != nil {
			close(c)
			delete(s.pending, key)
		}
	}
	s.mu.Unlock()
	return res
}

func (s *Switch) deliver(ctx context.Context, url string, d iti.ClearingDelivery) (iti.DeliveryAnswer, error) {
	var ans iti.DeliveryAnswer
	body, _ := json.Marshal(d)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return ans, err
	}
	req.Header.Set("Content-Type", "application/json")
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return ans, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return ans, err
	}
	if err := json.Unmarshal(data, &ans); err != nil {
		return ans, fmt.Errorf("status %d, and the answer is not the JSON expected: %v", resp.StatusCode, err)
	}
	if ans.Status != iti.PaymentAccepted && ans.Status != iti.PaymentRefused {
		return ans, fmt.Errorf("status %d, answer status %q is neither accepted nor refused", resp.StatusCode, ans.Status)
	}
	return ans, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
