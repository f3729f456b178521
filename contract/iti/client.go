// Package iti is the test interface (ITI) an implementation under test
// exposes to hutong: the wire types, the OpenAPI description (openapi.yaml)
// and a client that turns every way a call can go wrong into an error a person
// can read.
package iti

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hutong-interop/hutong/untrusted"
)

// OpenAPI is the ITI description, served to implementers by `hutong iti`.
//
//go:embed openapi.yaml
var OpenAPI []byte

// DefaultMaxBody bounds how much of a response the client reads, so that an
// implementation streaming garbage cannot exhaust the harness's memory. A
// payment screen with 10,000 institutions (the equal-access scale benchmark)
// is about 2 MB.
const DefaultMaxBody = 16 << 20

// Client calls one implementation's ITI.
type Client struct {
	base    *url.URL
	hc      *http.Client
	MaxBody int64
	// Deviation, if set, is told of every answer that departs from the
	// letter of the contract in a way that changes no meaning (a 200 where
	// 201 is specified): the call goes on, and the harness reports the
	// deviation once, as a contract finding rather than a requirement
	// failure.
	Deviation func(Deviation)
	// Validator, if set with Deviation, checks every successful answer
	// against the description's schema and reports what departs from it.
	Validator *Validator
	// Failed, if set, is told of every call that fails, with the error the
	// caller gets: the contract-level record of a run ('hutong iti check').
	Failed func(*Error)
	// Answered, if set, is told of every call the implementation answered
	// with a success the ITI's types could read, by its method and its path
	// below the ITI root (with this call's ids): the record of which
	// operations a run reached ('hutong iti check'). Whether the answer
	// also met the description's schema is Deviation's to say.
	Answered func(method, path string)
}

// Deviation is an answer that departs from the contract's letter but not its
// meaning.
type Deviation struct {
	Op     string // the operation, in words
	Method string
	Path   string // the operation's path template below the ITI root, when known
	What   string // what was expected and what came
}

// NewClient returns a client for the ITI rooted at base, such as
// "https://sandbox.example/iti/v1". The http.Client carries the transport,
// timeouts and redirect policy.
func NewClient(base string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil {
		return nil, fmt.Errorf("target URL %q: %w", base, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("target URL %q: scheme must be http or https", base)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("target URL %q: no host", base)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: u, hc: hc, MaxBody: DefaultMaxBody}, nil
}

// Base is the ITI root URL.
func (c *Client) Base() string { return c.base.String() }

// Error is a failed ITI call. Its message names the operation and the
// exchange, so that a failed step says what the implementation did wrong.
type Error struct {
	Op     string // what the harness was doing, in words
	Method string
	URL    string
	Status int // 0 when no response arrived
	Reason string
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s %s): ", e.Op, e.Method, e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, "the implementation answered %d %s", e.Status, http.StatusText(e.Status))
		if e.Reason != "" {
			b.WriteString(": ")
		}
	}
	b.WriteString(e.Reason)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// maxRoles bounds the roles a discovery answer may claim, maxCapabilities
// the capabilities it may announce.
const (
	maxRoles        = 32
	maxCapabilities = 32
)

// ErrUnreachable marks errors where no HTTP answer arrived at all.
var ErrUnreachable = errors.New("implementation unreachable")

// NoAnswer begins the reason of an error where no HTTP answer arrived, so
// that the words survive where a step quotes the error rather than wrap it.
const NoAnswer = "no answer: "

// Discover asks the implementation who it is and which roles it claims.
func (c *Client) Discover(ctx context.Context) (Discovery, error) {
	var d Discovery
	err := c.do(ctx, "discovery", http.MethodGet, "", nil, http.StatusOK, &d)
	if err != nil {
		return d, err
	}
	if d.ITIVersion != Version {
		return d, &Error{Op: "discovery", Method: http.MethodGet, URL: c.base.String(),
			Reason: fmt.Sprintf("the implementation speaks ITI version %.40q; this harness speaks %q", d.ITIVersion, Version)}
	}
	if d.Implementation.Name == "" {
		return d, &Error{Op: "discovery", Method: http.MethodGet, URL: c.base.String(),
			Reason: "the implementation did not give its name"}
	}
	if len(d.Roles) > maxRoles {
		return d, &Error{Op: "discovery", Method: http.MethodGet, URL: c.base.String(),
			Reason: fmt.Sprintf("the implementation claims %d roles; the ITI has 4, and more than %d is not a discovery answer", len(d.Roles), maxRoles)}
	}
	// Its identity reaches every report and the regulator's terminal.
	d.Implementation.Name = untrusted.Line(d.Implementation.Name, untrusted.MaxName)
	d.Implementation.Version = untrusted.Line(d.Implementation.Version, untrusted.MaxName)
	d.Implementation.Vendor = untrusted.Line(d.Implementation.Vendor, untrusted.MaxName)
	for i, r := range d.Roles {
		d.Roles[i] = untrusted.Line(r, untrusted.MaxName)
	}
	if len(d.Capabilities) > maxCapabilities {
		return d, &Error{Op: "discovery", Method: http.MethodGet, URL: c.base.String(),
			Reason: fmt.Sprintf("the implementation announces %d capabilities; the ITI has 2, and more than %d is not a discovery answer", len(d.Capabilities), maxCapabilities)}
	}
	// What it announces reaches the certificate and every report.
	for i, x := range d.Capabilities {
		d.Capabilities[i] = untrusted.Line(x, untrusted.MaxName)
	}
	if m := d.Messenger; m != nil {
		if len(m.Surfaces) > maxSurfaces {
			return d, &Error{Op: "discovery", Method: http.MethodGet, URL: c.base.String(),
				Reason: fmt.Sprintf("the implementation names %d surfaces besides chats; the ITI has %d, and more than %d is not a discovery answer", len(m.Surfaces), len(Surfaces), maxSurfaces)}
		}
		for i, s := range m.Surfaces {
			m.Surfaces[i] = untrusted.Line(s, untrusted.MaxName)
		}
	}
	return d, nil
}

