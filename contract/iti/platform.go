package iti

import (
	"context"
	"net/http"
	"time"
)

// The platform role: a checkout that hosts payment methods. The harness
// connects payment institutions (played by mock wallets), lets merchants
// enable them, checks out as a consumer and reads what the consumer is shown.
// The handoff, the wallet's payment notice and the pay-on-behalf link are real
// artefacts the harness follows or sends; the ITI only starts them.

// Institution tiers: the platform's own group's wallet, a large rival, a
// small ("tail") institution.
const (
	TierAffiliated = "affiliated"
	TierTop        = "top"
	TierTail       = "tail"
)

// Tiers are the institution tiers, the platform's own group first.
var Tiers = []string{TierAffiliated, TierTop, TierTail}

// Capabilities an institution declares when it connects.
const (
	CapabilityDirectHandoff = "direct_handoff" // consumers can be handed straight into it
	CapabilityRefund        = "refund"         // it accepts refunds of its payments
)

// InstitutionRequest connects a payment institution to the platform.
type InstitutionRequest struct {
	Name string `json:"name"`
	Tier string `json:"tier"`
	// HandoffURL is where consumers are handed to; the platform adds the
	// signed handoff parameters (see contract/paysign) to its query.
	HandoffURL string `json:"handoff_url"`
	// RefundURL receives signed refund orders from the platform.
	RefundURL    string   `json:"refund_url"`
	Capabilities []string `json:"capabilities"`
	// NotifyPublicKey verifies the institution's payment notices (Ed25519,
	// base64).
	NotifyPublicKey string `json:"notify_public_key"`
	// PayerFeeMinor is a fee the institution charges payers per payment, in
	// minor units; the platform must show it before the consumer confirms.
	PayerFeeMinor int64 `json:"payer_fee_minor"`
}

// Connection decisions.
const (
	DecisionAccepted = "accepted"
	DecisionRefused  = "refused"
)

// InstitutionConnection is the platform's decision on a connection.
type InstitutionConnection struct {
	InstitutionID string `json:"institution_id"`
	Decision      string `json:"decision"`
	Reason        string `json:"reason"`
	// ReasonCodes name the published criteria (ConnectionCriteria) a
	// refused institution does not meet.
	ReasonCodes []string         `json:"reason_codes,omitempty"`
	Terms       InstitutionTerms `json:"terms"`
	// NotifyURL is where the institution sends its payment notices. Every
	// institution gets the same interface: one origin and one form of
	// address, in which one part (a path segment or a query value) may be
	// the institution's own, such as its id or a token.
	NotifyURL string `json:"notify_url"`
	// PlatformID is what the platform calls itself in handoffs.
	PlatformID string `json:"platform_id"`
	// PlatformPublicKey verifies the platform's handoffs and refund orders
	// (Ed25519, base64).
	PlatformPublicKey string `json:"platform_public_key"`
}

// InstitutionTerms are what the platform asks of a connected institution.
type InstitutionTerms struct {
	// FeeRateBP is the platform's fee on each payment, in basis points.
	FeeRateBP int `json:"fee_rate_bp"`
	// SettlementDays is how long the platform takes to settle, in days.
	SettlementDays int `json:"settlement_days"`
	// Conditions are anything further the institution must provide or
	// lodge before it goes live (a deposit, documents), in plain words.
	Conditions []string `json:"conditions,omitempty"`
}

// Merchant brand tiers.
const (
	BrandOrdinary = "ordinary"
	BrandFlagship = "flagship"
)

// MerchantRequest sets up a merchant and the institutions it enabled.
type MerchantRequest struct {
	Name                string   `json:"name"`
	BrandTier           string   `json:"brand_tier"`
	EnabledInstitutions []string `json:"enabled_institutions"`
}

// Merchant is a merchant as the platform recorded it.
type Merchant struct {
	MerchantID          string   `json:"merchant_id"`
	Name                string   `json:"name"`
	BrandTier           string   `json:"brand_tier"`
	EnabledInstitutions []string `json:"enabled_institutions"`
}

// CheckoutRequest places an order and opens its payment screen.
type CheckoutRequest struct {
	MerchantID  string `json:"merchant_id"`
	Consumer    string `json:"consumer"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
	Description string `json:"description"`
}

// Checkout is the payment screen as the consumer sees it.
type Checkout struct {
	OrderID     string `json:"order_id"`
	MerchantID  string `json:"merchant_id"`
	Consumer    string `json:"consumer"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
	// Options are the payment methods offered, in the order shown.
	Options []PaymentOption `json:"options"`
	// PageURL, from an implementation that announces CapabilityPages, is
	// the payment screen as the consumer sees it: each option on it is an
	// element marked data-iti-option="INSTITUTION_ID".
	PageURL string `json:"page_url,omitempty"`
}

