package observe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium is the browser for this package's tests: they skip without one,
// but fail under CI, which installs it.
func chromium(t testing.TB) string {
	t.Helper()
	if p := Find(); p != "" {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium found; .ci/run should have installed Debian's chromium package")
	}
	t.Skip("no chromium found; install it with 'apt-get install chromium' to observe pages in a real browser")
	return ""
}

// site serves pages by host, as the mock network does, with no listener.
type site map[string]http.HandlerFunc

func (s site) RoundTrip(r *http.Request) (*http.Response, error) {
	h, ok := s[r.URL.Hostname()]
	if !ok {
		return nil, http.ErrServerClosed
	}
	rec := httptest.NewRecorder()
	h(rec, r)
	return rec.Result(), nil
}

func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}
}

func TestObserveFollowsTapsAndMeasuresOptions(t *testing.T) {
	b, err := Start(context.Background(), Options{ExecPath: chromium(t), PageTimeout: 3 * time.Second})
	require.NoError(t, err)
	defer b.Close()
	s := site{
		"iut.test": func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/msg":
				html(`<html><body><p>look <a data-iti-link="0" href="https://shop.test/item/1">https://shop.test/item/1</a></p>
<p><a data-iti-link="1" href="https://iut.test/warn">second</a></p><span data-iti-link="2">￥TOKEN￥</span><p>复制口令打开淘宝</p>
<img src="https://elsewhere.example/pixel.gif"></body></html>`)(w, r)
			case "/warn":
				html(`<html><body><p>This link leads outside. Copy it into your browser.</p><a data-iti-continue href="https://shop.test/item/2">continue</a></body></html>`)(w, r)
			case "/pay":
				html(`<html><head><style>body{margin:0;font:16px sans-serif} .o{height:60px;display:block} .grey{color:#ccc} .small{font-size:11px}</style></head><body>
<label class="o" data-iti-option="own"><input type="radio" name="m" checked> Own pay <span data-iti-total>CNY 88.00</span></label>
<label class="o grey" data-iti-option="rival"><input type="radio" name="m"> Rival pay <span data-iti-fee>fee CNY 1.00</span><span data-iti-total>CNY 89.00</span></label>
<label class="o small" data-iti-option="tiny"><input type="radio" name="m"> Tiny pay</label>
<div style="height:2000px"></div><label class="o" data-iti-option="tail"><input type="radio" name="m"> Tail pay</label></body></html>`)(w, r)
			}
		},
		"shop.test": html(`<html><head><meta name="hutong:product" content="x/1"></head><body>product</body></html>`),
	}
	tab, err := b.Open(func(u *url.URL) bool { return strings.HasSuffix(u.Hostname(), ".test") }, s)
	require.NoError(t, err)
	defer tab.Close()
	ctx := context.Background()
	product := func(p Page) bool { return p.Meta["hutong:product"] != "" }

	j, err := tab.Follow(ctx, "https://iut.test/msg", 0, product, true)
	require.NoError(t, err)
	assert.True(t, j.Found && j.Tappable && j.Reached, "%+v", j)
	assert.Equal(t, 1, j.Taps)
	assert.Empty(t, j.Between)
	assert.Equal(t, []string{"复制口令打开淘宝"}, Instructions(j.Message))
	assert.Contains(t, tab.Blocked(), "GET https://elsewhere.example/pixel.gif")
	assert.NotEmpty(t, j.Screenshot)

	j, err = tab.Follow(ctx, "https://iut.test/msg", 1, product, true)
	require.NoError(t, err)
	assert.True(t, j.Reached)
	assert.Equal(t, 2, j.Taps)
	require.Len(t, j.Between, 1)
	assert.Equal(t, []string{"Copy it into your browser"}, Instructions(j.Between[0]))

	j, err = tab.Follow(ctx, "https://iut.test/msg", 2, product, false)
	require.NoError(t, err)
	assert.True(t, j.Found)
	assert.False(t, j.Tappable || j.Reached)

	sc, err := tab.Look(ctx, "https://iut.test/pay", true)
	require.NoError(t, err)
	require.Len(t, sc.Page.Options, 4)
	own, rival, tiny, tail := sc.Page.Options[0], sc.Page.Options[1], sc.Page.Options[2], sc.Page.Options[3]
	assert.True(t, own.InFirstScreen && rival.InFirstScreen && tiny.InFirstScreen)
	assert.False(t, tail.InFirstScreen)
	assert.True(t, own.Selected)
	assert.False(t, rival.Selected)
	assert.Greater(t, own.Contrast, 15.0)
	assert.Less(t, rival.Contrast, 2.0)
	assert.InDelta(t, 16, own.FontSize, 0.1)
	assert.InDelta(t, 11, tiny.FontSize, 0.1)
	assert.Equal(t, []string{"fee CNY 1.00"}, rival.Fees)
	assert.Equal(t, "CNY 89.00", rival.Total)
	assert.NotEmpty(t, sc.Screenshot)
	assert.LessOrEqual(t, len(sc.Screenshot), ScreenshotLimit)
}

// A wallet's screen after a scan: the prompt marked anywhere it is
// rendered, the refusal only within the first screen, neither when hidden.
func TestObserveReadsPromptsAndRefusals(t *testing.T) {
	b, err := Start(context.Background(), Options{ExecPath: chromium(t), PageTimeout: 3 * time.Second})
	require.NoError(t, err)
	defer b.Close()
	pages := map[string]string{
		"/refused": `<div data-iti-refusal><h1>Code refused</h1><p>This is not a valid payment code:   the check digits do not match.</p></div>`,
		"/prompt":  `<section data-iti-prompt>Pay <b>Noodle House</b> CNY 18.00 <button>Confirm</button></section>`,
		"/below":   `<div style="height:3000px"></div><div data-iti-prompt>Pay CNY 7.05</div><div data-iti-refusal>scroll to see why</div>`,
		"/hidden":  `<div data-iti-prompt style="display:none">Pay</div><div data-iti-prompt style="opacity:0">Pay</div><div data-iti-refusal style="visibility:hidden">why</div><p>nothing</p>`,
	}
	s := site{"iut.test": func(w http.ResponseWriter, r *http.Request) {
		html(`<html><body style="margin:0">`+pages[r.URL.Path]+`</body></html>`)(w, r)
	}}
	tab, err := b.Open(func(u *url.URL) bool { return u.Hostname() == "iut.test" }, s)
	require.NoError(t, err)
	defer tab.Close()
	look := func(path string) Page {
		sc, err := tab.Look(context.Background(), "https://iut.test"+path, false)
		require.NoError(t, err)
		return sc.Page
	}
	p := look("/refused")
	assert.Empty(t, p.Prompts)
	assert.Equal(t, []string{"Code refused This is not a valid payment code: the check digits do not match."}, p.Refusals)
	assert.True(t, Worded(p.Refusals[0]))
	p = look("/prompt")
	assert.Equal(t, []string{"Pay Noodle House CNY 18.00 Confirm"}, p.Prompts)
	assert.Empty(t, p.Refusals)
	p = look("/below")
	assert.Equal(t, []string{"Pay CNY 7.05"}, p.Prompts, "a prompt below the first screen is still shown")
	assert.Empty(t, p.Refusals, "a reason below the first screen is not the one given")
	p = look("/hidden")
	assert.Empty(t, p.Prompts)
	assert.Empty(t, p.Refusals)
	assert.False(t, Worded("✕ ⚠ !"))
}
