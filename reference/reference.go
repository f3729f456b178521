// Package reference is a compliant implementation of every ITI role — the
// harness's default target — with violation switches that break one
// requirement each, so that the harness can prove it catches every breach.
package reference

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/reference/acquirer"
	"github.com/hutong-interop/hutong/reference/messenger"
	"github.com/hutong-interop/hutong/reference/platform"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// Name and Version identify the reference at discovery.
const (
	Name    = "hutong reference implementation"
	Version = "0.1.0"
)

// Roles are the roles the reference implements, in the order it claims
// them.
var Roles = []string{iti.RoleMessenger, iti.RolePlatform, iti.RoleAcquirer, iti.RoleWallet}

// Options configure a reference server.
type Options struct {
	// Client is what the reference uses to reach other parties (link
	// previews, the malicious list). It must reach the mock network.
	Client *http.Client
	// Violations are the switches to turn on; see Violations.
	Violations []string
	// Variants are the honest variants to turn on; see Variants.
	Variants []string
	// Pages announces the "pages" capability and serves the user-facing
	// pages (pages.go). A page switch turns it on.
	Pages bool
	// Roles, when not empty, are the only roles the reference claims at
	// discovery (it serves the others all the same): an implementation of
	// some roles, as an institution of one role self-certifies.
	Roles []string
}

// CreatedAsOK is the variant that answers 200 OK wherever the ITI specifies
// 201 Created: a success all the same, in the letter the contract does not
// use.
const CreatedAsOK = "created-as-ok"

// Server is the reference implementation as an http.Handler. It serves the
// ITI under /iti/v1 and its short links under /s/.
type Server struct {
	mux        *http.ServeMux
	violations map[string]bool
	variants   map[string]bool
	// created is the status of an answer that created something: 201, or
	// 200 with created-as-ok.
	created   int
	messenger *messenger.Messenger
	platform  *platform.Platform
	acquirer  *acquirer.Acquirer
	wallet    *wallet.Wallet

	mu       sync.Mutex
	sessions map[string]*session
	short    map[string]string
	// showPages is Options.Pages; pages the answers they render.
	showPages bool
	pages     pages
	// roles are the roles claimed at discovery.
	roles []string
}

type session struct {
	messenger *messenger.State
	platform  *platform.State
	// proxy reaches the harness's mock network in black-box runs; see proxy.go.
	proxy    *url.URL
	acquirer *acquirer.State
	wallet   *wallet.State
}

