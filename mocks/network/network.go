// Package network is the mock internet the counterparties live on: it routes
// each request by host name to a mock's http.Handler. One Network serves every
// scenario of a run; each scenario takes a Zone, a set of host names of its
// own, so that concurrent scenarios never share a mock.
//
// The same handlers reach an in-process implementation through Transport
// (httpmock) and a black-box one through a real listener (the Network is
// itself an http.Handler, usable as a forward proxy).
package network

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/jarcoal/httpmock"
)

// Domain is the reserved top-level domain (RFC 2606) every mock lives under.
const Domain = "test"

// Network routes requests to mocks by host.
type Network struct {
	mu     sync.RWMutex
	hosts  map[string]http.Handler
	scheme string
}

// New returns an empty network whose mock URLs use https, as real platforms
// do; in memory no certificate is involved.
func New() *Network {
	return &Network{hosts: make(map[string]http.Handler), scheme: "https"}
}

// SetScheme sets the scheme of the mock URLs handed to the implementation.
// Black-box runs use "http": the mocks are reached through a plain forward
// proxy, and an https URL would make the implementation tunnel with CONNECT
// and then distrust the mock's certificate.
func (n *Network) SetScheme(scheme string) {
	n.mu.Lock()
	n.scheme = scheme
	n.mu.Unlock()
}

// Scheme is the scheme of mock URLs: "https" unless set otherwise.
func (n *Network) Scheme() string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.scheme
}

// URL is the URL of path on a mock host, with the network's scheme. Step
// packages build every mock URL through it (or Zone.URL) rather than writing
// "https://", so that the same steps run in-process and black-box.
func (n *Network) URL(host, path string) string {
	return n.Scheme() + "://" + host + path
}

// Handle serves host with h, replacing any earlier handler. host is a full
// host name without port.
func (n *Network) Handle(host string, h http.Handler) {
	n.mu.Lock()
	n.hosts[strings.ToLower(host)] = h
	n.mu.Unlock()
}

// Remove stops serving host.
func (n *Network) Remove(host string) {
	n.mu.Lock()
	delete(n.hosts, strings.ToLower(host))
	n.mu.Unlock()
}

// Lookup returns the handler serving host (a port, if any, is ignored).
func (n *Network) Lookup(host string) (http.Handler, bool) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	n.mu.RLock()
	h, ok := n.hosts[strings.ToLower(host)]
	n.mu.RUnlock()
	return h, ok
}

// Hosts reports how many hosts are served; tests use it to prove zones clean up.
func (n *Network) Hosts() int {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return len(n.hosts)
}

// ServeHTTP dispatches by the request's host. Requests for hosts nobody serves
// get 502, as from a proxy that could not resolve them.
//
// Served on a listener, it is also a plain-HTTP forward proxy: a request in
// absolute form ("GET http://shop.z1.test/item/1") is handed to the mock as
// the mock's own server would see it (origin form, Host set). Tunnels
// (CONNECT) are refused: mock URLs in black-box runs are http.
func (n *Network) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		http.Error(w, fmt.Sprintf("mock network: tunnelling (CONNECT %s) is not offered; the mock parties' URLs are plain http and the proxy forwards them", r.Host), http.StatusMethodNotAllowed)
		return
	}
	host := r.Host
	if r.URL.IsAbs() {
		host = r.URL.Host
		in := r.Clone(r.Context())
		in.Host = host
		in.URL.Scheme, in.URL.Host = "", ""
		in.RequestURI = in.URL.RequestURI()
		in.Header.Del("Proxy-Connection")
		in.Header.Del("Proxy-Authorization")
		r = in
	}
	h, ok := n.Lookup(host)
	if !ok {
		http.Error(w, fmt.Sprintf("mock network: no such host %q", host), http.StatusBadGateway)
		return
	}
	h.ServeHTTP(w, r)
}

// Transport delivers requests straight to the mocks' handlers in memory,
// through httpmock. A host nobody serves fails like a DNS lookup would.
func (n *Network) Transport() http.RoundTripper {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		h, ok := n.Lookup(req.URL.Host)
		if !ok {
			return nil, &net.DNSError{Err: "no such host in the mock network", Name: req.URL.Hostname(), IsNotFound: true}
		}
		// Handlers read Host as a server would see it.
		in := req.Clone(req.Context())
		in.Host = req.URL.Host
		in.RequestURI = req.URL.RequestURI()
		in.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, in)
		resp := rec.Result()
		resp.Request = req
		return resp, nil
	})
	return mt
}

// Zone is one scenario's share of the network: host names of its own under
// "<zone>.test", removed together when the scenario ends.
type Zone struct {
	n     *Network
	name  string
	mu    sync.Mutex
	hosts []string
}

// NewZone opens a zone with a fresh random name.
func (n *Network) NewZone() *Zone {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return &Zone{n: n, name: "z" + hex.EncodeToString(b[:])}
}

// URL returns a URL on the zone's host for label, with the network's scheme.
func (z *Zone) URL(label, path string) string {
	return z.n.URL(z.Host(label), path)
}

// Host returns the zone's host name for label, e.g. "shop.rival-a" becomes
// "shop.rival-a.z1a2b3c4d.test".
func (z *Zone) Host(label string) string {
	return label + "." + z.name + "." + Domain
}

// Handle serves the zone's host for label with h and returns the host name.
func (z *Zone) Handle(label string, h http.Handler) string {
	host := z.Host(label)
	z.n.Handle(host, h)
	z.mu.Lock()
	z.hosts = append(z.hosts, host)
	z.mu.Unlock()
	return host
}

// Close removes every host of the zone.
func (z *Zone) Close() {
	z.mu.Lock()
	defer z.mu.Unlock()
	for _, h := range z.hosts {
		z.n.Remove(h)
	}
	z.hosts = nil
}
