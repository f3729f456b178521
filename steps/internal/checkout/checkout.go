// Package checkout is the world the PAY and SEC families share, so that
// neither family's steps package imports the other's: the wallets the
// harness plays (mocks/institution), the merchants that enable them, the
// platform they are connected to, the orders placed, and the consumer's
// device following handoffs and links. PAY's words set it up and use it
// (steps/payments); SEC's words attack it (steps/security).
//
// Here "wallet" is a mock institution a consumer pays with, never the
// implementation under test.
package checkout

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// State is one scenario's checkout world.
type State struct {
	Wallets   map[string]*Wallet
	Merchants map[string]*iti.MerchantRequest
	// NotifyURL and PlatformID are what the platform told the wallets
	// when it connected them; an attacker uses them too.
	NotifyURL  string
	PlatformID string
	// PlatformKey is the platform's public key as it gave it; an attacker
	// holds it too, as every connected institution does.
	PlatformKey string

	// Checkouts are the scenario's orders, in the order placed; "the
	// order" is the first.
	Checkouts []iti.Checkout
	// Handoff is the consumer's last choice of a wallet, and Landing where
	// the device last ended up following a link.
	Handoff *iti.Handoff
	Landing *Landing
	// Link is the help-me-pay link the consumer shared.
	Link *iti.PayOnBehalfLink

	// The platform is set up once, with the wallets and merchants in the
	// order the Given steps named them.
	walletSeq []string
	merchSeq  []string
	ready     bool
}

// Wallet is a wallet the harness plays.
type Wallet struct {
	Mock *institution.Institution
	Host string
	// Fee is what the wallet charges payers, in minor units.
	Fee int64
}

// From returns the scenario's checkout world.
func From(ctx context.Context) *State {
	s := scenario.State[State](ctx)
	if s.Wallets == nil {
		s.Wallets = map[string]*Wallet{}
		s.Merchants = map[string]*iti.MerchantRequest{}
	}
	return s
}

// User is the consumer id the harness uses for a person named in a feature.
func User(name string) string { return strings.ToLower(name) }

// AddWallet sets up a wallet of tier for the platform to connect.
func AddWallet(ctx context.Context, name, tier string) error {
	s := From(ctx)
	if s.ready {
		return fmt.Errorf("wallet %q is set up after the platform was already in use; set up wallets in Given steps first", name)
	}
	w := scenario.From(ctx)
	client := &http.Client{Transport: &evidence.Transport{Base: w.Env.Transport, From: name + " wallet", Log: w.Log}, Timeout: w.Env.Timeout}
	m := institution.New(name, name, tier, client)
	host := w.Mock("wallet."+name, name+" wallet", m)
	s.Wallets[name] = &Wallet{Mock: m, Host: host}
	s.walletSeq = append(s.walletSeq, name)
	return nil
}

// AddMerchant sets up a merchant, or changes it; once the platform is in
// use, the change goes to the platform at once.
func AddMerchant(ctx context.Context, name string, m iti.MerchantRequest) error {
	s := From(ctx)
	for _, n := range m.EnabledInstitutions {
		if s.Wallets[n] == nil {
			return fmt.Errorf("merchant %q enables wallet %q, which no Given step set up", name, n)
		}
	}
	if s.Merchants[name] == nil {
		s.merchSeq = append(s.merchSeq, name)
	}
	s.Merchants[name] = &m
	if s.ready {
		sess, err := scenario.From(ctx).Session(ctx)
		if err != nil {
			return err
		}
		_, err = sess.SetMerchant(ctx, name, m)
		return err
	}
	return nil
}

// SetFee sets the fee a wallet charges payers, an amount such as "1.00 CNY".
func SetFee(ctx context.Context, name, amount string) error {
	s := From(ctx)
	wi := s.Wallets[name]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", name)
	}
	if s.ready {
		return fmt.Errorf("the fee of %q is set after the platform was already in use", name)
	}
	fee, _, err := Money(amount)
	wi.Fee = fee
	return err
}

