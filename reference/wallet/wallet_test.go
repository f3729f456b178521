package wallet_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/acquirer"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/reference/wallet"
)

var shop = iti.CodeMerchant{ID: "M1", Name: "Lao Wang Noodles", City: "Beijing", Category: "5814"}

type fixture struct {
	st  *wallet.State
	acq *acquirer.Acquirer
	sw  *clearing.Switch
}

func setup(t *testing.T, violations ...string) fixture {
	t.Helper()
	n := network.New()
	client := &http.Client{Transport: n.Transport()}
	sw := clearing.New(client)
	n.Handle("switch.test", sw)
	acq := acquirer.New("rival", "cn.test.rival")
	n.Handle("rival.test", acq)
	sw.Register(iti.Participant{ID: "rival", Kind: clearing.KindAcquirer, Tier: clearing.TierTail, GUI: "cn.test.rival"}, "https://rival.test/payments")
	sw.Register(iti.Participant{ID: "me", Kind: clearing.KindWallet, Tier: clearing.TierTop}, "")
	on := map[string]bool{}
	for _, v := range violations {
		on[v] = true
	}
	w := &wallet.Wallet{Client: client, Violate: func(n string) bool { return on[n] }}
	st, err := w.NewState(iti.WalletFixtures{ClearingURL: "https://switch.test", WalletID: "me", AffiliatedGUIs: []string{"cn.test.own"},
		Customers: []iti.WalletCustomer{{ID: "alice", Balance: "2000.00"}}})
	require.NoError(t, err)
	return fixture{st, acq, sw}
}

func (f fixture) scan(t *testing.T, payload, amount string) iti.ScanResult {
	t.Helper()
	img, err := qrimage.Render(payload, qrimage.Options{})
	require.NoError(t, err)
	res, err := f.st.Scan(context.Background(), iti.ScanRequest{Customer: "alice", Image: img, Amount: amount})
	require.NoError(t, err)
	return res
}

func (f fixture) balance(t *testing.T) string {
	m, err := f.st.Movements("alice")
	require.NoError(t, err)
	return m.Balance
}

func TestStaticCodesAreCappedAt500ADay(t *testing.T) {
	f := setup(t)
	code, err := f.acq.Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	assert.Equal(t, iti.ScanPaid, f.scan(t, code, "300.00").Outcome)
	r := f.scan(t, code, "250.00")
	assert.Equal(t, iti.ScanDeclined, r.Outcome)
	assert.Contains(t, r.Reason, "500")
	assert.Equal(t, iti.ScanPaid, f.scan(t, code, "200.00").Outcome, "up to the cap is allowed")
	assert.Equal(t, "1500.00", f.balance(t))

	g := setup(t, wallet.IgnoreDailyLimit)
	code, err = g.acq.Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	g.scan(t, code, "300.00")
	assert.Equal(t, iti.ScanPaid, g.scan(t, code, "250.00").Outcome)
}

func TestTamperedCodeIsRejectedBeforeThePrompt(t *testing.T) {
	f := setup(t)
	code, err := f.acq.Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	flipped := "0"
	if strings.HasSuffix(code, "0") {
		flipped = "1"
	}
	r := f.scan(t, code[:len(code)-1]+flipped, "10.00")
	assert.Equal(t, iti.ScanRejected, r.Outcome)
	assert.False(t, r.Prompted)
	assert.Contains(t, r.Reason, "CRC")
	assert.Equal(t, "2000.00", f.balance(t))
	assert.Empty(t, f.sw.Records())
}

func TestOrderCodeIsPaidOnceExactly(t *testing.T) {
	f := setup(t)
	code, err := f.acq.Issue(shop, iti.CodeDynamic, "36.80", "156")
	require.NoError(t, err)
	r := f.scan(t, code, "")
	require.Equal(t, iti.ScanPaid, r.Outcome, r.Reason)
	assert.Equal(t, "36.80", r.Amount)
	assert.Equal(t, iti.ScanDeclined, f.scan(t, code, "").Outcome)
	assert.Equal(t, "1963.20", f.balance(t))

	g := setup(t, wallet.ChargeTwice)
	code, err = g.acq.Issue(shop, iti.CodeDynamic, "36.80", "156")
	require.NoError(t, err)
	g.scan(t, code, "")
	g.scan(t, code, "")
	assert.Equal(t, "1926.40", g.balance(t), "the violation charges twice")
}

