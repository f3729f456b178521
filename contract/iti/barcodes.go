package iti

import (
	"context"
	"fmt"
	"net/http"
)

// Roles of the barcode family.
const (
	// RoleAcquirer issues merchant-presented codes and accepts payment on
	// them from any wallet through the clearing switch.
	RoleAcquirer = "acquirer"
	// RoleWallet scans merchant-presented codes and pays them through the
	// clearing switch.
	RoleWallet = "wallet"
)

// AcquirerFixtures tells an acquirer what the world looks like in this
// session.
type AcquirerFixtures struct {
	// ClearingURL is the root of the clearing switch the acquirer is
	// connected to; its participant directory is at ClearingURL+"/participants".
	ClearingURL string `json:"clearing_url"`
	// GUI is the globally unique identifier the clearing switch routes
	// payments to this acquirer by. Codes that are to be payable by every
	// connected wallet carry it in a merchant account template (IDs 26-51,
	// sub-ID 00).
	GUI string `json:"gui"`
}

// WalletFixtures tells a wallet what the world looks like in this session.
type WalletFixtures struct {
	// ClearingURL is the root of the clearing switch: payments go to
	// ClearingURL+"/payments", the directory is at ClearingURL+"/participants".
	ClearingURL string `json:"clearing_url"`
	// WalletID is the wallet's participant id at the switch; it goes in
	// every payment the wallet sends.
	WalletID string `json:"wallet_id"`
	// AffiliatedGUIs are the identifiers of acquirers in the wallet's own
	// corporate group. Every other acquirer is a rival.
	AffiliatedGUIs []string `json:"affiliated_guis"`
	// Customers are the wallet's customers in this session, with their
	// opening balances.
	Customers []WalletCustomer `json:"customers"`
}

// WalletCustomer is a customer of the wallet and the opening balance.
type WalletCustomer struct {
	ID string `json:"id"`
	// Balance is in yuan, e.g. "1000.00".
	Balance string `json:"balance"`
}

// Code kinds (EMV point of initiation method).
const (
	CodeStatic  = "static"  // the payer enters the amount; "11"
	CodeDynamic = "dynamic" // one payment of a fixed amount; "12"
)

// CodeMerchant is a merchant an acquirer serves, as its codes name it. (The
// platform role's Merchant is a checkout's merchant: a different record.)
type CodeMerchant struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	City string `json:"city"`
	// Category is the ISO 18245 merchant category code.
	Category string `json:"category"`
}

// CodeRequest asks an acquirer to issue a code for a merchant.
type CodeRequest struct {
	Merchant CodeMerchant `json:"merchant"`
	Kind     string       `json:"kind"`
	// Amount and Currency (ISO 4217 numeric, "156" for CNY) are set for
	// dynamic codes only.
	Amount   string `json:"amount,omitempty"`
	Currency string `json:"currency,omitempty"`
}

// IssuedCode is a code as the acquirer hands it to the merchant: the
// payload and the image a customer scans.
type IssuedCode struct {
	CodeID  string `json:"code_id"`
	Kind    string `json:"kind"`
	Payload string `json:"payload"`
	// PNG is the code's image (base64 in JSON).
	PNG []byte `json:"png"`
}

// AcquirerInfo is what the harness needs to connect an acquirer to the
// clearing switch in this session.
type AcquirerInfo struct {
	// PaymentsURL is the acquirer's endpoint the clearing switch delivers
	// payments to (POST, a ClearingDelivery).
	PaymentsURL string `json:"payments_url"`
}

