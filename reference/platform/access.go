package platform

import (
	"crypto/ed25519"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// Violation switches of the ACCESS family: each treats small ("tail")
// institutions worse than large ones in one way.
const (
	BigOnlyOnboarding     = "big-only-onboarding"
	TailExtraConditions   = "tail-extra-conditions"
	TailHigherFees        = "tail-higher-fees"
	RefusalWithoutReason  = "refusal-without-reason"
	TailMethodsBehindMore = "tail-methods-behind-more"
	RankByTier            = "rank-by-tier"
	SlowTailHandoffs      = "slow-tail-handoffs"
)

// Two more PAY switches. ACCESS-03 and ACCESS-05 also catch
// enabled-tail-dropped and tail-notices-ignored, as they should. Record-own-
// reference breaks PAY-04 in a way the ACCESS scenarios do not look at;
// tail-hidden-large-orders was such a switch for PAY-01 until ACCESS-03
// paid tail institutions at every amount, large ones included, and caught it.
const (
	TailHiddenLargeOrders = "tail-hidden-large-orders"
	RecordOwnReference    = "record-own-reference"
)

// LargeOrderMinor is where tail-hidden-large-orders starts hiding tail
// institutions: 80.00.
const LargeOrderMinor = 8000

// TailHandoffDelay is the slow path's cost per tail handoff: far above the
// in-process handling time, so a median comparison catches it on a busy
// machine, and small enough to keep the suite fast.
const TailHandoffDelay = 40 * time.Millisecond

// Criteria codes the reference publishes.
const (
	CriterionIdentity      = "identity"
	CriterionTier          = "tier"
	CriterionNotifyKey     = "notify-key"
	CriterionHandoffURL    = "handoff-url"
	CriterionRefundURL     = "refund-url"
	CriterionDirectHandoff = "direct-handoff"
	CriterionRefund        = "refund"
)

// criteria are the reference's published technical criteria: the same for
// every institution (Regulation on Non-Bank Payment Institutions Art. 20,
// fair published terms).
var criteria = []iti.Criterion{
	{Code: CriterionIdentity, Field: "name", Requirement: "the institution has an id and a name"},
	{Code: CriterionTier, Field: "tier", Requirement: "the institution declares its tier: affiliated, top or tail"},
	{Code: CriterionNotifyKey, Field: "notify_public_key", Requirement: "an Ed25519 public key (base64) that verifies the institution's payment notices"},
	{Code: CriterionHandoffURL, Field: "handoff_url", Requirement: "an http(s) address that consumers are handed to"},
	{Code: CriterionRefundURL, Field: "refund_url", Requirement: "an http(s) address that accepts signed refund orders"},
	{Code: CriterionDirectHandoff, Field: "capabilities", Requirement: "the institution takes consumers handed to it directly (capability direct_handoff)"},
	{Code: CriterionRefund, Field: "capabilities", Requirement: "the institution takes refunds of its payments (capability refund)"},
}

// Criteria returns the published criteria.
func (s *State) Criteria() iti.ConnectionCriteria {
	return iti.ConnectionCriteria{Criteria: slices.Clone(criteria)}
}

type unmet struct{ code, why string }

// check returns the published criteria req does not meet, and its notice key
// if it has a usable one.
func check(id string, req iti.InstitutionRequest) ([]unmet, ed25519.PublicKey) {
	var out []unmet
	if id == "" || req.Name == "" {
		out = append(out, unmet{CriterionIdentity, "the institution has no id or name"})
	}
	switch req.Tier {
	case iti.TierAffiliated, iti.TierTop, iti.TierTail:
	default:
		out = append(out, unmet{CriterionTier, fmt.Sprintf("unknown tier %q", req.Tier)})
	}
	key, err := paysign.DecodeKey(req.NotifyPublicKey)
	if err != nil {
		out = append(out, unmet{CriterionNotifyKey, "notify key: " + err.Error()})
	}
	for _, u := range []struct{ code, name, url string }{{CriterionHandoffURL, "handoff", req.HandoffURL}, {CriterionRefundURL, "refund", req.RefundURL}} {
		if pu, err := url.Parse(u.url); err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
			out = append(out, unmet{u.code, fmt.Sprintf("the %s URL %q is not a web address", u.name, u.url)})
		}
	}
	if !slices.Contains(req.Capabilities, iti.CapabilityDirectHandoff) {
		out = append(out, unmet{CriterionDirectHandoff, "the institution does not take consumers handed to it directly"})
	}
	if !slices.Contains(req.Capabilities, iti.CapabilityRefund) {
		out = append(out, unmet{CriterionRefund, "the institution does not take refunds"})
	}
	return out, key
}

// termsFor is what the platform asks of an institution it accepts.
func (s *State) termsFor(req iti.InstitutionRequest) iti.InstitutionTerms {
	t := terms
	if req.Tier != iti.TierTail {
		return t
	}
	if s.violates(TailHigherFees) {
		t.FeeRateBP, t.SettlementDays = 120, 7
	}
	if s.violates(TailExtraConditions) {
		t.Conditions = []string{"a guarantee deposit of 5,000,000.00 CNY", "three years of audited accounts"}
	}
	return t
}

// tailQuotaFull says whether big-only onboarding refuses one more tail
// institution: it admits a single one, as a token pilot. Callers hold s.mu.
func (s *State) tailQuotaFull(req iti.InstitutionRequest) bool {
	if req.Tier != iti.TierTail || !s.violates(BigOnlyOnboarding) {
		return false
	}
	for _, in := range s.institutions {
		if in.req.Tier == iti.TierTail {
			return true
		}
	}
	return false
}

var tierRank = map[string]int{iti.TierAffiliated: 0, iti.TierTop: 1, iti.TierTail: 2}

// arrange applies the ACCESS switches to a payment screen laid out in the
// merchant's order, which is the reference's neutral order. Callers hold s.mu.
func (s *State) arrange(opts []iti.PaymentOption, amount int64) []iti.PaymentOption {
	if s.violates(TailHiddenLargeOrders) && amount >= LargeOrderMinor {
		opts = slices.DeleteFunc(opts, func(o iti.PaymentOption) bool { return s.institutions[o.InstitutionID].req.Tier == iti.TierTail })
	}
	if s.violates(RankByTier) {
		slices.SortStableFunc(opts, func(a, b iti.PaymentOption) int {
			return tierRank[s.institutions[a.InstitutionID].req.Tier] - tierRank[s.institutions[b.InstitutionID].req.Tier]
		})
	}
	if s.violates(TailMethodsBehindMore) {
		tails := 0
		for i := range opts {
			if s.institutions[opts[i].InstitutionID].req.Tier != iti.TierTail {
				continue
			}
			if tails++; tails > 1 {
				opts[i].Screen, opts[i].Prominence = iti.ScreenMore, iti.ProminenceReduced
			}
		}
	}
	return opts
}

// recorded is how the platform reports a credit: with record-own-reference,
// under its own reference instead of the wallet's transaction.
func (s *State) recorded(cs []iti.Credit) []iti.Credit {
	if !s.violates(RecordOwnReference) {
		return cs
	}
	for i := range cs {
		cs[i].WalletTxnID = "ref-" + cs[i].NotificationID
	}
	return cs
}

// slowPath is the slow-tail-handoffs switch's delay for a handoff to inst.
func (s *State) slowPath(inst string) time.Duration {
	if !s.violates(SlowTailHandoffs) {
		return 0
	}
	s.mu.Lock()
	in := s.institutions[inst]
	s.mu.Unlock()
	if in == nil || in.req.Tier != iti.TierTail {
		return 0
	}
	return TailHandoffDelay
}