// Platform opens the session and connects the wallets and merchants, once.
func Platform(ctx context.Context) (*iti.Session, error) {
	s := From(ctx)
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil || s.ready {
		return sess, err
	}
	s.ready = true
	wait := decoyPlatform(ctx)
	defer wait()
	for _, name := range s.walletSeq {
		accepted, why, err := connect(ctx, sess, name)
		if err != nil {
			return nil, err
		}
		if !accepted {
			return nil, fmt.Errorf("the platform refused to connect %s (%s): %q", name, s.Wallets[name].Mock.Tier, why)
		}
	}
	// The decoy's merchants are set up before the scenario's own.
	wait()
	for _, name := range s.merchSeq {
		if _, err := sess.SetMerchant(ctx, name, *s.Merchants[name]); err != nil {
			return nil, err
		}
	}
	return sess, nil
}

// connect asks the platform to connect the wallet name and tells the wallet
// what the platform answered; it reports whether the platform accepted it,
// and if not, why.
func connect(ctx context.Context, sess *iti.Session, name string) (bool, string, error) {
	s := From(ctx)
	wi := s.Wallets[name]
	w := scenario.From(ctx)
	c, err := sess.ConnectInstitution(ctx, name, iti.InstitutionRequest{Name: name, Tier: wi.Mock.Tier,
		HandoffURL: w.URL(wi.Host, institution.HandoffPath), RefundURL: w.URL(wi.Host, institution.RefundPath),
		Capabilities:    []string{iti.CapabilityDirectHandoff, iti.CapabilityRefund},
		NotifyPublicKey: wi.Mock.PublicKey(), PayerFeeMinor: wi.Fee})
	if err != nil {
		return false, "", err
	}
	if c.Decision != iti.DecisionAccepted {
		return false, c.Reason, nil
	}
	if err := wi.Mock.Connect(c); err != nil {
		return false, "", fmt.Errorf("connecting %s: %w", name, err)
	}
	s.NotifyURL, s.PlatformID, s.PlatformKey = c.NotifyURL, c.PlatformID, c.PlatformPublicKey
	return true, "", nil
}

// JoinWallet sets up one more wallet while the platform is in use: the
// wallet id (any string the contract allows, such as a Chinese name) on a
// mock host of its own labelled host, of tier, charging payers fee minor
// units. It is connected at once; when the platform refuses it, JoinWallet
// returns nil and the platform's reason, and the wallet is not kept, since
// whom a platform admits is the ACCESS family's concern, not what a
// checkout does with the wallets it admitted.
func JoinWallet(ctx context.Context, id, host, tier string, fee int64) (*Wallet, string, error) {
	s := From(ctx)
	if s.Wallets[id] != nil {
		return s.Wallets[id], "", nil
	}
	sess, err := Platform(ctx)
	if err != nil {
		return nil, "", err
	}
	w := scenario.From(ctx)
	client := &http.Client{Transport: &evidence.Transport{Base: w.Env.Transport, From: id + " wallet", Log: w.Log}, Timeout: w.Env.Timeout}
	m := institution.New(id, id, tier, client)
	wi := &Wallet{Mock: m, Host: w.Mock("wallet."+host, id+" wallet", m), Fee: fee}
	s.Wallets[id] = wi
	accepted, why, err := connect(ctx, sess, id)
	if err != nil || !accepted {
		delete(s.Wallets, id)
		return nil, why, err
	}
	return wi, "", nil
}

// Received is the handoff with the wallet's record id that inst received, or
// nil if it has none.
func Received(ctx context.Context, inst, id string) *institution.Handoff {
	wi := From(ctx).Wallets[inst]
	if wi == nil || id == "" {
		return nil
	}
	for _, h := range wi.Mock.Handoffs() {
		if h.ID == id {
			return &h
		}
	}
	return nil
}

// LastHandoff is the last handoff inst received, or nil if none reached it.
func LastHandoff(ctx context.Context, inst string) (*institution.Handoff, error) {
	wi := From(ctx).Wallets[inst]
	if wi == nil {
		return nil, fmt.Errorf("no wallet %q was set up", inst)
	}
	hs := wi.Mock.Handoffs()
	if len(hs) == 0 {
		return nil, nil
	}
	return &hs[len(hs)-1], nil
}