func TestPayloadTextIsAcceptedAndBadRequestsAreErrors(t *testing.T) {
	f := setup(t)
	code, err := f.acq.Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	r, err := f.st.Scan(context.Background(), iti.ScanRequest{Customer: "alice", Payload: code, Amount: "5.00"})
	require.NoError(t, err)
	assert.Equal(t, iti.ScanPaid, r.Outcome, r.Reason)

	_, err = f.st.Scan(context.Background(), iti.ScanRequest{Customer: "bob", Payload: code, Amount: "5.00"})
	assert.ErrorContains(t, err, `no customer "bob"`)
	_, err = f.st.Scan(context.Background(), iti.ScanRequest{Customer: "alice"})
	assert.Error(t, err)
	r, err = f.st.Scan(context.Background(), iti.ScanRequest{Customer: "alice", Image: []byte("not a png")})
	require.NoError(t, err)
	assert.Equal(t, iti.ScanRejected, r.Outcome)
}

func TestRefuseTailAcquirersReadsTheDirectory(t *testing.T) {
	f := setup(t, wallet.RefuseTailAcquirers)
	code, err := f.acq.Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	assert.Equal(t, iti.ScanRejected, f.scan(t, code, "5.00").Outcome)
}

// EMVCo does not fix the letter case of the CRC's hexadecimal digits: a code
// whose right CRC is written in lowercase is paid, and a wrong one is
// refused in either case.
func TestCRCIsReadInEitherCase(t *testing.T) {
	f := setup(t)
	code, err := f.acq.Issue(shop, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	body, crc := code[:len(code)-4], code[len(code)-4:]
	lower := body + strings.ToLower(crc)
	r := f.scan(t, lower, "10.00")
	assert.True(t, r.Prompted, r.Reason)
	assert.NotEqual(t, iti.ScanRejected, r.Outcome, r.Reason)

	wrong := "abcd"
	if strings.EqualFold(crc, wrong) {
		wrong = "dcba"
	}
	for _, bad := range []string{strings.ToLower(wrong), strings.ToUpper(wrong)} {
		r = f.scan(t, body+bad, "10.00")
		assert.Equal(t, iti.ScanRejected, r.Outcome, bad)
		assert.Contains(t, r.Reason, "CRC", bad)
	}
}

// An order code scanned twice at the same moment is paid once: the wallet
// takes the order before it sends the payment, and the switch, holding the
// first, pays whatever it is sent. Set late, the guard lets both through.
func TestOrderCodeScannedTwiceAtOnceIsPaidOnce(t *testing.T) {
	for _, c := range []struct {
		violations []string
		paid       int
	}{{nil, 1}, {[]string{wallet.OrderGuardSetLate}, 2}} {
		f := setup(t, c.violations...)
		code, err := f.acq.Issue(shop, iti.CodeDynamic, "36.80", "156")
		require.NoError(t, err)
		release := f.sw.Hold(code, 200*time.Millisecond)
		img, err := qrimage.Render(code, qrimage.Options{})
		require.NoError(t, err)
		var wg sync.WaitGroup
		out := make([]iti.ScanResult, 2)
		errs := make([]error, 2)
		for i := range out {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i], errs[i] = f.st.Scan(context.Background(), iti.ScanRequest{Customer: "alice", Image: img})
				release()
			}()
		}
		wg.Wait()
		require.NoError(t, errors.Join(errs...))
		paid := 0
		for _, r := range out {
			if r.Outcome == iti.ScanPaid {
				paid++
			}
		}
		assert.Equal(t, c.paid, paid, "%v: %+v", c.violations, out)
		assert.Len(t, f.acq.Received(), c.paid, "%v", c.violations)
	}
}
