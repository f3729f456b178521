package network

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestZonesRouteByHostAndCleanUp(t *testing.T) {
	n := New()
	a, b := n.NewZone(), n.NewZone()
	require.NotEqual(t, a.Host("shop"), b.Host("shop"), "two scenarios must never share a host")
	a.Handle("shop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "A "+r.Host+r.URL.Path) }))
	b.Handle("shop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "B") }))

	c := &http.Client{Transport: n.Transport()}
	resp, err := c.Get(a.URL("shop", "/item/1"))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "A "+a.Host("shop")+"/item/1", string(body), "the handler sees the host and path as a server would")

	a.Close()
	_, err = c.Get(a.URL("shop", "/"))
	var dns *net.DNSError
	require.True(t, errors.As(err, &dns), "a closed zone's hosts fail like DNS: %v", err)
	assert.Contains(t, err.Error(), "no such host in the mock network")
	assert.Equal(t, 1, n.Hosts())
	b.Close()
	assert.Equal(t, 0, n.Hosts())
}

func TestServeHTTPAnswersUnknownHostsWithBadGateway(t *testing.T) {
	n := New()
	req, _ := http.NewRequest(http.MethodGet, "http://nobody.test/", nil)
	rec := &recorder{header: http.Header{}}
	n.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadGateway, rec.code)
	assert.True(t, strings.Contains(rec.body.String(), `no such host "nobody.test"`))
}

type recorder struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(c int)           { r.code = c }
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

// On a listener, the proxy answers a session only for its own zone: another
// session's credential, none, or a made-up one gets 407, and the refusal is
// told to the zone at fault.
func TestProxyAnswersEachSessionOnlyForItsOwnZone(t *testing.T) {
	n := New()
	n.SetScheme("http")
	n.RequireCredentials()
	a, b := n.NewZone(), n.NewZone()
	var refusedA, refusedB []string
	a.OnRefused = func(why string) { refusedA = append(refusedA, why) }
	b.OnRefused = func(why string) { refusedB = append(refusedB, why) }
	a.Handle("shop", echoHost())
	b.Handle("shop", echoHost())
	srv := httptest.NewServer(n)
	defer srv.Close()

	get := func(proxy, target string) (int, string) {
		t.Helper()
		pu, err := url.Parse(proxy)
		require.NoError(t, err)
		tr := &http.Transport{Proxy: http.ProxyURL(pu)}
		defer tr.CloseIdleConnections()
		resp, err := (&http.Client{Transport: tr}).Get(target)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	code, body := get(a.ProxyURL(srv.URL), a.URL("shop", "/item"))
	assert.Equal(t, http.StatusOK, code)
	assert.NotContains(t, body, "hutong:", "the credential is not passed on to the mock")

	code, _ = get(a.ProxyURL(srv.URL), b.URL("shop", "/item"))
	assert.Equal(t, http.StatusProxyAuthRequired, code, "session A reaching B's mocks")
	require.Len(t, refusedA, 1)
	assert.Contains(t, refusedA[0], "the credential of another session")

	code, _ = get(srv.URL, b.URL("shop", "/item"))
	assert.Equal(t, http.StatusProxyAuthRequired, code, "no credential")
	require.Len(t, refusedB, 1)
	assert.Contains(t, refusedB[0], "no credential")

	code, _ = get(strings.Replace(a.ProxyURL(srv.URL), "@", "x@", 1), a.URL("shop", "/"))
	assert.Equal(t, http.StatusProxyAuthRequired, code, "a made-up credential")

	// A retired zone's credential opens nothing.
	old := a.ProxyURL(srv.URL)
	a.Close()
	code, _ = get(old, b.URL("shop", "/"))
	assert.Equal(t, http.StatusProxyAuthRequired, code)

	// The harness side builds its proxy URL per host.
	pu, _ := url.Parse(srv.URL)
	assert.Equal(t, b.ProxyURL(srv.URL), n.ProxyURL(pu, b.Host("shop")).String())
	assert.Equal(t, srv.URL, n.ProxyURL(pu, "example.com").String())
}
