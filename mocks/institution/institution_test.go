package institution

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// platformStub records the notices the wallet sends it.
type platformStub struct {
	key    ed25519.PrivateKey
	bodies [][]byte
	sigs   []string
}

func (p *platformStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	p.bodies = append(p.bodies, b)
	p.sigs = append(p.sigs, r.Header.Get(paysign.SignatureHeader))
}

func setup(t *testing.T) (*Institution, *platformStub, *httptest.Server) {
	p := &platformStub{key: paysign.NewKey()}
	ps := httptest.NewServer(p)
	t.Cleanup(ps.Close)
	w := New("rival-pay", "rival-pay", iti.TierTop, ps.Client())
	require.NoError(t, w.Connect(iti.InstitutionConnection{PlatformID: "plat", NotifyURL: ps.URL + "/notify",
		PlatformPublicKey: paysign.EncodeKey(p.key.Public().(ed25519.PublicKey))}))
	return w, p, ps
}

func handoffQuery(p *platformStub, fields []string) url.Values {
	q := url.Values{paysign.ParamInstitution: {"rival-pay"}, paysign.ParamPlatform: {"plat"}, paysign.ParamOrder: {"o1"},
		paysign.ParamAmount: {"8800"}, paysign.ParamCurrency: {"CNY"}, paysign.ParamPayee: {"tea-house"}}
	paysign.SignHandoff(p.key, q, fields)
	return q
}

func get(w http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	w.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestSignedHandoffIsPaidAndNotifiedWithAVerifiableSignature(t *testing.T) {
	w, p, _ := setup(t)
	rec := get(w, HandoffPath+"?"+handoffQuery(p, paysign.HandoffFields).Encode())
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `<meta name="hutong:handoff" content="h1">`)

	form := strings.NewReader("payer=alice")
	req := httptest.NewRequest(http.MethodPost, ConfirmPath+"h1", form)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	w.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())

	require.Len(t, p.bodies, 1)
	assert.True(t, paysign.VerifyBody(w.Key.Public().(ed25519.PublicKey), p.bodies[0], p.sigs[0]))
	var n iti.PaymentNotice
	require.NoError(t, json.Unmarshal(p.bodies[0], &n))
	assert.Equal(t, int64(8800), n.AmountMinor)
	assert.Equal(t, "o1", n.OrderID)
	assert.Equal(t, "alice", n.Payer)
	require.Len(t, w.Payments(), 1)

	// A second confirmation of the same handoff is refused.
	req = httptest.NewRequest(http.MethodPost, ConfirmPath+"h1", strings.NewReader("payer=alice"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	w.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusConflict, rec.Code)
}

func TestAlteredHandoffIsRefusedUnlessCareless(t *testing.T) {
	w, p, _ := setup(t)
	q := handoffQuery(p, paysign.HandoffFields)
	q.Set(paysign.ParamAmount, "1")
	rec := get(w, HandoffPath+"?"+q.Encode())
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.False(t, w.Handoffs()[0].Accepted)
	assert.Contains(t, w.Handoffs()[0].Reason, "signature")

	w.SetCareless(true)
	rec = get(w, HandoffPath+"?"+q.Encode())
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, w.Handoffs()[1].Accepted)
}

func TestRefundNeedsThePlatformsSignatureAndAKnownPayment(t *testing.T) {
	w, p, _ := setup(t)
	get(w, HandoffPath+"?"+handoffQuery(p, paysign.HandoffFields).Encode())
	req := httptest.NewRequest(http.MethodPost, ConfirmPath+"h1", strings.NewReader("payer=alice"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w.ServeHTTP(httptest.NewRecorder(), req)
	txn := w.Payments()[0].TxnID

	refund := func(key ed25519.PrivateKey, ro iti.WalletRefund) int {
		b, _ := json.Marshal(ro)
		req := httptest.NewRequest(http.MethodPost, RefundPath, strings.NewReader(string(b)))
		req.Header.Set(paysign.SignatureHeader, paysign.SignBody(key, b))
		rec := httptest.NewRecorder()
		w.ServeHTTP(rec, req)
		return rec.Code
	}
	ro := iti.WalletRefund{RefundID: "r1", PlatformID: "plat", OrderID: "o1", WalletTxnID: txn, AmountMinor: 8800, Currency: "CNY"}
	assert.Equal(t, http.StatusUnauthorized, refund(paysign.NewKey(), ro))
	assert.Equal(t, http.StatusNotFound, refund(p.key, iti.WalletRefund{RefundID: "r2", PlatformID: "plat", OrderID: "o1", WalletTxnID: "nope", AmountMinor: 8800, Currency: "CNY"}))
	assert.Equal(t, http.StatusOK, refund(p.key, ro))
	assert.Equal(t, http.StatusUnprocessableEntity, refund(p.key, ro), "a second full refund exceeds the payment")
	assert.Equal(t, int64(8800), w.Payments()[0].Refunded)
	assert.Len(t, w.Refunds(), 4)
}

// A platform may write the handoff's currency and sign it in any form the
// standards allow: "cny" is ISO 4217's CNY, and a padded base64url signature
// is the same signature. A refund order in "cny" refunds a payment in CNY;
// one in USD does not.
func TestHonestSpellingsAreAcceptedAndAnotherCurrencyIsNot(t *testing.T) {
	w, p, _ := setup(t)
	q := handoffQuery(p, paysign.HandoffFields)
	q.Set(paysign.ParamCurrency, "cny")
	paysign.SignHandoff(p.key, q, paysign.HandoffFields)
	sig, err := paysign.DecodeBase64(q.Get(paysign.ParamSig))
	require.NoError(t, err)
	q.Set(paysign.ParamSig, base64.URLEncoding.EncodeToString(sig))
	require.True(t, strings.HasSuffix(q.Get(paysign.ParamSig), "="))
	rec := get(w, HandoffPath+"?"+q.Encode())
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())

	req := httptest.NewRequest(http.MethodPost, ConfirmPath+"h1", strings.NewReader("payer=alice"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w.ServeHTTP(httptest.NewRecorder(), req)
	txn := w.Payments()[0].TxnID
	assert.Equal(t, "cny", w.Payments()[0].Currency, "the wallet books what it was asked for")

	refund := func(cur string, amount int64) int {
		b, _ := json.Marshal(iti.WalletRefund{RefundID: "r-" + cur, PlatformID: "plat", OrderID: "o1", WalletTxnID: txn, AmountMinor: amount, Currency: cur})
		req := httptest.NewRequest(http.MethodPost, RefundPath, strings.NewReader(string(b)))
		req.Header.Set(paysign.SignatureHeader, paysign.SignBody(p.key, b))
		rec := httptest.NewRecorder()
		w.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusUnprocessableEntity, refund("USD", 100), "a refund in another currency")
	assert.Equal(t, http.StatusOK, refund("CNY", 100), "CNY refunds a payment booked as cny")
	assert.Equal(t, http.StatusOK, refund("cny", 100))
	assert.Equal(t, int64(200), w.Payments()[0].Refunded)
}
