package platform

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
)

// Each notice switch breaks its class of threats and nothing else: a
// genuine notice is still credited once, and a forged or altered one still
// refused, so that PAY's scenarios pass under it and the switch fails only
// its SEC requirement. (Which threats each one lets through is proven from
// outside, by internal/runner's threat test.)
func TestNoticeSwitchesStillTakeGenuineNoticesOnce(t *testing.T) {
	for _, sw := range noticeThreats {
		f := setup(t, sw)
		forged := f.notice("n0", 8800, "tea-house")
		code, _ := f.s.Notify(forged, paysign.SignBody(paysign.NewKey(), forged))
		assert.Equal(t, http.StatusUnauthorized, code, "%s: a notice signed with a fresh key", sw)
		short := f.notice("n2", 1, "tea-house")
		code, _ = f.s.Notify(short, paysign.SignBody(f.key, short))
		assert.Equal(t, http.StatusConflict, code, "%s: a notice for 0.01", sw)

		good := f.notice("n1", 8800, "tea-house")
		code, _ = f.s.Notify(good, paysign.SignBody(f.key, good))
		assert.Equal(t, http.StatusOK, code, sw)
		code, msg := f.s.Notify(good, paysign.SignBody(f.key, good))
		assert.Equal(t, "already processed", msg, "%s: answered %d", sw, code)
		o := f.status(t)
		assert.Equal(t, iti.OrderPaid, o.Status, sw)
		assert.Len(t, o.Credits, 1, sw)
	}
}

func TestLenientLinksOutliveTheirExpiry(t *testing.T) {
	f := setup(t, OnBehalfLinksLenient)
	l, err := f.s.PayOnBehalf(f.order.OrderID, iti.PayOnBehalfRequest{Requester: "alice"}, "https://iut.test/pay/s1")
	assert.NoError(t, err)
	code := l.URL[len("https://iut.test/pay/s1/help/"):]
	_, err = f.s.AdvanceClock(int64((OnBehalfTTL + OnBehalfGrace/2).Seconds()))
	assert.NoError(t, err)
	_, err = f.s.HelpPage(code, "https://iut.test/pay/s1")
	assert.NoError(t, err, "within the grace period")
	_, err = f.s.AdvanceClock(int64(OnBehalfGrace.Seconds()))
	assert.NoError(t, err)
	_, err = f.s.HelpPage(code, "https://iut.test/pay/s1")
	assert.Error(t, err, "past the grace period")
	_, err = f.s.PayOnBehalf(f.order.OrderID, iti.PayOnBehalfRequest{Requester: "alice"}, "https://iut.test/pay/s1")
	assert.NoError(t, err)
	_, err = f.s.HelpPage(code, "https://iut.test/pay/s1")
	assert.NoError(t, err, "revived by the new link")
}
