package observe

import (
	"context"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// The markup the harness reads (the implementer's guide, "Pages"): each
// link of a message is an element marked data-iti-link="INDEX"; each
// payment option an element marked data-iti-option="INSTITUTION_ID", with
// its fees in elements marked data-iti-fee and its total in one marked
// data-iti-total inside it; a page between a tap and its destination
// offers its way on as an element marked data-iti-continue; a wallet's
// screen after a scan shows its payment prompt as an element marked
// data-iti-prompt, or its refusal of the code as one marked
// data-iti-refusal, whose text is the reason.

// Page is what one page shows, measured in the browser.
type Page struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	// Text is the page's rendered text (innerText), cut at TextLimit.
	Text string `json:"text"`
	// Meta are the page's named meta tags.
	Meta    map[string]string `json:"meta"`
	Links   []LinkBox         `json:"links"`
	Options []OptionBox       `json:"options"`
	// Continue reports whether the page offers an element marked
	// data-iti-continue.
	Continue bool `json:"continue"`
	// AnyLink reports whether the page has any link at all.
	AnyLink bool `json:"any_link"`
	// Outside is the rendered text outside every link's own part of the
	// page (warning.go), cut at TextLimit: on a page without links, all
	// of it; on a page of one link, nothing.
	Outside string `json:"outside"`
	// Marked are the elements marked as warnings outside every link's own
	// part, the outermost of nested ones, at most 20.
	Marked []Warning `json:"marked"`
	// Prompts are the rendered text of the elements marked data-iti-prompt
	// that are shown anywhere on the page (a payment prompt shown below the
	// first screen is still shown), at most MarkedLimit, each cut at 300
	// characters.
	Prompts []string `json:"prompts"`
	// Refusals are the same of the elements marked data-iti-refusal, those
	// within the first screen only: a reason the customer must scroll to
	// find is not the reason they were given.
	Refusals []string `json:"refusals"`
}

// MarkedLimit bounds the prompts and refusals kept of a page.
const MarkedLimit = 20

// TextLimit bounds the text kept of a page.
const TextLimit = 8 << 10

// LinkBox is one element marked data-iti-link.
type LinkBox struct {
	Index string `json:"index"`
	Text  string `json:"text"`
	// Tappable: the element is, or is inside, a link or a button.
	Tappable bool   `json:"tappable"`
	Href     string `json:"href"`
	// Near is the rendered text of the link's own part of the page
	// (warning.go), cut at 2,000 bytes.
	Near string `json:"near"`
	// Marked are the elements marked as warnings in the link's own part,
	// or around it, at most 20.
	Marked []Warning `json:"marked"`
}

// OptionBox is one payment option as rendered.
type OptionBox struct {
	ID string `json:"id"`
	// X, Y, W, H are its box in CSS pixels, relative to the first screen.
	X, Y, W, H float64
	// InFirstScreen: the whole box is visible without scrolling or tapping.
	InFirstScreen bool `json:"in_first_screen"`
	// FontSize is its label's text size in CSS pixels.
	FontSize float64 `json:"font_size"`
	// Contrast is the WCAG contrast ratio of its label against what is
	// behind it, opacity applied.
	Contrast float64  `json:"contrast"`
	Selected bool     `json:"selected"`
	Label    string   `json:"label"`
	Fees     []string `json:"fees"`
	Total    string   `json:"total"`
}

