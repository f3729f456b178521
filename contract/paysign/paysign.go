// Package paysign is the signature scheme of the platform role's real
// artefacts, as the ITI describes it: the parameters of a handoff from a
// platform to a wallet, and the bodies of the messages a wallet and a
// platform send each other (payment notices, refund orders). Both sides use
// Ed25519; public keys travel base64-encoded when an institution is
// connected.
//
// What a party sends is written one way (SignHandoff: base64url without
// padding; SignBody and EncodeKey: standard base64 with padding); what it
// reads is every form RFC 4648 allows for the same bytes, because an
// implementation built from the contract in another stack may pick any of
// them and mean the same signature. DecodeKey also reads a key in its PKIX
// (SubjectPublicKeyInfo, DER) form, the one most crypto libraries export.
//
// The harness's mock wallets and the reference platform both use it, so the
// scheme lives beside the contract rather than in either party.
package paysign

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Handoff parameters: a handoff URL's query carries them.
const (
	ParamInstitution = "inst"     // the wallet the consumer is handed to
	ParamPlatform    = "platform" // the platform handing off
	ParamOrder       = "order"    // the platform's order reference
	ParamAmount      = "amount"   // the amount due, in minor units (fen)
	ParamCurrency    = "currency" // ISO 4217 code
	ParamPayee       = "payee"    // the merchant being paid
	ParamSigned      = "signed"   // comma-separated names of the parameters the signature covers
	ParamSig         = "sig"      // base64url Ed25519 signature over Canonical(query, signed)
)

// HandoffFields are the parameters every handoff carries; a platform's
// signature must cover every one of them, so that payer and payee
// information travels unaltered.
var HandoffFields = []string{ParamAmount, ParamCurrency, ParamInstitution, ParamOrder, ParamPayee, ParamPlatform}

// SignatureHeader carries the base64 Ed25519 signature over a message's raw
// body.
const SignatureHeader = "X-Hutong-Signature"

// Canonical is the string a handoff signature covers: the named fields,
// sorted, as name=query-escaped-value joined by '&'. Field names are part of
// it, so a signed list that drops a field no longer verifies.
func Canonical(q url.Values, fields []string) string {
	fs := append([]string(nil), fields...)
	sort.Strings(fs)
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f + "=" + url.QueryEscape(q.Get(f))
	}
	return strings.Join(parts, "&")
}

// SignHandoff sets the signed and sig parameters of q over fields.
func SignHandoff(key ed25519.PrivateKey, q url.Values, fields []string) {
	q.Set(ParamSigned, strings.Join(fields, ","))
	q.Set(ParamSig, base64.RawURLEncoding.EncodeToString(ed25519.Sign(key, []byte(Canonical(q, fields)))))
}

// VerifyHandoff checks q's signature and returns the fields it covers.
func VerifyHandoff(key ed25519.PublicKey, q url.Values) ([]string, error) {
	if len(key) != ed25519.PublicKeySize {
		return nil, errors.New("no platform key to verify the handoff with")
	}
	signed := q.Get(ParamSigned)
	if signed == "" {
		return nil, errors.New("the handoff names no signed fields")
	}
	sig, err := DecodeBase64(q.Get(ParamSig))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, errors.New("the handoff carries no readable signature")
	}
	fields := strings.Split(signed, ",")
	if !ed25519.Verify(key, []byte(Canonical(q, fields)), sig) {
		return fields, errors.New("the platform's signature does not match the handoff's parameters")
	}
	return fields, nil
}

// SignBody returns the signature header value for body.
func SignBody(key ed25519.PrivateKey, body []byte) string {
	return base64.StdEncoding.EncodeToString(ed25519.Sign(key, body))
}

// VerifyBody checks a signature header value over body.
func VerifyBody(key ed25519.PublicKey, body []byte, sig string) bool {
	s, err := DecodeBase64(sig)
	return err == nil && len(key) == ed25519.PublicKeySize && len(s) == ed25519.SignatureSize && ed25519.Verify(key, body, s)
}

// EncodeKey encodes a public key for the wire.
func EncodeKey(k ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(k) }

// DecodeKey reads a public key from the wire: the 32 raw bytes of the key,
// or its PKIX (SubjectPublicKeyInfo, DER) encoding, in any base64 form.
func DecodeKey(s string) (ed25519.PublicKey, error) {
	b, err := DecodeBase64(s)
	if err != nil {
		return nil, fmt.Errorf("public key %.64q is not base64: %v", s, err)
	}
	if len(b) == ed25519.PublicKeySize {
		return ed25519.PublicKey(b), nil
	}
	if pub, err := x509.ParsePKIXPublicKey(b); err == nil {
		if k, ok := pub.(ed25519.PublicKey); ok {
			return k, nil
		}
		return nil, fmt.Errorf("public key is a PKIX key of type %T, not Ed25519", pub)
	}
	return nil, fmt.Errorf("public key is %d bytes; an Ed25519 key has %d (raw) or is a PKIX SubjectPublicKeyInfo", len(b), ed25519.PublicKeySize)
}

// DecodeBase64 reads s in any of RFC 4648's base64 forms: the standard or
// the URL-safe alphabet, with or without padding. Surrounding white space is
// ignored; anything else that is not base64 is an error.
func DecodeBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	enc := base64.RawStdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.RawURLEncoding
	}
	if strings.ContainsAny(s, "+/") && enc == base64.RawURLEncoding {
		return nil, errors.New("mixes the standard and the URL-safe alphabet")
	}
	return enc.DecodeString(strings.TrimRight(s, "="))
}

// NewKey makes a fresh key pair.
func NewKey() ed25519.PrivateKey {
	_, k, err := ed25519.GenerateKey(nil)
	if err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return k
}
