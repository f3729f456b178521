package platform

import (
	"crypto/ed25519"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

func newState(violations ...string) *State {
	on := map[string]bool{}
	for _, v := range violations {
		on[v] = true
	}
	return (&Platform{Client: http.DefaultClient, Violate: func(n string) bool { return on[n] }}).NewState()
}

func compliant(id, tier string) iti.InstitutionRequest {
	return iti.InstitutionRequest{Name: id, Tier: tier, HandoffURL: "https://" + id + ".test/handoff", RefundURL: "https://" + id + ".test/refunds",
		Capabilities: []string{iti.CapabilityDirectHandoff, iti.CapabilityRefund}, NotifyPublicKey: paysign.EncodeKey(paysign.NewKey().Public().(ed25519.PublicKey))}
}

func TestRefusalsNamePublishedCriteria(t *testing.T) {
	s := newState()
	published := map[string]bool{}
	for _, c := range s.Criteria().Criteria {
		published[c.Code] = true
		assert.NotEmpty(t, c.Field)
		assert.NotEmpty(t, c.Requirement)
	}
	req := compliant("small", iti.TierTail)
	req.NotifyPublicKey, req.Capabilities = "", []string{iti.CapabilityRefund}
	c, err := s.Connect("small", req, "https://iut.test/pay/s")
	require.NoError(t, err)
	assert.Equal(t, iti.DecisionRefused, c.Decision)
	assert.Equal(t, []string{CriterionNotifyKey, CriterionDirectHandoff}, c.ReasonCodes)
	for _, code := range c.ReasonCodes {
		assert.True(t, published[code], code)
	}

	c, _ = newState(RefusalWithoutReason).Connect("small", req, "https://iut.test/pay/s")
	assert.Equal(t, iti.DecisionRefused, c.Decision)
	assert.Empty(t, c.ReasonCodes)
}

func TestTailInstitutionsGetTheSameTermsUnlessSwitchedOff(t *testing.T) {
	for _, c := range []struct {
		switches []string
		same     bool
	}{{nil, true}, {[]string{TailHigherFees}, false}, {[]string{TailExtraConditions}, false}} {
		s := newState(c.switches...)
		top, _ := s.Connect("big", compliant("big", iti.TierTop), "https://iut.test/pay/s")
		tail, _ := s.Connect("small", compliant("small", iti.TierTail), "https://iut.test/pay/s")
		assert.Equal(t, c.same, assert.ObjectsAreEqual(top.Terms, tail.Terms), "%v: top %+v, tail %+v", c.switches, top.Terms, tail.Terms)
	}
}

func TestBigOnlyOnboardingAdmitsOneTail(t *testing.T) {
	s := newState(BigOnlyOnboarding)
	var decisions []string
	for _, id := range []string{"t1", "t2", "t3"} {
		c, _ := s.Connect(id, compliant(id, iti.TierTail), "https://iut.test/pay/s")
		decisions = append(decisions, c.Decision)
	}
	c, _ := s.Connect("big", compliant("big", iti.TierTop), "https://iut.test/pay/s")
	assert.Equal(t, []string{iti.DecisionAccepted, iti.DecisionRefused, iti.DecisionRefused}, decisions)
	assert.Equal(t, iti.DecisionAccepted, c.Decision)
}

func screen(t *testing.T, violations ...string) []iti.PaymentOption {
	s := newState(violations...)
	order := []string{"t1", "b1", "own", "t2", "b2"}
	tiers := map[string]string{"t1": iti.TierTail, "t2": iti.TierTail, "b1": iti.TierTop, "b2": iti.TierTop, "own": iti.TierAffiliated}
	for _, id := range order {
		_, err := s.Connect(id, compliant(id, tiers[id]), "https://iut.test/pay/s")
		require.NoError(t, err)
	}
	_, err := s.SetMerchant("m", iti.MerchantRequest{Name: "m", BrandTier: iti.BrandOrdinary, EnabledInstitutions: order})
	require.NoError(t, err)
	c, err := s.Checkout(iti.CheckoutRequest{MerchantID: "m", Consumer: "c", AmountMinor: 100, Currency: "CNY"})
	require.NoError(t, err)
	return c.Options
}

func TestScreenKeepsTheMerchantsOrderUnlessSwitched(t *testing.T) {
	idsOf := func(os []iti.PaymentOption) (out []string) {
		for _, o := range os {
			out = append(out, o.InstitutionID)
		}
		return
	}
	assert.Equal(t, []string{"t1", "b1", "own", "t2", "b2"}, idsOf(screen(t)))
	assert.Equal(t, []string{"own", "b1", "b2", "t1", "t2"}, idsOf(screen(t, RankByTier)))
	var more []string
	for _, o := range screen(t, TailMethodsBehindMore) {
		if o.Screen == iti.ScreenMore {
			more = append(more, o.InstitutionID)
		}
	}
	assert.Equal(t, []string{"t2"}, more)
}
