// Package observe opens an implementation's user-facing pages in a real,
// headless Chromium and measures what a person would see there: the taps
// from a message to a product, the pages in between and what they say, the
// warning shown with each link (warning.go), the payment options in the
// first screen with their boxes, text sizes, contrast, selected state and
// fees. It never judges: steps compare what it measured with what the
// implementation declared.
//
// One Browser serves a run; each scenario opens a Tab. A tab reaches the
// network only through the harness: every request the page makes is paused
// in the browser and answered by the caller's round tripper, or refused
// when the caller's guard says no, so a page can reach nothing the
// scenario itself could not.
package observe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// Viewport is the phone screen pages are seen on, in CSS pixels: an
// ordinary phone held upright.
const (
	ViewportWidth  = 390
	ViewportHeight = 844
)

// DefaultPageTimeout bounds loading one page and measuring it.
const DefaultPageTimeout = 5 * time.Second

// ScreenshotLimit is the most bytes a screenshot keeps; a larger one is
// taken again at half scale, and dropped with a note if still larger.
const ScreenshotLimit = 192 << 10

// Candidates are the browsers Find looks for, in order: Debian's headless
// shell first, then names on PATH. The headless shell is the same engine
// without the desktop browser around it, and observes a certification's
// pages about a third faster. It is named by its own path: the package's
// /usr/bin wrapper runs it without exec, so ending the wrapper would leave
// the browser running.
var Candidates = []string{"/usr/lib/chromium/chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the first of Candidates that is there, or "".
func Find() string {
	for _, name := range Candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Options configure a Browser.
type Options struct {
	// ExecPath is the Chromium executable.
	ExecPath string
	// PageTimeout bounds each page; zero means DefaultPageTimeout.
	PageTimeout time.Duration
}

// Browser is one headless Chromium for a run. Close it (or cancel the
// context it was started with) to end the process.
type Browser struct {
	opts    Options
	profile string
	ctx     context.Context // the browser's; tabs derive from it
	cancel  func()

	mu     sync.Mutex
	closed bool
}

// Start launches Chromium. The process ends when ctx is done or Close is
// called, whichever is first.
func Start(ctx context.Context, o Options) (*Browser, error) {
	if o.ExecPath == "" {
		return nil, errors.New("no browser executable given")
	}
	if _, err := os.Stat(o.ExecPath); err != nil {
		if p, lerr := exec.LookPath(o.ExecPath); lerr == nil {
			o.ExecPath = p
		} else {
			return nil, fmt.Errorf("browser %q: %w", o.ExecPath, err)
		}
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = DefaultPageTimeout
	}
	profile, err := os.MkdirTemp("", "hutong-observe-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(o.ExecPath), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(profile), chromedp.WindowSize(ViewportWidth, ViewportHeight),
		// Every request is answered through the harness (Tab); were one
		// to escape interception, it meets a proxy that is not there.
		chromedp.ProxyServer("http://127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("dns-prefetch-disable", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	b := &Browser{opts: o, profile: profile, ctx: bctx}
	b.cancel = func() {
		cancelBrowser()
		cancelAlloc()
		// Chromium's helpers may still write to the profile for a moment
		// after the browser is gone.
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	}
	// The first Run starts the process, bound to the context it is given
	// for good; so it gets the browser's own, and a timer for the start.
	slow := time.AfterFunc(30*time.Second, b.cancel)
	err = chromedp.Run(bctx)
	if !slow.Stop() {
		err = errors.New("it did not start within 30s")
	}
	if err != nil {
		b.cancel()
		return nil, fmt.Errorf("the browser %s did not start: %w", o.ExecPath, err)
	}
	return b, nil
}

// PID is the browser process's id, for tests that check it ended.
func (b *Browser) PID() int {
	c := chromedp.FromContext(b.ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return 0
	}
	return c.Browser.Process().Pid
}

// Close ends the browser and every tab. It is safe to call more than once.
func (b *Browser) Close() error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		b.cancel()
	}
	return nil
}

// Profile is the browser's profile directory, which its command line and
// its helpers' name: for tests that find its processes.
func (b *Browser) Profile() string { return b.profile }

// ExecPath is the executable the browser runs.
func (b *Browser) ExecPath() string { return b.opts.ExecPath }
