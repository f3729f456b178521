package paysign

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandoffSignatureCoversExactlyItsFields(t *testing.T) {
	k := NewKey()
	q := url.Values{ParamAmount: {"8800"}, ParamCurrency: {"CNY"}, ParamInstitution: {"rival-pay"}, ParamOrder: {"o1"}, ParamPayee: {"tea-house"}, ParamPlatform: {"p"}}
	SignHandoff(k, q, HandoffFields)
	fields, err := VerifyHandoff(k.Public().(ed25519PublicKey), q)
	require.NoError(t, err)
	assert.ElementsMatch(t, HandoffFields, fields)

	q.Set(ParamAmount, "1")
	_, err = VerifyHandoff(k.Public().(ed25519PublicKey), q)
	assert.Error(t, err, "an altered amount must not verify")

	// A signature that leaves the amount out still verifies when only the
	// amount changes: the wallet can see what was covered.
	q = url.Values{ParamAmount: {"8800"}, ParamOrder: {"o1"}}
	SignHandoff(k, q, []string{ParamOrder})
	q.Set(ParamAmount, "1")
	fields, err = VerifyHandoff(k.Public().(ed25519PublicKey), q)
	require.NoError(t, err)
	assert.Equal(t, []string{ParamOrder}, fields)

	// Dropping a field from the signed list breaks the signature.
	q = url.Values{ParamAmount: {"8800"}, ParamOrder: {"o1"}}
	SignHandoff(k, q, []string{ParamAmount, ParamOrder})
	q.Set(ParamSigned, ParamOrder)
	_, err = VerifyHandoff(k.Public().(ed25519PublicKey), q)
	assert.Error(t, err)
}

func TestBodySignatureAndKeys(t *testing.T) {
	k := NewKey()
	pub, err := DecodeKey(EncodeKey(k.Public().(ed25519PublicKey)))
	require.NoError(t, err)
	body := []byte(`{"order_id":"o1","amount_minor":8800}`)
	sig := SignBody(k, body)
	assert.True(t, VerifyBody(pub, body, sig))
	assert.False(t, VerifyBody(pub, []byte(`{"order_id":"o1","amount_minor":8801}`), sig))
	assert.False(t, VerifyBody(pub, body, "not base64!"))
	assert.False(t, VerifyBody(NewKey().Public().(ed25519PublicKey), body, sig))
	_, err = DecodeKey("AAAA")
	assert.ErrorContains(t, err, "Ed25519")
}

type ed25519PublicKey = ed25519.PublicKey

// An implementation may write a signature or a key in any base64 form RFC
// 4648 allows; each means the same bytes and must verify the same.
func TestEveryBase64FormVerifies(t *testing.T) {
	key := NewKey()
	q := url.Values{ParamAmount: {"100"}, ParamCurrency: {"CNY"}, ParamInstitution: {"i"}, ParamOrder: {"o"}, ParamPayee: {"m"}, ParamPlatform: {"p"}}
	SignHandoff(key, q, HandoffFields)
	raw, err := base64.RawURLEncoding.DecodeString(q.Get(ParamSig))
	require.NoError(t, err)
	pub := key.Public().(ed25519.PublicKey)
	for name, enc := range map[string]*base64.Encoding{
		"base64url": base64.RawURLEncoding, "base64url padded": base64.URLEncoding,
		"standard": base64.StdEncoding, "standard unpadded": base64.RawStdEncoding,
	} {
		q.Set(ParamSig, enc.EncodeToString(raw))
		_, err := VerifyHandoff(pub, q)
		assert.NoError(t, err, "handoff signature in %s", name)

		body := []byte(`{"order":"o"}`)
		sig, _ := base64.StdEncoding.DecodeString(SignBody(key, body))
		assert.True(t, VerifyBody(pub, body, enc.EncodeToString(sig)), "body signature in %s", name)

		k, err := DecodeKey(enc.EncodeToString(pub))
		assert.NoError(t, err, "raw key in %s", name)
		assert.Equal(t, pub, k)
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)
	k, err := DecodeKey(base64.StdEncoding.EncodeToString(der))
	require.NoError(t, err, "PKIX key")
	assert.Equal(t, pub, k)

	// Tolerance is of form, not of content.
	_, err = DecodeBase64("ab+c-d")
	assert.Error(t, err)
	_, err = DecodeKey(base64.StdEncoding.EncodeToString([]byte("short")))
	assert.ErrorContains(t, err, "5 bytes")
	q.Set(ParamSig, base64.URLEncoding.EncodeToString(append(raw[:63:63], raw[63]^1)))
	_, err = VerifyHandoff(pub, q)
	assert.ErrorContains(t, err, "does not match")
}
