package platform

import (
	"hash/fnv"
	"io"
	"slices"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// Violation switches along the dimensions ACCESS-01..03 and SEC-01..04
// range over (issue 14): each breaks its requirement in one corner of the
// space it quantifies over — one tier, a boundary of the amounts, late in a
// sequence, an order of events — or in some of its cases only, chosen by a
// hash of the case, so that a scenario that checks one fixed point of the
// space, or a few cases, lets it through.
const (
	// ACCESS-01: the tail institutions connected after the first
	// TailQuota are asked for a deposit, as a programme for small
	// institutions that has filled up.
	TailQuotaConditions = "tail-quota-conditions"
	// ACCESS-01: one tail institution in five, by a hash of its id, is
	// charged twice the fee.
	TailFeeAtTimes = "tail-fee-one-in-five"
	// ACCESS-02: a tail institution once refused is refused again when it
	// asks with its shortcoming put right.
	RefusedTailStaysRefused = "refused-tail-stays-refused"
	// ACCESS-02: one refusal in eight, by a hash of the institution's id,
	// names no published criterion.
	RefusalCodesAtTimes = "refusal-codes-one-in-eight"
	// ACCESS-03: a tail institution a merchant adds when it sets itself up
	// again, after its first set-up, is shown behind "more payment
	// methods".
	TailsAddedLaterBehindMore = "tails-added-later-behind-more"

	// SEC-01: a notice for an order under 1.00 is believed without its
	// signature being checked, as not worth the verifier's time.
	SmallNoticesUnchecked = "small-notices-unchecked"
	// SEC-02: replays are remembered for a week: a notice sent again
	// seven days or more after it was credited is credited again.
	ReplayGuardForgetsAfterAWeek = "replay-guard-forgets-after-a-week"
	// SEC-03: handoffs to tail institutions are signed by an older scheme
	// that leaves out the payee.
	TailHandoffsPayeeUnsigned = "tail-handoffs-payee-unsigned"
	// SEC-04: an expired help-me-pay link still hands a friend to a tail
	// institution, whose handoff path does not check the link's expiry.
	TailLinksNeverExpire = "tail-links-never-expire"
)

// TailQuota is how many tail institutions tail-quota-conditions connects on
// the platform's usual terms.
const TailQuota = 20

// ReplayMemoryWeek is how long replay-guard-forgets-after-a-week remembers
// a credited notice.
const ReplayMemoryWeek = 7 * 24 * time.Hour

// oneIn says whether key falls in the share 1/n of keys that a switch
// breaking some cases only picks: by a hash, so that the same ids give the
// same cases.
func oneIn(n uint64, key string) bool {
	h := fnv.New64a()
	io.WriteString(h, key)
	return h.Sum64()%n == 0
}

// cornerTerms applies the ACCESS-01 corner switches to t, the terms of a
// tail institution id asking to connect; callers hold s.mu.
func (s *State) cornerTerms(id string, t iti.InstitutionTerms) iti.InstitutionTerms {
	if s.violates(TailQuotaConditions) {
		tails := 0
		for _, in := range s.institutions {
			if in.req.Tier == iti.TierTail && in.id != id {
				tails++
			}
		}
		if tails >= TailQuota {
			t.Conditions = append(slices.Clone(t.Conditions), "the programme for small institutions is full: a guarantee deposit of 1,000,000.00 CNY")
		}
	}
	if s.violates(TailFeeAtTimes) && oneIn(5, id) {
		t.FeeRateBP *= 2
	}
	return t
}

// refusedStays says whether refused-tail-stays-refused refuses id, a tail
// institution meeting every criterion, for an earlier refusal; callers
// hold s.mu.
func (s *State) refusedStays(id string, req iti.InstitutionRequest) bool {
	return req.Tier == iti.TierTail && s.violates(RefusedTailStaysRefused) && s.refused[id]
}

// rememberRefusal notes a refusal of id; callers hold s.mu.
func (s *State) rememberRefusal(id string) {
	if s.refused == nil {
		s.refused = map[string]bool{}
	}
	s.refused[id] = true
}

// codesLeftOut says whether refusal-codes-one-in-eight leaves the codes out
// of id's refusal.
func (s *State) codesLeftOut(id string) bool {
	return s.violates(RefusalCodesAtTimes) && oneIn(8, id)
}

// noteAddedLater records the tail institutions a merchant enables in req
// that it had not enabled before; callers hold s.mu.
func (s *State) noteAddedLater(old *iti.Merchant, req iti.MerchantRequest) {
	if old == nil || !s.violates(TailsAddedLaterBehindMore) {
		return
	}
	for _, id := range req.EnabledInstitutions {
		if in := s.institutions[id]; in != nil && in.req.Tier == iti.TierTail && !slices.Contains(old.EnabledInstitutions, id) {
			if s.addedLater == nil {
				s.addedLater = map[string]map[string]bool{}
			}
			if s.addedLater[old.MerchantID] == nil {
				s.addedLater[old.MerchantID] = map[string]bool{}
			}
			s.addedLater[old.MerchantID][id] = true
		}
	}
}

// behindMore puts the options of institutions merchant added later behind
// "more payment methods"; callers hold s.mu.
func (s *State) behindMore(merchant string, opts []iti.PaymentOption) {
	for i := range opts {
		if s.addedLater[merchant][opts[i].InstitutionID] {
			opts[i].Screen, opts[i].Prominence = iti.ScreenMore, iti.ProminenceReduced
		}
	}
}

// smallUnchecked says whether small-notices-unchecked believes notice n
// unverified; callers hold s.mu.
func (s *State) smallUnchecked(n iti.PaymentNotice) bool {
	o := s.orders[n.OrderID]
	return s.violates(SmallNoticesUnchecked) && o != nil && o.AmountMinor < 100
}

// forgotten says whether replay-guard-forgets-after-a-week has forgotten a
// notice first credited at first; callers hold s.mu.
func (s *State) forgotten(first time.Time) bool {
	return s.violates(ReplayGuardForgetsAfterAWeek) && s.now().Sub(first) >= ReplayMemoryWeek
}

// tailFields are the fields a handoff to in is signed over.
func (s *State) tailFields(in *institution, fields []string) []string {
	if in.req.Tier != iti.TierTail || !s.violates(TailHandoffsPayeeUnsigned) {
		return fields
	}
	return slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == paysign.ParamPayee })
}

// expiredButTail says whether tail-links-never-expire lets an expired link
// through to inst ("" for the link's page, which lists the wallets);
// callers hold s.mu.
func (s *State) expiredButTail(inst string) bool {
	if !s.violates(TailLinksNeverExpire) {
		return false
	}
	if inst == "" {
		return true
	}
	in := s.institutions[inst]
	return in != nil && in.req.Tier == iti.TierTail
}
