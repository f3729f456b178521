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

type fixture struct {
	s     *State
	key   ed25519.PrivateKey
	order iti.Checkout
}

func setup(t *testing.T, violations ...string) *fixture { return setupWith(t, violations, nil) }

// setupWith is setup with honest variants on as well.
func setupWith(t *testing.T, violations, variants []string) *fixture {
	on, vary := map[string]bool{}, map[string]bool{}
	for _, v := range violations {
		on[v] = true
	}
	for _, v := range variants {
		vary[v] = true
	}
	p := &Platform{Client: http.DefaultClient, Violate: func(n string) bool { return on[n] }, Vary: func(n string) bool { return vary[n] }}
	s := p.NewState()
	key := paysign.NewKey()
	for id, tier := range map[string]string{"own-pay": iti.TierAffiliated, "rival-pay": iti.TierTop} {
		k := key
		if id == "own-pay" {
			k = paysign.NewKey()
		}
		c, err := s.Connect(id, iti.InstitutionRequest{Name: id, Tier: tier, HandoffURL: "https://" + id + ".test/handoff",
			RefundURL: "https://" + id + ".test/refunds", Capabilities: []string{iti.CapabilityDirectHandoff, iti.CapabilityRefund}, NotifyPublicKey: paysign.EncodeKey(k.Public().(ed25519.PublicKey))}, "https://iut.test/pay/s1")
		require.NoError(t, err)
		require.Equal(t, iti.DecisionAccepted, c.Decision, c.Reason)
	}
	_, err := s.SetMerchant("tea-house", iti.MerchantRequest{Name: "tea-house", BrandTier: iti.BrandOrdinary, EnabledInstitutions: []string{"own-pay", "rival-pay"}})
	require.NoError(t, err)
	c, err := s.Checkout(iti.CheckoutRequest{MerchantID: "tea-house", Consumer: "alice", AmountMinor: 8800, Currency: "CNY"})
	require.NoError(t, err)
	_, err = s.Choose(c.OrderID, iti.ChoiceRequest{InstitutionID: "rival-pay"}, "https://iut.test/pay/s1")
	require.NoError(t, err)
	return &fixture{s: s, key: key, order: c}
}

func (f *fixture) notice(id string, amount int64, payee string) []byte {
	b, _ := json.Marshal(iti.PaymentNotice{NotificationID: id, InstitutionID: "rival-pay", PlatformID: ID, OrderID: f.order.OrderID,
		WalletTxnID: "t1", AmountMinor: amount, Currency: "CNY", Payee: payee, Status: "paid"})
	return b
}

func (f *fixture) status(t *testing.T) iti.Order {
	o, err := f.s.Order(f.order.OrderID)
	require.NoError(t, err)
	return o
}

func TestNoticesAreBelievedOnlyWhenSignedOnceAndForWhatWasHandedOff(t *testing.T) {
	f := setup(t)
	good := f.notice("n1", 8800, "tea-house")

	code, _ := f.s.Notify(good, paysign.SignBody(paysign.NewKey(), good))
	assert.Equal(t, http.StatusUnauthorized, code)
	code, _ = f.s.Notify(f.notice("n2", 1, "tea-house"), paysign.SignBody(f.key, f.notice("n2", 1, "tea-house")))
	assert.Equal(t, http.StatusConflict, code)
	code, _ = f.s.Notify(f.notice("n3", 8800, "mallory"), paysign.SignBody(f.key, f.notice("n3", 8800, "mallory")))
	assert.Equal(t, http.StatusConflict, code)
	assert.Equal(t, iti.OrderUnpaid, f.status(t).Status)

	code, _ = f.s.Notify(good, paysign.SignBody(f.key, good))
	assert.Equal(t, http.StatusOK, code)
	code, msg := f.s.Notify(good, paysign.SignBody(f.key, good))
	assert.Equal(t, http.StatusOK, code, "a replay is acknowledged, so the wallet stops retrying")
	assert.Equal(t, "already processed", msg)
	o := f.status(t)
	assert.Equal(t, iti.OrderPaid, o.Status)
	assert.Len(t, o.Credits, 1)
	assert.Equal(t, int64(8800), o.AmountPaidMinor)
}

func TestViolationsBreakWhatTheySay(t *testing.T) {
	f := setup(t, CreditReplays)
	good := f.notice("n1", 8800, "tea-house")
	f.s.Notify(good, paysign.SignBody(f.key, good))
	f.s.Notify(good, paysign.SignBody(f.key, good))
	assert.Len(t, f.status(t).Credits, 2)

	f = setup(t, AcceptUnsignedNotices)
	f.s.Notify(good, "")
	assert.Equal(t, iti.OrderPaid, f.status(t).Status)
}

func TestPayOnBehalfLinksExpire(t *testing.T) {
	f := setup(t)
	l, err := f.s.PayOnBehalf(f.order.OrderID, iti.PayOnBehalfRequest{Requester: "alice"}, "https://iut.test/pay/s1")
	require.NoError(t, err)
	code := l.URL[len("https://iut.test/pay/s1/help/"):]
	_, err = f.s.HelpPage(code, "https://iut.test/pay/s1")
	require.NoError(t, err)
	_, err = f.s.AdvanceClock(int64(OnBehalfTTL.Seconds()) + 1)
	require.NoError(t, err)
	_, err = f.s.HelpPage(code, "https://iut.test/pay/s1")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusGone, e.Status)
	_, err = f.s.HelpPay(code, "rival-pay")
	assert.Error(t, err)
	_, err = f.s.AdvanceClock(-1)
	assert.Error(t, err)
}

func TestHandoffIsSignedOverEveryField(t *testing.T) {
	for _, partial := range []bool{false, true} {
		var f *fixture
		if partial {
			f = setup(t, HandoffSignaturePartial)
		} else {
			f = setup(t)
		}
		h, err := f.s.Choose(f.order.OrderID, iti.ChoiceRequest{InstitutionID: "rival-pay"}, "https://iut.test/pay/s1")
		require.NoError(t, err)
		assert.Equal(t, iti.HandoffRedirect, h.Kind)
		target, err := f.s.HandoffTarget(strings.TrimPrefix(h.URL, "https://iut.test/pay/s1/handoff/"))
		require.NoError(t, err)
		u, err := url.Parse(target)
		require.NoError(t, err)
		covered, err := paysign.VerifyHandoff(f.s.key.Public().(ed25519.PublicKey), u.Query())
		require.NoError(t, err)
		if partial {
			assert.NotContains(t, covered, paysign.ParamAmount)
		} else {
			assert.ElementsMatch(t, paysign.HandoffFields, covered)
		}
		_, err = f.s.Choose(f.order.OrderID, iti.ChoiceRequest{InstitutionID: "ghost-pay"}, "https://iut.test/pay/s1")
		assert.Error(t, err)
	}
}
