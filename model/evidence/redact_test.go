package evidence

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const handoff = "http://wallet.rival-pay.z0123abcd.test/handoff?amount=8900&currency=CNY&inst=rival-pay&order=o-1001&payee=tea-house&platform=example-platform&sig=oYZkPzx1PX5hmx08Cn94Myw2HMSjIlpWsyhbNkNM6bMo93ishnjMH2lhwv1pGbBPEodMs2HLMUo9GwyQK-X8DA&signed=amount%2Ccurrency%2Cinst%2Corder%2Cpayee%2Cplatform"

const sig = "oYZkPzx1PX5hmx08Cn94Myw2HMSjIlpWsyhbNkNM6bMo93ishnjMH2lhwv1pGbBPEodMs2HLMUo9GwyQK-X8DA"

// A signed handoff's redirect and the request that follows it show the
// same URL, its sig redacted in both.
func TestARedirectsLocationIsRedactedLikeTheURLFollowed(t *testing.T) {
	log := &Log{}
	platform := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, handoff, http.StatusFound)
	})
	wallet := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, sig, r.URL.Query().Get("sig"), "the wallet gets the signature itself")
	})
	mux := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Host == "iut.test" {
			return serve(platform).RoundTrip(r)
		}
		return serve(wallet).RoundTrip(r)
	})
	c := &http.Client{Transport: &Transport{Base: mux, From: "harness", Log: log}}
	resp, err := c.Get("https://iut.test/pay/s1/handoff/t2")
	require.NoError(t, err)
	resp.Body.Close()

	xs := log.Exchanges()
	require.Len(t, xs, 2)
	location, followed := xs[0].RespHeaders["Location"], xs[1].URL
	assert.NotContains(t, location, sig)
	assert.NotContains(t, followed, sig)
	assert.Equal(t, followed, location, "the Location shown is the URL followed")
	assert.Contains(t, location, "&sig=%5Bredacted%5D&signed=amount%2Ccurrency")
}

func TestURLsInHeadersAreRedacted(t *testing.T) {
	for _, c := range []struct{ name, value, want string }{
		{"Location", "/pay/h1?order=7&sig=abc#top", "/pay/h1?order=7&sig=%5Bredacted%5D#top"},
		{"Location", "http://shop.test/item/手机壳?sig=abc", "http://shop.test/item/手机壳?sig=%5Bredacted%5D"},
		{"Location", "http://shop.test/item/手机壳?ref=chat", "http://shop.test/item/手机壳?ref=chat"},
		{"Location", "http://hutong:s3cret@proxy.test:7070/", "http://hutong:%5Bredacted%5D@proxy.test:7070/"},
		{"Content-Location", "/o/1?token=t", "/o/1?token=%5Bredacted%5D"},
		{"Referer", "https://iut.test/pay?order=1&sign=x", "https://iut.test/pay?order=1&sign=%5Bredacted%5D"},
		{"Link", `<https://iut.test/next?sig=a>; rel="next", </rel?token=b>; rel="prev"`, `<https://iut.test/next?sig=%5Bredacted%5D>; rel="next", </rel?token=%5Bredacted%5D>; rel="prev"`},
		{"Refresh", "0; url=/pay/h1?sig=abc", "0; url=/pay/h1?sig=%5Bredacted%5D"},
		{"X-Next", "go to https://w.test/h?signed=a,b&sig=abc now", "go to https://w.test/h?signed=a,b&sig=%5Bredacted%5D now"},
		{"Content-Type", "text/html; charset=utf-8", "text/html; charset=utf-8"},
		{"X-Note", "sig=abc", "sig=abc"},
		{"Authorization", "Bearer https://x.test/?a=1", Redacted},
	} {
		assert.Equal(t, c.want, redactHeader(c.name, []string{c.value}), "%s: %s", c.name, c.value)
	}
	assert.Equal(t, "/a?sig=%5Bredacted%5D, /b?x=1", redactHeader("Location", []string{"/a?sig=1", "/b?x=1"}))
	got := redact(http.Header{"Location": {handoff}})
	assert.NotContains(t, got["Location"], sig)
	assert.True(t, strings.HasPrefix(got["Location"], "http://wallet.rival-pay.z0123abcd.test/handoff?amount=8900&"))
}
