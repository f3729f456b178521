package scenario

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/untrusted"
)

// Sessions are independent (issue 14, item 5): state the implementation
// keeps for one session must never show in another. A Given step proves it
// by opening a decoy session beside the scenario's own, at the same time as
// its own set-up, and setting up there the very names the scenario uses
// (the same users, merchants, shops) with facts that conflict and carry the
// scenario's marker, an unguessable word. Every answer of the scenario's own
// session is scanned for the marker: an implementation that keys its state
// by those names rather than by session, or caches across sessions, shows
// the decoy's facts in the scenario's answers, and the step that read them
// fails (Leaked).

// NewMarker returns an unguessable word, 20 lowercase letters and digits:
// what a decoy's facts carry. It is random, never drawn from the run's seed,
// so that no implementation can know it in advance; it changes no verdict,
// because nothing the scenario judges depends on it.
func NewMarker() string {
	var b [12]byte
	rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// MarkerShown stands for the marker in a finding's excerpt.
const MarkerShown = "{decoy marker}"

// Marker is the word only the scenario's decoy sessions may show: a decoy's
// set-up puts it in the facts that conflict with the scenario's.
func (w *World) Marker() string { return w.marker }

// Decoy is a session of the implementation's beside the scenario's own: the
// same run, its own session id, closed with the scenario.
type Decoy struct {
	// Session is the decoy's ITI session.
	Session *iti.Session
	// Marker is what the decoy's facts carry (World.Marker).
	Marker string
	// Fixtures are those the decoy's session was opened with.
	Fixtures iti.SessionRequest
	// HTTP reaches the implementation beyond its ITI (an acquirer's
	// payments endpoint) as the decoy: its exchanges are in the evidence
	// as the decoy's.
	HTTP *http.Client
}

// decoyFrom labels the decoy's exchanges in the scenario's evidence.
const decoyFrom = "harness (decoy session)"

// Decoy opens a decoy session with fixtures and runs setup in it,
// concurrently with whatever the calling step does next; the function it
// returns waits until setup is done, so that what the scenario's later
// steps read is judged against a decoy that is wholly set up, whatever the
// timing. Use it as
//
//	defer w.Decoy(ctx, w.Fixtures, func(ctx context.Context, d *scenario.Decoy) error { ... })()
//
// A decoy the implementation will not set up is noted in the evidence and
// fails nothing: the step is then simply not judged for independence, and
// the requirement's own checks are left to say what is wrong. The decoy's
// ITI exchanges go into the scenario's evidence as the decoy's; its answers
// are not scanned (the marker is theirs to show). setup is bounded by a few
// of the run's per-request limits.
func (w *World) Decoy(ctx context.Context, fixtures iti.SessionRequest, setup func(context.Context, *Decoy) error) (wait func()) {
	fixtures.Label = w.Name + " (decoy)"
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx := ctx
		if d := w.Env.Timeout; d > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, 4*d)
			defer cancel()
		}
		err := w.runDecoy(ctx, fixtures, setup)
		if err != nil {
			w.Log.Note(message.NoteDecoy, fmt.Sprintf(message.NoteDecoyUnset, err))
		}
	}()
	return func() { <-done }
}