// snapshotJS measures the page. To read the text outside every link's own
// part (warning.go) as the page renders it, it hides those parts for the
// moment of one innerText and puts them back in the same task, before
// anything is painted: the screenshot after it shows the page as it was.
const snapshotJS = `(() => {
const vw = window.innerWidth, vh = window.innerHeight;
const parse = c => { const m = (c || "").match(/rgba?\(([^)]+)\)/); if (!m) return [0,0,0,0];
  const p = m[1].split(",").map(x => parseFloat(x)); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const over = (f, b) => { const a = f[3]; return [f[0]*a + b[0]*(1-a), f[1]*a + b[1]*(1-a), f[2]*a + b[2]*(1-a), 1]; };
const back = el => { const layers = []; for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0) layers.push(c); if (c[3] >= 1) break; }
  let b = [255,255,255,1]; for (let i = layers.length - 1; i >= 0; i--) b = over(layers[i], b); return b; };
const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity); return o; };
const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v/12.92 : Math.pow((v+0.055)/1.055, 2.4); };
  return 0.2126*f(c[0]) + 0.7152*f(c[1]) + 0.0722*f(c[2]); };
const labelOf = el => { const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) if (n.textContent.trim()) return n.parentElement; return el; };
const options = [...document.querySelectorAll("[data-iti-option]")].map(el => {
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  const shown = r.width > 0 && r.height > 0 && cs.visibility !== "hidden";
  const lab = labelOf(el), ls = getComputedStyle(lab);
  const bg = back(lab); let fg = parse(ls.color); fg = [fg[0], fg[1], fg[2], fg[3] * opacity(lab)];
  const f = over(fg, bg), l1 = lum(f), l2 = lum(bg);
  const sel = el.matches("[aria-checked=true],[aria-selected=true],[aria-pressed=true]") || !!el.querySelector("input:checked,[aria-checked=true]");
  const tot = el.querySelector("[data-iti-total]");
  return {id: el.getAttribute("data-iti-option"), X: r.left, Y: r.top, W: r.width, H: r.height,
    in_first_screen: shown && r.top >= -1 && r.left >= -1 && r.bottom <= vh + 1 && r.right <= vw + 1,
    font_size: parseFloat(ls.fontSize), contrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05),
    selected: sel, label: (el.innerText || "").trim().slice(0, 200),
    fees: [...el.querySelectorAll("[data-iti-fee]")].map(x => (x.innerText || "").trim().slice(0, 200)),
    total: tot ? (tot.innerText || "").trim().slice(0, 100) : ""};
});
const linkEls = [...document.querySelectorAll("[data-iti-link]")], ix = e => e.getAttribute("data-iti-link");
const ownPart = el => { let e = el; for (let p = e.parentElement; p && p !== document.documentElement; p = p.parentElement) {
    if (linkEls.some(x => ix(x) !== ix(el) && p.contains(x))) break; e = p; } return e; };
const parts = linkEls.map(ownPart);
const marks = [...document.querySelectorAll("[role~=alert i],[role~=alertdialog i],[class*=warn i]")].filter(m => m.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}));
const outer = marks.filter(m => !marks.some(o => o !== m && o.contains(m)));
const warning = m => ({text: (m.innerText || "").replace(/\s+/g, " ").trim().slice(0, 300),
  mark: (m.matches("[role~=alert i],[role~=alertdialog i]") ? 'role="' + m.getAttribute("role") + '"' : 'class="' + m.getAttribute("class") + '"').slice(0, 120)});
const touches = (m, o) => o.contains(m) || m.contains(o);
const links = linkEls.map((el, i) => {
  const a = el.closest("a[href],button,[role=link],[role=button],[onclick]");
  const own = parts.filter((_, j) => ix(linkEls[j]) === ix(el));
  return {index: ix(el), text: (el.innerText || "").trim().slice(0, 500), tappable: !!a, href: a && a.href ? String(a.href) : "",
    near: (parts[i].innerText || "").slice(0, 2000), marked: outer.filter(m => own.some(o => touches(m, o))).slice(0, 20).map(warning)}; });
let outside = "";
if (document.body && !parts.includes(document.body)) {
  const hide = parts.filter(e => e.style), saved = hide.map(e => [e, e.style.getPropertyValue("display"), e.style.getPropertyPriority("display")]);
  hide.forEach(e => e.style.setProperty("display", "none", "important"));
  outside = document.body.innerText.slice(0, ` + "8192" + `);
  saved.forEach(([e, v, p]) => v ? e.style.setProperty("display", v, p) : e.style.removeProperty("display"));
}
// A prompt or refusal counts when it is rendered with a box, a prompt
// anywhere, a refusal within the first screen.
const markedShown = (sel, first) => [...document.querySelectorAll(sel)].filter(m => { const r = m.getBoundingClientRect();
    return m.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && r.width > 0 && r.height > 0 &&
      (!first || (r.bottom > 0 && r.right > 0 && r.top < vh && r.left < vw)); })
  .slice(0, 20).map(m => (m.innerText || "").replace(/\s+/g, " ").trim().slice(0, 300));
const meta = {}; document.querySelectorAll("meta[name]").forEach(m => { if (Object.keys(meta).length < 50) meta[m.name] = String(m.content).slice(0, 500); });
return {url: location.href, title: document.title.slice(0, 300), text: (document.body ? document.body.innerText : "").slice(0, ` + "8192" + `),
  meta, links, options, continue: !!document.querySelector("[data-iti-continue]"), any_link: !!document.querySelector("a[href]"),
  outside, marked: outer.filter(m => !parts.some(o => touches(m, o))).slice(0, 20).map(warning),
  prompts: markedShown("[data-iti-prompt]", false), refusals: markedShown("[data-iti-refusal]", true)};
})()`

