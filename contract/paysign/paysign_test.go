package paysign

import (
	"crypto/ed25519"
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