// Where an option is shown.
const (
	ScreenFirst = "first" // on the first payment screen
	ScreenMore  = "more"  // behind "more payment methods"
)

// How prominently an option is shown.
const (
	ProminenceHighlighted = "highlighted"
	ProminenceStandard    = "standard"
	ProminenceReduced     = "reduced"
)

// PaymentOption is one payment method on the payment screen.
type PaymentOption struct {
	InstitutionID string `json:"institution_id"`
	Label         string `json:"label"`
	Position      int    `json:"position"`
	Screen        string `json:"screen"`
	Prominence    string `json:"prominence"`
	Preselected   bool   `json:"preselected"`
	// Fees are shown with the option, each with what it is for.
	Fees []Fee `json:"fees"`
	// TotalMinor is the total shown for paying with this option.
	TotalMinor int64 `json:"total_minor"`
}

// Fee is one fee shown to the consumer.
type Fee struct {
	Label       string `json:"label"`
	AmountMinor int64  `json:"amount_minor"`
}

// ChoiceRequest chooses a payment method.
type ChoiceRequest struct {
	InstitutionID string `json:"institution_id"`
}

// Handoff kinds.
const (
	HandoffRedirect = "redirect"  // a web link that redirects into the wallet
	HandoffDeepLink = "deep_link" // a link the wallet itself serves
	HandoffQRCode   = "qr_code"   // a QR code to save and scan in the wallet
)

// Handoff is how the platform passes the consumer to the wallet.
type Handoff struct {
	OrderID       string `json:"order_id"`
	InstitutionID string `json:"institution_id"`
	Kind          string `json:"kind"`
	// URL is what the consumer's device opens (or what the QR code encodes).
	URL string `json:"url"`
	// Instruction is anything the consumer is told to do first.
	Instruction string `json:"instruction"`
}

// Order states.
const (
	OrderUnpaid   = "unpaid"
	OrderPaid     = "paid"
	OrderRefunded = "refunded"
)