// ReceivedPayment is a payment an acquirer accepted or refused.
type ReceivedPayment struct {
	PaymentID   string `json:"payment_id"`
	SwitchRef   string `json:"switch_ref"`
	MerchantID  string `json:"merchant_id"`
	PayerWallet string `json:"payer_wallet"`
	Amount      string `json:"amount"`
	// Currency is ISO 4217, numeric ("156") or alphabetic ("CNY", any
	// letter case).
	Currency string `json:"currency"`
	// Status is "accepted" or "refused".
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// ReceivedPayments lists a merchant's payments.
type ReceivedPayments struct {
	Payments []ReceivedPayment `json:"payments"`
}

// ScanRequest has a wallet's customer scan a code and pay it. Exactly one of
// Image and Payload is set: Image is the code's picture, Payload the text a
// scanner read from it.
type ScanRequest struct {
	Customer string `json:"customer"`
	Image    []byte `json:"image,omitempty"`
	Payload  string `json:"payload,omitempty"`
	// Amount is what the customer types in for a static code; ignored for
	// dynamic codes, whose amount is in the code.
	Amount string `json:"amount,omitempty"`
}

// Scan outcomes.
const (
	// ScanPaid: the payment went through.
	ScanPaid = "paid"
	// ScanRejected: the code itself was refused; no payment prompt shown.
	ScanRejected = "rejected"
	// ScanDeclined: the customer was prompted but the payment did not go
	// through (limit reached, already paid, refused by the payee).
	ScanDeclined = "declined"
)

// ScanResult is what happened when the customer scanned a code.
type ScanResult struct {
	Outcome string `json:"outcome"`
	// Prompted says whether a payment prompt was shown to the customer.
	Prompted bool `json:"prompted"`
	// Reason says why a code was rejected or a payment declined.
	Reason    string `json:"reason,omitempty"`
	PaymentID string `json:"payment_id,omitempty"`
	Amount    string `json:"amount,omitempty"`
	Currency  string `json:"currency,omitempty"`
	Payee     string `json:"payee,omitempty"`
	// PageURL, from an implementation that announces CapabilityPages, is
	// the wallet's screen as the customer saw it after the scan, before
	// confirming anything: a payment prompt, an element marked
	// data-iti-prompt, or the code's refusal, an element marked
	// data-iti-refusal whose text is the reason.
	PageURL string `json:"page_url,omitempty"`
}

// Movement is one change of a customer's balance.
type Movement struct {
	ID string `json:"id"`
	// Amount is negative for a debit, e.g. "-12.50".
	Amount      string `json:"amount"`
	Currency    string `json:"currency"`
	PaymentID   string `json:"payment_id,omitempty"`
	Description string `json:"description"`
}

// Movements is a customer's balance and its movements in this session. The
// opening balance may be listed as a movement or not; if it is, as a credit
// of exactly the opening balance, first or last in the list.
type Movements struct {
	Customer  string     `json:"customer"`
	Balance   string     `json:"balance"`
	Movements []Movement `json:"movements"`
}

// ClearingPayment is what a wallet sends to the clearing switch to pay a
// scanned code (POST ClearingURL/payments).
type ClearingPayment struct {
	PayerWallet string `json:"payer_wallet"`
	// PayerRef is the wallet's own id for the payment; the switch refuses
	// a second payment with the same PayerWallet and PayerRef.
	PayerRef string `json:"payer_ref"`
	Payload  string `json:"payload"`
	Amount   string `json:"amount"`
	// Currency is the code's, in ISO 4217: numeric as the code's ID 53
	// carries it ("156"), or alphabetic ("CNY", any letter case).
	Currency string `json:"currency"`
}

// ClearingResult is the switch's answer to a ClearingPayment.
type ClearingResult struct {
	// Status is "accepted" or "refused".
	Status    string `json:"status"`
	SwitchRef string `json:"switch_ref,omitempty"`
	Payee     string `json:"payee,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// ClearingDelivery is what the switch delivers to the payee institution
// (POST to the acquirer's PaymentsURL).
type ClearingDelivery struct {
	SwitchRef   string `json:"switch_ref"`
	PayerWallet string `json:"payer_wallet"`
	// PayerTier is the payer institution's tier in the switch's directory:
	// "top" or "tail".
	PayerTier string `json:"payer_tier"`
	GUI       string `json:"gui"`
	Payload   string `json:"payload"`
	Amount    string `json:"amount"`
	Currency  string `json:"currency"`
}

// DeliveryAnswer is the payee institution's answer to a ClearingDelivery.
type DeliveryAnswer struct {
	// Status is "accepted" or "refused".
	Status    string `json:"status"`
	PaymentID string `json:"payment_id,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// Payment statuses at the switch and the payee.
const (
	PaymentAccepted = "accepted"
	PaymentRefused  = "refused"
)

// Participant is an entry of the switch's published directory.
type Participant struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is "acquirer" or "wallet".
	Kind string `json:"kind"`
	// Tier is "top" or "tail".
	Tier string `json:"tier"`
	// GUI is the identifier payments are routed to it by ("" for a wallet
	// that only pays).
	GUI string `json:"gui,omitempty"`
}

// Directory is the switch's published participant list.
type Directory struct {
	Participants []Participant `json:"participants"`
}

// AcquirerInfo asks the acquirer where the switch should deliver payments.
func (s *Session) AcquirerInfo(ctx context.Context) (AcquirerInfo, error) {
	var out AcquirerInfo
	err := s.c.do(ctx, "ask the acquirer where it receives payments", http.MethodGet, s.path("acquirer"), nil, http.StatusOK, &out)
	return out, err
}

func (o *AcquirerInfo) unusable() string { return noID(o.PaymentsURL, "payments URL") }

// IssueCode asks the acquirer to issue a code for a merchant.
func (s *Session) IssueCode(ctx context.Context, req CodeRequest) (IssuedCode, error) {
	var out IssuedCode
	err := s.c.do(ctx, "issue a "+req.Kind+" code for merchant "+req.Merchant.ID, http.MethodPost, s.path("acquirer", "codes"), req, http.StatusCreated, &out)
	return out, err
}

func (o *IssuedCode) unusable() string {
	if o.Payload == "" || len(o.PNG) == 0 {
		return "the answer gives no payload or no image"
	}
	return ""
}

// ReceivedPayments lists the payments the acquirer received for a merchant.
func (s *Session) ReceivedPayments(ctx context.Context, merchant string) ([]ReceivedPayment, error) {
	var out ReceivedPayments
	err := s.c.do(ctx, "list the payments merchant "+merchant+" received", http.MethodGet, s.path("acquirer", "merchants", merchant, "payments"), nil, http.StatusOK, &out)
	return out.Payments, err
}

// Scan has a customer scan a code and pay it.
func (s *Session) Scan(ctx context.Context, req ScanRequest) (ScanResult, error) {
	var out ScanResult
	err := s.c.do(ctx, "have "+req.Customer+" scan and pay a code", http.MethodPost, s.path("wallet", "scans"), req, http.StatusOK, &out)
	return out, err
}

func (o *ScanResult) unusable() string {
	if o.Outcome != ScanPaid && o.Outcome != ScanRejected && o.Outcome != ScanDeclined {
		return fmt.Sprintf("the answer's outcome %.40q is none of paid, rejected, declined", o.Outcome)
	}
	return ""
}

// Movements returns a customer's balance and its movements.
func (s *Session) Movements(ctx context.Context, customer string) (Movements, error) {
	var out Movements
	err := s.c.do(ctx, "read "+customer+"'s balance movements", http.MethodGet, s.path("wallet", "customers", customer, "movements"), nil, http.StatusOK, &out)
	return out, err
}
