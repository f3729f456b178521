// Package evidence records the HTTP exchanges of one scenario — harness to
// implementation, harness to mocks, implementation to mocks — attributed to the
// step that was running, with secrets redacted and bodies truncated, so that a
// report can show an auditor exactly what was sent and received.
package evidence

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hutong-interop/hutong/model/message"
)

// BodyLimit is how much of each body is kept.
const BodyLimit = 4 << 10

// Bounds on what one exchange and one scenario keep. The implementation
// decides what it sends; these decide what the harness keeps, so that no
// answer, however built, makes a report large or the harness's memory
// grow: past them the evidence says what it left out.
const (
	HeaderLimit      = 64      // headers kept per message
	HeaderValueLimit = 1 << 10 // bytes kept of one header value
	HeadersLimit     = 8 << 10 // bytes kept of one message's headers
	URLLimit         = 2 << 10 // bytes kept of a URL
	ScenarioLimit    = 512 << 10
	ExchangeLimit    = 400 // exchanges kept per scenario
)

// Exchange is one recorded HTTP exchange.
type Exchange struct {
	Step        int               `json:"step"`
	From        string            `json:"from"`
	To          string            `json:"to"`
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	Status      int               `json:"status,omitempty"`
	ReqHeaders  map[string]string `json:"request_headers,omitempty"`
	ReqBody     string            `json:"request_body,omitempty"`
	RespHeaders map[string]string `json:"response_headers,omitempty"`
	RespBody    string            `json:"response_body,omitempty"`
	Truncated   bool              `json:"truncated,omitempty"`
	Error       string            `json:"error,omitempty"`
	Started     time.Time         `json:"started"`
	Duration    time.Duration     `json:"duration_ns"`
}

// Log collects one scenario's exchanges. It is safe for concurrent use:
// the implementation may call mocks while the harness waits on it.
type Log struct {
	mu        sync.Mutex
	step      int
	exchanges []Exchange
	notes     []Note
	cases     []Case
	caseKeys  map[string]int // key -> index in cases, for Judge
	// size is what the kept exchanges and notes weigh, in bytes; omitted
	// counts the exchanges dropped whole once ExchangeLimit was reached or
	// the size passed ScenarioLimit, and cut those whose headers and bodies
	// were dropped.
	size, omitted, cut int
	// pending maps the mark of each request the Transport has in flight
	// to the host it was sent to.
	pending map[string]string
	// basis is each step's evidence level (Basis); shots the pages seen.
	basis map[int]string
	shots []Screenshot
}

// MarkHeader is set by Transport on every request it records, so that a
// Handler further down the same path (a mock the harness calls directly)
// does not record the exchange a second time under the wrong sender. Each
// request gets a fresh random mark, honoured only while that request is in
// flight and only by a handler for the host it was sent to: an
// implementation cannot hide its own calls to the mocks by forging the
// header, nor by passing on the mark of the harness's request to it.
const MarkHeader = "X-Hutong-Evidence"

// begin registers a new mark for a request to host.
func (l *Log) begin(host string) string {
	var b [16]byte
	rand.Read(b[:]) // crypto/rand never fails on supported platforms
	m := hex.EncodeToString(b[:])
	l.mu.Lock()
	if l.pending == nil {
		l.pending = map[string]string{}
	}
	l.pending[m] = hostname(host)
	l.mu.Unlock()
	return m
}

func (l *Log) end(mark string) {
	l.mu.Lock()
	delete(l.pending, mark)
	l.mu.Unlock()
}

// recorded reports whether mark belongs to a request to host that the
// Transport is recording.
func (l *Log) recorded(mark, host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ok := l.pending[mark]
	return ok && h == hostname(host)
}

func hostname(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		hostport = h
	}
	return strings.ToLower(hostport)
}

