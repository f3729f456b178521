package platform

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
)

// Violation switches confined to one corner of a PAY requirement's space —
// one tier, a boundary, names written otherwise than in ASCII, later in a
// sequence, a choice changed after the fact — and two that break a share of
// the cases, chosen by a hash of each case's own values (its merchant,
// consumer and amount; a rule change's institution, merchants and notice),
// so that which cases they break depends on what the run's seed drew and
// not on the order the cases ran in. A scenario that checks one fixed point
// of its requirement passes all of them; one that draws its cases over the
// space the Rule names catches each.
const (
	// MerchantAdditionsIgnored keeps offering what a merchant first
	// enabled: a top institution the merchant enables later is left off,
	// as a checkout that cached the merchant's first set-up (and its
	// tail institutions apart) would.
	MerchantAdditionsIgnored = "merchant-additions-ignored"
	// PayeeNonASCIIDropped hands wallets the payee's id with its non-ASCII
	// characters dropped, and takes the notices that name it so.
	PayeeNonASCIIDropped = "payee-non-ascii-dropped"
	// SwapOnChangedMind hands a consumer who changes her choice on an order
	// to the wallet she chose first.
	SwapOnChangedMind = "swap-on-changed-mind"
	// SwapAtTimes is SwapToPreselected for one order in five.
	SwapAtTimes = "swap-at-times"
	// LargePaymentsInYuan reports payments of CNY 1,000.00 or more in the
	// order's record in yuan, a hundredth of the wallet's ledger.
	LargePaymentsInYuan = "large-payments-recorded-in-yuan"
	// RefundViaLastWallet sends a refund to the wallet the consumer paid
	// with last, whatever order that was.
	RefundViaLastWallet = "refund-via-last-wallet"
	// OnBehalfRivalsCapped offers a friend paying from a help-me-pay link
	// for more than CNY 500.00 only the platform's own wallet, as if the
	// static-code limit applied to links.
	OnBehalfRivalsCapped = "on-behalf-rivals-capped"
	// FeeShownInWholeYuan shows a payer fee in whole yuan, the fen left
	// off (and a fee of less than a yuan not at all), while the wallet is
	// handed the whole fee.
	FeeShownInWholeYuan = "fee-shown-in-whole-yuan"
	// TailChangesWhenAsked applies a change to a tail institution's method
	// when its operator asks, without the seven days' notice.
	TailChangesWhenAsked = "tail-changes-when-asked"
	// RuleChangeEarlyAtTimes applies one rule change in five when it is
	// published, while publishing the date seven days on.
	RuleChangeEarlyAtTimes = "rule-change-early-at-times"
)

// BigPaymentMinor is where large-payments-recorded-in-yuan starts: 1,000.00.
const BigPaymentMinor = 100000

// OnBehalfCapMinor is the amount over which on-behalf-rivals-capped leaves
// the rivals off a help-me-pay page: 500.00, the static-code limit.
const OnBehalfCapMinor = 50000

// depth is what the depth switches remember.
type depth struct {
	// firstEnabled is what each merchant enabled when it was first set up.
	firstEnabled map[string][]string
	// lastPaid is the institution each consumer's last credited payment
	// came from.
	lastPaid map[string]string
}

// oneInFive says whether the case of these values is one of the fifth a
// switch breaks.
func oneInFive(values ...string) bool {
	h := fnv.New32a()
	h.Write([]byte(strings.Join(values, "\x00")))
	return h.Sum32()%5 == 0
}

// rememberMerchant notes what a merchant enabled when first set up.
// Callers hold s.mu.
func (s *State) rememberMerchant(m *iti.Merchant) {
	if s.d.firstEnabled == nil {
		s.d.firstEnabled = map[string][]string{}
	}
	if _, ok := s.d.firstEnabled[m.MerchantID]; !ok {
		s.d.firstEnabled[m.MerchantID] = slices.Clone(m.EnabledInstitutions)
	}
}

