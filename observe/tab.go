package observe

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// BodyLimit bounds each response a page is given.
const BodyLimit = 1 << 20

// Tab is one scenario's view in the browser. Every request its pages make
// goes to Allow; those it allows are sent with Transport (which records
// them) and answered to the page as they came, redirects included; the rest
// are refused and listed in Blocked.
type Tab struct {
	b       *Browser
	ctx     context.Context
	cancel  func()
	allow   func(*url.URL) bool
	client  *http.Client
	timeout time.Duration

	mu      sync.Mutex
	blocked []string
}

// Open opens a tab. allow says where its pages may send requests; rt sends
// them.
func (b *Browser) Open(allow func(*url.URL) bool, rt http.RoundTripper) (*Tab, error) {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return nil, errors.New("the browser was closed")
	}
	tctx, cancel := chromedp.NewContext(b.ctx)
	t := &Tab{b: b, ctx: tctx, cancel: cancel, allow: allow, timeout: b.opts.PageTimeout,
		client: &http.Client{Transport: rt, Timeout: b.opts.PageTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	chromedp.ListenTarget(tctx, func(ev any) {
		if ev, ok := ev.(*fetch.EventRequestPaused); ok {
			go t.answer(ev)
		}
	})
	// The first Run makes the tab, which lives as long as the context that
	// Run is given: the tab's own, with a timer for the start.
	slow := time.AfterFunc(10*time.Second, cancel)
	defer slow.Stop()
	err := chromedp.Run(tctx,
		fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageRequest}}),
		emulation.SetDeviceMetricsOverride(ViewportWidth, ViewportHeight, 1, true),
		emulation.SetTouchEmulationEnabled(true),
	)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("the browser could not open a tab: %w", err)
	}
	return t, nil
}

// Close closes the tab.
func (t *Tab) Close() {
	if t != nil {
		t.cancel()
	}
}

// Blocked lists the requests refused so far, and empties the list.
func (t *Tab) Blocked() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.blocked
	t.blocked = nil
	return out
}

