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
	mu    sync.RWMutex
	hosts map[string]http.Handler
}

// New returns an empty network.
func New() *Network {
	return &Network{hosts: make(map[string]http.Handler)}
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
func (n *Network) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if r.URL.IsAbs() {
		host = r.URL.Host
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

// URL returns an https URL on the zone's host for label.
func (z *Zone) URL(label, path string) string {
	return "https://" + z.Host(label) + path
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
