package clearing_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/acquirer"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/mocks/network"
)

type world struct {
	sw  *clearing.Switch
	acq *acquirer.Acquirer
}

func setup(t *testing.T) world {
	t.Helper()
	n := network.New()
	sw := clearing.New(&http.Client{Transport: n.Transport()})
	acq := acquirer.New("tail-acquirer", "cn.test.tail")
	n.Handle("pay.tail.test", acq)
	sw.Register(iti.Participant{ID: "tail-acquirer", Kind: clearing.KindAcquirer, Tier: clearing.TierTail, GUI: "cn.test.tail"}, "https://pay.tail.test"+acquirer.PaymentsPath)
	sw.Register(iti.Participant{ID: "w1", Kind: clearing.KindWallet, Tier: clearing.TierTop}, "")
	return world{sw, acq}
}

var shop = iti.CodeMerchant{ID: "M1", Name: "Lao Wang Noodles", City: "Beijing", Category: "5814"}

func TestRoutesByTheGUIInTheMerchantAccountTemplate(t *testing.T) {
	w := setup(t)
	code, err := w.acq.Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	p, err := w.sw.Route(code)
	require.NoError(t, err)
	assert.Equal(t, "tail-acquirer", p.ID)

	other, err := acquirer.New("x", "com.example.app").Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	_, err = w.sw.Route(other)
	assert.ErrorContains(t, err, `"com.example.app"`)
	_, err = w.sw.Route("0002")
	assert.ErrorContains(t, err, "cannot be read")
}

func TestPayDeliversOnceAndRecordsEverything(t *testing.T) {
	w := setup(t)
	ctx := context.Background()
	code, err := w.acq.Issue(shop, iti.CodeDynamic, "36.80", "156")
	require.NoError(t, err)

	res := w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: "r1", Payload: code, Amount: "36.80", Currency: "156"})
	assert.Equal(t, iti.PaymentAccepted, res.Status, res.Reason)
	// A retried request gets the first answer and pays nothing more.
	again := w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: "r1", Payload: code, Amount: "36.80", Currency: "156"})
	assert.Equal(t, res, again)
	require.Len(t, w.acq.Received(), 1)
	// A second payment of the paid order, under a new reference, goes
	// through: the mock payee keeps no "only once" guard for the wallet
	// (QR-07 judges the wallet's own), and records both.
	second := w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: "r2", Payload: code, Amount: "36.80", Currency: "156"})
	assert.Equal(t, iti.PaymentAccepted, second.Status, second.Reason)
	require.Len(t, w.acq.Received(), 2)

	unknown := w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "nobody", PayerRef: "r", Payload: code, Amount: "1.00", Currency: "156"})
	assert.Equal(t, iti.PaymentRefused, unknown.Status)
	assert.Contains(t, unknown.Reason, "not a participant")

	bad := w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: "r3", Payload: code, Amount: "-1", Currency: "156"})
	assert.Equal(t, iti.PaymentRefused, bad.Status)

	recs := w.sw.Records()
	require.Len(t, recs, 4)
	assert.Equal(t, "tail-acquirer", recs[0].Payee)
	assert.Equal(t, iti.PaymentAccepted, recs[0].Status)
}

func TestDirectoryListsParticipants(t *testing.T) {
	w := setup(t)
	d := w.sw.Directory()
	require.Len(t, d.Participants, 2)
	assert.Equal(t, "tail-acquirer", d.Participants[0].ID)
	assert.Equal(t, clearing.TierTail, d.Participants[0].Tier)
}

// The contract does not fix the form of a payment's currency, so a wallet
// may name the yuan "156" (as ID 53 does) or "CNY" in any letter case; the
// payee refuses only another currency.
func TestEitherISO4217FormOfTheCodesCurrencyIsPaid(t *testing.T) {
	ctx := context.Background()
	for i, cur := range []string{"156", "CNY", "cny"} {
		w := setup(t)
		static, err := w.acq.Issue(shop, iti.CodeStatic, "", "156")
		require.NoError(t, err)
		order, err := w.acq.Issue(shop, iti.CodeDynamic, "36.80", "156")
		require.NoError(t, err)
		res := w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: fmt.Sprintf("s%d", i), Payload: static, Amount: "25.00", Currency: cur})
		assert.Equal(t, iti.PaymentAccepted, res.Status, "%s: %s", cur, res.Reason)
		res = w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: fmt.Sprintf("d%d", i), Payload: order, Amount: "36.80", Currency: cur})
		assert.Equal(t, iti.PaymentAccepted, res.Status, "%s: %s", cur, res.Reason)
		for _, p := range w.acq.Received() {
			assert.Equal(t, cur, p.Currency, "the payee records the currency as delivered")
		}
	}
	for i, cur := range []string{"840", "USD", "usd", "RMB", "", "15"} {
		w := setup(t)
		static, err := w.acq.Issue(shop, iti.CodeStatic, "", "156")
		require.NoError(t, err)
		order, err := w.acq.Issue(shop, iti.CodeDynamic, "36.80", "156")
		require.NoError(t, err)
		res := w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: fmt.Sprintf("s%d", i), Payload: static, Amount: "25.00", Currency: cur})
		assert.Equal(t, iti.PaymentRefused, res.Status, "a static code of the yuan paid in %q", cur)
		res = w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: fmt.Sprintf("d%d", i), Payload: order, Amount: "36.80", Currency: cur})
		assert.Equal(t, iti.PaymentRefused, res.Status, "an order in yuan paid in %q", cur)
	}
}

// TestHeldPaymentsAtOnceArePaidAsTheyCome: payments on a held code wait,
// and two sent at once under new references are both paid — the switch is
// no guard of the wallet's "only once" — while copies of one reference
// sent at once are paid once and all get its answer.
func TestHeldPaymentsAtOnceArePaidAsTheyCome(t *testing.T) {
	w := setup(t)
	ctx := context.Background()
	code, err := w.acq.Issue(shop, iti.CodeDynamic, "36.80", "156")
	require.NoError(t, err)
	w.sw.Hold(code, 30*time.Millisecond)
	other, err := w.acq.Issue(shop, iti.CodeDynamic, "1.00", "156")
	require.NoError(t, err)
	release := w.sw.Hold(other, time.Minute)
	released := make(chan iti.ClearingResult, 1)
	go func() {
		released <- w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: "o1", Payload: other, Amount: "1.00", Currency: "156"})
	}()
	release()
	release()
	assert.Equal(t, iti.PaymentAccepted, (<-released).Status, "a released hold lets the payment through")
	pay := func(ref string) <-chan iti.ClearingResult {
		out := make(chan iti.ClearingResult, 1)
		go func() {
			out <- w.sw.Pay(ctx, iti.ClearingPayment{PayerWallet: "w1", PayerRef: ref, Payload: code, Amount: "36.80", Currency: "156"})
		}()
		return out
	}
	start := time.Now()
	a, b := pay("r1"), pay("r2")
	ra, rb := <-a, <-b
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	assert.Equal(t, iti.PaymentAccepted, ra.Status, ra.Reason)
	assert.Equal(t, iti.PaymentAccepted, rb.Status, rb.Reason)
	require.Len(t, w.acq.Received(), 3)

	c, d := pay("r3"), pay("r3")
	rc, rd := <-c, <-d
	assert.Equal(t, rc, rd)
	assert.Len(t, w.acq.Received(), 4, "one reference sent twice at once is paid once")
}
