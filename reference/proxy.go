package reference

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// A black-box harness names, per session, the forward proxy in front of its
// mock network (iti.NetworkFixture). The reference carries that proxy in the
// context of every request of the session, and its outbound transport picks
// it from the context of each outbound request. So every role's code reaches
// the session's mocks with no change of its own, as long as it makes its
// outbound requests with the context of the ITI request that caused them.

type proxyKey struct{}

func withProxy(ctx context.Context, u *url.URL) context.Context {
	return context.WithValue(ctx, proxyKey{}, u)
}

// SessionProxy is an http.Transport Proxy function: the proxy of the session
// the request was made for, else the environment's (HTTP_PROXY and friends).
func SessionProxy(req *http.Request) (*url.URL, error) {
	if u, ok := req.Context().Value(proxyKey{}).(*url.URL); ok && u != nil {
		return u, nil
	}
	return http.ProxyFromEnvironment(req)
}

// NewClient is the outbound client of a reference served for real: it honours
// each session's proxy and gives up on a counterparty after timeout.
func NewClient(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = SessionProxy
	return &http.Client{Transport: tr, Timeout: timeout}
}

func parseProxy(raw string) (*url.URL, string) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, "network.proxy_url is not a URL: " + err.Error()
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, "network.proxy_url must be an http or https URL"
	case u.Host == "":
		return nil, "network.proxy_url has no host"
	}
	return u, ""
}

// sessionID is the session a request path is about, if any.
func sessionID(path string) string {
	rest, ok := strings.CutPrefix(path, "/iti/v1/sessions/")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	return id
}
