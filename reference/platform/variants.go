package platform

import (
	"cmp"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// Honest variants understood by the platform: each changes what the platform
// does only within what the ITI and the standards it cites allow, as another
// implementation built from the contract might. None breaks a requirement.
const (
	// PaddedSignatures writes the handoff signature in base64url with '='
	// padding (RFC 4648 §5 allows both forms).
	PaddedSignatures = "padded-signatures"
	// AlphabeticalOptions orders the payment screen by institution name,
	// a rule that knows nothing of tier or affiliation.
	AlphabeticalOptions = "alphabetical-options"
	// NeverPreselect preselects no method at all: PAY-08 allows the
	// consumer's last choice or none.
	NeverPreselect = "never-preselect"
	// LowercaseCurrency writes ISO 4217 codes in lower case ("cny") in what
	// the platform sends other parties: handoffs, refund orders and the
	// help-me-pay page.
	LowercaseCurrency = "lowercase-currency"
)

func (s *State) varies(name string) bool { return s.p.Vary != nil && s.p.Vary(name) }

// padSignature rewrites a signed handoff's sig in padded base64url when the
// padded-signatures variant is on: the same signature, spelt otherwise.
func (s *State) padSignature(q url.Values) {
	if !s.varies(PaddedSignatures) {
		return
	}
	sig, err := paysign.DecodeBase64(q.Get(paysign.ParamSig))
	if err != nil {
		return
	}
	q.Set(paysign.ParamSig, base64.URLEncoding.EncodeToString(sig))
}

// alphabetical orders a payment screen by institution name with the
// alphabetical-options variant; otherwise it keeps the merchant's order.
// Callers hold s.mu.
func (s *State) alphabetical(opts []iti.PaymentOption) []iti.PaymentOption {
	if s.varies(AlphabeticalOptions) {
		slices.SortStableFunc(opts, func(a, b iti.PaymentOption) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)), cmp.Compare(a.InstitutionID, b.InstitutionID))
		})
	}
	return opts
}

// preselect is the method to preselect for consumer: the last choice, or
// none with the never-preselect variant. Callers hold s.mu.
func (s *State) preselect(consumer string) string {
	if s.varies(NeverPreselect) {
		return ""
	}
	return s.lastChoice[consumer]
}

// currency is how the platform writes an ISO 4217 code to other parties.
func (s *State) currency(code string) string {
	if s.varies(LowercaseCurrency) {
		return strings.ToLower(code)
	}
	return code
}
