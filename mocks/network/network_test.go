package network

import (
	"errors"
	"io"
	"net"
	"net/http"
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
