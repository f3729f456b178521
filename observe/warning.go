package observe

import (
	"regexp"
	"strings"
	"unicode"
)

// What counts as a warning shown with a link, in one place (the
// implementer's guide, "Pages", says the same). A warning is shown with link
// INDEX when, on the message page, it is in the link's own part of the page
// or outside every link's own part, or when it is anywhere on a page between
// the message and the destination. It is either
//
//   - an element marked as a warning — role="alert" or "alertdialog", or a
//     class that contains "warn" in any case ("warn", "warning",
//     "link-warning") — that is rendered (not display:none,
//     visibility:hidden or fully transparent), whatever its words; or
//   - a sentence of the rendered text that uses one of warningPhrases, the
//     text of the links themselves left out (a link's address says nothing
//     about it).
//
// A link's own part is the largest element that holds the link (every
// element marked data-iti-link with its index) and no other link of the
// message: with one link, the whole page; with several, what the page puts
// beside each. A warning outside every link's own part cannot be told apart
// from the others by the recipient, so it is shown with every link of the
// message. The destination, the shop's product page, is the harness's own
// and is never read for warnings.
//
// The phrases are what a warning says to warn, not words that merely
// name something risky. A bare "risk" or "风险" is no warning: it names a
// board game ("Risk"), venture capital (风险投资) or a risk-management book far
// more often than it warns, so it counts only in a phrase that warns ("at
// risk", "security risk", 存在风险, 风险提示). Likewise 可能存在 ("may have")
// alone is the product page's "实物可能存在色差" (colours may differ from the
// photo); 可能存在风险 is a warning. Words that label a warning ("warning",
// "caution", 警告, 谨慎) count on their own: a product named "Caution tape" in
// a link's preview would count too, which the harness's mock shops, selling
// phone cases, never give.
var warningPhrases = regexp.MustCompile(`(?i)` +
	`\b(?:warn(?:s|ed|ing|ings)?|caution(?:ary)?|cautious(?:ly)?|be careful|unsafe|not safe|may not be safe|` +
	`malicious|phishing|scam(?:s|mer|mers)?|fraud(?:s|ulent)?|suspicious|harmful|dangerous|danger|` +
	`risky|at risk|(?:security|safety|high|potential|possible|fraud) risks?|high-risk)\b` +
	`|警告|警示|谨慎|当心|安全提示|安全提醒|安全隐患|不安全|危险|恶意|诈骗|欺诈|钓鱼(?:网站|链接|网页)` +
	`|(?:有|存在|高|安全|诈骗|欺诈)风险|风险(?:提示|提醒|链接|网站|网页)` +
	`|⚠`)

// Warning is one warning a page shows.
type Warning struct {
	// Text is its words as rendered, white space squeezed and cut at 300
	// bytes; "" for a marked element that shows none (an icon).
	Text string `json:"text"`
	// Mark is how the element is marked as a warning (`role="alert"`,
	// `class="…"`); "" for a sentence that warns in words.
	Mark string `json:"mark,omitempty"`
}

// Worded reports whether the warning says anything in words: a letter of
// any script, not a sign alone (⚠), which warns but tells nobody why.
func (w Warning) Worded() bool { return Worded(w.Text) }

// Worded reports whether text says anything in words: a letter of any
// script, not a sign alone (⚠, ✕, !).
func Worded(text string) bool { return strings.IndexFunc(text, unicode.IsLetter) >= 0 }

// String is the warning as a report shows it: its words, or else its mark.
func (w Warning) String() string {
	if w.Text != "" {
		return w.Text
	}
	return "[" + w.Mark + "]"
}

// WarningSentences returns the sentences of text that use a warning phrase.
func WarningSentences(text string) []string {
	var out []string
	for _, s := range sentences(text) {
		if warningPhrases.MatchString(s) {
			out = append(out, cut(s, 300))
		}
	}
	return out
}

// sentences splits text at line breaks and at the end of a sentence, in
// English ("." followed by a space, "!", "?", ";") and Chinese (。！？；).
// A full stop inside a word or a number ("3.5", "e.g") does not end one.
func sentences(text string) []string {
	var out []string
	start := 0
	emit := func(end int) {
		if s := strings.Join(strings.Fields(text[start:end]), " "); s != "" {
			out = append(out, s)
		}
	}
	for i, r := range text {
		end := false
		switch r {
		case '\n', '!', '?', ';', '。', '！', '？', '；':
			end = true
		case '.':
			end = i+1 >= len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '\t'
		}
		if end {
			emit(i)
			start = i + len(string(r))
		}
	}
	emit(len(text))
	return out
}

// Warnings returns the warnings page p, a message page, shows with link
// index: in the link's own part of the page, and outside every link's own
// part. The link is not required to be on the page: a page that leaves it
// out still shows its warnings outside the links.
func Warnings(p Page, index string) []Warning {
	text := p.Outside
	marked := append([]Warning(nil), p.Marked...)
	for _, l := range p.Links {
		if l.Index == index {
			text += "\n" + l.Near
			marked = append(marked, l.Marked...)
		}
	}
	return warnings(withoutLinks(text, p), marked)
}

// BetweenWarnings returns the warnings p, a page between a message and a
// link's destination, shows anywhere.
func BetweenWarnings(p Page) []Warning {
	marked := append([]Warning(nil), p.Marked...)
	for _, l := range p.Links {
		marked = append(marked, l.Marked...)
	}
	return warnings(withoutLinks(p.Text, p), marked)
}

// Warnings returns every warning the journey showed with its link: beside
// it on the message page, then on each page in between.
func (j Journey) Warnings() []Warning {
	out := Warnings(j.Message, j.Index)
	for _, p := range j.Between {
		out = append(out, BetweenWarnings(p)...)
	}
	return out
}

func withoutLinks(text string, p Page) string {
	for _, l := range p.Links {
		if l.Text != "" {
			text = strings.ReplaceAll(text, l.Text, " ")
		}
	}
	return text
}

// warnings joins the marked elements with the sentences that warn in
// words, leaving out a sentence a marked element already shows, and a
// marked element shown twice (an element and its marked child).
func warnings(text string, marked []Warning) []Warning {
	var out []Warning
	seen := map[Warning]bool{}
	for _, m := range marked {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	for _, s := range WarningSentences(text) {
		w := Warning{Text: s}
		shown := seen[w]
		for _, m := range marked {
			shown = shown || m.Text != "" && strings.Contains(m.Text, s)
		}
		if !shown {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
