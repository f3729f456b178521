package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

const guidePath = "../implementers-guide.md"

func guide(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(guidePath)
	require.NoError(t, err)
	return string(b)
}

// TestGuideHoldsTheGeneratedVectors: the block in the guide is exactly
// what the generator prints, so a change to the scheme or to the codecs
// shows up here rather than as a silently stale guide.
func TestGuideHoldsTheGeneratedVectors(t *testing.T) {
	block, err := Block(guide(t))
	require.NoError(t, err)
	var want bytes.Buffer
	require.NoError(t, Generate(&want))
	assert.Equal(t, want.String(), block, "the guide's vectors are not what the generator prints; run: go run ./docs/vectors -w docs/implementers-guide.md")
}

var fence = regexp.MustCompile("(?s)```\\w+ vector=([a-z0-9-]+)\n(.*?)\n```")

// vectors reads every named vector out of the guide's text.
func vectors(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range fence.FindAllStringSubmatch(guide(t), -1) {
		_, dup := out[m[1]]
		require.False(t, dup, "vector %s appears twice in the guide", m[1])
		out[m[1]] = m[2]
	}
	require.NotEmpty(t, out, "the guide holds no vectors")
	return out
}

func get(t *testing.T, v map[string]string, name string) string {
	t.Helper()
	s, ok := v[name]
	require.True(t, ok, "the guide has no vector %q", name)
	return s
}