// Order is the platform's record of an order.
type Order struct {
	OrderID     string `json:"order_id"`
	MerchantID  string `json:"merchant_id"`
	Consumer    string `json:"consumer"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
	Status      string `json:"status"`
	// PaidWith is the institution the order was paid with.
	PaidWith        string   `json:"paid_with"`
	AmountPaidMinor int64    `json:"amount_paid_minor"`
	Credits         []Credit `json:"credits"`
	Refunds         []Refund `json:"refunds"`
}

// Credit is a payment the platform credited to an order.
type Credit struct {
	InstitutionID  string `json:"institution_id"`
	NotificationID string `json:"notification_id"`
	WalletTxnID    string `json:"wallet_txn_id"`
	AmountMinor    int64  `json:"amount_minor"`
	Currency       string `json:"currency"`
}

// RefundRequest refunds an order.
type RefundRequest struct {
	AmountMinor int64  `json:"amount_minor"`
	Reason      string `json:"reason"`
}

// Refund is a refund as the platform recorded it.
type Refund struct {
	RefundID      string `json:"refund_id"`
	InstitutionID string `json:"institution_id"`
	AmountMinor   int64  `json:"amount_minor"`
	Currency      string `json:"currency"`
	Status        string `json:"status"`
}

// PayOnBehalfRequest asks for a "help me pay" link for an order.
type PayOnBehalfRequest struct {
	Requester string `json:"requester"`
}

// PayOnBehalfLink is a link a consumer shares with a friend. Opening it
// leads to a page that names the order (meta hutong:order) and offers each
// wallet as <a data-institution="ID" href="...">, whose link hands the
// friend to that wallet.
type PayOnBehalfLink struct {
	OrderID   string    `json:"order_id"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ClockRequest moves the session's clock forward, so that expiry can be
// tested without waiting.
type ClockRequest struct {
	AdvanceSeconds int64 `json:"advance_seconds"`
}

// Clock is the session's time after a move.
type Clock struct {
	Now time.Time `json:"now"`
}

// PaymentNotice is what a wallet sends to the platform's notify URL when a
// payment completes: the raw JSON body, signed with the wallet's key in the
// paysign.SignatureHeader header.
type PaymentNotice struct {
	NotificationID string    `json:"notification_id"`
	InstitutionID  string    `json:"institution_id"`
	PlatformID     string    `json:"platform_id"`
	OrderID        string    `json:"order_id"`
	WalletTxnID    string    `json:"wallet_txn_id"`
	AmountMinor    int64     `json:"amount_minor"`
	Currency       string    `json:"currency"`
	Payee          string    `json:"payee"`
	Payer          string    `json:"payer"`
	Status         string    `json:"status"`
	PaidAt         time.Time `json:"paid_at"`
}

// WalletRefund is the refund order a platform sends to a wallet's refund
// URL, signed with the platform's key in the paysign.SignatureHeader header.
type WalletRefund struct {
	RefundID      string `json:"refund_id"`
	PlatformID    string `json:"platform_id"`
	InstitutionID string `json:"institution_id"`
	OrderID       string `json:"order_id"`
	WalletTxnID   string `json:"wallet_txn_id"`
	AmountMinor   int64  `json:"amount_minor"`
	Currency      string `json:"currency"`
}

// WalletRefundResult is a wallet's answer to a refund order.
type WalletRefundResult struct {
	RefundID string `json:"refund_id"`
	Status   string `json:"status"`
}

// ConnectInstitution connects a payment institution and returns the
// platform's decision.
func (s *Session) ConnectInstitution(ctx context.Context, id string, req InstitutionRequest) (InstitutionConnection, error) {
	var out InstitutionConnection
	err := s.c.do(ctx, "connect the payment institution "+id, http.MethodPut, s.path("platform", "institutions", id), req, http.StatusOK, &out)
	return out, err
}

// SetMerchant sets up a merchant and the institutions it enabled.
func (s *Session) SetMerchant(ctx context.Context, id string, req MerchantRequest) (Merchant, error) {
	var out Merchant
	err := s.c.do(ctx, "set up the merchant "+id, http.MethodPut, s.path("platform", "merchants", id), req, http.StatusOK, &out)
	return out, err
}

// Checkout places an order and returns its payment screen.
func (s *Session) Checkout(ctx context.Context, req CheckoutRequest) (Checkout, error) {
	var out Checkout
	err := s.c.do(ctx, "check out at "+req.MerchantID, http.MethodPost, s.path("platform", "checkouts"), req, http.StatusCreated, &out)
	return out, err
}

func (o *Checkout) unusable() string { return noID(o.OrderID, "order id") }

// Choose chooses a payment method for an order and returns the handoff.
func (s *Session) Choose(ctx context.Context, order string, req ChoiceRequest) (Handoff, error) {
	var out Handoff
	err := s.c.do(ctx, "choose to pay order "+order+" with "+req.InstitutionID, http.MethodPost, s.path("platform", "orders", order, "choice"), req, http.StatusOK, &out)
	return out, err
}

// Order returns the platform's record of an order.
func (s *Session) Order(ctx context.Context, order string) (Order, error) {
	var out Order
	err := s.c.do(ctx, "read order "+order, http.MethodGet, s.path("platform", "orders", order), nil, http.StatusOK, &out)
	return out, err
}

// Refund refunds an order.
func (s *Session) Refund(ctx context.Context, order string, req RefundRequest) (Refund, error) {
	var out Refund
	err := s.c.do(ctx, "refund order "+order, http.MethodPost, s.path("platform", "orders", order, "refunds"), req, http.StatusCreated, &out)
	return out, err
}

// PayOnBehalf asks for a "help me pay" link for an order.
func (s *Session) PayOnBehalf(ctx context.Context, order string, req PayOnBehalfRequest) (PayOnBehalfLink, error) {
	var out PayOnBehalfLink
	err := s.c.do(ctx, "ask for a pay-on-behalf link for order "+order, http.MethodPost, s.path("platform", "orders", order, "pay-on-behalf"), req, http.StatusCreated, &out)
	return out, err
}

func (o *PayOnBehalfLink) unusable() string { return noID(o.URL, "link") }

// AdvanceClock moves the session's clock forward.
func (s *Session) AdvanceClock(ctx context.Context, d time.Duration) (Clock, error) {
	var out Clock
	err := s.c.do(ctx, "move the session's clock forward by "+d.String(), http.MethodPost, s.path("platform", "clock"), ClockRequest{AdvanceSeconds: int64(d / time.Second)}, http.StatusOK, &out)
	return out, err
}
