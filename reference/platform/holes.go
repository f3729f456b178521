package platform

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// The per-threat switches of the SEC threat models. The class switches
// (threats.go) each reproduce a flaw real platforms have had, and so let
// through several threats at once; these prove every threat able to fail
// its requirement by itself. The compliant guards of Notify and helpOrder
// do not only refuse an attack: they say what shape it has, and each
// switch opens its guard to that one shape and to nothing else. The shapes
// are those of the rows of features/security/security.feature, which name
// the switches; internal/runner's threat test proves each switch lets
// through its row and no other.
const (
	// SEC-01: a forged notice, by what stands in for the wallet's signature.
	ForgedAttackersKey    = "forged-notice-attackers-key"
	ForgedOtherWalletsKey = "forged-notice-other-wallets-key"
	ForgedUnconnected     = "forged-notice-unconnected-institution"
	ForgedUnsigned        = "forged-notice-unsigned"
	ForgedSignedElsewhere = "forged-notice-signature-elsewhere"
	ForgedUnreadable      = "forged-notice-signature-unreadable"
	ForgedLiftedSignature = "forged-notice-lifted-signature"
	ForgedRewritten       = "forged-notice-rewritten-genuine"
	ForgedHMACWalletKey   = "forged-notice-hmac-wallet-key"
	ForgedHMACPlatformKey = "forged-notice-hmac-platform-key"
	ForgedCarriedKey      = "forged-notice-carried-key"
	// SEC-02: a genuine notice sent again, by when and where.
	ReplayedAtOnce        = "replayed-notice-at-once"
	ReplayedDayLater      = "replayed-notice-a-day-later"
	ReplayedInFlight      = "replayed-notice-copies-in-flight"
	ReplayedForAnother    = "replayed-notice-for-another-order"
	ReplayedAfterRefund   = "replayed-notice-after-refund"
	ReplayedFromElsewhere = "replayed-notice-from-another-platform"
	// SEC-03: what a careless wallet notifies after an altered handoff, by
	// what was altered. The order swapped for a cheaper one's is
	// HandoffSignatureWithoutOrder's, at the handoff.
	AlteredAmountFenLess  = "altered-handoff-amount-fen-less"
	AlteredAmountFenMore  = "altered-handoff-amount-fen-more"
	AlteredAmountInYuan   = "altered-handoff-amount-in-yuan"
	AlteredCurrency       = "altered-handoff-currency"
	AlteredPayee          = "altered-handoff-payee"
	AlteredInstitution    = "altered-handoff-institution"
	AlteredAmountUnlisted = "altered-handoff-amount-off-signed-list"
	// SEC-04: a help-me-pay link, by what happened to it or its order. The
	// later order's is OnBehalfLatestOrder's.
	LinkMinutesLate  = "shared-link-minutes-after-expiry"
	LinkRenewed      = "shared-link-renewed"
	LinkSecondFriend = "shared-link-second-friend"
	LinkAfterRefund  = "shared-link-after-refund"
)

// HoleSwitches lists the per-threat switches, sorted.
func HoleSwitches() []string {
	out := []string{ForgedAttackersKey, ForgedOtherWalletsKey, ForgedUnconnected, ForgedUnsigned, ForgedSignedElsewhere,
		ForgedUnreadable, ForgedLiftedSignature, ForgedRewritten, ForgedHMACWalletKey, ForgedHMACPlatformKey, ForgedCarriedKey,
		ReplayedAtOnce, ReplayedDayLater, ReplayedInFlight, ReplayedForAnother, ReplayedAfterRefund, ReplayedFromElsewhere,
		AlteredAmountFenLess, AlteredAmountFenMore, AlteredAmountInYuan, AlteredCurrency, AlteredPayee, AlteredInstitution,
		AlteredAmountUnlisted, LinkMinutesLate, LinkRenewed, LinkSecondFriend, LinkAfterRefund}
	sort.Strings(out)
	return out
}

// ReplayWindow is the age past which a replayed notice is one sent "later":
// a day, as the SEC-02 row has it.
const ReplayWindow = 24 * time.Hour

// InFlightWindow is how soon after its original a copy of a notice, with
// nobody having looked at the order in between, is one that travelled with
// it: generous, so that a slow machine delivering copies sent at one moment
// still delivers them within it.
const InFlightWindow = 10 * time.Second

// holes is what the guards remember to tell the shapes apart; the
// compliant platform keeps it too, and uses it only to name what it
// refused.
type holes struct {
	// signed is, for every signature that verified a notice, the wallet
	// transaction that notice reported.
	signed map[string]string
	// credited is when each notification was credited first.
	credited map[string]time.Time
	// looked are the orders whose record was read since their latest
	// credit.
	looked map[string]bool
}

