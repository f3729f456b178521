// Package scenario holds one scenario's world — its session with the
// implementation, its zone of the mock network, its evidence log — in the
// scenario's context.Context, so that scenarios run concurrently without
// sharing state. Step packages of every requirement family build on it.
package scenario

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/observe"
)

// Env is what every scenario of a run shares.
type Env struct {
	// ITIBase is the implementation's ITI root URL.
	ITIBase string
	// Transport reaches the implementation and the mock network.
	Transport http.RoundTripper
	// Network is the mock network the scenarios' mocks live on.
	Network *network.Network
	// Timeout bounds every single HTTP exchange.
	Timeout time.Duration
	// MaxBody bounds each ITI answer the harness reads; zero means
	// iti.DefaultMaxBody.
	MaxBody int64
	// Seed makes randomised checks repeatable.
	Seed int64
	// NetworkFixture, when set, tells the implementation how to reach the
	// mock network; it goes into every session request. In-process runs
	// leave it nil.
	NetworkFixture *iti.NetworkFixture
	// Deviation, if set, is told of every answer that departs from the
	// contract's letter but not its meaning (iti.Client.Deviation).
	Deviation func(iti.Deviation)
	// Origins are further origins of the implementation (besides the ITI's)
	// that links and redirects may lead to.
	Origins []string
	// Validator checks answers against the ITI's schemas, reporting to
	// Deviation; Failed is told of every failed ITI call, Answered of every
	// one answered (iti.Client.Answered).
	Validator *iti.Validator
	Failed    func(*iti.Error)
	Answered  func(method, path string)
	// Lang is the language of the requirement text the run reads ("en",
	// "zh-CN"): only its step words are bound (BindIn); "" binds every
	// language's.
	Lang string
	// Pages is set when the implementation announced its pages
	// (iti.CapabilityPages); Browser, when set, observes them. A run with
	// pages and no browser judges on declarations alone, and says so.
	Pages   bool
	Browser *observe.Browser
	// Capabilities are the optional parts of its roles the implementation
	// announced at discovery (iti.Discovery.Capabilities).
	Capabilities []string
	// Quick is set for a run at quick depth (result.DepthQuick): steps draw
	// the few cases Cases is given instead of a certification's.
	Quick bool
}

// Cases is how many cases a step that generates them draws: quick at quick
// depth; at certification depth at least result.CertificationCases, so that
// a requirement judged by this one step reaches the detection power a
// certification needs on its own. A requirement whose cases several steps
// share may ask each for fewer, as long as their sum reaches it (the run's
// decision checks the sum).
func (w *World) Cases(quick int) int {
	if w.Env.Quick {
		return quick
	}
	return max(quick, result.CertificationCases)
}

// ErrNotOffered marks a step's error that says the implementation does not
// offer the part of its role the scenario is about: the scenario could not
// be run, which is no finding against the implementation.
var ErrNotOffered = errors.New("not offered by the implementation")

// Offers returns nil when the implementation announced capability at
// discovery, and otherwise an error wrapping ErrNotOffered that says so.
func (w *World) Offers(capability string) error {
	for _, c := range w.Env.Capabilities {
		if c == capability {
			return nil
		}
	}
	return fmt.Errorf("the implementation does not announce the capability %q at discovery, so this scenario could not be run: %w", capability, ErrNotOffered)
}

// World is one scenario's state.
type World struct {
	Env  *Env
	Name string
	// Tags are the scenario's tags ("@PAY-01", "@must", ...), so that a
	// step the words of several requirements share can draw the cases of
	// the requirement its scenario judges.
	Tags []string
	Log  *evidence.Log
	Zone *network.Zone
	// Fixtures are sent when the session opens; Given steps fill them in.
	Fixtures iti.SessionRequest
	// HTTP is the harness acting as a user's device: it follows links and
	// redirects, but only to the implementation and the mocks.
	HTTP *http.Client

	iti     *iti.Client
	session *iti.Session
	step    int
	tab     *observe.Tab

	mu     sync.Mutex
	values map[any]any
	// decoyState (decoy.go) is guarded by mu.
	decoyState
}