// OpenSession opens a session for one scenario.
func (c *Client) OpenSession(ctx context.Context, req SessionRequest) (*Session, error) {
	var out SessionCreated
	if err := c.do(ctx, "open a session", http.MethodPost, "/sessions", req, http.StatusCreated, &out); err != nil {
		return nil, err
	}
	return &Session{c: c, ID: out.SessionID}, nil
}

// The id goes into every later path of the session.
func (o *SessionCreated) unusable() string {
	if o.SessionID == "" || strings.ContainsAny(o.SessionID, "/?#") {
		return fmt.Sprintf("unusable session id %.100q", o.SessionID)
	}
	return ""
}

// Session is one scenario's session; every call carries its id.
type Session struct {
	c  *Client
	ID string
}

func (s *Session) path(parts ...string) string {
	esc := make([]string, len(parts))
	for i, p := range parts {
		esc[i] = url.PathEscape(p)
	}
	return "/sessions/" + url.PathEscape(s.ID) + "/" + strings.Join(esc, "/")
}

// Close ends the session; the implementation may forget its state.
func (s *Session) Close(ctx context.Context) error {
	return s.c.do(ctx, "close the session", http.MethodDelete, "/sessions/"+url.PathEscape(s.ID), nil, http.StatusNoContent, nil)
}

// CreateConversation starts a one-to-one or group conversation.
func (s *Session) CreateConversation(ctx context.Context, req ConversationRequest) (string, error) {
	var out ConversationCreated
	err := s.c.do(ctx, "start a "+req.Kind+" conversation", http.MethodPost, s.path("messenger", "conversations"), req, http.StatusCreated, &out)
	return out.ConversationID, err
}

func (o *ConversationCreated) unusable() string { return noID(o.ConversationID, "conversation id") }

// PostMessage posts a message and returns its id.
func (s *Session) PostMessage(ctx context.Context, conversation string, req MessageRequest) (string, error) {
	var out MessagePosted
	err := s.c.do(ctx, "post a message", http.MethodPost, s.path("messenger", "conversations", conversation, "messages"), req, http.StatusCreated, &out)
	return out.MessageID, err
}

func (o *MessagePosted) unusable() string { return noID(o.MessageID, "message id") }

// noID is the reason an answer without what names its object is of no use.
func noID(id, what string) string {
	if id == "" {
		return "the answer gives no " + what
	}
	return ""
}

// ReadMessage returns a message as viewer sees it.
func (s *Session) ReadMessage(ctx context.Context, conversation, message, viewer string) (DeliveredMessage, error) {
	var out DeliveredMessage
	p := s.path("messenger", "conversations", conversation, "messages", message) + "?viewer=" + url.QueryEscape(viewer)
	err := s.c.do(ctx, "read a message as "+viewer, http.MethodGet, p, nil, http.StatusOK, &out)
	return out, err
}

// ReportLink reports link number index of a message.
func (s *Session) ReportLink(ctx context.Context, conversation, message string, index int, req ReportRequest) (LinkReport, error) {
	var out LinkReport
	p := s.path("messenger", "conversations", conversation, "messages", message, "links", strconv.Itoa(index), "reports")
	err := s.c.do(ctx, "report a link", http.MethodPost, p, req, http.StatusCreated, &out)
	return out, err
}

// Reports lists the link reports the messenger recorded in this session.
func (s *Session) Reports(ctx context.Context) ([]LinkReport, error) {
	var out LinkReports
	err := s.c.do(ctx, "list link reports", http.MethodGet, s.path("messenger", "reports"), nil, http.StatusOK, &out)
	return out.Reports, err
}

