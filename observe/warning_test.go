package observe

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWarningSentencesInEnglishAndChinese(t *testing.T) {
	warn := map[string]string{
		"This link may be unsafe. Continue?":          "This link may be unsafe",
		"Warning: this page was reported":             "Warning: this page was reported",
		"Be careful with links from strangers":        "Be careful with links from strangers",
		"Proceed with caution":                        "Proceed with caution",
		"A known phishing page":                       "A known phishing page",
		"On the shared list of known malicious links": "On the shared list of known malicious links",
		"Your account may be at risk":                 "Your account may be at risk",
		"This site is a security risk":                "This site is a security risk",
		"⚠ rival-a":                                   "⚠ rival-a",
		"该链接可能存在风险，请谨慎访问":                             "该链接可能存在风险，请谨慎访问",
		"警告：该网页已被举报":                                  "警告：该网页已被举报",
		"安全提示：请勿在此页面输入密码":                             "安全提示：请勿在此页面输入密码",
		"此网页为钓鱼网站":                                    "此网页为钓鱼网站",
		"风险提示\n继续访问":                                  "风险提示",
		"第一行\n链接不安全，已拦截":                              "链接不安全，已拦截",
	}
	for text, want := range warn {
		assert.Equal(t, []string{want}, WarningSentences(text), "%q warns", text)
	}
	// Words that name something risky, and product pages' own phrases,
	// are no warning.
	for _, text := range []string{
		"Risk — the board game of strategic conquest",
		"Risk board game, 2-6 players",
		"Risk of Rain 2",
		"Safety first: a child car seat",
		"Details at 3.5 GHz. Scampi, 200 g",
		"风险投资实务（第3版）",
		"实物可能存在色差，以收到的商品为准",
		"风险管理与保险",
		"汽车安全座椅",
		"看看这个 https://shop.rival-a.test/item/p001 怎么样",
		"推荐 很好用",
		"",
	} {
		assert.Empty(t, WarningSentences(text), "%q is no warning", text)
	}
}

func TestSentencesSplitAtSentenceEndsOnly(t *testing.T) {
	assert.Equal(t, []string{"one", "two", "三", "四", "version 3.5 here", "e.g this"},
		sentences("one. two\n三。四！version 3.5 here\ne.g this"))
}

// Warnings gives each link what its own part of the page shows and what
// stands outside every link's part, never another link's part; the pages
// in between count whole.
func TestWarningsAreThoseOfTheLinksOwnPart(t *testing.T) {
	p := Page{
		Outside: "Links in this chat may be unsafe",
		Marked:  []Warning{{Text: "", Mark: `class="warn-icon"`}},
		Links: []LinkBox{
			{Index: "0", Text: "https://a.test/risky", Near: "https://a.test/risky ⚠ caution: reported", Marked: []Warning{{Text: "⚠ caution: reported", Mark: `class="warn"`}}},
			{Index: "1", Text: "https://b.test/x", Near: "https://b.test/x"},
		},
	}
	assert.Equal(t, []Warning{{Mark: `class="warn-icon"`}, {Text: "⚠ caution: reported", Mark: `class="warn"`}, {Text: "Links in this chat may be unsafe"}},
		Warnings(p, "0"), "the marked element once, its words not again, the link's address not read")
	assert.Equal(t, []Warning{{Mark: `class="warn-icon"`}, {Text: "Links in this chat may be unsafe"}}, Warnings(p, "1"))
	assert.Equal(t, "[class=\"warn-icon\"]", Warnings(p, "1")[0].String())
	assert.False(t, Warning{Text: "⚠"}.Worded(), "a sign alone says nothing")
	assert.True(t, Warning{Text: "⚠ reported"}.Worded())
	assert.True(t, Warning{Text: "⚠ 风险提示"}.Worded())

	between := Page{Text: "风险提示\n该网页存在诈骗风险", Links: []LinkBox{{Index: "0", Near: "x", Marked: []Warning{{Text: "x", Mark: `role="alert"`}}}}}
	j := Journey{Index: "1", Message: Page{Links: p.Links[1:]}, Between: []Page{between}}
	assert.Equal(t, []Warning{{Text: "x", Mark: `role="alert"`}, {Text: "风险提示"}, {Text: "该网页存在诈骗风险"}}, j.Warnings())
}