func (w *World) runDecoy(ctx context.Context, fixtures iti.SessionRequest, setup func(context.Context, *Decoy) error) error {
	rt := &evidence.Transport{Base: w.Env.Transport, From: decoyFrom, Log: w.Log}
	hc := &http.Client{Transport: rt, Timeout: w.Env.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c, err := iti.NewClient(w.Env.ITIBase, hc)
	if err != nil {
		return err
	}
	if w.Env.MaxBody > 0 {
		c.MaxBody = w.Env.MaxBody
	}
	// Its answers are checked against the contract like any other; its
	// failures are the decoy's note, not the run's record of the calls the
	// scenarios made.
	c.Deviation, c.Validator = w.Env.Deviation, w.Env.Validator
	s, err := c.OpenSession(ctx, fixtures)
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.decoys = append(w.decoys, s)
	w.mu.Unlock()
	return setup(ctx, &Decoy{Session: s, Marker: w.marker, Fixtures: fixtures, HTTP: hc})
}

// closeDecoys ends the decoy sessions, each within d.
func (w *World) closeDecoys(ctx context.Context, d time.Duration) {
	w.mu.Lock()
	ds := w.decoys
	w.decoys = nil
	w.mu.Unlock()
	if d <= 0 {
		d = 10 * time.Second
	}
	for _, s := range ds {
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), d)
		_ = s.Close(c) // a decoy that will not close judges nothing
		cancel()
	}
}

// maxLeaks bounds the findings of one step: the first few say enough.
const maxLeaks = 3

// Leaked returns the finding of the step that just ran, if an answer of the
// scenario's own session carried the marker, and forgets it, so that each
// step is failed for what it read itself.
func (w *World) Leaked() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.leaks) == 0 {
		return nil
	}
	var f Findings
	for _, l := range w.leaks {
		f.Add("%s", l)
	}
	w.leaks = nil
	return f.Err()
}

// scan records a leak when body, the answer to method path of the
// scenario's own session, carries the marker.
func (w *World) scan(method, path string, body []byte) {
	i := bytes.Index(body, []byte(w.marker))
	if i < 0 {
		// An implementation may write a name it keeps in capitals.
		i = bytes.Index(body, []byte(strings.ToUpper(w.marker)))
	}
	if i < 0 {
		return
	}
	op := method + " " + path
	if v := w.Env.Validator; v != nil {
		op = method + " " + v.Template(method, path)
	}
	// The marker is written as a placeholder: the finding then reads the
	// same in every run of a seed (the evidence keeps the answer as sent).
	ex := excerpt(body, i, len(w.marker))
	ex = strings.ReplaceAll(strings.ReplaceAll(ex, w.marker, MarkerShown), strings.ToUpper(w.marker), MarkerShown)
	finding := fmt.Sprintf(message.LeakShown, untrusted.Line(op, untrusted.MaxName), `"`+untrusted.Line(ex, 400)+`"`)
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range w.leaks {
		if l == finding {
			return
		}
	}
	if len(w.leaks) < maxLeaks {
		w.leaks = append(w.leaks, finding)
	}
}

// excerpt is the part of body around the n bytes at i: enough either side
// to say what the marker came in, cut on character boundaries.
func excerpt(body []byte, i, n int) string {
	const around = 80
	from, to := max(0, i-around), min(len(body), i+n+around)
	for from > 0 && !utf8.RuneStart(body[from]) {
		from++
	}
	for to < len(body) && !utf8.RuneStart(body[to]) {
		to--
	}
	s := strings.TrimSpace(string(body[from:to]))
	if from > 0 {
		s = "…" + s
	}
	if to < len(body) {
		s += "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// leakScan reads every answer of the scenario's own session, up to limit
// bytes, and hands it to the world's scan before the client reads it. A
// body that breaks off is replayed as far as it came, with the same error,
// so that the client says what it would have said.
type leakScan struct {
	base  http.RoundTripper
	w     *World
	root  string // the ITI root's path, cut from the paths scan is told
	limit func() int64
}

func (t *leakScan) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.Body == nil {
		return resp, err
	}
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, t.limit()+1))
	path := strings.TrimPrefix(req.URL.EscapedPath(), t.root)
	t.w.scan(req.Method, path, data)
	rest := io.Reader(resp.Body)
	if rerr != nil {
		rest = errReader{rerr}
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), rest), resp.Body}
	return resp, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// decoyState is what a world keeps of its decoys and of what its own
// answers showed of them; World embeds it.
type decoyState struct {
	marker string
	decoys []*iti.Session
	leaks  []string
}