// Snapshot measures the page the tab shows.
func (t *Tab) Snapshot(ctx context.Context) (Page, error) {
	ctx, cancel := t.bound(ctx)
	defer cancel()
	var p Page
	if err := chromedp.Run(ctx, chromedp.Evaluate(snapshotJS, &p)); err != nil {
		return Page{}, fmt.Errorf("the page could not be measured in the browser: %w", err)
	}
	if len(p.Links) > 200 {
		p.Links = p.Links[:200]
	}
	if len(p.Options) > 100 {
		p.Options = p.Options[:100]
	}
	// The page's script could have answered anything: keep to the bounds
	// the snapshot sets.
	p.Prompts, p.Refusals = bounded(p.Prompts), bounded(p.Refusals)
	return p, nil
}

func bounded(texts []string) []string {
	if len(texts) > MarkedLimit {
		texts = texts[:MarkedLimit]
	}
	for i, t := range texts {
		texts[i] = cut(t, 1200) // 300 characters of up to 4 bytes
	}
	return texts
}

// Journey is what following one link of a message showed.
type Journey struct {
	// Index is the link's data-iti-link on the message page.
	Index string
	// Found: the message page shows the link at all; Tappable: as
	// something to tap.
	Found, Tappable bool
	// Taps counts the taps made, from the message on; Reached says
	// whether the destination was reached.
	Taps    int
	Reached bool
	// Between are the pages shown between the message and the
	// destination: interstitials.
	Between []Page
	// Message is the message page; End the last page seen.
	Message, End Page
	// Screenshot is of the first interstitial, or else of the message.
	Screenshot []byte
	ScreenNote string
}

// MaxBetween bounds the interstitials the harness taps through.
const MaxBetween = 4

// Follow opens the message page, taps link index and taps on through
// whatever pages stand between it and a page done accepts. With shoot it
// keeps a screenshot: of the first page in between if there is one, else
// of the message as it was before the tap (taken then, not on a second
// load, which cost the run a page load a journey).
func (t *Tab) Follow(ctx context.Context, pageURL string, index int, done func(Page) bool, shoot bool) (Journey, error) {
	j := Journey{Index: fmt.Sprint(index)}
	if err := t.Load(ctx, pageURL); err != nil {
		return j, err
	}
	msg, err := t.Snapshot(ctx)
	if err != nil {
		return j, err
	}
	j.Message, j.End = msg, msg
	if shoot {
		j.Screenshot, j.ScreenNote = t.Screenshot(ctx)
	}
	sel := fmt.Sprintf(`[data-iti-link="%d"]`, index)
	for _, l := range msg.Links {
		if l.Index == fmt.Sprint(index) {
			j.Found, j.Tappable = true, l.Tappable
		}
	}
	if !j.Tappable {
		return j, nil
	}
	for {
		opened, err := t.Tap(ctx, sel)
		if err != nil {
			return j, err
		}
		if !opened {
			break
		}
		j.Taps++
		p, err := t.Snapshot(ctx)
		if err != nil {
			return j, err
		}
		j.End = p
		if done(p) {
			j.Reached = true
			break
		}
		j.Between = append(j.Between, p)
		if len(j.Between) == 1 && shoot {
			j.Screenshot, j.ScreenNote = t.Screenshot(ctx)
		}
		if len(j.Between) > MaxBetween {
			break
		}
		switch {
		case p.Continue:
			sel = "[data-iti-continue]"
		case p.AnyLink:
			sel = "a[href]"
		default:
			return j, nil
		}
	}
	return j, nil
}

// Screen is a page of options measured, with its screenshot.
type Screen struct {
	Page       Page
	Screenshot []byte
	ScreenNote string
}

// Look opens pageURL and measures it, with a screenshot when shoot: a
// caller whose evidence keeps no more screenshots asks for none, as each
// costs the browser a frame and its encoding.
func (t *Tab) Look(ctx context.Context, pageURL string, shoot bool) (Screen, error) {
	if err := t.Load(ctx, pageURL); err != nil {
		return Screen{}, err
	}
	p, err := t.Snapshot(ctx)
	if err != nil {
		return Screen{}, err
	}
	s := Screen{Page: p}
	if shoot {
		s.Screenshot, s.ScreenNote = t.Screenshot(ctx)
	}
	return s, nil
}

// Detour are the phrases, in English and Chinese, that tell a person to
// copy a link or open it elsewhere.
var detour = []string{"copy", "browser", "paste", "复制", "浏览器", "粘贴"}

// Instructions returns the sentences of text that tell a person to copy a
// link or open it in a browser, less the text of the links themselves.
func Instructions(p Page) []string {
	text := p.Text
	for _, l := range p.Links {
		if l.Text != "" {
			text = strings.ReplaceAll(text, l.Text, " ")
		}
	}
	var out []string
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '。' || r == '.' || r == '!' || r == '！' }) {
		low := strings.ToLower(line)
		for _, w := range detour {
			if strings.Contains(low, w) {
				out = append(out, strings.TrimSpace(cut(line, 200)))
				break
			}
		}
	}
	return out
}