// forgery names the shape of a notice in the name of connected
// institution in whose signature sig does not verify with in's key, by
// what stands in for it; elsewhere is a signature the notice carried in
// another header than the agreed one. Callers hold s.mu.
func (s *State) forgery(in *institution, body []byte, sig, elsewhere string, n iti.PaymentNotice) string {
	if sig == "" {
		if elsewhere != "" {
			return ForgedSignedElsewhere
		}
		return ForgedUnsigned
	}
	raw, err := paysign.DecodeBase64(sig)
	if err != nil {
		return ForgedUnreadable
	}
	for _, other := range s.institutions {
		if other != in && paysign.VerifyBody(other.key, body, sig) {
			return ForgedOtherWalletsKey
		}
	}
	var carried struct {
		PublicKey string `json:"public_key"`
	}
	if json.Unmarshal(body, &carried) == nil && carried.PublicKey != "" {
		if k, err := paysign.DecodeKey(carried.PublicKey); err == nil && paysign.VerifyBody(k, body, sig) {
			return ForgedCarriedKey
		}
	}
	if sealedWith(in.key, body, raw) {
		return ForgedHMACWalletKey
	}
	if sealedWith(s.key.Public().(ed25519.PublicKey), body, raw) {
		return ForgedHMACPlatformKey
	}
	if txn, ok := s.h.signed[sig]; ok {
		if txn == n.WalletTxnID {
			return ForgedRewritten
		}
		return ForgedLiftedSignature
	}
	if len(raw) != ed25519.SignatureSize {
		return ForgedUnreadable
	}
	return ForgedAttackersKey
}

func sealedWith(secret, body, raw []byte) bool { return hmac.Equal(hmacSum(secret, body), raw) }

// replay names the shape of notice n, credited first at first, sent again
// for o, and the order it would pay through ReplayedForAnother's hole;
// callers hold s.mu.
func (s *State) replay(n iti.PaymentNotice, o *order, first time.Time) (string, *order) {
	if o.Status == iti.OrderRefunded {
		return ReplayedAfterRefund, o
	}
	for _, id := range s.orderSeq {
		c := s.orders[id]
		if due, ok := c.due[n.InstitutionID]; ok && c != o && c.Status == iti.OrderUnpaid && c.Consumer == o.Consumer &&
			c.MerchantID == o.MerchantID && due == n.AmountMinor {
			return ReplayedForAnother, c
		}
	}
	switch {
	case s.now().Sub(first) > ReplayWindow:
		return ReplayedDayLater, o
	case s.h.looked[o.OrderID]:
		// Sent again after the order's payment was looked up, not as a
		// copy racing its original there.
		return ReplayedAtOnce, o
	case s.now().Sub(first) < InFlightWindow:
		// Nobody has looked at the order since: a copy that travelled
		// with the original.
		return ReplayedInFlight, o
	}
	return "", o
}

// alteration names the shape of a notice from a connected institution that
// reports other terms than those o was handed off for: the one term it
// alters, or "" when it alters none or more than one, or reports what
// another order of the same customer was handed off for (the order swapped
// at the handoff, which no notice hole opens). Callers hold s.mu.
func (s *State) alteration(n iti.PaymentNotice, o *order) string {
	for _, id := range s.orderSeq {
		if c := s.orders[id]; c != o && c.Consumer == o.Consumer {
			if due, ok := c.due[n.InstitutionID]; ok && due == n.AmountMinor {
				return ""
			}
		}
	}
	due, handed := o.due[n.InstitutionID]
	if !handed {
		for _, inst := range slices.Sorted(maps.Keys(o.due)) {
			if o.due[inst] == n.AmountMinor && s.sameTerms(n, o) {
				return AlteredInstitution
			}
		}
		return ""
	}
	var shapes []string
	switch a := n.AmountMinor; {
	case a == due:
	case a == due-1:
		shapes = append(shapes, AlteredAmountFenLess)
	case a == due+1:
		shapes = append(shapes, AlteredAmountFenMore)
	case a == due/100:
		shapes = append(shapes, AlteredAmountInYuan)
	case a > 0 && a < due:
		shapes = append(shapes, AlteredAmountUnlisted)
	default:
		return ""
	}
	if !strings.EqualFold(n.Currency, o.Currency) {
		shapes = append(shapes, AlteredCurrency)
	}
	if n.Payee != o.MerchantID {
		shapes = append(shapes, AlteredPayee)
	}
	if len(shapes) != 1 {
		return ""
	}
	return shapes[0]
}

func (s *State) sameTerms(n iti.PaymentNotice, o *order) bool {
	return strings.EqualFold(n.Currency, o.Currency) && n.Payee == o.MerchantID
}

// expiredLink names the shape of a use of expired link l; callers hold
// s.mu.
func (s *State) expiredLink(l *helpLink) string {
	for _, other := range s.links {
		if other != l && other.order == l.order && other.expires.After(l.expires) {
			return LinkRenewed
		}
	}
	if s.now().Before(l.expires.Add(OnBehalfGrace)) {
		return LinkMinutesLate
	}
	return ""
}

// usedLink names the shape of a use of a link whose order is no longer
// unpaid.
func usedLink(o *order) string {
	switch o.Status {
	case iti.OrderPaid:
		return LinkSecondFriend
	case iti.OrderRefunded:
		return LinkAfterRefund
	}
	return ""
}

// opens says whether the guard that recognised shape lets it through; ""
// is no shape a hole opens.
func (s *State) opens(shape string) bool { return shape != "" && s.violates(shape) }

func hmacSum(secret, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return m.Sum(nil)
}
