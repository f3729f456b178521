package target

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Options configure a black-box target (an http:// or https:// ITI URL).
// In-process targets ignore them.
type Options struct {
	// MockListen is where the mock network listens; default 127.0.0.1:0
	// (loopback, any free port).
	MockListen string
	// MockBaseURL is how the implementation reaches the mock network's
	// listener, when that is not the listener's own address — an
	// implementation on another host, behind NAT or in a container.
	MockBaseURL string
	// CAFile is a PEM bundle of CAs to trust for the implementation's TLS
	// certificate, instead of the system's.
	CAFile string
	// ClientCert and ClientKey are a PEM certificate and key the harness
	// presents to an implementation that asks for one (mutual TLS).
	ClientCert, ClientKey string
	// InsecureSkipVerify turns off verification of the implementation's
	// certificate. It is recorded as a warning in every report.
	InsecureSkipVerify bool
	// DialTimeout bounds connecting to the implementation, so that an
	// address where nothing answers is reported in seconds; default 3s.
	DialTimeout time.Duration
	// AllowOrigins are further origins of the implementation
	// (scheme://host[:port]) the harness may follow links to and deliver
	// to: its payment or short-link domain. Whoever runs the certification
	// gives them; the implementation never can.
	AllowOrigins []string
}

// InsecureWarning is the warning a run with InsecureSkipVerify carries.
const InsecureWarning = "TLS certificate verification of the implementation was OFF (--insecure-skip-verify): the harness cannot tell whether it talked to the implementation or to something in between; this run is not evidence of anything about a production deployment"

// Remote prepares a black-box run against the ITI at base: it serves the mock
// network on a real listener and builds the harness's transport. Close the
// target to stop the listener.
func Remote(base string, o Options) (*Target, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &UsageError{fmt.Sprintf("target %q: give the implementation's ITI root as http(s)://HOST[:PORT]/PATH, e.g. https://sandbox.example.com/iti/v1", base)}
	}
	if strings.HasSuffix(strings.ToLower(u.Hostname()), "."+network.Domain) {
		return nil, &UsageError{fmt.Sprintf("target %q: host names under .%s are the mock network's; the implementation needs a name of its own", base, network.Domain)}
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = 3 * time.Second
	}
	tlsConf, warnings, err := clientTLS(o)
	if err != nil {
		return nil, &UsageError{fmt.Sprintf("target %q: %v", base, err)}
	}
	if o.MockListen == "" {
		o.MockListen = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", o.MockListen)
	if err != nil {
		return nil, &UsageError{fmt.Sprintf("--mock-listen %q: cannot serve the mock network there: %v", o.MockListen, err)}
	}
	local := localURL(ln.Addr())
	public := local
	if o.MockBaseURL != "" {
		pu, err := url.Parse(strings.TrimRight(o.MockBaseURL, "/"))
		if err != nil || pu.Scheme != "http" || pu.Host == "" || (pu.Path != "" && pu.Path != "/") {
			ln.Close()
			return nil, &UsageError{fmt.Sprintf("--mock-base-url %q: give the mock network's address as the implementation reaches it, http://HOST:PORT", o.MockBaseURL)}
		}
		public = pu.Scheme + "://" + pu.Host
	}

	n := network.New()
	n.SetScheme("http")
	// On a listener, anyone who can reach it could use the mocks; each
	// session gets a credential for its own zone instead.
	n.RequireCredentials()
	// The implementation's requests to the mocks and its answers to the
	// harness are bounded in their headers too: Go's defaults (1 MB and
	// 10 MB) let 20,000 headers cost hundreds of MB.
	srv := &http.Server{Handler: n, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: MaxHeaderBytes, ErrorLog: nil}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()

	proxy, _ := url.Parse(local)
	tr := &http.Transport{
		// The harness reaches the implementation directly and the mocks (as
		// a user's device would, following a link) through the listener the
		// implementation uses too.
		Proxy: func(req *http.Request) (*url.URL, error) {
			if isMockHost(req.URL.Hostname()) {
				return n.ProxyURL(proxy, req.URL.Host), nil
			}
			return nil, nil
		},
		DialContext:            (&net.Dialer{Timeout: o.DialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:        tlsConf,
		TLSHandshakeTimeout:    o.DialTimeout + 2*time.Second,
		ForceAttemptHTTP2:      true,
		MaxIdleConnsPerHost:    16,
		IdleConnTimeout:        30 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: MaxHeaderBytes,
	}
	origins := map[string]bool{scenario.Origin(u.String()): true}
	for _, o := range o.AllowOrigins {
		ou, err := url.Parse(o)
		if err != nil || (ou.Scheme != "http" && ou.Scheme != "https") || ou.Host == "" || (ou.Path != "" && ou.Path != "/") || ou.RawQuery != "" || ou.User != nil {
			ln.Close()
			return nil, &UsageError{fmt.Sprintf("--allow-origin %q: give an origin as scheme://host[:port], e.g. https://pay.example.com", o)}
		}
		if isMockHost(ou.Hostname()) {
			ln.Close()
			return nil, &UsageError{fmt.Sprintf("--allow-origin %q: host names under .%s are the mock network's", o, network.Domain)}
		}
		origins[scenario.Origin(o)] = true
		warnings = append(warnings, fmt.Sprintf("besides the implementation's ITI origin, links were followed to %s, as --allow-origin allowed", scenario.Origin(o)))
	}
	t := &Target{
		Spec: base, ITIBase: u.String(), Transport: guard{tr, origins}, Network: n, Origins: sortedKeys(origins),
		NetworkFixture: &iti.NetworkFixture{ProxyURL: public},
		Warnings:       warnings,
	}
	var once sync.Once
	t.closer = func() error {
		var err error
		once.Do(func() {
			// The run is over: nothing the mocks still serve can change a
			// verdict, so connections are cut rather than drained (Shutdown
			// would wait seconds for connections the implementation opened
			// and never used).
			err = srv.Close()
			<-done
			tr.CloseIdleConnections()
		})
		return err
	}
	return t, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MaxHeaderBytes bounds the headers of one message from the implementation.
const MaxHeaderBytes = 64 << 10

func isMockHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return strings.HasSuffix(host, "."+network.Domain)
}

// localURL is the listener's address as this process reaches it: a listener
// on every interface (0.0.0.0, ::) is reached on loopback.
func localURL(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	ip := ta.IP
	if ip == nil || ip.IsUnspecified() {
		if ip.To4() != nil || ip == nil {
			ip = net.IPv4(127, 0, 0, 1)
		} else {
			ip = net.IPv6loopback
		}
	}
	return "http://" + net.JoinHostPort(ip.String(), fmt.Sprint(ta.Port))
}

func clientTLS(o Options) (*tls.Config, []string, error) {
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	var warnings []string
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, nil, fmt.Errorf("--ca-file %s: no PEM certificate in it", o.CAFile)
		}
		conf.RootCAs = pool
	}
	switch {
	case o.ClientCert != "" && o.ClientKey != "":
		cert, err := tls.LoadX509KeyPair(o.ClientCert, o.ClientKey)
		if err != nil {
			return nil, nil, fmt.Errorf("--client-cert/--client-key: %w", err)
		}
		conf.Certificates = []tls.Certificate{cert}
	case o.ClientCert != "" || o.ClientKey != "":
		return nil, nil, errors.New("--client-cert and --client-key go together: give both or neither")
	}
	if o.InsecureSkipVerify {
		conf.InsecureSkipVerify = true
		warnings = append(warnings, InsecureWarning)
	}
	return conf, warnings, nil
}

// guard keeps the harness to the implementation and the mocks: a link or
// address the implementation hands out that points anywhere else (another
// port of the implementation's own host included) on the
// internet is reported, not visited.
type guard struct {
	base    http.RoundTripper
	origins map[string]bool // the implementation's origins: scheme, host and port
}

func (g guard) RoundTrip(req *http.Request) (*http.Response, error) {
	if o := scenario.Origin(req.URL.String()); !g.origins[o] && !isMockHost(req.URL.Hostname()) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("%s is neither the implementation (%s) nor a mock party; the harness does not contact it", o, strings.Join(sortedKeys(g.origins), ", "))
	}
	return g.base.RoundTrip(req)
}
