package html

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tab is a report open in headless chromium, for checks beyond browse's:
// the layout, the charts, the fonts, the printed document.
type tab struct {
	ctx context.Context
	mu  sync.Mutex
	// errors and requests are as in browse: console errors and uncaught
	// exceptions, and every request other than for the page itself and
	// the data: URLs it carries within it (its screenshots).
	errors, requests []string
}

// browser is the one headless chromium of the package's browser tests,
// started by the first of them: each opens its report in a tab of its own,
// which sees only its own page's console and requests, instead of starting
// a browser of its own (seconds of CPU apiece, chromium's and its helpers').
var browser struct {
	once    sync.Once
	ctx     context.Context
	err     error
	profile string
	cancel  func()
}

func sharedBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	browser.once.Do(func() {
		browser.profile, browser.err = os.MkdirTemp("", "hutong-chromium-")
		if browser.err != nil {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.UserDataDir(browser.profile), chromedp.WindowSize(1200, 900))
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		browser.cancel = func() { cancelBrowser(); cancelAlloc() }
		// Started in the tab it opens with, which no test uses; without a
		// timeout, which would end the browser with it.
		browser.ctx, browser.err = bctx, chromedp.Run(bctx)
	})
	require.NoError(t, browser.err, "chromium could not start")
	return browser.ctx
}

// closeBrowser ends the shared browser, if a test started it, and removes
// its profile. Not in a t.TempDir: chromium's helper processes can still
// be writing to the profile when the browser is gone, and a few retries
// outlast them.
func closeBrowser() {
	if browser.cancel != nil {
		browser.cancel()
	}
	if browser.profile != "" {
		for i := 0; i < 50 && os.RemoveAll(browser.profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// openReport opens page in a new tab of the shared browser, for two
// minutes at most, and waits for its verdict to show.
func openReport(t *testing.T, page string) *tab {
	t.Helper()
	exe := chromium(t)
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, []byte(page), 0o644))
	pageURL := "file://" + file

	// The timeout ends the tab (the context's first Run opens it), not the
	// browser.
	tctx, cancel := context.WithTimeout(sharedBrowser(t, exe), 120*time.Second)
	ctx, cancelTab := chromedp.NewContext(tctx)
	t.Cleanup(func() { cancelTab(); cancel() })

	tb := &tab{ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value))
				}
				tb.errors = append(tb.errors, "console: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			tb.errors = append(tb.errors, "exception: "+ev.ExceptionDetails.Error())
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.LevelError {
				tb.errors = append(tb.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if ev.Request.URL != pageURL && !strings.HasPrefix(ev.Request.URL, "data:image/png;base64,") {
				tb.requests = append(tb.requests, ev.Request.URL)
			}
		}
	})
	require.NoError(t, chromedp.Run(ctx, cdplog.Enable(), network.Enable(),
		chromedp.Navigate(pageURL), chromedp.WaitVisible("#verdict", chromedp.ByID)),
		"chromium could not render the report")
	return tb
}

func (tb *tab) eval(t *testing.T, js string, out any) {
	t.Helper()
	require.NoError(t, chromedp.Run(tb.ctx, chromedp.Evaluate(js, out)), "evaluating %s", js)
}

// clean asserts that the page logged no error and fetched nothing.
func (tb *tab) clean(t *testing.T) {
	t.Helper()
	require.NoError(t, chromedp.Run(tb.ctx, chromedp.Sleep(100*time.Millisecond)))
	tb.mu.Lock()
	defer tb.mu.Unlock()
	assert.Empty(t, tb.errors, "the page logged errors")
	assert.Empty(t, tb.requests, "the page fetched something besides itself")
}

// keep writes a screenshot or document to HUTONG_SCREENSHOT_DIR, if set,
// for a person to look at.
func keep(t *testing.T, name string, data []byte) {
	if dir := os.Getenv("HUTONG_SCREENSHOT_DIR"); dir != "" {
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
}

func (tb *tab) shoot(t *testing.T, name, selector string) {
	t.Helper()
	var png []byte
	if selector == "" {
		require.NoError(t, chromedp.Run(tb.ctx, chromedp.CaptureScreenshot(&png)))
	} else {
		require.NoError(t, chromedp.Run(tb.ctx, chromedp.Screenshot(selector, &png, chromedp.ByQuery)))
	}
	require.NotEmpty(t, png)
	keep(t, name, png)
}

// print prints the page as chromium's "Save as PDF" does.
func (tb *tab) print(t *testing.T) []byte {
	t.Helper()
	var pdf []byte
	require.NoError(t, chromedp.Run(tb.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = cdppage.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
		return err
	})))
	require.NotEmpty(t, pdf)
	return pdf
}