// TestGuideVectorsVerify checks the vectors as the guide prints them, with
// the code the harness itself uses: an implementer who matches them
// matches the harness.
func TestGuideVectorsVerify(t *testing.T) {
	v := vectors(t)
	keys := map[string]ed25519.PublicKey{}
	for _, who := range []string{"platform", "wallet"} {
		seed, err := hex.DecodeString(get(t, v, who+"-seed-hex"))
		require.NoError(t, err)
		want := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
		assert.Equal(t, hex.EncodeToString(want), get(t, v, who+"-public-hex"), "%s: public key from the seed", who)
		for _, form := range []string{"-public-base64", "-public-base64url", "-public-pkix-base64"} {
			k, err := paysign.DecodeKey(get(t, v, who+form))
			if assert.NoError(t, err, who+form) {
				assert.Equal(t, want, k, who+form)
			}
		}
		pem := get(t, v, who+"-public-pem")
		body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(pem, "-----BEGIN PUBLIC KEY-----"), "-----END PUBLIC KEY-----"))
		assert.Equal(t, get(t, v, who+"-public-pkix-base64"), body, "%s: the PEM holds the PKIX key", who)
		keys[who] = want
	}

	t.Run("handoff", func(t *testing.T) {
		for _, name := range []string{"handoff", "handoff2"} {
			u, err := url.Parse(get(t, v, name+"-url"))
			require.NoError(t, err)
			q := u.Query()
			fields, err := paysign.VerifyHandoff(keys["platform"], q)
			assert.NoError(t, err, name)
			assert.ElementsMatch(t, paysign.HandoffFields, fields, "%s covers every handoff field", name)
			assert.Equal(t, get(t, v, name+"-canonical"), paysign.Canonical(q, fields), name)
		}
		// The standard-alphabet form of the signature is the same signature.
		u, _ := url.Parse(get(t, v, "handoff-url"))
		q := u.Query()
		assert.Equal(t, get(t, v, "handoff-sig-base64url"), q.Get(paysign.ParamSig))
		q.Set(paysign.ParamSig, get(t, v, "handoff-sig-base64"))
		_, err := paysign.VerifyHandoff(keys["platform"], q)
		assert.NoError(t, err, "the padded standard base64 form")
		// An altered amount no longer verifies.
		a, _ := url.Parse(get(t, v, "handoff-url-altered"))
		assert.Equal(t, "1", a.Query().Get(paysign.ParamAmount))
		_, err = paysign.VerifyHandoff(keys["platform"], a.Query())
		assert.Error(t, err, "the altered handoff must not verify")
	})

	t.Run("notice and refund", func(t *testing.T) {
		notice := []byte(get(t, v, "notice-body"))
		assert.True(t, paysign.VerifyBody(keys["wallet"], notice, get(t, v, "notice-signature")), "the payment notice's signature")
		assert.False(t, paysign.VerifyBody(keys["platform"], notice, get(t, v, "notice-signature")), "the notice is the wallet's, not the platform's")
		var n iti.PaymentNotice
		require.NoError(t, json.Unmarshal(notice, &n))
		assert.Equal(t, "paid", n.Status)
		h, _ := url.Parse(get(t, v, "handoff-url"))
		assert.Equal(t, h.Query().Get(paysign.ParamAmount), strconv.FormatInt(n.AmountMinor, 10), "the notice reports the amount that was handed off")

		refund := []byte(get(t, v, "refund-body"))
		assert.True(t, paysign.VerifyBody(keys["platform"], refund, get(t, v, "refund-signature")), "the refund order's signature")
		var r iti.WalletRefund
		require.NoError(t, json.Unmarshal(refund, &r))
		assert.Equal(t, n.WalletTxnID, r.WalletTxnID, "the refund names the wallet's transaction")
		var ans iti.WalletRefundResult
		require.NoError(t, json.Unmarshal([]byte(get(t, v, "refund-answer")), &ans))
		assert.Equal(t, r.RefundID, ans.RefundID)
	})

	t.Run("emv", func(t *testing.T) {
		assert.Equal(t, "29B1", get(t, v, "crc-check-123456789"))
		for _, name := range []string{"emv-annexb", "emv-static", "emv-dynamic"} {
			p := get(t, v, name)
			rep := emv.Validate(p)
			assert.True(t, rep.Valid, "%s: %v", name, rep.Problems)
			assert.True(t, rep.CRCOK, name)
			assert.Equal(t, p[len(p)-4:], rep.ExpectedCRC, name)
		}
		assert.True(t, strings.HasSuffix(get(t, v, "emv-annexb"), "6304A13A"), "the Annex B example's CRC is A13A")
		dyn, err := emv.Parse(get(t, v, "emv-dynamic"))
		require.NoError(t, err)
		amount, _ := dyn.Get("54")
		assert.Equal(t, "36.80", amount.Value)
		// EMVCo does not fix the case of the CRC's hexadecimal digits, and
		// the harness reads either; the guide's gaps table says so.
		rep := emv.Validate(get(t, v, "emv-static-lowercase-crc"))
		assert.True(t, rep.CRCOK, "the lowercase CRC has the right value")
		assert.True(t, rep.Valid, "the harness takes a lowercase CRC: %v", rep.Problems)
	})
}

// TestGuideProseUsesTheVectors: the wire examples in the guide's prose
// (section 6, the platform role) quote these vectors; they must be the
// current ones, so a regenerated block cannot leave stale copies behind.
func TestGuideProseUsesTheVectors(t *testing.T) {
	doc := guide(t)
	block, err := Block(doc)
	require.NoError(t, err)
	prose := strings.Replace(doc, block, "", 1)
	v := vectors(t)
	for _, name := range []string{"handoff-canonical", "handoff-sig-base64url", "notice-body", "notice-signature",
		"refund-body", "refund-signature", "platform-public-base64", "emv-static"} {
		assert.Contains(t, prose, get(t, v, name), "the guide's prose should quote the vector %s as it is now", name)
	}
}

func TestReplaceKeepsTheRest(t *testing.T) {
	doc := "intro\n" + BeginMarker + "\nold\n" + EndMarker + "\noutro\n"
	out, err := Replace(doc, "new\n")
	require.NoError(t, err)
	assert.Equal(t, "intro\n"+BeginMarker+"\nnew\n"+EndMarker+"\noutro\n", out)
	_, err = Replace("no markers", "x")
	assert.Error(t, err)
}
