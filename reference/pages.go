package reference

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/reference/messenger"
	"github.com/hutong-interop/hutong/reference/platform"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// The reference's user-facing pages (the "pages" capability): a delivered
// message as its recipient sees it, a payment screen, and the wallet's
// screen after a scan, server-rendered
// from the very answer the ITI gave, so that a compliant page shows what
// was declared. The page switches below make the page depart from the
// declaration, or break a rule only a page can break; only a harness that
// looks at the pages can catch them.
const (
	// Contradicting the declaration: the ITI says direct, one tap, no
	// warning; the page puts rival links behind a page asking to copy the
	// link into a browser.
	PageRivalLinksInterstitial = "page-rival-links-interstitial"
	// Contradicting the declaration: the ITI says nothing is preselected;
	// the page ticks the platform's own wallet.
	PagePreselectsAffiliate = "page-preselects-affiliate"
	// Non-compliant on the page alone: rival wallets are listed below a
	// tall banner, out of the first screen, though declared on it.
	PageRivalsBelowFold = "page-rivals-below-fold"
	// Non-compliant on the page alone: rival wallets in small, grey text.
	PageRivalsGreyed = "page-rivals-greyed"
	// Contradicting the declaration: the ITI says a rival's clean link
	// carries no warning; the page shows a warning beside it, in words
	// only (no element marked as one).
	PageRivalLinksWarned = "page-rival-links-warned"
	// Contradicting the declaration: the ITI says a damaged or tampered
	// code was refused before any payment prompt (prompted false); the
	// wallet's screen after the scan asks the customer to confirm paying
	// it.
	PageTamperedCodePrompted = "page-tampered-code-prompted"
	// Contradicting the declaration: the ITI gives the reason a code was
	// refused; the wallet's screen shows the refusal as a sign alone.
	PageRefusalWithoutReason = "page-refusal-without-reason"
)

// rivalBanner is what PageRivalLinksWarned shows beside a clean rival link.
const rivalBanner = "Caution: this link leads to another platform and may be unsafe."

// pages keeps the answers the pages render, by session and key.
type pages struct {
	mu   sync.Mutex
	seen map[string]any
}

func (p *pages) put(key string, v any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil {
		p.seen = map[string]any{}
	}
	p.seen[key] = v
}

func (p *pages) get(key string) (any, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.seen[key]
	return v, ok
}

func (s *Server) pageRoutes() {
	s.mux.HandleFunc("GET /pages/{sid}/message/{key}", s.withMessenger(s.messagePage))
	s.mux.HandleFunc("GET /pages/{sid}/leave", s.withMessenger(s.leavePage))
	s.mux.HandleFunc("GET /pages/{sid}/checkout/{key}", s.withPlatform(s.checkoutPage))
	s.mux.HandleFunc("GET /pages/{sid}/scan/{key}", s.withWallet(s.scanPage))
}

// messagePageURL records msg as shown and returns its page.
func (s *Server) messagePageURL(r *http.Request, msg iti.DeliveredMessage) string {
	key := randomID()
	s.pages.put(r.PathValue("sid")+"/m/"+key, msg)
	return baseURL(r) + "/pages/" + r.PathValue("sid") + "/message/" + key
}

func (s *Server) checkoutPageURL(r *http.Request, c iti.Checkout) string {
	key := randomID()
	s.pages.put(r.PathValue("sid")+"/c/"+key, c)
	return baseURL(r) + "/pages/" + r.PathValue("sid") + "/checkout/" + key
}

// scanShown is a scan as its page shows it: the wallet's answer, and the
// amount the customer typed in.
type scanShown struct {
	res    iti.ScanResult
	amount string
}

func (s *Server) scanPageURL(r *http.Request, sc scanShown) string {
	key := randomID()
	s.pages.put(r.PathValue("sid")+"/s/"+key, sc)
	return baseURL(r) + "/pages/" + r.PathValue("sid") + "/scan/" + key
}