// Note is a finding a step wants the reader to see beside the exchanges, such
// as the two sides of a comparison.
type Note struct {
	Step  int    `json:"step"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// SetStep attributes what follows to step i (0-based within the scenario).
func (l *Log) SetStep(i int) {
	l.mu.Lock()
	l.step = i
	l.mu.Unlock()
}

// Add records an exchange against the current step, within the scenario's
// bounds: past ScenarioLimit bytes an exchange is kept without headers and
// bodies, past ExchangeLimit exchanges not at all, and Omitted says so.
func (l *Log) Add(x Exchange) {
	x.URL = cut(x.URL, URLLimit)
	x.Error = cut(x.Error, BodyLimit)
	l.mu.Lock()
	defer l.mu.Unlock()
	x.Step = l.step
	if len(l.exchanges) >= ExchangeLimit {
		l.omitted++
		return
	}
	n := weigh(x)
	if l.size+n > ScenarioLimit {
		x.ReqHeaders, x.RespHeaders, x.ReqBody, x.RespBody, x.Truncated = nil, nil, "", "", true
		n = weigh(x)
		l.cut++
	}
	l.size += n
	l.exchanges = append(l.exchanges, x)
}

// Omitted says what the scenario's bounds left out of its evidence, in
// words, or "" when nothing was.
func (l *Log) Omitted() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var what string
	switch {
	case l.cut > 0 && l.omitted > 0:
		what = fmt.Sprintf(message.NoteCutBoth, l.cut, l.omitted)
	case l.cut > 0:
		what = fmt.Sprintf(message.NoteCutBodies, l.cut)
	case l.omitted > 0:
		what = fmt.Sprintf(message.NoteCutDropped, l.omitted)
	default:
		return ""
	}
	return fmt.Sprintf(message.NoteScenarioCut, ScenarioLimit>>10, ExchangeLimit, what)
}

// RunLimit is what a whole run keeps of its scenarios' exchanges, in bytes:
// the reports each carry the evidence once, so they stay a few MB however
// many scenarios a run has and however much each one's implementation sent.
const RunLimit = 2 << 20

// Weigh is what an exchange costs to keep.
func Weigh(x Exchange) int { return weigh(x) }

// Slim returns x without its headers and bodies, marked truncated: what a
// run keeps of an exchange once its evidence budget is spent.
func Slim(x Exchange) Exchange {
	x.ReqHeaders, x.RespHeaders, x.ReqBody, x.RespBody, x.Truncated = nil, nil, "", "", true
	return x
}

func weigh(x Exchange) int {
	n := len(x.URL) + len(x.ReqBody) + len(x.RespBody) + len(x.Error) + 128
	for k, v := range x.ReqHeaders {
		n += len(k) + len(v)
	}
	for k, v := range x.RespHeaders {
		n += len(k) + len(v)
	}
	return n
}

// Note records a finding against the current step.
func (l *Log) Note(title, text string) {
	text = cut(text, BodyLimit)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.notes) >= ExchangeLimit || l.size > 2*ScenarioLimit {
		return
	}
	l.size += len(title) + len(text)
	l.notes = append(l.notes, Note{Step: l.step, Title: title, Text: text})
}

// cut bounds s to max bytes, on a character boundary, saying how much went.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + fmt.Sprintf("… [%d bytes cut]", len(s)-i)
}

// Exchanges returns a copy of what was recorded, in order.
func (l *Log) Exchanges() []Exchange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Exchange(nil), l.exchanges...)
}

// Notes returns a copy of the notes, in order, and last, when the bounds
// left anything out, a note saying what.
func (l *Log) Notes() []Note {
	omitted := l.Omitted()
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]Note(nil), l.notes...)
	if omitted != "" {
		out = append(out, Note{Step: l.step, Title: message.NoteTruncated, Text: omitted})
	}
	return out
}

// redact keeps a message's headers with secrets hidden, within
// HeaderLimit, HeaderValueLimit and HeadersLimit; what the bounds leave out
// is counted under the name "…".
func redact(h http.Header) map[string]string {
	if len(h) == 0 {
		return nil
	}
	names := make([]string, 0, len(h))
	for k := range h {
		if http.CanonicalHeaderKey(k) != MarkHeader {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	out := make(map[string]string, min(len(names), HeaderLimit))
	size, left := 0, 0
	for _, k := range names {
		val := redactHeader(k, h[k])
		k, val = cut(k, 128), cut(val, HeaderValueLimit)
		if len(out) >= HeaderLimit || size+len(k)+len(val) > HeadersLimit {
			left++
			continue
		}
		size += len(k) + len(val)
		out[k] = val
	}
	if left > 0 {
		out["…"] = fmt.Sprintf("%d more header(s) not kept", left)
	}
	return out
}

// clip cuts a body at BodyLimit and redacts the secrets in what is kept.
// Cutting first keeps redaction off the bulk of large bodies (a QR code's
// picture, a 10,000-option payment screen), where it was a fifth of the
// harness's time; it is safe because redaction also hides a field whose
// value the cut leaves unterminated, and a cut inside a field's name keeps
// no value at all.
func clip(b []byte) (string, bool) {
	over := len(b) > BodyLimit
	if over {
		b = b[:BodyLimit]
	}
	s := redactBody(string(b))
	if len(s) > BodyLimit {
		s, over = s[:BodyLimit], true
	}
	// A cut may split a multi-byte character; reports must stay valid UTF-8.
	return strings.ToValidUTF8(s, "\uFFFD"), over
}

// Transport wraps a RoundTripper so that every exchange through it lands in
// Log, as sent by From.
type Transport struct {
	Base http.RoundTripper
	From string
	Log  *Log
}

// RoundTrip records the exchange. It reads at most BodyLimit+1 bytes of the
// response ahead and replays them, so the caller still sees the whole body.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	x := Exchange{From: t.From, To: req.URL.Host, Method: req.Method, URL: redactURL(req.URL.String()), ReqHeaders: redact(req.Header), Started: time.Now()}
	if req.Body != nil && req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, BodyLimit+1))
			rc.Close()
			x.ReqBody, x.Truncated = clip(b)
		}
	}
	// A RoundTripper must not modify the caller's request.
	marked := req.Clone(req.Context())
	mark := t.Log.begin(req.URL.Host)
	defer t.Log.end(mark)
	marked.Header.Set(MarkHeader, mark)
	resp, err := t.Base.RoundTrip(marked)
	x.Duration = time.Since(x.Started)
	if err != nil {
		x.Error = err.Error()
		t.Log.Add(x)
		return nil, err
	}
	x.Status = resp.StatusCode
	x.RespHeaders = redact(resp.Header)
	head, rerr := io.ReadAll(io.LimitReader(resp.Body, BodyLimit+1))
	var tr bool
	x.RespBody, tr = clip(head)
	x.Truncated = x.Truncated || tr
	if rerr != nil {
		x.Error = "reading the body: " + rerr.Error()
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	t.Log.Add(x)
	return resp, nil
}

// Handler wraps a mock so that every request it serves is recorded in log,
// as received from from (usually the implementation) by to (the mock's name).
//
// A request marked by this log's Transport was recorded there already, as
// sent by the harness; it is served without being recorded again.
func Handler(log *Log, from, to string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := r.Header.Get(MarkHeader); m != "" {
			r.Header.Del(MarkHeader)
			if log.recorded(m, r.Host) {
				h.ServeHTTP(w, r)
				return
			}
		}
		x := Exchange{From: from, To: to, Method: r.Method, URL: redactURL(requestURL(r)), ReqHeaders: redact(r.Header), Started: time.Now()}
		if r.Body != nil {
			b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			r.Body = io.NopCloser(bytes.NewReader(b))
			x.ReqBody, x.Truncated = clip(b)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		x.Duration = time.Since(x.Started)
		x.Status = rec.Code
		x.RespHeaders = redact(rec.Header())
		var tr bool
		x.RespBody, tr = clip(rec.Body.Bytes())
		x.Truncated = x.Truncated || tr
		log.Add(x)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

func requestURL(r *http.Request) string {
	if r.URL.IsAbs() {
		return r.URL.String()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.RequestURI()
}

// SortByStart orders exchanges by when they started; the log keeps them in
// completion order, which interleaves nested calls confusingly.
func SortByStart(xs []Exchange) {
	sort.SliceStable(xs, func(i, j int) bool { return xs[i].Started.Before(xs[j].Started) })
}