type worldKey struct{}

// New makes a scenario's world.
func New(env *Env, name string) (*World, error) {
	w := &World{Env: env, Name: name, Log: &evidence.Log{}, Zone: env.Network.NewZone(), values: map[any]any{}}
	w.Fixtures.Label = name
	w.marker = NewMarker()
	if f := env.NetworkFixture; f != nil {
		// Each session reaches the mock network with a credential of its
		// own, which opens its own zone's hosts and no other's.
		w.Fixtures.Network = &iti.NetworkFixture{ProxyURL: w.Zone.ProxyURL(f.ProxyURL)}
	}
	w.Zone.OnRefused = func(why string) { w.Log.Note("the mock network refused a request", why) }
	rt := &evidence.Transport{Base: env.Transport, From: "harness", Log: w.Log}
	iut := env.origins()
	w.HTTP = &http.Client{Transport: rt, Timeout: env.Timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("more than 10 redirects")
		}
		if !iut[Origin(req.URL.String())] && !strings.HasSuffix(strings.ToLower(req.URL.Hostname()), "."+network.Domain) {
			return fmt.Errorf("redirected to %s, which is neither the implementation nor a mock party; not followed", req.URL.Redacted())
		}
		return nil
	}}
	// Every answer of the scenario's own session is scanned for the marker
	// of its decoys (decoy.go).
	scan := &leakScan{base: rt, w: w}
	c, err := iti.NewClient(env.ITIBase, &http.Client{Transport: scan, Timeout: env.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }})
	if err != nil {
		return nil, err
	}
	scan.root = strings.TrimRight(mustPath(env.ITIBase), "/")
	scan.limit = func() int64 { return c.MaxBody }
	if env.MaxBody > 0 {
		c.MaxBody = env.MaxBody
	}
	env.Configure(c)
	w.iti = c
	return w, nil
}

// mustPath is the path of a URL NewClient has accepted.
func mustPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.EscapedPath()
}

// origins are the implementation's origins links may lead to.
func (env *Env) origins() map[string]bool {
	out := map[string]bool{Origin(env.ITIBase): true}
	for _, o := range env.Origins {
		out[Origin(o)] = true
	}
	return out
}

// Reaches reports whether u is somewhere the harness may go: one of the
// implementation's origins or a mock host.
func (w *World) Reaches(u *url.URL) bool {
	return w.Env.origins()[Origin(u.String())] || strings.HasSuffix(strings.ToLower(u.Hostname()), "."+network.Domain)
}

// Configure gives an ITI client the run's contract hooks.
func (env *Env) Configure(c *iti.Client) {
	c.Deviation, c.Validator, c.Failed, c.Answered = env.Deviation, env.Validator, env.Failed, env.Answered
}

// Origin is the scheme, host and port of a URL, the port written out, so
// that "https://a" and "https://a:443" are one origin and "http://a:8080"
// another. The harness follows links only to the implementation's own
// origin and to the mock network.
func Origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// With stores w in ctx.
func With(ctx context.Context, w *World) context.Context {
	return context.WithValue(ctx, worldKey{}, w)
}

// From returns the world in ctx. Steps run only inside a scenario, which
// always has one, so a missing world is a harness bug.
func From(ctx context.Context) *World {
	w, ok := ctx.Value(worldKey{}).(*World)
	if !ok {
		panic("scenario: no world in context; steps must run inside hutong's runner")
	}
	return w
}

// Lookup returns the world in ctx, if there is one.
func Lookup(ctx context.Context) (*World, bool) {
	w, ok := ctx.Value(worldKey{}).(*World)
	return w, ok
}

