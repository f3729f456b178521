package platform

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// Violation switches of the SEC threat models: each is a way real
// verifiers of payment notices, signers of handoffs and keepers of
// pay-on-behalf links have gone wrong, and each lets through a class of the
// threats that features/security/security.feature lists. A switch covers a
// class rather than one threat where the threats share a cause; the threat
// sensitivity test (internal/runner) checks which threats each one lets
// through, not only which requirement fails.
const (
	// SEC-01: who signed the notice.
	NoticesSignatureOptional = "notices-signature-optional"
	NoticesKeyConfusion      = "notices-key-confusion"
	NoticesTrustedNames      = "notices-trusted-names"
	NoticesSignatureCache    = "notices-signature-cache"
	// SEC-02: a notice believed once.
	ReplayGuardWeak       = "replay-guard-weak"
	NoticesMatchedLoosely = "notices-matched-loosely"
	// SEC-03: what was handed off is what was paid.
	NoticesComparedLoosely       = "notices-compared-loosely"
	HandoffSignatureWithoutOrder = "handoff-signature-without-order"
	// SEC-04: a link pays its own order, once, while it lasts.
	OnBehalfLinksLenient = "on-behalf-links-lenient"
)

// noticeThreats are the switches that take a notice down the flawed path.
var noticeThreats = []string{NoticesSignatureOptional, NoticesKeyConfusion, NoticesTrustedNames, NoticesSignatureCache,
	ReplayGuardWeak, NoticesMatchedLoosely, NoticesComparedLoosely}

// ReplayMemory is how long replay-guard-weak remembers a notice.
const ReplayMemory = 24 * time.Hour

// RiskCheckDelay is the gap replay-guard-weak leaves between checking a
// notice and recording it: the call to a risk service a real platform makes
// there, during which a second copy of the notice passes the same check.
const RiskCheckDelay = 50 * time.Millisecond

// OnBehalfGrace is how long on-behalf-links-lenient keeps a link working
// past its expiry time.
const OnBehalfGrace = time.Hour

// threats is what the flawed paths remember; the compliant path never
// touches it.
type threats struct {
	// verified are signatures that verified once (notices-signature-cache).
	verified map[string]bool
	// seen is when each notice was first taken (replay-guard-weak), by
	// notification id, or by order and notification id
	// (notices-matched-loosely).
	seen map[string]time.Time
}

func (s *State) noticeThreat() bool {
	return slices.ContainsFunc(noticeThreats, s.violates)
}

// notifyFlawed takes a notice as Notify does, but with the flaws the
// notice switches name. Callers hold nothing; it takes s.mu itself, because
// replay-guard-weak lets go of it between the check and the record.
func (s *State) notifyFlawed(body []byte, sig string, n iti.PaymentNotice) (int, string) {
	s.mu.Lock()
	locked := true
	defer func() {
		if locked {
			s.mu.Unlock()
		}
	}()
	if s.t.verified == nil {
		s.t.verified, s.t.seen = map[string]bool{}, map[string]time.Time{}
	}
	in := s.institutions[n.InstitutionID]
	unknown := false
	switch {
	case in == nil && s.violates(NoticesTrustedNames):
		// "An institution we have not connected yet is being onboarded."
		unknown = true
	case in == nil:
		return http.StatusForbidden, fmt.Sprintf("institution %q is not connected", n.InstitutionID)
	case in.req.Tier == iti.TierAffiliated && s.violates(NoticesTrustedNames):
		// "Our own group's wallet is internal traffic."
	case !s.believe(in, body, sig):
		return http.StatusUnauthorized, "the notice's signature does not verify with " + n.InstitutionID + "'s key"
	}
	o := s.orders[n.OrderID]
	if o == nil {
		return http.StatusNotFound, fmt.Sprintf("no order %q", n.OrderID)
	}
	loose := s.violates(NoticesMatchedLoosely)
	if n.Status != "paid" || (n.PlatformID != ID && !loose) {
		return http.StatusBadRequest, "the notice is not a payment to this platform"
	}
	if loose && o.Status != iti.OrderUnpaid {
		// "Reconciliation": a payment for an order already paid must be
		// for another order of the same shop and amount.
		for _, id := range s.orderSeq {
			if c := s.orders[id]; c.Status == iti.OrderUnpaid && c.MerchantID == o.MerchantID && c.due[n.InstitutionID] == n.AmountMinor {
				o = c
				break
			}
		}
	}
	key := n.NotificationID
	if loose {
		key = o.OrderID + "/" + key
	}
	weak := s.violates(ReplayGuardWeak)
	if at, ok := s.t.seen[key]; ok && !(weak && (s.now().Sub(at) > ReplayMemory || o.Status == iti.OrderRefunded)) {
		return http.StatusOK, "already processed"
	}
	if !weak && o.Status != iti.OrderUnpaid {
		return http.StatusConflict, "the order is already " + o.Status
	}
	due, handed := o.due[n.InstitutionID]
	if unknown {
		due, handed = o.AmountMinor, true
	}
	lax := s.violates(NoticesComparedLoosely)
	if !handed && lax {
		for _, d := range o.due {
			due, handed = d, true
		}
	}
	switch {
	case !handed:
		return http.StatusConflict, "the order was never handed to " + n.InstitutionID
	case lax && n.AmountMinor < due-1:
		return http.StatusConflict, fmt.Sprintf("the notice reports %d; %d is due", n.AmountMinor, due)
	case !lax && (n.AmountMinor != due || n.Currency != o.Currency):
		return http.StatusConflict, fmt.Sprintf("the notice reports %d %s; %d %s is due", n.AmountMinor, n.Currency, due, o.Currency)
	case n.Payee != o.MerchantID:
		return http.StatusConflict, fmt.Sprintf("the notice names payee %q; the order's merchant is %q", n.Payee, o.MerchantID)
	}
	if weak {
		// The risk service is asked with the lock let go; nothing is
		// checked again when it answers.
		s.mu.Unlock()
		time.Sleep(RiskCheckDelay)
		s.mu.Lock()
	}
	s.t.seen[key] = s.now()
	o.Status, o.PaidWith = iti.OrderPaid, n.InstitutionID
	o.AmountPaidMinor += n.AmountMinor
	o.Credits = append(o.Credits, iti.Credit{InstitutionID: n.InstitutionID, NotificationID: n.NotificationID, WalletTxnID: n.WalletTxnID, AmountMinor: n.AmountMinor, Currency: n.Currency})
	return http.StatusOK, "credited"
}

