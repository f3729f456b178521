package html

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/result"
)

// chromium finds Debian's headless browser. CI installs it (.ci/run), so
// there a missing browser is a failure; on a developer's machine the test is
// skipped with the command that installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium found; .ci/run should have installed Debian's chromium package")
	}
	t.Skip("no chromium found; install it with 'apt-get install chromium' to check the report in a real browser")
	return ""
}

// browse opens the page in headless chromium and returns what the page says
// about its verdict element, every console error or uncaught exception, and
// every request the page made other than for itself.
type browsed struct {
	verdictText    string
	verdictVisible bool
	scenarios      int
	errors         []string
	requests       []string
	screenshot     []byte
}

// startChromium starts one headless chromium for the test and its
// subtests; each page is browsed in a tab of its own. The browser is closed
// when the test ends.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	// Not t.TempDir: chromium's helper processes can still be writing to
	// their profile when the browser is gone, and t.TempDir's cleanup then
	// fails the test; a few retries outlast them.
	profile, err := os.MkdirTemp("", "hutong-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() {
		for i := 0; i < 50 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1200, 900),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancel()
	})
	require.NoError(t, chromedp.Run(bctx), "chromium did not start")
	return bctx
}

func browse(t *testing.T, browser context.Context, run *result.Run) browsed {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(file)
	require.NoError(t, err)
	require.NoError(t, Write(f, run))
	require.NoError(t, f.Close())
	pageURL := "file://" + file

	ctx, cancel := context.WithTimeout(browser, 90*time.Second)
	defer cancel()
	// A new tab: its events are this page's alone.
	bctx, closeTab := chromedp.NewContext(ctx)
	defer closeTab()

	var mu sync.Mutex
	var out browsed
	chromedp.ListenTarget(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value))
				}
				out.errors = append(out.errors, "console: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			out.errors = append(out.errors, "exception: "+ev.ExceptionDetails.Error())
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.LevelError {
				out.errors = append(out.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if ev.Request.URL != pageURL {
				out.requests = append(out.requests, ev.Request.URL)
			}
		}
	})
	err = chromedp.Run(bctx,
		cdplog.Enable(),
		network.Enable(),
		chromedp.Navigate(pageURL),
		chromedp.WaitVisible("#verdict", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("verdict").innerText.trim()`, &out.verdictText),
		chromedp.Evaluate(`(() => { const e = document.getElementById("verdict"); const r = e.getBoundingClientRect();
			const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && r.top < innerHeight &&
			s.visibility !== "hidden" && s.display !== "none" && parseFloat(s.opacity) > 0 })()`, &out.verdictVisible),
		chromedp.Evaluate(`document.querySelectorAll("details.scen").length`, &out.scenarios),
		chromedp.FullScreenshot(&out.screenshot, 80),
	)
	require.NoError(t, err, "chromium could not render the report")
	// Let late console messages arrive before reading them.
	require.NoError(t, chromedp.Run(bctx, chromedp.Sleep(100*time.Millisecond)))
	mu.Lock()
	defer mu.Unlock()
	if dir := os.Getenv("HUTONG_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".jpg"), out.screenshot, 0o644)
	}
	return out
}

func TestReportRendersInHeadlessChromium(t *testing.T) {
	browser := startChromium(t)
	for _, c := range []struct {
		name       string
		roles      []string
		tags       string
		violations []string
		want       string
	}{
		{"certified", nil, "", nil, "Certified"},
		{"not certified", []string{"messenger"}, "", []string{"rival-links-blocked"}, "Not certified"},
		{"partial", nil, "@LINK-04", nil, "Partial run"},
	} {
		t.Run(c.name, func(t *testing.T) {
			run := referenceRoles(t, c.roles, c.tags, c.violations...)
			b := browse(t, browser, run)
			assert.Empty(t, b.errors, "the page logged errors")
			assert.Empty(t, b.requests, "the page fetched something besides itself")
			assert.True(t, b.verdictVisible, "the verdict is not visible at the top of the page")
			assert.True(t, strings.HasPrefix(b.verdictText, "✓ "+c.want) || strings.Contains(b.verdictText, c.want), "verdict text: %q", b.verdictText)
			assert.Equal(t, len(run.Scenarios), b.scenarios, "every scenario is on the page")
		})
	}
}
