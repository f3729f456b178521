package checkout

import (
	"strings"

	"golang.org/x/net/html"
)

// A page is read as a browser would read it, with an HTML tokenizer: the
// contract names the elements and attributes a page carries, not how their
// HTML is spelled (attribute order, quotes, spacing, case, entities), so any
// valid way of writing them is accepted.

// MetaContent returns the content of the first <meta name="name"> in page.
func MetaContent(page, name string) (string, bool) {
	var out string
	found := false
	eachTag(page, func(tag string, attrs map[string]string) bool {
		if tag == "meta" && attrs["name"] == name {
			if c, ok := attrs["content"]; ok {
				out, found = c, true
				return false
			}
		}
		return true
	})
	return out, found
}

// WalletLinks returns, by institution, the href of each <a> carrying a
// data-institution attribute, entities decoded.
func WalletLinks(page string) map[string]string {
	out := map[string]string{}
	eachTag(page, func(tag string, attrs map[string]string) bool {
		inst, ok := attrs["data-institution"]
		if tag == "a" && ok && inst != "" && attrs["href"] != "" {
			if _, dup := out[inst]; !dup {
				out[inst] = attrs["href"]
			}
		}
		return true
	})
	return out
}

// eachTag calls fn with every start tag of page and its attributes (names
// lower-cased, values unescaped) until fn returns false.
func eachTag(page string, fn func(tag string, attrs map[string]string) bool) {
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			attrs := make(map[string]string, len(t.Attr))
			for _, a := range t.Attr {
				attrs[strings.ToLower(a.Key)] = a.Val
			}
			if !fn(strings.ToLower(t.Data), attrs) {
				return
			}
		}
	}
}
