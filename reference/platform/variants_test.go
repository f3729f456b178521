package platform

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// handoffQuery follows f's order's handoff to rival-pay and returns the query
// the wallet would receive.
func (f *fixture) handoffQuery(t *testing.T) url.Values {
	t.Helper()
	h, err := f.s.Choose(f.order.OrderID, iti.ChoiceRequest{InstitutionID: "rival-pay"}, "https://iut.test/pay/s1")
	require.NoError(t, err)
	target, err := f.s.HandoffTarget(strings.TrimPrefix(h.URL, "https://iut.test/pay/s1/handoff/"))
	require.NoError(t, err)
	u, err := url.Parse(target)
	require.NoError(t, err)
	return u.Query()
}

func TestPaddedSignaturesAreTheSameSignaturePadded(t *testing.T) {
	plain := setup(t).handoffQuery(t).Get(paysign.ParamSig)
	assert.NotContains(t, plain, "=", "the reference writes base64url without padding by default")

	f := setupWith(t, nil, []string{PaddedSignatures})
	q := f.handoffQuery(t)
	sig := q.Get(paysign.ParamSig)
	assert.True(t, strings.HasSuffix(sig, "=="), "a 64-byte signature in padded base64url ends in ==: %q", sig)
	assert.NotContains(t, sig, "+")
	assert.NotContains(t, sig, "/")
	covered, err := paysign.VerifyHandoff(f.s.key.Public().(ed25519.PublicKey), q)
	require.NoError(t, err)
	assert.ElementsMatch(t, paysign.HandoffFields, covered)
}

func TestAlphabeticalOptionsSortsByNameAlone(t *testing.T) {
	f := setupWith(t, nil, []string{AlphabeticalOptions})
	for id, tier := range map[string]string{"zeta-pay": iti.TierAffiliated, "Beta-pay": iti.TierTail, "mu-pay": iti.TierTop} {
		c, err := f.s.Connect(id, iti.InstitutionRequest{Name: id, Tier: tier, HandoffURL: "https://" + id + ".test/handoff",
			RefundURL: "https://" + id + ".test/refunds", Capabilities: []string{iti.CapabilityDirectHandoff, iti.CapabilityRefund},
			NotifyPublicKey: paysign.EncodeKey(paysign.NewKey().Public().(ed25519.PublicKey))}, "https://iut.test/pay/s1")
		require.NoError(t, err)
		require.Equal(t, iti.DecisionAccepted, c.Decision, c.Reason)
	}
	_, err := f.s.SetMerchant("stall", iti.MerchantRequest{Name: "stall", BrandTier: iti.BrandOrdinary, EnabledInstitutions: []string{"zeta-pay", "rival-pay", "mu-pay", "Beta-pay", "own-pay"}})
	require.NoError(t, err)
	c, err := f.s.Checkout(iti.CheckoutRequest{MerchantID: "stall", Consumer: "dora", AmountMinor: 100, Currency: "CNY"})
	require.NoError(t, err)
	var got []string
	for i, o := range c.Options {
		got = append(got, o.InstitutionID)
		assert.Equal(t, i+1, o.Position)
	}
	assert.Equal(t, []string{"Beta-pay", "mu-pay", "own-pay", "rival-pay", "zeta-pay"}, got)
}

func TestNeverPreselectPreselectsNothing(t *testing.T) {
	// setup has alice choose rival-pay once; the plain reference then
	// preselects it, the variant does not.
	for _, vary := range []bool{false, true} {
		var variants []string
		if vary {
			variants = []string{NeverPreselect}
		}
		f := setupWith(t, nil, variants)
		c, err := f.s.Checkout(iti.CheckoutRequest{MerchantID: "tea-house", Consumer: "alice", AmountMinor: 8800, Currency: "CNY"})
		require.NoError(t, err)
		var pre []string
		for _, o := range c.Options {
			if o.Preselected {
				pre = append(pre, o.InstitutionID)
			}
		}
		if vary {
			assert.Empty(t, pre)
		} else {
			assert.Equal(t, []string{"rival-pay"}, pre)
		}
	}
}

func TestLowercaseCurrencyIsWrittenLowerAndReadInAnyCase(t *testing.T) {
	f := setupWith(t, nil, []string{LowercaseCurrency})
	assert.Equal(t, "cny", f.handoffQuery(t).Get(paysign.ParamCurrency))

	notice := func(id, cur string) []byte {
		b, _ := json.Marshal(iti.PaymentNotice{NotificationID: id, InstitutionID: "rival-pay", PlatformID: ID, OrderID: f.order.OrderID,
			WalletTxnID: "t1", AmountMinor: 8800, Currency: cur, Payee: "tea-house", Status: "paid"})
		return b
	}
	usd := notice("n0", "USD")
	code, msg := f.s.Notify(usd, paysign.SignBody(f.key, usd))
	assert.Equal(t, http.StatusConflict, code, "a notice in another currency is still refused: %s", msg)
	cny := notice("n1", "cny")
	code, msg = f.s.Notify(cny, paysign.SignBody(f.key, cny))
	assert.Equal(t, http.StatusOK, code, msg)
	assert.Equal(t, iti.OrderPaid, f.status(t).Status)

	g := setupWith(t, nil, []string{LowercaseCurrency})
	l, err := g.s.PayOnBehalf(g.order.OrderID, iti.PayOnBehalfRequest{Requester: "alice"}, "https://iut.test/pay/s1")
	require.NoError(t, err)
	page, err := g.s.HelpPage(strings.TrimPrefix(l.URL, "https://iut.test/pay/s1/help/"), "https://iut.test/pay/s1")
	require.NoError(t, err)
	assert.Contains(t, page, `content="cny"`)
	assert.NotContains(t, page, "CNY")
}

// The plain reference reads a wallet's lower-case code too: a tolerant
// reader of ISO 4217, whatever it writes itself.
func TestNoticesInLowerCaseCurrencyAreCredited(t *testing.T) {
	f := setup(t)
	b, _ := json.Marshal(iti.PaymentNotice{NotificationID: "n1", InstitutionID: "rival-pay", PlatformID: ID, OrderID: f.order.OrderID,
		WalletTxnID: "t1", AmountMinor: 8800, Currency: "cny", Payee: "tea-house", Status: "paid"})
	code, msg := f.s.Notify(b, paysign.SignBody(f.key, b))
	assert.Equal(t, http.StatusOK, code, msg)
}
