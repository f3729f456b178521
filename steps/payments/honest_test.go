package payments

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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

// PAY-05 counts every refund order the wallet received for the order, not
// what the wallet let through: a platform that sends the full refund twice
// fails, though the wallet refused the second. The double does not guard
// for the implementation.
func TestARefundSentTwiceFailsThoughTheWalletRefusedIt(t *testing.T) {
	for sends, pass := range map[int]bool{1: true, 2: false} {
		ctx := world(t)
		require.NoError(t, checkout.AddWallet(ctx, "rival-pay", iti.TierTop))
		wi := checkout.From(ctx).Wallets["rival-pay"]
		key := paysign.NewKey()
		require.NoError(t, wi.Mock.Connect(iti.InstitutionConnection{PlatformID: "plat", PlatformPublicKey: paysign.EncodeKey(key.Public().(ed25519.PublicKey))}))
		wi.Mock.Client = &http.Client{Transport: unreachable{}} // its notice goes nowhere
		q := url.Values{paysign.ParamInstitution: {"rival-pay"}, paysign.ParamPlatform: {"plat"}, paysign.ParamOrder: {"o1"},
			paysign.ParamAmount: {"8800"}, paysign.ParamCurrency: {"CNY"}, paysign.ParamPayee: {"tea-house"}}
		paysign.SignHandoff(key, q, paysign.HandoffFields)
		rec := httptest.NewRecorder()
		wi.Mock.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, institution.HandoffPath+"?"+q.Encode(), nil))
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		confirm := httptest.NewRequest(http.MethodPost, institution.ConfirmPath+"h1", strings.NewReader("payer=alice"))
		confirm.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		wi.Mock.ServeHTTP(httptest.NewRecorder(), confirm)
		txn := wi.Mock.Payments()[0].TxnID
		for i := range sends {
			body, _ := json.Marshal(iti.WalletRefund{RefundID: fmt.Sprintf("r%d", i), PlatformID: "plat", InstitutionID: "rival-pay", OrderID: "o1", WalletTxnID: txn, AmountMinor: 8800, Currency: "CNY"})
			req := httptest.NewRequest(http.MethodPost, institution.RefundPath, bytes.NewReader(body))
			req.Header.Set(paysign.SignatureHeader, paysign.SignBody(key, body))
			wi.Mock.ServeHTTP(httptest.NewRecorder(), req)
		}
		require.Len(t, wi.Mock.Refunds(), sends)
		cases(ctx).flows = []*flow{{key: "the scenario's order", named: true, wallet: "rival-pay", co: iti.Checkout{OrderID: "o1", AmountMinor: 8800, Currency: "CNY"}}}
		err := refundReceived(ctx, "rival-pay")
		if pass {
			assert.NoError(t, err)
		} else {
			assert.ErrorContains(t, err, "the platform sent it refund orders for 176.00 CNY in all")
		}
	}
}

type unreachable struct{}

func (unreachable) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no platform to notify")
}
