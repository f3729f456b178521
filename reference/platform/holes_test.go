package platform

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
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

// forgeries are notices forged in every shape, each for an order of its
// own, once the wallet has been credited a genuine notice for f's order of
// the same terms.
func forgeries(t *testing.T, f *fixture) []forgeryCase {
	body := f.notice("n1", 8800, "tea-house")
	genuine := paysign.SignBody(f.key, body)
	code, _ := f.s.Notify(body, genuine)
	require.Equal(t, http.StatusOK, code)
	var n iti.PaymentNotice
	require.NoError(t, json.Unmarshal(body, &n))
	seq := 1
	// forge is n for a new order handed to the wallet, as id with txn.
	forge := func(txn string) iti.PaymentNotice {
		target, err := f.s.Checkout(iti.CheckoutRequest{MerchantID: "tea-house", Consumer: "bob", AmountMinor: 8800, Currency: "CNY"})
		require.NoError(t, err)
		_, err = f.s.Choose(target.OrderID, iti.ChoiceRequest{InstitutionID: "rival-pay"}, "https://iut.test/pay/s1")
		require.NoError(t, err)
		seq++
		m := n
		m.OrderID, m.NotificationID, m.WalletTxnID = target.OrderID, fmt.Sprintf("n%d", seq), txn
		return m
	}
	fresh := func() []byte {
		b, _ := json.Marshal(forge(fmt.Sprintf("t%d", seq+1)))
		return b
	}
	key := paysign.NewKey()
	carried, _ := json.Marshal(struct {
		iti.PaymentNotice
		PublicKey string `json:"public_key"`
	}{forge("t-carried"), paysign.EncodeKey(key.Public().(ed25519.PublicKey))})
	rewritten, _ := json.Marshal(forge(n.WalletTxnID))
	seal := func(secret, b []byte) string { return base64.StdEncoding.EncodeToString(hmacSum(secret, b)) }
	signed := func(k ed25519.PrivateKey) (b []byte, sig string) { b = fresh(); return b, paysign.SignBody(k, b) }
	sealed := func(secret []byte) (b []byte, sig string) { b = fresh(); return b, seal(secret, b) }
	c := func(shape string, b []byte, sig, elsewhere string) forgeryCase {
		return forgeryCase{shape, b, sig, elsewhere}
	}
	attackers, attackersSig := signed(paysign.NewKey())
	unsigned := fresh()
	elsewhere, elsewhereSig := signed(paysign.NewKey())
	unreadable := fresh()
	lifted := fresh()
	hmacWallet, hmacWalletSig := sealed(f.key.Public().(ed25519.PublicKey))
	hmacPlatform, hmacPlatformSig := sealed(f.s.key.Public().(ed25519.PublicKey))
	return []forgeryCase{
		c(ForgedAttackersKey, attackers, attackersSig, ""),
		c(ForgedUnsigned, unsigned, "", ""),
		c(ForgedSignedElsewhere, elsewhere, "", elsewhereSig),
		c(ForgedUnreadable, unreadable, "not a signature", ""),
		c(ForgedLiftedSignature, lifted, genuine, ""),
		c(ForgedRewritten, rewritten, genuine, ""),
		c(ForgedHMACWalletKey, hmacWallet, hmacWalletSig, ""),
		c(ForgedHMACPlatformKey, hmacPlatform, hmacPlatformSig, ""),
		c(ForgedCarriedKey, carried, paysign.SignBody(key, carried), ""),
	}
}

// The compliant guards name every forgery by its shape, and each forgery
// switch opens its guard to its own shape alone.
func TestEachForgeryHasItsShapeAndOnlyItsSwitchOpensIt(t *testing.T) {
	for _, sw := range []string{"", ForgedAttackersKey, ForgedUnsigned, ForgedSignedElsewhere, ForgedUnreadable, ForgedLiftedSignature,
		ForgedRewritten, ForgedHMACWalletKey, ForgedHMACPlatformKey, ForgedCarriedKey, ForgedUnconnected, ForgedOtherWalletsKey} {
		f := setup(t, sw)
		for _, c := range forgeries(t, f) {
			code, _ := f.s.NotifyFrom(c.body, c.sig, c.elsewhere)
			if sw == c.shape {
				assert.Equal(t, http.StatusOK, code, "%s does not let through its own forgery", sw)
			} else {
				assert.NotEqual(t, http.StatusOK, code, "switch %q lets through the forgery %s", sw, c.shape)
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
