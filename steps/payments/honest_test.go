package payments

import (
	"context"
	"crypto/ed25519"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// world is a scenario's context with no implementation behind it: enough for
// the Then steps that judge what was already recorded.
func world(t *testing.T) context.Context {
	t.Helper()
	w, err := scenario.New(&scenario.Env{ITIBase: "https://iut.test/iti/v1", Network: network.New()}, t.Name())
	require.NoError(t, err)
	t.Cleanup(func() { w.Zone.Close() })
	return scenario.With(context.Background(), w)
}

func screen(pre ...string) iti.Checkout {
	c := iti.Checkout{OrderID: "o1", MerchantID: "tea-house", AmountMinor: 8800, Currency: "CNY"}
	for i, id := range []string{"own-pay", "rival-pay", "small-pay"} {
		o := iti.PaymentOption{InstitutionID: id, Position: i + 1, TotalMinor: 8800}
		for _, p := range pre {
			o.Preselected = o.Preselected || p == id
		}
		c.Options = append(c.Options, o)
	}
	return c
}

// PAY-08's rule: the preselected method is the consumer's last choice or
// none. Both pass; anything else fails.
func TestPreselectionIsTheLastChoiceOrNothing(t *testing.T) {
	for _, tc := range []struct {
		pre  []string
		pass bool
	}{
		{nil, true},
		{[]string{"rival-pay"}, true},
		{[]string{"own-pay"}, false},
		{[]string{"rival-pay", "own-pay"}, false},
		{[]string{"small-pay"}, false},
	} {
		ctx := world(t)
		checkout.From(ctx).Checkouts = []iti.Checkout{screen(tc.pre...)}
		err := lastChoiceOrNone(ctx, "rival-pay")
		if tc.pass {
			assert.NoError(t, err, "preselected %v", tc.pre)
		} else {
			assert.Error(t, err, "preselected %v", tc.pre)
		}
	}
	ctx := world(t)
	checkout.From(ctx).Checkouts = []iti.Checkout{screen("own-pay")}
	assert.ErrorContains(t, lastChoiceOrNone(ctx, "rival-pay"), "preselected own-pay")
}

// A handoff that writes the order's currency in another case carries the
// same currency; one in another currency does not.
func TestHandoffCurrencyComparesWithoutCase(t *testing.T) {
	for cur, pass := range map[string]bool{"CNY": true, "cny": true, "Cny": true, "USD": false, "usd": false} {
		ctx := world(t)
		require.NoError(t, checkout.AddWallet(ctx, "rival-pay", iti.TierTop))
		wi := checkout.From(ctx).Wallets["rival-pay"]
		key := paysign.NewKey()
		require.NoError(t, wi.Mock.Connect(iti.InstitutionConnection{PlatformID: "plat", PlatformPublicKey: paysign.EncodeKey(key.Public().(ed25519.PublicKey))}))
		q := url.Values{paysign.ParamInstitution: {"rival-pay"}, paysign.ParamPlatform: {"plat"}, paysign.ParamOrder: {"o1"},
			paysign.ParamAmount: {"8800"}, paysign.ParamCurrency: {cur}, paysign.ParamPayee: {"tea-house"}}
		paysign.SignHandoff(key, q, paysign.HandoffFields)
		rec := httptest.NewRecorder()
		wi.Mock.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, institution.HandoffPath+"?"+q.Encode(), nil))
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		checkout.From(ctx).Checkouts = []iti.Checkout{screen()}
		err := handoffUnaltered(ctx, "rival-pay")
		if pass {
			assert.NoError(t, err, cur)
		} else {
			assert.ErrorContains(t, err, "the order is in CNY, but rival-pay was asked for "+cur)
		}
	}
}