// State returns the scenario's value of type T, made on first use. Each step
// package keeps its own state type, so families never see each other's state.
func State[T any](ctx context.Context) *T {
	w := From(ctx)
	w.mu.Lock()
	defer w.mu.Unlock()
	var key *T
	if v, ok := w.values[key]; ok {
		return v.(*T)
	}
	v := new(T)
	w.values[key] = v
	return v
}

// NextStep attributes the evidence that follows to the next step.
func (w *World) NextStep() {
	w.Log.SetStep(w.step)
	w.step++
}

// Session opens the scenario's ITI session on first use, with the fixtures
// the Given steps set up.
func (w *World) Session(ctx context.Context) (*iti.Session, error) {
	if w.session != nil {
		return w.session, nil
	}
	s, err := w.iti.OpenSession(ctx, w.Fixtures)
	if err != nil {
		return nil, err
	}
	w.session = s
	return s, nil
}

// Discover asks the implementation what it is, within the scenario, so that
// what a step relies on from the answer is in the scenario's evidence.
func (w *World) Discover(ctx context.Context) (iti.Discovery, error) {
	return w.iti.Discover(ctx)
}

// Mock serves a mock on the scenario's zone, recording what reaches it as
// evidence, and returns its host.
func (w *World) Mock(label, name string, h http.Handler) string {
	return w.Zone.Handle(label, evidence.Handler(w.Log, "implementation", name, h))
}

// URL is the URL of path on a mock host, such as one Mock returned. Steps use
// it instead of writing a scheme: black-box runs serve the mocks over http.
func (w *World) URL(host, path string) string {
	return w.Env.Network.URL(host, path)
}

// Observing reports whether the scenario's pages are observed: the
// implementation shows them and the run has a browser.
func (w *World) Observing() bool { return w.Env.Pages && w.Env.Browser != nil }

// Tab is the scenario's tab in the run's browser, opened on first use. Its
// pages reach the implementation's origins and the mock network only, through
// the scenario's evidence log; what they try to reach beyond is refused and
// noted.
func (w *World) Tab() (*observe.Tab, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.tab != nil {
		return w.tab, nil
	}
	if !w.Observing() {
		return nil, errors.New("the run observes no pages")
	}
	rt := &evidence.Transport{Base: w.Env.Transport, From: "browser", Log: w.Log}
	t, err := w.Env.Browser.Open(w.Reaches, rt)
	if err != nil {
		return nil, err
	}
	w.tab = t
	return t, nil
}

// PageOnOrigin checks that a page URL the implementation gave is on its own
// origin: the harness opens nothing else.
func (w *World) PageOnOrigin(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !w.Env.origins()[Origin(raw)] {
		return fmt.Errorf("the implementation gave the page %q, which is not on its own origin (%s); the harness opens no page elsewhere", cutURL(raw), Origin(w.Env.ITIBase))
	}
	return nil
}

func cutURL(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// Rest records that the current step judged on evidence of level
// (evidence.Artefact, Observed, Declared).
func Rest(ctx context.Context, level string) { From(ctx).Log.Basis(level) }

// NoteBlocked notes what the scenario's pages tried to reach and were
// refused.
func (w *World) NoteBlocked() {
	if w.tab == nil {
		return
	}
	if b := w.tab.Blocked(); len(b) > 0 {
		w.Log.Note("the browser refused requests of the implementation's page", strings.Join(b, "\n"))
	}
}

// Close ends the session and frees the zone.
func (w *World) Close(ctx context.Context) error {
	defer w.Zone.Close()
	w.mu.Lock()
	if w.tab != nil {
		w.tab.Close()
	}
	w.mu.Unlock()
	// The session is closed even after an interrupt, but briefly then, so
	// that Ctrl-C ends the run promptly.
	d := w.Env.Timeout
	if ctx.Err() != nil && d > time.Second {
		d = time.Second
	}
	w.closeDecoys(ctx, d)
	if w.session == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d)
	defer cancel()
	return w.session.Close(ctx)
}
