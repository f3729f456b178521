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
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	// zones maps a zone's name to the zone, for the credential check.
	zones map[string]*Zone
	// auth is set when the network is served on a listener: every request
	// must then carry its zone's credential.
	auth bool
}

// New returns an empty network whose mock URLs use https, as real platforms
// do; in memory no certificate is involved.
func New() *Network {
	return &Network{hosts: make(map[string]http.Handler), scheme: "https", zones: map[string]*Zone{}}
}

// RequireCredentials makes ServeHTTP answer only requests that carry, in
// Proxy-Authorization, the credential of the zone whose host they ask for,
// and 407 to every other. A network served on a listener needs it: without
// it, anyone who can reach the listener, the implementation included, could
// use any live scenario's mocks, and one scenario's calls could land in
// another's evidence.
func (n *Network) RequireCredentials() {
	n.mu.Lock()
	n.auth = true
	n.mu.Unlock()
}

// ProxyUser is the user name in a zone's proxy credential; the password is
// the zone's secret.
const ProxyUser = "hutong"

// ProxyURL returns proxy, the mock network's address, with the credential of
// the zone host belongs to, for a client that reaches host through the
// proxy. A host of no live zone gets proxy as it is.
func (n *Network) ProxyURL(proxy *url.URL, host string) *url.URL {
	z := n.zoneOf(host)
	if z == nil {
		return proxy
	}
	u := *proxy
	u.User = url.UserPassword(ProxyUser, z.secret)
	return &u
}

// zoneOf returns the live zone a host belongs to, or nil.
func (n *Network) zoneOf(host string) *Zone {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	rest, ok := strings.CutSuffix(host, "."+Domain)
	if !ok {
		return nil
	}
	name := rest[strings.LastIndexByte(rest, '.')+1:]
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.zones[name]
}

// credentialZone returns the live zone whose secret r's Proxy-Authorization
// carries, or nil.
func (n *Network) credentialZone(r *http.Request) *Zone {
	user, pass, ok := proxyBasicAuth(r)
	if !ok || user != ProxyUser {
		return nil
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	for _, z := range n.zones {
		if subtle.ConstantTimeCompare([]byte(pass), []byte(z.secret)) == 1 {
			return z
		}
	}
	return nil
}

func proxyBasicAuth(r *http.Request) (user, pass string, ok bool) {
	const prefix = "Basic "
	h := r.Header.Get("Proxy-Authorization")
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(h[len(prefix):])
	if err != nil {
		return "", "", false
	}
	user, pass, ok = strings.Cut(string(b), ":")
	return user, pass, ok
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
	}
	n.mu.RLock()
	auth := n.auth
	n.mu.RUnlock()
	if auth {
		target, presented := n.zoneOf(host), n.credentialZone(r)
		if target == nil || presented != target {
			why := "no credential"
			switch {
			case target == nil:
				why = "a host of no live scenario"
			case presented != nil:
				why = "the credential of another session"
			case r.Header.Get("Proxy-Authorization") != "":
				why = "a credential that is no session's"
			}
			// The session that misused its credential is at fault; failing
			// that, the one whose mocks were asked for.
			if z := presented; z != nil {
				z.refuse(fmt.Sprintf("the implementation asked the mock network for %s with %s; refused (407)", host, why))
			} else if target != nil {
				target.refuse(fmt.Sprintf("the implementation asked the mock network for %s with %s; refused (407)", host, why))
			}
			w.Header().Set("Proxy-Authenticate", `Basic realm="hutong mock network"`)
			http.Error(w, fmt.Sprintf("mock network: %s asked for with %s: each session reaches only its own mock hosts, through the proxy URL its session was given (network.proxy_url, credential included)", host, why), http.StatusProxyAuthRequired)
			return
		}
	}
	if r.URL.IsAbs() || auth {
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
// "<zone>.test", removed together when the scenario ends, and a secret that
// a client must present to reach them through a listener.
type Zone struct {
	n      *Network
	name   string
	secret string
	mu     sync.Mutex
	hosts  []string
	// OnRefused, if set, is told of each request for the zone's hosts, or
	// with its credential, that the network refused; set it before the zone
	// is handed out.
	OnRefused func(why string)
}

// NewZone opens a zone with a fresh random name and secret.
func (n *Network) NewZone() *Zone {
	z := &Zone{n: n, name: "z" + randomHex(4), secret: randomHex(16)}
	n.mu.Lock()
	n.zones[z.name] = z
	n.mu.Unlock()
	return z
}

func randomHex(size int) string {
	b := make([]byte, size)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// ProxyURL returns proxy (the mock network's address as the implementation
// reaches it) with the zone's credential in it: the proxy URL of the
// zone's session.
func (z *Zone) ProxyURL(proxy string) string {
	u, err := url.Parse(proxy)
	if err != nil || proxy == "" {
		return proxy
	}
	u.User = url.UserPassword(ProxyUser, z.secret)
	return u.String()
}

func (z *Zone) refuse(why string) {
	if z.OnRefused != nil {
		z.OnRefused(why)
	}
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

// Close removes every host of the zone and retires its credential.
func (z *Zone) Close() {
	z.n.mu.Lock()
	delete(z.n.zones, z.name)
	z.n.mu.Unlock()
	z.mu.Lock()
	defer z.mu.Unlock()
	for _, h := range z.hosts {
		z.n.Remove(h)
	}
	z.hosts = nil
}