// New returns a reference server, or an error naming unknown switches or
// variants.
func New(o Options) (*Server, error) {
	if err := Check(o.Violations); err != nil {
		return nil, err
	}
	if err := CheckVariants(o.Variants); err != nil {
		return nil, err
	}
	if o.Client == nil {
		o.Client = NewClient(10 * time.Second)
	}
	s := &Server{mux: http.NewServeMux(), violations: map[string]bool{}, variants: map[string]bool{}, created: http.StatusCreated,
		sessions: map[string]*session{}, short: map[string]string{}}
	for _, v := range o.Violations {
		s.violations[v] = true
		if Observed[v] {
			o.Pages = true
		}
	}
	s.showPages = o.Pages
	s.roles = Roles
	if len(o.Roles) > 0 {
		s.roles = nil
		for _, r := range o.Roles {
			if !slices.Contains(Roles, r) {
				return nil, fmt.Errorf("the reference has no role %q; its roles are %s", r, strings.Join(Roles, ", "))
			}
			if !slices.Contains(s.roles, r) {
				s.roles = append(s.roles, r)
			}
		}
	}
	for _, v := range o.Variants {
		s.variants[v] = true
	}
	if s.variants[CreatedAsOK] {
		s.created = http.StatusOK
	}
	s.messenger = &messenger.Messenger{Client: o.Client, Violate: func(n string) bool { return s.violations[n] }, Vary: func(n string) bool { return s.variants[n] }}
	s.platform = &platform.Platform{Client: o.Client, Violate: func(n string) bool { return s.violations[n] }, Vary: func(n string) bool { return s.variants[n] }}
	s.acquirer = &acquirer.Acquirer{Violate: func(n string) bool { return s.violations[n] }}
	s.wallet = &wallet.Wallet{Client: o.Client, Violate: func(n string) bool { return s.violations[n] }}
	s.routes()
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if id := sessionID(r.URL.Path); id != "" {
		s.mu.Lock()
		sess, ok := s.sessions[id]
		s.mu.Unlock()
		if ok && sess.proxy != nil {
			r = r.WithContext(withProxy(r.Context(), sess.proxy))
		}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /iti/v1/{$}", s.discover)
	s.mux.HandleFunc("GET /iti/v1", s.discover)
	s.mux.HandleFunc("POST /iti/v1/sessions", s.openSession)
	s.mux.HandleFunc("DELETE /iti/v1/sessions/{sid}", s.closeSession)
	s.mux.HandleFunc("POST /iti/v1/sessions/{sid}/messenger/conversations", s.withMessenger(withBody(s.created,
		func(r *http.Request, m *messenger.State, req iti.ConversationRequest) (iti.ConversationCreated, error) {
			id, err := m.CreateConversation(req)
			return iti.ConversationCreated{ConversationID: id}, err
		})))
	s.mux.HandleFunc("POST /iti/v1/sessions/{sid}/messenger/conversations/{cid}/messages", s.withMessenger(withBody(s.created,
		func(r *http.Request, m *messenger.State, req iti.MessageRequest) (iti.MessagePosted, error) {
			id, err := m.PostMessage(r.Context(), r.PathValue("cid"), req, s.shortener(baseURL(r)))
			return iti.MessagePosted{MessageID: id}, err
		})))
	s.mux.HandleFunc("GET /iti/v1/sessions/{sid}/messenger/conversations/{cid}/messages/{mid}", s.withMessenger(withoutBody(
		func(r *http.Request, m *messenger.State) (iti.DeliveredMessage, error) {
			msg, err := m.ReadMessage(r.PathValue("cid"), r.PathValue("mid"), r.URL.Query().Get("viewer"))
			if err == nil && s.showPages {
				msg.PageURL = s.messagePageURL(r, msg)
			}
			return msg, err
		})))
	s.mux.HandleFunc("POST /iti/v1/sessions/{sid}/messenger/conversations/{cid}/messages/{mid}/links/{idx}/reports", s.withMessenger(s.reportLink))
	s.mux.HandleFunc("GET /iti/v1/sessions/{sid}/messenger/reports", s.withMessenger(withoutBody(
		func(r *http.Request, m *messenger.State) (iti.LinkReports, error) {
			return iti.LinkReports{Reports: m.Reports()}, nil
		})))
	s.mux.HandleFunc("POST /iti/v1/sessions/{sid}/messenger/surfaces/{surface}/placements", s.withMessenger(withBody(s.created,
		func(r *http.Request, m *messenger.State, req iti.PlacementRequest) (iti.PlacementCreated, error) {
			id, err := m.Place(r.Context(), r.PathValue("surface"), req, s.shortener(baseURL(r)))
			return iti.PlacementCreated{PlacementID: id}, err
		})))
	s.mux.HandleFunc("GET /iti/v1/sessions/{sid}/messenger/surfaces/{surface}/placements/{pid}", s.withMessenger(withoutBody(
		func(r *http.Request, m *messenger.State) (iti.DeliveredPlacement, error) {
			return m.ReadPlacement(r.PathValue("surface"), r.PathValue("pid"), r.URL.Query().Get("viewer"))
		})))
	s.mux.HandleFunc("GET /s/{code}", s.followShort)
	s.platformRoutes()
	s.barcodeRoutes()
	if s.showPages {
		s.pageRoutes()
	}
}

func (s *Server) discover(w http.ResponseWriter, r *http.Request) {
	d := iti.Discovery{
		ITIVersion:     iti.Version,
		Implementation: iti.Implementation{Name: Name, Version: Version, Vendor: "hutong"},
		Roles:          s.roles,
		Capabilities:   s.capabilities(),
	}
	// A messenger with chats only says nothing of other surfaces.
	if sf := s.messenger.OfferedSurfaces(); len(sf) > 0 {
		d.Messenger = &iti.MessengerCapabilities{Surfaces: sf}
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) capabilities() []string {
	if s.showPages {
		return []string{iti.CapabilityLogistics, iti.CapabilityPages}
	}
	return []string{iti.CapabilityLogistics}
}

func (s *Server) openSession(w http.ResponseWriter, r *http.Request) {
	var req iti.SessionRequest
	if !readJSON(w, r, &req) {
		return
	}
	// Every session gets a platform: its fixtures arrive through the ITI
	// (institutions, merchants), not with the session.
	sess := &session{platform: s.platform.NewState()}
	if req.Network != nil {
		u, bad := parseProxy(req.Network.ProxyURL)
		if bad != "" {
			problem(w, http.StatusBadRequest, bad)
			return
		}
		sess.proxy = u
	}
	if req.Messenger != nil {
		sess.messenger = s.messenger.NewState(*req.Messenger)
	}
	if err := s.openBarcodeRoles(sess, req); err != nil {
		fail(w, err)
		return
	}
	id := randomID()
	s.mu.Lock()
	s.sessions[id] = sess
	s.mu.Unlock()
	writeJSON(w, s.created, iti.SessionCreated{SessionID: id})
}

func (s *Server) closeSession(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("sid")
	s.mu.Lock()
	_, ok := s.sessions[id]
	delete(s.sessions, id)
	s.mu.Unlock()
	if !ok {
		problem(w, http.StatusNotFound, "no such session")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// withRole looks up the request's session and hands its state for one
// role to h; a session without that role's fixtures is a client error.
func withRole[S any](s *Server, role string, state func(*session) *S, h func(http.ResponseWriter, *http.Request, *S)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		sess, ok := s.sessions[r.PathValue("sid")]
		s.mu.Unlock()
		if !ok {
			problem(w, http.StatusNotFound, "no such session")
			return
		}
		st := state(sess)
		if st == nil {
			problem(w, http.StatusBadRequest, "the session was opened without "+role+" fixtures")
			return
		}
		h(w, r, st)
	}
}

func (s *Server) withMessenger(h func(http.ResponseWriter, *http.Request, *messenger.State)) http.HandlerFunc {
	return withRole(s, "messenger", func(x *session) *messenger.State { return x.messenger }, h)
}

func (s *Server) reportLink(w http.ResponseWriter, r *http.Request, m *messenger.State) {
	idx, err := strconv.Atoi(r.PathValue("idx"))
	if err != nil {
		problem(w, http.StatusBadRequest, "the link index is not a number")
		return
	}
	var req iti.ReportRequest
	if !readJSON(w, r, &req) {
		return
	}
	rep, err := m.ReportLink(r.PathValue("cid"), r.PathValue("mid"), idx, req)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, s.created, rep)
}

// shortener makes short links on the reference's own host, base, that
// redirect to their target.
func (s *Server) shortener(base string) func(target string) string {
	return func(target string) string {
		code := randomID()[:10]
		s.mu.Lock()
		s.short[code] = target
		s.mu.Unlock()
		return base + "/s/" + code
	}
}

func (s *Server) followShort(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	target, ok := s.short[r.PathValue("code")]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.URL.Scheme == "https" {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host
}

func randomID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		problem(w, http.StatusBadRequest, "the request body is not valid JSON: "+err.Error())
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func problem(w http.ResponseWriter, status int, title string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(iti.Problem{Title: title, Status: status})
}

// fail answers a role's error as a problem with the role's status; anything
// else is the reference's own fault.
func fail(w http.ResponseWriter, err error) {
	var (
		me *messenger.Error
		pe *platform.Error
		ae *acquirer.Error
		we *wallet.Error
	)
	switch {
	case errors.As(err, &me):
		problem(w, me.Status, me.Title)
	case errors.As(err, &pe):
		problem(w, pe.Status, pe.Title)
	case errors.As(err, &ae):
		problem(w, ae.Status, ae.Title)
	case errors.As(err, &we):
		problem(w, we.Status, we.Title)
	default:
		problem(w, http.StatusInternalServerError, fmt.Sprint(err))
	}
}

// withBody adapts a role operation on a JSON request to an ITI handler:
// decode the body, call op, answer status with its result or its error.
func withBody[S, Req, Resp any](status int, op func(r *http.Request, st S, req Req) (Resp, error)) func(http.ResponseWriter, *http.Request, S) {
	return func(w http.ResponseWriter, r *http.Request, st S) {
		var req Req
		if !readJSON(w, r, &req) {
			return
		}
		out, err := op(r, st, req)
		if err != nil {
			fail(w, err)
			return
		}
		writeJSON(w, status, out)
	}
}

// withoutBody is withBody for operations that read no body.
func withoutBody[S, Resp any](op func(r *http.Request, st S) (Resp, error)) func(http.ResponseWriter, *http.Request, S) {
	return func(w http.ResponseWriter, r *http.Request, st S) {
		out, err := op(r, st)
		if err != nil {
			fail(w, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}