// pages counts the pages of a PDF by its page objects.
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

func TestBrowserShowsFailuresFirstAndDrawsTheComparisons(t *testing.T) {
	run := failing(t)
	tb := openReport(t, failingPage(t))

	var layout struct {
		AfterVerdict  string                   `json:"afterVerdict"`
		FailedTop     float64                  `json:"failedTop"`
		FailedBottom  float64                  `json:"failedBottom"`
		Height        float64                  `json:"height"`
		Failed        []string                 `json:"failed"`
		Broken        []string                 `json:"broken"`
		FirstRole     string                   `json:"firstRole"`
		Tiles         []string                 `json:"tiles"`
		Charts        []struct{ W, H float64 } `json:"charts"`
		TimingCircles int                      `json:"timingCircles"`
	}
	tb.eval(t, `(() => {
		const f = document.getElementById("failed"), r = f.getBoundingClientRect();
		return {
			afterVerdict: document.getElementById("verdict").nextElementSibling.id,
			failedTop: r.top, failedBottom: r.bottom, height: innerHeight,
			failed: [...f.querySelectorAll("li > a:first-child")].map(a => a.textContent.trim()),
			broken: [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute("href")).filter(h => !document.getElementById(h.slice(1))),
			firstRole: document.querySelector("h3.role").id,
			tiles: [...document.querySelectorAll("a.count")].map(a => a.getAttribute("href")),
			charts: [...document.querySelectorAll("svg.chart")].map(s => { const b = s.getBoundingClientRect(); return {W: b.width, H: b.height} }),
			timingCircles: document.querySelectorAll('#feature-access-access-feature svg.chart circle').length,
		} })()`, &layout)
	assert.Equal(t, "failed", layout.AfterVerdict, "the failed requirements come right after the verdict")
	assert.Less(t, layout.FailedTop, layout.Height, "the failed list is on the first screen")
	assert.Equal(t, []string{"ACCESS-04", "ACCESS-05", "LINK-06", "PAY-09"}, layout.Failed)
	assert.Empty(t, layout.Broken, "every in-page link leads somewhere")
	assert.Equal(t, "role-messenger", layout.FirstRole, "a role with failures comes first")
	assert.Equal(t, []string{"#roles", "#failed", "#scenarios"}, layout.Tiles)
	// ACCESS-04's places by tier, ACCESS-05's handoff times and QR-04's
	// payment times, tail beside top.
	require.Len(t, layout.Charts, 3, "every comparison is drawn: %v", layout.Charts)
	for _, c := range layout.Charts {
		assert.Greater(t, c.W, 400.0, "a chart is drawn wide enough to read")
		assert.Greater(t, c.H, 100.0, "a chart is drawn tall enough to read")
	}
	assert.Equal(t, 50, layout.TimingCircles)

	tb.shoot(t, "en-top.png", "")
	tb.shoot(t, "en-chart-order.png", `#req-ACCESS-04 ~ figure.chart`)
	tb.shoot(t, "en-chart-timing.png", `#req-ACCESS-05 ~ figure.chart`)

	// Following a tile, and a failed requirement, lands on what it names.
	var landed string
	var top float64
	require.NoError(t, chromedp.Run(tb.ctx, chromedp.Click(`a.count.fail`, chromedp.ByQuery), chromedp.Sleep(100*time.Millisecond)))
	tb.eval(t, `location.hash`, &landed)
	assert.Equal(t, "#failed", landed)
	require.NoError(t, chromedp.Run(tb.ctx, chromedp.Click(`#failed a[href="#req-ACCESS-05"]`, chromedp.ByQuery), chromedp.Sleep(100*time.Millisecond)))
	tb.eval(t, `document.getElementById("req-ACCESS-05").getBoundingClientRect().top`, &top)
	assert.InDelta(t, 0, top, 2, "the failed requirement's details are scrolled to")
	tb.clean(t)

	// Printed: no tiles, collapsed evidence left out, a short document.
	var printed struct {
		Counts    string `json:"counts"`
		Collapsed int    `json:"collapsed"`
		Shown     int    `json:"shown"`
	}
	require.NoError(t, chromedp.Run(tb.ctx, emulation.SetEmulatedMedia().WithMedia("print")))
	tb.eval(t, `({counts: getComputedStyle(document.querySelector(".counts")).display,
		collapsed: [...document.querySelectorAll("details:not([open])")].filter(d => d.getBoundingClientRect().height > 0).length,
		shown: [...document.querySelectorAll("details.scen[open]")].filter(d => d.getBoundingClientRect().height > 0).length})`, &printed)
	assert.Equal(t, "none", printed.Counts, "the tiles are not printed")
	assert.Zero(t, printed.Collapsed, "collapsed evidence is not printed")
	assert.Equal(t, 4, printed.Shown, "the failed scenarios are printed")
	pdf := tb.print(t)
	keep(t, "en-printed.pdf", pdf)
	pages := len(pdfPage.FindAll(pdf, -1))
	t.Logf("printed: %d pages", pages)
	assert.GreaterOrEqual(t, pages, 3)
	// Each requirement prints as a row of its role's table and a heading
	// with its reason and collapsed scenarios: about two to a page. Every
	// exchange printed would be hundreds of pages.
	assert.LessOrEqual(t, pages, 2+len(run.Requirements)/2, "the printed report is a short document, not every exchange (%d requirements)", len(run.Requirements))
}

