package html

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// browse opens the page in headless chromium (openReport) and reads what a
// person would see first.
func browse(t *testing.T, page string) browsed {
	t.Helper()
	tb := openReport(t, page)
	var out browsed
	err := chromedp.Run(tb.ctx,
		chromedp.Evaluate(`document.getElementById("verdict").innerText.trim()`, &out.verdictText),
		chromedp.Evaluate(`(() => { const e = document.getElementById("verdict"); const r = e.getBoundingClientRect();
			const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && r.top < innerHeight &&
			s.visibility !== "hidden" && s.display !== "none" && parseFloat(s.opacity) > 0 })()`, &out.verdictVisible),
		chromedp.Evaluate(`document.querySelectorAll("details.scen").length`, &out.scenarios),
		chromedp.FullScreenshot(&out.screenshot, 80),
	)
	require.NoError(t, err, "chromium could not read the report")
	// Let late console messages arrive before reading them.
	require.NoError(t, chromedp.Run(tb.ctx, chromedp.Sleep(100*time.Millisecond)))
	tb.mu.Lock()
	out.errors, out.requests = append([]string(nil), tb.errors...), append([]string(nil), tb.requests...)
	tb.mu.Unlock()
	if dir := os.Getenv("HUTONG_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".jpg"), out.screenshot, 0o644)
	}
	return out
}

func TestMain(m *testing.M) {
	code := m.Run()
	closeBrowser()
	os.Exit(code)
}

func TestReportRendersInHeadlessChromium(t *testing.T) {
	for _, c := range []struct {
		name       string
		spec       string
		tags       string
		violations []string
		want       string
	}{
		{"certified", whole, "", nil, "Certified"},
		// The messenger alone, its links blocked: a run that fails is the
		// point, not which role fails it.
		{"not certified", messengerOnly, "", []string{"rival-links-blocked"}, "Not certified"},
		{"partial", whole, "@LINK-04", nil, "Partial run"},
	} {
		t.Run(c.name, func(t *testing.T) {
			depth := depthOf(c.tags, c.violations)
			run := runOf(t, c.spec, depth, c.tags, c.violations...)
			b := browse(t, pageOf(t, c.spec, depth, c.tags, c.violations...))
			assert.Empty(t, b.errors, "the page logged errors")
			assert.Empty(t, b.requests, "the page fetched something besides itself")
			assert.True(t, b.verdictVisible, "the verdict is not visible at the top of the page")
			assert.True(t, strings.HasPrefix(b.verdictText, "✓ "+c.want) || strings.Contains(b.verdictText, c.want), "verdict text: %q", b.verdictText)
			assert.Equal(t, len(run.Scenarios), b.scenarios, "every scenario is on the page")
		})
	}
}