// answer answers one paused request: through the harness, or not at all.
func (t *Tab) answer(ev *fetch.EventRequestPaused) {
	c := chromedp.FromContext(t.ctx)
	if c == nil || c.Target == nil {
		return
	}
	ctx := cdp.WithExecutor(t.ctx, c.Target)
	u, err := url.Parse(ev.Request.URL)
	if err != nil || !(u.Scheme == "http" || u.Scheme == "https") || !t.allow(u) {
		t.mu.Lock()
		if len(t.blocked) < 100 {
			t.blocked = append(t.blocked, ev.Request.Method+" "+cut(ev.Request.URL, 300))
		}
		t.mu.Unlock()
		_ = fetch.FailRequest(ev.RequestID, network.ErrorReasonBlockedByClient).Do(ctx)
		return
	}
	var body io.Reader
	if ev.Request.HasPostData {
		var b strings.Builder
		for _, e := range ev.Request.PostDataEntries {
			if d, err := base64.StdEncoding.DecodeString(e.Bytes); err == nil {
				b.Write(d)
			}
		}
		body = strings.NewReader(b.String())
	}
	req, err := http.NewRequestWithContext(t.ctx, ev.Request.Method, u.String(), body)
	if err != nil {
		_ = fetch.FailRequest(ev.RequestID, network.ErrorReasonFailed).Do(ctx)
		return
	}
	for k, v := range ev.Request.Headers {
		if s, ok := v.(string); ok {
			req.Header.Set(k, s)
		}
	}
	resp, err := t.client.Do(req)
	if err != nil {
		_ = fetch.FailRequest(ev.RequestID, network.ErrorReasonFailed).Do(ctx)
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, BodyLimit))
	var headers []*fetch.HeaderEntry
	for k, vs := range resp.Header {
		for _, v := range vs {
			headers = append(headers, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	_ = fetch.FulfillRequest(ev.RequestID, int64(resp.StatusCode)).WithResponseHeaders(headers).
		WithBody(base64.StdEncoding.EncodeToString(data)).Do(ctx)
}

// Load opens u in the tab and waits for the page to load.
func (t *Tab) Load(ctx context.Context, u string) error {
	ctx, cancel := t.bound(ctx)
	defer cancel()
	var status struct {
		State string `json:"s"`
		Href  string `json:"h"`
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(u), chromedp.Evaluate(`({s: document.readyState, h: location.href})`, &status)); err != nil {
		return fmt.Errorf("the page %s did not load in the browser within %s: %w", cut(u, 300), t.timeout, err)
	}
	if strings.HasPrefix(status.Href, "chrome-error:") {
		return fmt.Errorf("the page %s could not be shown in the browser", cut(u, 300))
	}
	return nil
}

// bound gives ctx the tab's executor and the per-page deadline.
func (t *Tab) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	// The tab's own context carries the browser; the caller's only ends it
	// early (an interrupt).
	run, cancel := context.WithTimeout(t.ctx, t.timeout)
	stop := context.AfterFunc(ctx, cancel)
	return run, func() { stop(); cancel() }
}

// Tap taps the element sel matches and waits for what it opens to load.
// It reports whether anything opened: an element that is no link, or a
// tap that leads nowhere within the page deadline, opens nothing.
func (t *Tab) Tap(ctx context.Context, sel string) (bool, error) {
	ctx, cancel := t.bound(ctx)
	defer cancel()
	var tapped bool
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false;
  const a = e.closest('a[href],button,[role=link],[role=button],[onclick]'); if (!a) return false;
  window.__hutongBefore = true; a.click(); return true; })()`, sel)
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &tapped)); err != nil {
		return false, fmt.Errorf("tapping %s: %w", sel, err)
	}
	if !tapped {
		return false, nil
	}
	for {
		var st struct {
			Old   bool   `json:"o"`
			State string `json:"s"`
		}
		err := chromedp.Run(ctx, chromedp.Evaluate(`({o: window.__hutongBefore === true, s: document.readyState})`, &st))
		if err == nil && !st.Old && st.State == "complete" {
			return true, nil
		}
		if ctx.Err() != nil {
			return false, nil
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// Screenshot is the first screen as the person sees it, a PNG of at most
// ScreenshotLimit bytes; nil, with the reason, when it cannot be kept.
func (t *Tab) Screenshot(ctx context.Context) ([]byte, string) {
	ctx, cancel := t.bound(ctx)
	defer cancel()
	var shot []byte
	if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		shot, err = page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng).Do(ctx)
		return err
	})); err != nil {
		return nil, "no screenshot: " + err.Error()
	}
	return Bound(shot, ScreenshotLimit)
}

// Bound keeps a PNG within limit bytes: as it is, else at half its size,
// else not at all, with the reason.
func Bound(shot []byte, limit int) ([]byte, string) {
	if len(shot) <= limit {
		return shot, ""
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		return nil, fmt.Sprintf("the screenshot (%d bytes) was not kept: it is not a picture the harness can read", len(shot))
	}
	small := half(img)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, small); err == nil && buf.Len() <= limit {
		return buf.Bytes(), fmt.Sprintf("the screenshot is kept at half size (%d bytes in full, over the %d-byte limit)", len(shot), limit)
	}
	return nil, fmt.Sprintf("the screenshot was not kept: %d bytes, over the %d-byte limit even at half size", len(shot), limit)
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// half is img at half its width and height, each pixel the mean of four.
func half(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
	for y := 0; y < b.Dy()/2; y++ {
		for x := 0; x < b.Dx()/2; x++ {
			var r, g, bl, a uint32
			for _, d := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				cr, cg, cb, ca := img.At(b.Min.X+2*x+d[0], b.Min.Y+2*y+d[1]).RGBA()
				r, g, bl, a = r+cr, g+cg, bl+cb, a+ca
			}
			i := out.PixOffset(x, y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(r>>10), uint8(g>>10), uint8(bl>>10), uint8(a>>10)
		}
	}
	return out
}