const pageHead = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title><style>
body{margin:0;font:16px/1.4 sans-serif;color:#111;background:#fff}
main{padding:12px}
.msg{background:#eef;border-radius:8px;padding:10px}
.warn{color:#8a4b00}
.note{display:block;color:#8a4b00;font-size:14px}
.opt{display:flex;align-items:center;gap:8px;min-height:56px;border:1px solid #ccc;border-radius:8px;margin:8px 0;padding:4px 12px;font-size:16px;color:#111}
.opt .fee{font-size:14px}
.banner{height:900px;background:#fde;padding:12px}
.grey{color:#bbb;font-size:11px;min-height:30px}
.refusal{border:1px solid #c00;border-radius:8px;padding:12px}
.prompt{border:1px solid #ccc;border-radius:8px;padding:12px}
.prompt button{font-size:18px;padding:8px 24px}
</style></head><body><main>
`

func (s *Server) messagePage(w http.ResponseWriter, r *http.Request, m *messenger.State) {
	v, ok := s.pages.get(r.PathValue("sid") + "/m/" + r.PathValue("key"))
	msg, _ := v.(iti.DeliveredMessage)
	if !ok {
		http.NotFound(w, r)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, "Message from "+html.EscapeString(msg.Sender))
	shown := html.EscapeString(msg.TextShown)
	var notes []string
	for _, l := range msg.Links {
		warned := l.Warning.Level != "" && l.Warning.Level != iti.WarningNone
		el := fmt.Sprintf(`<span data-iti-link="%d">%s</span>`, l.Index, html.EscapeString(l.ShownText))
		href := l.OpensURL
		if l.Access == iti.AccessInterstitial || s.violations[PageRivalLinksInterstitial] && s.rivalLink(m, l) {
			q := url.Values{"to": {l.OpensURL}}
			if warned {
				q.Set("warn", l.Warning.Reason)
			}
			href = baseURL(r) + "/pages/" + r.PathValue("sid") + "/leave?" + q.Encode()
		}
		if href != "" && (l.Access == iti.AccessDirect || l.Access == iti.AccessInterstitial) {
			el = fmt.Sprintf(`<a data-iti-link="%d" href="%s">%s</a>`, l.Index, html.EscapeString(href), html.EscapeString(l.ShownText))
		}
		// A link's warning stands beside it, in one element with it, so
		// that a message of several links says which one it warns about.
		switch {
		case warned:
			el += ` <span class="warn">` + warningWords(l.Warning.Reason) + `</span>`
		case s.violations[PageRivalLinksWarned] && s.rivalLink(m, l) && l.Access == iti.AccessDirect:
			el += ` <span class="note">` + rivalBanner + `</span>`
		}
		shown = strings.Replace(shown, html.EscapeString(l.ShownText), `<span class="link">`+el+`</span>`, 1)
		if l.Instruction != "" {
			notes = append(notes, html.EscapeString(l.Instruction))
		}
	}
	fmt.Fprintf(&b, `<p class="msg">%s</p>`, strings.ReplaceAll(shown, "\n", "<br>"))
	for _, n := range notes {
		fmt.Fprintf(&b, "<p>%s</p>", n)
	}
	b.WriteString("</main></body></html>")
	writeHTML(w, b.String())
}

func (s *Server) rivalLink(m *messenger.State, l iti.Link) bool {
	u, err := url.Parse(l.OriginalURL)
	return err == nil && !m.Affiliated(u.Hostname())
}

// leavePage stands between a link and where it leads: the warning declared
// for the link ("warn", its reason), or else the way to another platform,
// then a way on.
func (s *Server) leavePage(w http.ResponseWriter, r *http.Request, _ *messenger.State) {
	to := r.URL.Query().Get("to")
	if u, err := url.Parse(to); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		http.Error(w, "not a link", http.StatusBadRequest)
		return
	}
	say := `<p>This link leads to another platform. Copy it and open it in your browser.</p>`
	if why, warned := r.URL.Query()["warn"]; warned {
		say = `<p class="warn">` + warningWords(why[0]) + `</p>`
	}
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, "Leaving the app")
	fmt.Fprintf(&b, `%s<p><a data-iti-continue href="%s">Continue</a></p></main></body></html>`, say, html.EscapeString(to))
	writeHTML(w, b.String())
}

// warningWords is a declared warning as its page shows it: its reason, or
// the warning sign alone when it declares none.
func warningWords(reason string) string {
	if strings.TrimSpace(reason) == "" {
		return "⚠"
	}
	return "⚠ " + html.EscapeString(reason)
}

func (s *Server) checkoutPage(w http.ResponseWriter, r *http.Request, p *platform.State) {
	v, ok := s.pages.get(r.PathValue("sid") + "/c/" + r.PathValue("key"))
	c, _ := v.(iti.Checkout)
	if !ok {
		http.NotFound(w, r)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, "Pay")
	fmt.Fprintf(&b, "<h1>Pay %s</h1>", html.EscapeString(money(c.AmountMinor, c.Currency)))
	var first, more, fold []string
	for _, o := range c.Options {
		rival := !p.Affiliated(o.InstitutionID)
		class := "opt"
		if s.violations[PageRivalsGreyed] && rival {
			class += " grey"
		}
		checked := ""
		if o.Preselected || s.violations[PagePreselectsAffiliate] && !rival {
			checked = " checked"
		}
		var fees strings.Builder
		for _, f := range o.Fees {
			fmt.Fprintf(&fees, ` <span class="fee" data-iti-fee>%s %s</span>`, html.EscapeString(f.Label), html.EscapeString(money(f.AmountMinor, c.Currency)))
		}
		el := fmt.Sprintf(`<label class="%s" data-iti-option="%s"><input type="radio" name="method" value="%s"%s> <span>%s</span>%s <span data-iti-total>%s</span></label>`,
			class, html.EscapeString(o.InstitutionID), html.EscapeString(o.InstitutionID), checked, html.EscapeString(o.Label), fees.String(), html.EscapeString(money(o.TotalMinor, c.Currency)))
		switch {
		case o.Screen == iti.ScreenMore:
			more = append(more, el)
		case s.violations[PageRivalsBelowFold] && rival:
			fold = append(fold, el)
		default:
			first = append(first, el)
		}
	}
	b.WriteString(strings.Join(first, "\n"))
	if len(fold) > 0 {
		b.WriteString(`<div class="banner">Recommended for you: pay with our own wallet and earn points.</div>`)
		b.WriteString(strings.Join(fold, "\n"))
	}
	if len(more) > 0 {
		fmt.Fprintf(&b, "<details><summary>More payment methods</summary>%s</details>", strings.Join(more, "\n"))
	}
	b.WriteString("</main></body></html>")
	writeHTML(w, b.String())
}

// scanPage is the wallet's screen after a scan, before the customer
// confirms anything: the refusal of a code, with its reason, or the
// payment prompt, with the payee, the amount and the confirm control.
func (s *Server) scanPage(w http.ResponseWriter, r *http.Request, _ *wallet.State) {
	v, ok := s.pages.get(r.PathValue("sid") + "/s/" + r.PathValue("key"))
	sc, _ := v.(scanShown)
	if !ok {
		http.NotFound(w, r)
		return
	}
	res := sc.res
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, "Scan")
	switch {
	case res.Outcome == iti.ScanRejected && s.violations[PageTamperedCodePrompted]:
		// The prompt a careless wallet shows for whatever it read, the
		// refusal coming only after the customer confirms.
		amount := ""
		if sc.amount != "" {
			amount = "<p>CNY " + html.EscapeString(sc.amount) + "</p>"
		}
		fmt.Fprintf(&b, `<section class="prompt" data-iti-prompt><h1>Pay this merchant</h1>%s<button>Confirm payment</button></section>`, amount)
	case res.Outcome == iti.ScanRejected && s.violations[PageRefusalWithoutReason]:
		b.WriteString(`<div class="refusal" data-iti-refusal><h1>✕</h1></div>`)
	case res.Outcome == iti.ScanRejected:
		fmt.Fprintf(&b, `<div class="refusal" data-iti-refusal role="alert"><h1>Code refused</h1><p>%s</p></div>`, html.EscapeString(res.Reason))
	default:
		fmt.Fprintf(&b, `<section class="prompt" data-iti-prompt><h1>Pay %s</h1><p>%s %s</p><button>Confirm payment</button></section>`,
			html.EscapeString(res.Payee), html.EscapeString(res.Currency), html.EscapeString(res.Amount))
	}
	b.WriteString("</main></body></html>")
	writeHTML(w, b.String())
}

func money(minor int64, cur string) string {
	return fmt.Sprintf("%s %d.%02d", strings.ToUpper(cur), minor/100, minor%100)
}

func writeHTML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'")
	_, _ = w.Write([]byte(body))
}
