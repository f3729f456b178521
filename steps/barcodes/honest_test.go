package barcodes_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/acquirer"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// These tests certify the reference with its answers rewritten into other
// forms the contract and the standards allow, which an independent
// implementation may choose: each must still pass, and each violation the
// form could hide must still fail.

// rewrite passes the reference's answers to the requests match selects
// through edit.
func rewrite(match func(*http.Request) bool, edit func([]byte) []byte) func(http.Handler) http.Handler {
	return target.Rewriting(func(r *http.Request) func([]byte) []byte {
		if !match(r) {
			return nil
		}
		return edit
	})
}

// verdicts runs the scenarios tags selects against the wrapped reference
// with the given switches, and returns the verdict of every requirement
// they judged.
func verdicts(t *testing.T, tags string, wrap func(http.Handler) http.Handler, violations ...string) map[string]result.Verdict {
	t.Helper()
	tg, err := target.InProcessWrapped("test", violations, wrap)
	require.NoError(t, err)
	defer tg.Close()
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Tags: tags, Seed: 1, Concurrency: 4})
	require.NoError(t, err)
	out := map[string]result.Verdict{}
	for _, r := range run.Requirements {
		if r.Verdict != result.NotRun {
			out[r.Requirement.ID] = r.Verdict
		}
	}
	for _, s := range run.Scenarios {
		if s.Status != result.Passed {
			t.Logf("%s %q: %s", s.Requirement, s.Name, s.Failure)
		}
	}
	return out
}

func path(re string) func(*http.Request) bool {
	p := regexp.MustCompile(re)
	return func(r *http.Request) bool { return p.MatchString(r.URL.Path) }
}

// listingOpening lists a customer's opening balance as the first movement.
var listingOpening = rewrite(path(`/wallet/customers/[^/]+/movements$`), func(b []byte) []byte {
	var m iti.Movements
	if json.Unmarshal(b, &m) != nil {
		return b
	}
	open, err := money.Parse(m.Balance)
	if err != nil {
		return b
	}
	for _, mv := range m.Movements {
		n, _ := money.Parse(mv.Amount)
		open -= n
	}
	m.Movements = append([]iti.Movement{{ID: "m0", Amount: money.Format(open), Currency: "CNY", Description: "opening balance"}}, m.Movements...)
	out, _ := json.Marshal(m)
	return out
})

func TestWalletListingItsOpeningBalanceIsCertified(t *testing.T) {
	got := verdicts(t, "@QR-05 or @QR-06 or @QR-07 or @QR-08", listingOpening)
	assert.Equal(t, map[string]result.Verdict{"QR-05": result.Pass, "QR-06": result.Pass, "QR-07": result.Pass, "QR-08": result.Pass}, got)
}

func TestWalletListingItsOpeningBalanceStillFailsItsViolations(t *testing.T) {
	for _, c := range []struct{ violation, req string }{
		{wallet.PayTamperedCode, "QR-06"},
		{wallet.ChargeTwice, "QR-07"},
		{wallet.RoundDynamicAmount, "QR-07"},
		{wallet.IgnoreDailyLimit, "QR-08"},
	} {
		t.Run(c.violation, func(t *testing.T) {
			got := verdicts(t, "@"+c.req, listingOpening, c.violation)
			assert.Equal(t, result.Fail, got[c.req])
		})
	}
}

// reporting rewrites the currency of every payment the acquirer lists.
func reporting(currency string) func(http.Handler) http.Handler {
	return rewrite(path(`/acquirer/merchants/[^/]+/payments$`), func(b []byte) []byte {
		return bytes.ReplaceAll(b, []byte(`"currency":"156"`), []byte(`"currency":"`+currency+`"`))
	})
}

func TestAcquirerListingTheAlphabeticCurrencyIsCertified(t *testing.T) {
	for _, cur := range []string{"CNY", "cny"} {
		assert.Equal(t, map[string]result.Verdict{"QR-04": result.Pass}, verdicts(t, "@QR-04", reporting(cur)), cur)
	}
	assert.Equal(t, map[string]result.Verdict{"QR-04": result.Fail}, verdicts(t, "@QR-04", reporting("USD")), "another currency")
	assert.Equal(t, map[string]result.Verdict{"QR-04": result.Fail}, verdicts(t, "@QR-04", reporting("CNY"), acquirer.RefuseTailWallets))
}

// lowered counts the codes whose CRC lowercaseCRC changed.
var lowered atomic.Int64

// lowercaseCRC writes the CRC of every code the acquirer issues in
// lowercase, in the payload and in its picture.
var lowercaseCRC = rewrite(path(`/acquirer/codes$`), func(b []byte) []byte {
	var c iti.IssuedCode
	if json.Unmarshal(b, &c) != nil || len(c.Payload) < 4 {
		return b
	}
	n := len(c.Payload) - 4
	if low := strings.ToLower(c.Payload[n:]); low != c.Payload[n:] {
		c.Payload = c.Payload[:n] + low
		lowered.Add(1)
	}
	png, err := qrimage.Render(c.Payload, qrimage.Options{})
	if err != nil {
		return b
	}
	c.PNG = png
	out, _ := json.Marshal(c)
	return out
})

func TestAcquirerWritingTheCRCInLowercaseIsCertified(t *testing.T) {
	lowered.Store(0)
	assert.Equal(t, map[string]result.Verdict{"QR-01": result.Pass, "QR-02": result.Pass}, verdicts(t, "@QR-01 or @QR-02", lowercaseCRC))
	assert.Positive(t, lowered.Load(), "no code's CRC had a letter to write in lowercase")
	assert.Equal(t, map[string]result.Verdict{"QR-01": result.Fail}, verdicts(t, "@QR-01", lowercaseCRC, acquirer.BadCRC))
}
