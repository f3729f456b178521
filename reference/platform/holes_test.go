package platform

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

type forgeryCase struct {
	shape          string
	body           []byte
	sig, elsewhere string
}

// forgeries are a notice for an order of bob's forged in every shape, once
// the wallet has been credited a genuine notice for f's order of the same
// terms.
func forgeries(t *testing.T, f *fixture) []forgeryCase {
	body := f.notice("n1", 8800, "tea-house")
	genuine := paysign.SignBody(f.key, body)
	code, _ := f.s.Notify(body, genuine)
	require.Equal(t, http.StatusOK, code)
	target, err := f.s.Checkout(iti.CheckoutRequest{MerchantID: "tea-house", Consumer: "bob", AmountMinor: 8800, Currency: "CNY"})
	require.NoError(t, err)
	_, err = f.s.Choose(target.OrderID, iti.ChoiceRequest{InstitutionID: "rival-pay"}, "https://iut.test/pay/s1")
	require.NoError(t, err)
	var n iti.PaymentNotice
	require.NoError(t, json.Unmarshal(body, &n))
	n.OrderID = target.OrderID
	n.NotificationID, n.WalletTxnID = "n2", "t2"
	forged, _ := json.Marshal(n)
	n.NotificationID, n.WalletTxnID = "n3", "t1"
	rewritten, _ := json.Marshal(n)
	key := paysign.NewKey()
	carried, _ := json.Marshal(struct {
		iti.PaymentNotice
		PublicKey string `json:"public_key"`
	}{n, paysign.EncodeKey(key.Public().(ed25519.PublicKey))})
	seal := func(secret, b []byte) string { return base64.StdEncoding.EncodeToString(hmacSum(secret, b)) }
	return []forgeryCase{
		{ForgedAttackersKey, forged, paysign.SignBody(paysign.NewKey(), forged), ""},
		{ForgedUnsigned, forged, "", ""},
		{ForgedSignedElsewhere, forged, "", paysign.SignBody(paysign.NewKey(), forged)},
		{ForgedUnreadable, forged, "not a signature", ""},
		{ForgedLiftedSignature, forged, genuine, ""},
		{ForgedRewritten, rewritten, genuine, ""},
		{ForgedHMACWalletKey, forged, seal(f.key.Public().(ed25519.PublicKey), forged), ""},
		{ForgedHMACPlatformKey, forged, seal(f.s.key.Public().(ed25519.PublicKey), forged), ""},
		{ForgedCarriedKey, carried, paysign.SignBody(key, carried), ""},
	}
}

// The compliant guards name every forgery by its shape, and each forgery
// switch opens its guard to its own shape alone.
func TestEachForgeryHasItsShapeAndOnlyItsSwitchOpensIt(t *testing.T) {
	f := setup(t)
	for _, c := range forgeries(t, f) {
		code, _ := f.s.NotifyFrom(c.body, c.sig, c.elsewhere)
		assert.NotEqual(t, http.StatusOK, code, "the compliant platform believes the forgery %s", c.shape)
	}
	for i, c := range forgeries(t, setup(t)) {
		for _, sw := range HoleSwitches() {
			g := setup(t, sw)
			mine := forgeries(t, g)[i]
			code, _ := g.s.NotifyFrom(mine.body, mine.sig, mine.elsewhere)
			if sw == c.shape {
				assert.Equal(t, http.StatusOK, code, "%s does not let through its own forgery", sw)
			} else {
				assert.NotEqual(t, http.StatusOK, code, "%s lets through the forgery %s", sw, c.shape)
			}
		}
	}
}

// A notice sent again is named by when and to what it comes, and only the
// switch of that shape credits it again.
func TestEachReplayHasItsShape(t *testing.T) {
	f := setup(t)
	body := f.notice("n1", 8800, "tea-house")
	sig := paysign.SignBody(f.key, body)
	code, _ := f.s.Notify(body, sig)
	require.Equal(t, http.StatusOK, code)
	var n iti.PaymentNotice
	require.NoError(t, json.Unmarshal(body, &n))
	shape := func() string {
		f.s.mu.Lock()
		defer f.s.mu.Unlock()
		o := f.s.orders[n.OrderID]
		s, _ := f.s.replay(n, o, f.s.h.credited[n.NotificationID])
		return s
	}
	assert.Equal(t, ReplayedInFlight, shape(), "before anyone looked at the order")
	f.status(t)
	assert.Equal(t, ReplayedAtOnce, shape(), "once the order was looked up")
	_, err := f.s.AdvanceClock(int64(ReplayWindow.Seconds()) + 60)
	require.NoError(t, err)
	assert.Equal(t, ReplayedDayLater, shape())
	code, msg := f.s.Notify(body, sig)
	assert.Equal(t, "already processed", msg, "the compliant platform answered %d", code)
	assert.Len(t, f.status(t).Credits, 1)
}