// cjkFont names the font families that hold Chinese glyphs.
var cjkFont = regexp.MustCompile(`(?i)CJK|Source Han|Han Sans|Han Serif|WenQuanYi|PingFang|YaHei|SimSun|SimHei|Hei|Song|Droid Sans Fallback`)

// needCJKFont skips on a developer's machine without a Chinese font; CI
// installs one (.ci/run), so there its absence is a failure.
func needCJKFont(t *testing.T) {
	t.Helper()
	out, _ := exec.Command("fc-list", ":lang=zh-cn", "family").Output()
	if strings.TrimSpace(string(out)) != "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chinese font found; .ci/run should have installed Debian's fonts-noto-cjk package")
	}
	t.Skip("no Chinese font found; install it with 'apt-get install fonts-noto-cjk' to check a Chinese report in a real browser")
}

func TestBrowserRendersAChineseReportInACJKFont(t *testing.T) {
	chromium(t)
	needCJKFont(t)
	// The Chinese run the other Chinese tests share: a second run for this
	// test alone would be seconds under -race, and the glyphs are drawn
	// the same whatever failed.
	run := chineseRun(t, "rank-by-tier", "slow-tail-handoffs")
	run.Lang = "zh-CN"
	tb := openReport(t, render(t, run))
	var verdict, lang string
	tb.eval(t, `document.getElementById("verdict").innerText.trim()`, &verdict)
	tb.eval(t, `document.documentElement.lang`, &lang)
	assert.Contains(t, verdict, "未通过认证")
	assert.Equal(t, "zh-CN", lang)

	// The fonts chromium drew the Chinese heading and narrative with: a
	// font with Chinese glyphs, not boxes in a Latin font.
	for _, sel := range []string{"h1", "p.narrative", "#failed li a:nth-of-type(2)"} {
		var fonts []*css.PlatformFontUsage
		require.NoError(t, chromedp.Run(tb.ctx, dom.Enable(), css.Enable(), chromedp.ActionFunc(func(ctx context.Context) error {
			var ids []cdp.NodeID
			if err := chromedp.NodeIDs(sel, &ids, chromedp.ByQuery).Do(ctx); err != nil {
				return err
			}
			var err error
			fonts, err = css.GetPlatformFontsForNode(ids[0]).Do(ctx)
			return err
		})), sel)
		var cjk []string
		for _, f := range fonts {
			if cjkFont.MatchString(f.FamilyName) && f.GlyphCount > 0 {
				cjk = append(cjk, f.FamilyName)
			}
		}
		names := []string{}
		for _, f := range fonts {
			names = append(names, f.FamilyName)
		}
		assert.NotEmpty(t, cjk, "%s is drawn in %v, none of them a CJK font (install fonts-noto-cjk)", sel, names)
		t.Logf("%s: %v", sel, names)
	}
	tb.shoot(t, "zh-top.png", "")
	tb.shoot(t, "zh-chart-order.png", `#req-ACCESS-04 ~ figure.chart`)
	keep(t, "zh-printed.pdf", tb.print(t))
	tb.clean(t)
}