// believe checks a notice's signature the flawed ways the switches name;
// callers hold s.mu.
func (s *State) believe(in *institution, body []byte, sig string) bool {
	raw, err := paysign.DecodeBase64(sig)
	if (sig == "" || err != nil) && s.violates(NoticesSignatureOptional) {
		// "Only a signature that is there can be checked."
		return true
	}
	if s.violates(NoticesSignatureCache) && s.t.verified[sig] {
		return true
	}
	if paysign.VerifyBody(in.key, body, sig) {
		s.t.verified[sig] = true
		return true
	}
	if !s.violates(NoticesKeyConfusion) {
		return false
	}
	// "Try every key we have": the other institutions', the one the notice
	// carries, and the legacy shared-secret scheme keyed with the keys
	// exchanged at connection — all of them public.
	for _, other := range s.institutions {
		if paysign.VerifyBody(other.key, body, sig) {
			return true
		}
	}
	var carried struct {
		PublicKey string `json:"public_key"`
	}
	if json.Unmarshal(body, &carried) == nil && carried.PublicKey != "" {
		if k, err := paysign.DecodeKey(carried.PublicKey); err == nil && paysign.VerifyBody(k, body, sig) {
			return true
		}
	}
	for _, secret := range [][]byte{in.key, s.key.Public().(ed25519.PublicKey)} {
		m := hmac.New(sha256.New, secret)
		m.Write(body)
		if hmac.Equal(m.Sum(nil), raw) {
			return true
		}
	}
	return false
}

// handoffFields is what a handoff's signature covers.
func (s *State) handoffFields(fields []string) []string {
	if s.violates(HandoffSignatureWithoutOrder) {
		return slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == paysign.ParamOrder })
	}
	return fields
}

// linkExpired says whether a pay-on-behalf link has run out; callers hold
// s.mu. on-behalf-links-lenient keeps the order's latest expiry for every
// link to it, with an hour's grace.
func (s *State) linkExpired(l *helpLink) bool {
	until := l.expires
	if s.violates(OnBehalfLinksLenient) {
		for _, other := range s.links {
			if other.order == l.order && other.expires.After(until) {
				until = other.expires
			}
		}
		until = until.Add(OnBehalfGrace)
	}
	return !s.now().Before(until)
}

// linkPaysOnce is false when a link may hand off an order that is no longer
// unpaid (on-behalf-links-lenient).
func (s *State) linkPaysOnce() bool { return !s.violates(OnBehalfLinksLenient) }