func (c *Client) do(ctx context.Context, op, method, path string, in any, want int, out any) error {
	u := c.base.String() + path
	fail := func(status int, reason string, err error) error {
		e := &Error{Op: op, Method: method, URL: u, Status: status, Reason: reason, Err: err}
		if c.Failed != nil && ctx.Err() == nil {
			c.Failed(e)
		}
		return e
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fail(0, "cannot encode the request: "+err.Error(), err)
		}
		body = bytes.NewReader(b)
	}
	// The exchange's own deadline, besides the http.Client's, lets a failure
	// tell a timeout (a slow or trickling answer) from the run being
	// interrupted, whatever error the transport surfaces.
	parent := ctx
	if c.hc.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.hc.Timeout)
		defer cancel()
	}
	explain := func(err error) string {
		switch {
		case parent.Err() != nil:
			if cause := context.Cause(parent); cause != nil && cause != context.Canceled && cause != context.DeadlineExceeded {
				return "the run ended: " + cause.Error()
			}
			return "the run was interrupted (" + err.Error() + ")"
		case ctx.Err() != nil, hasPassed(ctx):
			return fmt.Sprintf("timed out: no complete answer within the %s per-request limit (%v)", c.hc.Timeout, err)
		}
		return describeTransportError(err)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fail(0, err.Error(), err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fail(0, NoAnswer+explain(err), errors.Join(ErrUnreachable, err))
	}
	defer resp.Body.Close()
	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fail(resp.StatusCode, "the answer broke off: "+explain(err), err)
	}
	if int64(len(data)) > limit {
		return fail(resp.StatusCode, fmt.Sprintf("the answer is larger than the %d-byte limit", limit), nil)
	}
	if resp.StatusCode != want && success(resp.StatusCode) && success(want) {
		// Any 2xx says the call succeeded; which one is the letter, not
		// the meaning, of the contract.
		if c.Deviation != nil {
			p := path
			if c.Validator != nil {
				p = c.Validator.Template(method, path)
			}
			c.Deviation(Deviation{Op: op, Method: method, Path: p,
				What: fmt.Sprintf("answered %d %s where the contract specifies %d %s", resp.StatusCode, http.StatusText(resp.StatusCode), want, http.StatusText(want))})
		}
	} else if resp.StatusCode != want {
		reason := fmt.Sprintf("expected %d %s", want, http.StatusText(want))
		var p Problem
		if json.Unmarshal(data, &p) == nil && p.Title != "" {
			reason += "; it said: " + untrusted.Line(p.Title, untrusted.MaxReason)
			if p.Detail != "" {
				reason += " (" + untrusted.Line(p.Detail, untrusted.MaxReason) + ")"
			}
		}
		return fail(resp.StatusCode, reason, nil)
	}
	if resp.StatusCode == http.StatusNoContent && out != nil {
		return fail(resp.StatusCode, "no content, where the contract specifies an answer body", nil)
	}
	if out == nil {
		c.answered(method, path)
		return nil
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/problem+json") {
		return fail(resp.StatusCode, fmt.Sprintf("expected a JSON answer, got content type %s", untrusted.Line(strconv.Quote(ct), untrusted.MaxName)), nil)
	}
	if c.Validator != nil && c.Deviation != nil && resp.StatusCode == want {
		p := path
		if p == "" {
			p = "/"
		}
		if what := c.Validator.Check(method, p, resp.StatusCode, resp.Header, data); what != "" {
			c.Deviation(Deviation{Op: op, Method: method, Path: c.Validator.Template(method, p), What: "the answer departs from the ITI's schema: " + what})
		}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fail(resp.StatusCode, "the answer is not the JSON the ITI describes: "+describeJSONError(data, err), err)
	}
	if u, ok := out.(usable); ok {
		if why := u.unusable(); why != "" {
			return fail(resp.StatusCode, why, nil)
		}
	}
	c.answered(method, path)
	return nil
}

// usable is an answer that, read, can still be of no use: one without the
// id every later call needs. Its unusable says why, or "" when it can be
// used. Checked in do, such an answer fails like any other the ITI does
// not describe — told to Failed, never to Answered — so 'hutong iti check'
// lists it with the operation it came from.
type usable interface{ unusable() string }

func (c *Client) answered(method, path string) {
	if c.Answered == nil {
		return
	}
	path, _, _ = strings.Cut(path, "?")
	if path == "" {
		path = "/"
	}
	c.Answered(method, path)
}

func success(status int) bool { return status >= 200 && status < 300 }

// hasPassed says whether ctx's deadline has passed; the http.Client's own
// timer, set to the same limit, may fire a moment before the context's.
func hasPassed(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

func describeTransportError(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "the run was interrupted (" + err.Error() + ")"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timed out: no complete answer within the per-request limit (" + err.Error() + ")"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "nothing accepts connections at that address (" + err.Error() + ")"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the implementation dropped the connection (" + err.Error() + ")"
	}
	return err.Error()
}

func describeJSONError(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v at byte %d", se, se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q should be %s, got JSON %s", te.Field, te.Type, te.Value)
	}
	return err.Error()
}
