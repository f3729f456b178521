package catalog_test

import (
	"bytes"
	"html"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/catalog"
	"github.com/hutong-interop/hutong/internal/sources"
	"github.com/hutong-interop/hutong/model/message"
)

// What a Chinese catalogue may show in English: code (digests, file
// places), IDs, text marked as the original English (the changelog), web
// addresses, and text that is not the harness's: the Chinese requirement
// text, which quotes names, roles and steps' values, and the sources'
// titles. Anything else in English is a word the harness left
// untranslated.
var (
	mdNotProse = []*regexp.Regexp{
		regexp.MustCompile("`[^`]*`"),
		regexp.MustCompile(`（英文原文）[^|\n]*`),
		regexp.MustCompile(`\]\(#[^)]*\)`),
	}
	htmlNotProse = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<style>.*?</style>`),
		regexp.MustCompile(`(?s)<code>.*?</code>`),
		regexp.MustCompile(`<span class="orig" lang="en"><span class="orig-l"[^>]*>[^<]*</span>[^<]*</span>`),
		regexp.MustCompile(`<(?:span|td|a)[^>]*class="[^"]*\bmono\b[^"]*"[^>]*>[^<]*`),
	}
	tag         = regexp.MustCompile(`<[^>]*>`)
	webAddress  = regexp.MustCompile(`https?://\S+`)
	asciiPhrase = regexp.MustCompile(`[A-Za-z][A-Za-z'’-]*(?:[ ,;:"“”]+[A-Za-z][A-Za-z'’-]*){2,}`)
	asciiWord   = regexp.MustCompile(`[A-Za-z][A-Za-z0-9'’.-]*`)
	// A heading or a column may hold an ID, a level, a status code and
	// the harness's name, and no other English word.
	headingWord = regexp.MustCompile(`^(?:[A-Z]+(?:-[0-9]+(?:\.[0-9]+)?)?|hutong|sha256)$`)
	mdHeading   = regexp.MustCompile(`(?m)^#+ .*$|^\|.*\|\n\|(?:---\|)+$`)
	htmlHeading = regexp.MustCompile(`(?s)<(title|h[1-6]|th)\b[^>]*>(.*?)</(?:title|h[1-6]|th)>`)
)

// englishIn lists every run of three or more English words in text, and
// every English word of its headings, that allowed does not hold.
func englishIn(text string, headings []string, allowed string) []string {
	text = webAddress.ReplaceAllString(text, " ")
	var out []string
	for _, m := range asciiPhrase.FindAllString(text, -1) {
		if !strings.Contains(allowed, m) {
			out = append(out, m)
		}
	}
	for _, h := range headings {
		for _, w := range asciiWord.FindAllString(h, -1) {
			if !headingWord.MatchString(strings.TrimRight(w, ".")) {
				out = append(out, "heading: "+w)
			}
		}
	}
	return out
}

func englishInMarkdown(md, allowed string) []string {
	for _, re := range mdNotProse {
		md = re.ReplaceAllString(md, " ")
	}
	return englishIn(md, mdHeading.FindAllString(md, -1), allowed)
}

func englishInHTML(page, allowed string) []string {
	for _, re := range htmlNotProse {
		page = re.ReplaceAllString(page, " ")
	}
	var headings []string
	for _, m := range htmlHeading.FindAllStringSubmatch(page, -1) {
		headings = append(headings, html.UnescapeString(tag.ReplaceAllString(m[2], " ")))
	}
	return englishIn(html.UnescapeString(tag.ReplaceAllString(page, "\n")), headings, allowed)
}

// chineseText is what a Chinese catalogue may quote in English because
// the harness did not write it: the Chinese feature files and clauses,
// and the known sources' Chinese titles.
func chineseText(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, fs.WalkDir(features.All, "zh-CN", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			text, err := fs.ReadFile(features.All, path)
			b.Write(text)
			return err
		}
		return err
	}))
	for _, s := range sources.Known {
		b.WriteString(s.Title("zh-CN") + "\n")
	}
	return b.String()
}

func renderings(t *testing.T, c *catalog.Catalog) (md, page string) {
	t.Helper()
	var m, h bytes.Buffer
	require.NoError(t, c.Markdown(&m))
	require.NoError(t, c.HTML(&h))
	return m.String(), h.String()
}

// TestAChineseCatalogueHasNoEnglishTheHarnessWrote: the catalogue of the
// Chinese set, clause map and all, says in Chinese everything the harness
// writes, in Markdown, HTML and JSON's words for a reader; and the scan
// catches a heading left in English, of many words or of one.
func TestAChineseCatalogueHasNoEnglishTheHarnessWrote(t *testing.T) {
	_, c := stepMap(t, "zh-CN")
	require.NotNil(t, c.Clauses)
	allowed := chineseText(t)
	md, page := renderings(t, c)
	assert.Empty(t, englishInMarkdown(md, allowed), "harness-written English in the Chinese Markdown catalogue")
	assert.Empty(t, englishInHTML(page, allowed), "harness-written English in the Chinese HTML catalogue")
	for _, want := range []string{"## 已知来源及其覆盖情况", "| 编号 | 级别 | 角色 | 要求 | 来源 |", "自 2024-05-01 起施行", "（英文原文）"} {
		assert.Contains(t, md, want)
	}
	assert.Contains(t, page, `<span class="orig-l" lang="zh-CN">英文原文</span>`, "the changelog is marked as the original English")
	for _, cv := range c.Coverage {
		assert.Empty(t, englishIn(cv.Note, nil, allowed), "the JSON's note of %s", cv.Source.Name)
	}

	// The English catalogue's head is English: the scan is not blind to
	// it (its head only, which is enough and cheap under -race).
	_, en := stepMap(t, "en")
	enMD, enPage := renderings(t, en)
	assert.NotEmpty(t, englishInMarkdown(enMD[:4000], allowed))
	assert.NotEmpty(t, englishInHTML(enPage[:8000], allowed))

	// A heading, a column and a clause-map word left untranslated are
	// caught; the page's scan, which costs a second under -race, is
	// proven on the column, the harder case.
	for key, want := range map[string]string{
		message.CatCoverage:     "Known sources and their coverage",
		message.CatLevel:        "heading: Level",
		message.ClauseUncovered: "Clauses no check covers",
	} {
		restore := catalog.Untranslated(key)
		md, page := renderings(t, c)
		restore()
		assert.Contains(t, englishInMarkdown(md, allowed), want, "the Markdown scan misses %q left in English", key)
		if key == message.CatLevel {
			assert.Contains(t, englishInHTML(page, allowed), want, "the HTML scan misses %q left in English", key)
		}
	}
}
