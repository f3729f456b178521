package network

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func echoHost() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s %v", r.Host, r.URL.RequestURI(), r.URL.IsAbs())
	})
}

// TestForwardProxy: served on a listener, the network is a forward proxy an
// ordinary HTTP client can be pointed at; mocks see origin-form requests.
func TestForwardProxy(t *testing.T) {
	n := New()
	n.SetScheme("http")
	z := n.NewZone()
	z.Handle("shop", echoHost())
	srv := httptest.NewServer(n)
	defer srv.Close()
	proxy, _ := url.Parse(srv.URL)
	tr := &http.Transport{Proxy: http.ProxyURL(proxy)}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}

	resp, err := c.Get(z.URL("shop", "/item/1?x=2"))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, z.Host("shop")+" /item/1?x=2 false", string(b))
	assert.Regexp(t, `^http://shop\.z[0-9a-f]{8}\.test/`, z.URL("shop", "/"))

	// Not an open proxy: hosts nobody serves are refused.
	resp, err = c.Get("http://example.com/")
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Contains(t, string(b), `no such host "example.com"`)

	// https through the proxy would need a tunnel, which is refused plainly.
	_, err = c.Get("https://" + z.Host("shop") + "/")
	assert.Error(t, err)

	z.Close()
	assert.Zero(t, n.Hosts())
}

func TestSchemeDefaultsToHTTPS(t *testing.T) {
	n := New()
	assert.Equal(t, "https://a.test/p", n.URL("a.test", "/p"))
	assert.Regexp(t, `^https://x\.z[0-9a-f]{8}\.test/p$`, n.NewZone().URL("x", "/p"))
}