// enabledNow is what merchant m enabled, as the checkout sees it: with
// merchant-additions-ignored, only what it enabled at first. Callers hold
// s.mu.
func (s *State) enabledNow(m *iti.Merchant) []string {
	out := slices.Clone(m.EnabledInstitutions)
	if first, ok := s.d.firstEnabled[m.MerchantID]; ok && s.violates(MerchantAdditionsIgnored) {
		// Only a top institution added later is left off: a tail one
		// added later is ACCESS-03's tails-added-later-behind-more, and
		// this switch is PAY-01's alone.
		out = slices.DeleteFunc(out, func(id string) bool {
			in := s.institutions[id]
			return !slices.Contains(first, id) && (in == nil || in.req.Tier != iti.TierTail)
		})
	}
	return out
}

// payee is the payee a handoff names for merchant id, and a notice must
// report.
func (s *State) payee(id string) string {
	if !s.violates(PayeeNonASCIIDropped) {
		return id
	}
	return strings.Map(func(r rune) rune {
		if r > 127 {
			return -1
		}
		return r
	}, id)
}

// swapped is the institution a choice of in for o hands the consumer to,
// under the swap switches; in itself otherwise. Callers hold s.mu.
func (s *State) swapped(o *order, in *institution) *institution {
	first := o.firstChoice
	if first == "" {
		o.firstChoice = in.id
	}
	switch {
	case s.violates(SwapToPreselected) && o.preselected != "" && o.preselected != in.id:
		return s.institutions[o.preselected]
	case s.violates(SwapAtTimes) && o.preselected != "" && o.preselected != in.id && oneInFive(o.MerchantID, o.Consumer, fmt.Sprint(o.AmountMinor)):
		return s.institutions[o.preselected]
	case s.violates(SwapOnChangedMind) && first != "" && first != in.id && s.institutions[first] != nil:
		return s.institutions[first]
	}
	return in
}

// inYuan is how the order's record reports its payments under
// large-payments-recorded-in-yuan. Callers hold s.mu.
func (s *State) inYuan(out *iti.Order) {
	if !s.violates(LargePaymentsInYuan) {
		return
	}
	for i := range out.Credits {
		if out.Credits[i].AmountMinor >= BigPaymentMinor {
			out.Credits[i].AmountMinor /= 100
		}
	}
	if out.AmountPaidMinor >= BigPaymentMinor {
		out.AmountPaidMinor /= 100
	}
}

// refundTarget is where the refund of o, credited by credit, goes: the
// institution paid, or with refund-via-last-wallet the one the consumer
// paid with last. Callers hold s.mu.
func (s *State) refundTarget(o *order, credit iti.Credit) *institution {
	if s.violates(RefundViaLastWallet) {
		if in := s.institutions[s.d.lastPaid[o.Consumer]]; in != nil {
			return in
		}
	}
	return s.institutions[credit.InstitutionID]
}

// credited notes a consumer's payment through inst. Callers hold s.mu.
func (s *State) credited(consumer, inst string) {
	if s.d.lastPaid == nil {
		s.d.lastPaid = map[string]string{}
	}
	s.d.lastPaid[consumer] = inst
}

// capped says whether on-behalf-rivals-capped leaves in off a help-me-pay
// page for o.
func (s *State) capped(o *order, in *institution) bool {
	return s.violates(OnBehalfRivalsCapped) && o.AmountMinor > OnBehalfCapMinor && in.req.Tier != iti.TierAffiliated
}

// shownFee is the payer fee the payment screen shows for fee.
func (s *State) shownFee(fee int64) int64 {
	if s.violates(FeeShownInWholeYuan) {
		return fee - fee%100
	}
	return fee
}

// noticeFor is the notice a change to in's method takes, asked for asked,
// at least minNotice. Callers hold s.mu.
func (s *State) noticeFor(in *institution, asked, notice time.Duration) time.Duration {
	if s.violates(TailChangesWhenAsked) && in.req.Tier == iti.TierTail {
		return asked
	}
	return notice
}

// appliedEarly says whether rule-change-early-at-times applies the change
// req when it is published.
func (s *State) appliedEarly(req iti.RuleChangeRequest) bool {
	return s.violates(RuleChangeEarlyAtTimes) && oneInFive(req.Action, req.InstitutionID, strings.Join(req.MerchantIDs, ","), fmt.Sprint(req.NoticeSeconds))
}
