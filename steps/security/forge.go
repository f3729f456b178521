package security

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
)

// SEC-01: forged notices. Each targets an order a customer was handed to
// the wallet for and has not paid, and reports exactly the amount, currency
// and payee due — the most convincing forgery — so that only the signature,
// the key behind it and the sender stand between it and a paid order.

// ghost is an institution the platform never connected.
const ghost = "ghost-pay"

var forgeries = map[string]attack{
	"a notice in each connected wallet's name, signed with a key the attacker made": {each: "in the name of",
		run: forge(func(k *kit, t *trial, body []byte, w string) (string, string) {
			return paysign.SignatureHeader, paysign.SignBody(paysign.NewKey(), body)
		})},
	"a notice in the wallet's name, signed with another connected wallet's own genuine key": {
		run: forge(func(k *kit, t *trial, body []byte, w string) (string, string) {
			signer := k.other(w)
			t.dims["signed by"] = signer
			return paysign.SignatureHeader, paysign.SignBody(k.mock(signer).Key, body)
		})},
	"a notice from an institution the platform never connected, signed with that institution's own key": {run: forgeGhost},
	"a notice in the wallet's name with no signature at all": {
		run: forge(func(*kit, *trial, []byte, string) (string, string) { return "", "" })},
	"a notice in the wallet's name whose signature comes in another place than the one agreed": {
		run: forge(func(k *kit, t *trial, body []byte, w string) (string, string) {
			return "X-Signature", paysign.SignBody(paysign.NewKey(), body)
		})},
	"a notice in the wallet's name whose signature is unreadable": {
		run: forge(func(*kit, *trial, []byte, string) (string, string) { return paysign.SignatureHeader, "not a signature" })},
	"a notice carrying the wallet's genuine signature, taken from its notice for the attacker's own order":          {run: liftSignature},
	"the wallet's genuine notice for the attacker's own order, rewritten as a new notice for this order and amount": {run: rewriteGenuine},
	"a notice sealed with a shared-secret code (HMAC) keyed with the wallet's public key": {
		run: forge(func(k *kit, t *trial, body []byte, w string) (string, string) {
			return paysign.SignatureHeader, seal(k.mock(w).Key.Public().(ed25519.PublicKey), body)
		})},
	"a notice sealed with a shared-secret code (HMAC) keyed with the platform's public key": {
		run: func(k *kit, t *trial, w string) error {
			key, err := paysign.DecodeKey(checkout.From(k.ctx).PlatformKey)
			if err != nil {
				t.skip("the platform gave no public key the attacker could use: %v", err)
				return nil
			}
			return forge(func(k *kit, t *trial, body []byte, w string) (string, string) {
				return paysign.SignatureHeader, seal(key, body)
			})(k, t, w)
		}},
	"a notice that carries a public key of the attacker's own and is signed with it": {run: carryKey},
}

// forge sends the notice for a fresh order handed to w, signed as sign says.
func forge(sign func(k *kit, t *trial, body []byte, w string) (header, sig string)) func(*kit, *trial, string) error {
	return func(k *kit, t *trial, w string) error {
		o, ok := target(k, t, w)
		if !ok {
			return nil
		}
		body, _ := json.Marshal(k.notice(o, w, k.person("mallory")))
		header, sig := sign(k, t, body, w)
		return k.unpaid(t, o, k.send(body, header, sig))
	}
}

// target is the forgery's victim: an order of its own, handed to w.
func target(k *kit, t *trial, w string) (*order, bool) {
	o, err := k.pending(w)
	if err != nil {
		t.skip("setting up an order handed to %s: %v", w, err)
		return nil, false
	}
	t.dims["wallet"], t.dims["order amount"] = w, checkout.Show(o.due, o.Currency)
	return o, true
}

func forgeGhost(k *kit, t *trial, w string) error {
	o, ok := target(k, t, w)
	if !ok {
		return nil
	}
	body, _ := json.Marshal(k.notice(o, ghost, k.person("mallory")))
	t.dims["in the name of"] = ghost
	return k.unpaid(t, o, k.signed(body, paysign.SignBody(paysign.NewKey(), body)))
}

// attackersOwn is a genuine notice w sent for a cheap order the attacker
// paid for herself, read.
func attackersOwn(k *kit, t *trial, w string) (iti.PaymentNotice, string, bool) {
	n, err := k.attackersOwn(w)
	var genuine iti.PaymentNotice
	if err == nil {
		err = json.Unmarshal(n.Body, &genuine)
	}
	if err != nil {
		t.skip("setting up the attacker's own payment through %s: %v", w, err)
		return genuine, "", false
	}
	return genuine, n.Signature, true
}

func liftSignature(k *kit, t *trial, w string) error {
	_, sig, ok := attackersOwn(k, t, w)
	if !ok {
		return nil
	}
	o, ok := target(k, t, w)
	if !ok {
		return nil
	}
	body, _ := json.Marshal(k.notice(o, w, k.person("mallory")))
	return k.unpaid(t, o, k.signed(body, sig))
}

func rewriteGenuine(k *kit, t *trial, w string) error {
	n, sig, ok := attackersOwn(k, t, w)
	if !ok {
		return nil
	}
	o, ok := target(k, t, w)
	if !ok {
		return nil
	}
	n.NotificationID += "-2"
	n.OrderID, n.AmountMinor, n.Currency, n.Payee = o.OrderID, o.due, o.Currency, o.MerchantID
	body, _ := json.Marshal(n)
	return k.unpaid(t, o, k.signed(body, sig))
}

func carryKey(k *kit, t *trial, w string) error {
	o, ok := target(k, t, w)
	if !ok {
		return nil
	}
	key := paysign.NewKey()
	body, _ := json.Marshal(struct {
		iti.PaymentNotice
		PublicKey string `json:"public_key"`
	}{k.notice(o, w, k.person("mallory")), paysign.EncodeKey(key.Public().(ed25519.PublicKey))})
	return k.unpaid(t, o, k.signed(body, paysign.SignBody(key, body)))
}

// seal is an HMAC-SHA256 of body keyed with a public key, in the
// signature's encoding: what a verifier confused about the kind of key it
// holds might accept.
func seal(key ed25519.PublicKey, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
