package acquirer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/reference/acquirer"
)

var shop = iti.CodeMerchant{ID: "M1", Name: "Lao Wang Noodles", City: "Beijing", Category: "5814"}

func state(violations ...string) *acquirer.State {
	on := map[string]bool{}
	for _, v := range violations {
		on[v] = true
	}
	a := &acquirer.Acquirer{Violate: func(n string) bool { return on[n] }}
	return a.NewState(iti.AcquirerFixtures{ClearingURL: "https://switch.test", GUI: "cn.test.acq"})
}

func TestIssuedCodesAreValidAndRoutable(t *testing.T) {
	for _, req := range []iti.CodeRequest{{Merchant: shop, Kind: iti.CodeStatic}, {Merchant: shop, Kind: iti.CodeDynamic, Amount: "36.8", Currency: "156"}} {
		code, err := state().Issue(req, "https://acq.test")
		require.NoError(t, err)
		rep := emv.Validate(code.Payload)
		assert.True(t, rep.Valid, "%+v", rep.Problems)
		guis, err := clearing.GUIs(code.Payload)
		require.NoError(t, err)
		assert.Equal(t, []string{"cn.test.acq"}, guis)
		text, err := qrimage.Decode(code.PNG)
		require.NoError(t, err)
		assert.Equal(t, code.Payload, text)
		g, err := qrimage.Measure(code.PNG)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, g.QuietZoneModules, 4.0)
	}
	_, err := state().Issue(iti.CodeRequest{Merchant: shop, Kind: "hourly"}, "")
	assert.ErrorContains(t, err, "unknown code kind")
	_, err = state().Issue(iti.CodeRequest{Merchant: shop, Kind: iti.CodeDynamic, Amount: "free"}, "")
	assert.ErrorContains(t, err, "positive amount")
}

func TestViolationsBreakTheArtefact(t *testing.T) {
	issue := func(v string, kind string) iti.IssuedCode {
		code, err := state(v).Issue(iti.CodeRequest{Merchant: shop, Kind: kind, Amount: "1.00"}, "https://acq.test")
		require.NoError(t, err)
		return code
	}
	assert.False(t, emv.Validate(issue(acquirer.BadCRC, iti.CodeStatic).Payload).CRCOK)
	g, err := qrimage.Measure(issue(acquirer.NoQuietZone, iti.CodeStatic).PNG)
	require.NoError(t, err)
	assert.Zero(t, g.QuietZoneModules)
	g, err = qrimage.Measure(issue(acquirer.ModulesTooSmall, iti.CodeStatic).PNG)
	require.NoError(t, err)
	assert.InDelta(t, 1, g.ModulePx, 0.01)
	guis, _ := clearing.GUIs(issue(acquirer.ProprietaryURLCode, iti.CodeStatic).Payload)
	assert.NotContains(t, guis, "cn.test.acq")
	guis, _ = clearing.GUIs(issue(acquirer.ProprietaryDynamicCodes, iti.CodeStatic).Payload)
	assert.Contains(t, guis, "cn.test.acq", "static codes stay routable")
	guis, _ = clearing.GUIs(issue(acquirer.ProprietaryDynamicCodes, iti.CodeDynamic).Payload)
	assert.NotContains(t, guis, "cn.test.acq")
	c := issue(acquirer.ImageDiffers, iti.CodeStatic)
	text, err := qrimage.Decode(c.PNG)
	require.NoError(t, err)
	assert.NotEqual(t, c.Payload, text)
}

func TestReceive(t *testing.T) {
	s := state()
	code, err := s.Issue(iti.CodeRequest{Merchant: shop, Kind: iti.CodeDynamic, Amount: "36.80", Currency: "156"}, "")
	require.NoError(t, err)
	d := iti.ClearingDelivery{SwitchRef: "SW1", PayerWallet: "w", PayerTier: "tail", Payload: code.Payload, Amount: "36.00", Currency: "156"}
	assert.Equal(t, iti.PaymentRefused, s.Receive(d).Status, "wrong amount")
	d.Amount = "36.80"
	assert.Equal(t, iti.PaymentAccepted, s.Receive(d).Status)
	assert.Equal(t, iti.PaymentRefused, s.Receive(d).Status, "paid twice")
	d.Payload = "000201"
	assert.Equal(t, iti.PaymentRefused, s.Receive(d).Status, "not our code")
	ps := s.Payments("M1")
	require.Len(t, ps, 3)
	assert.Equal(t, iti.PaymentAccepted, ps[1].Status)

	st := state(acquirer.RefuseTailWallets)
	static, err := st.Issue(iti.CodeRequest{Merchant: shop, Kind: iti.CodeStatic}, "")
	require.NoError(t, err)
	ans := st.Receive(iti.ClearingDelivery{PayerWallet: "w", PayerTier: "tail", Payload: static.Payload, Amount: "5.00", Currency: "156"})
	assert.Equal(t, iti.PaymentRefused, ans.Status)
	ans = st.Receive(iti.ClearingDelivery{PayerWallet: "w", PayerTier: "top", Payload: static.Payload, Amount: "5.00", Currency: "156"})
	assert.Equal(t, iti.PaymentAccepted, ans.Status)
}

// A delivery may name the yuan in either ISO 4217 form; another currency is
// refused. A dynamic code asked for in "CNY" carries the numeric 156.
func TestReceiveTakesEitherFormOfTheCurrency(t *testing.T) {
	s := state()
	static, err := s.Issue(iti.CodeRequest{Merchant: shop, Kind: iti.CodeStatic}, "")
	require.NoError(t, err)
	for _, cur := range []string{"156", "CNY", "cny"} {
		ans := s.Receive(iti.ClearingDelivery{PayerWallet: "w", PayerTier: "top", Payload: static.Payload, Amount: "5.00", Currency: cur})
		assert.Equal(t, iti.PaymentAccepted, ans.Status, "%s: %s", cur, ans.Reason)
	}
	for _, cur := range []string{"840", "USD", "RMB", ""} {
		ans := s.Receive(iti.ClearingDelivery{PayerWallet: "w", PayerTier: "top", Payload: static.Payload, Amount: "5.00", Currency: cur})
		assert.Equal(t, iti.PaymentRefused, ans.Status, cur)
	}

	order, err := s.Issue(iti.CodeRequest{Merchant: shop, Kind: iti.CodeDynamic, Amount: "36.80", Currency: "CNY"}, "")
	require.NoError(t, err)
	p, err := emv.Parse(order.Payload)
	require.NoError(t, err)
	cur, _ := p.Get("53")
	assert.Equal(t, "156", cur.Value)
	assert.True(t, emv.Validate(order.Payload).Valid)
	_, err = s.Issue(iti.CodeRequest{Merchant: shop, Kind: iti.CodeDynamic, Amount: "36.80", Currency: "RMB"}, "")
	assert.ErrorContains(t, err, "not an ISO 4217 code")
}