// byPath serves each body by its path, as a page of its own.
func byPath(bodies map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		html(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>`+body+`</body></html>`)(w, r)
	}
}

// The rule measured in the browser, on pages in English and in Chinese.
func TestTheBrowserFindsTheWarningShownWithEachLink(t *testing.T) {
	b, err := Start(context.Background(), Options{ExecPath: chromium(t), PageTimeout: 3 * time.Second})
	require.NoError(t, err)
	defer b.Close()
	s := site{
		"iut.test": byPath(map[string]string{
			// Two links, each with its own part: the first carries a
			// marked warning, the second words that warn; a hidden
			// warning and the sender's own text count for neither.
			"/two": `<p><span><a data-iti-link="0" href="https://shop.test/item/1">https://shop.test/item/1</a> <span class="link-warning">⚠ reported</span></span>
<span><a data-iti-link="1" href="https://shop.test/item/2">https://shop.test/item/2</a> <small>此链接可能存在风险，请谨慎访问</small></span>
<span><a data-iti-link="2" href="https://shop.test/item/3">https://shop.test/item/3</a></span></p>
<p class="warn" style="display:none">hidden</p><p>看看这个怎么样</p>`,
			// A banner outside every link's part: shown with each; a
			// dialog marked as an alert, though its words say nothing.
			"/banner": `<div role="alert">Links to other platforms may be unsafe</div><div role="alertdialog">Sure?</div>
<p><span><a data-iti-link="0" href="https://shop.test/item/1">https://shop.test/item/1</a></span> and <span><a data-iti-link="1" href="https://shop.test/item/2">https://shop.test/item/2</a></span></p>`,
			// One link and a product called Risk: no warning at all.
			"/risk": `<p><a data-iti-link="0" href="https://shop.test/item/1">https://shop.test/item/1</a></p>
<div class="card"><b>Risk — the board game of strategic conquest</b><br>风险投资实务<br>实物可能存在色差</div>`,
			// A warning page between the message and the product.
			"/gate":  `<p><a data-iti-link="0" href="https://iut.test/leave">https://shop.test/item/1</a></p>`,
			"/leave": `<h1>安全提示</h1><p>该网页已被多人举报。</p><a data-iti-continue href="https://shop.test/item/1">继续访问</a>`,
		}),
		"shop.test": html(`<html><head><meta name="hutong:product" content="x/1"></head><body>Warning: this product page is never read</body></html>`),
	}
	tab, err := b.Open(func(u *url.URL) bool { return strings.HasSuffix(u.Hostname(), ".test") }, s)
	require.NoError(t, err)
	defer tab.Close()
	ctx := context.Background()
	product := func(p Page) bool { return p.Meta["hutong:product"] != "" }
	follow := func(path string, index int) Journey {
		t.Helper()
		j, err := tab.Follow(ctx, "https://iut.test"+path, index, product, false)
		require.NoError(t, err)
		require.True(t, j.Reached, "%s link %d", path, index)
		return j
	}
	texts := func(ws []Warning) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.String())
		}
		return out
	}

	assert.Equal(t, []string{"⚠ reported"}, texts(follow("/two", 0).Warnings()))
	assert.Equal(t, []string{"此链接可能存在风险，请谨慎访问"}, texts(follow("/two", 1).Warnings()))
	assert.Empty(t, follow("/two", 2).Warnings(), "another link's warning, a hidden one and the sender's words are not shown with it")
	for i := range 2 {
		assert.Equal(t, []string{"Links to other platforms may be unsafe", "Sure?"}, texts(follow("/banner", i).Warnings()), "link %d", i)
	}
	assert.Empty(t, follow("/risk", 0).Warnings(), "a board game called Risk is no warning")
	j := follow("/gate", 0)
	require.Len(t, j.Between, 1)
	assert.Equal(t, []string{"安全提示"}, texts(j.Warnings()), "the page in between, read whole; the product page never")
}
