// Package shop is a mock e-commerce platform: it serves product pages, with
// the OpenGraph fields a messenger reads for a link preview, and marks each
// page with the product it shows so the harness can tell where a link led.
package shop

import (
	"fmt"
	"html"
	"net/http"
	"strings"
)

// ProductMeta is the meta tag naming the product a page shows.
const ProductMeta = "hutong:product"

// Shop serves product pages for one platform.
type Shop struct {
	Name     string // e.g. "rival-a"
	Category string // the type of product it sells, e.g. "phone case"
}

// StoreMeta is the meta tag naming the store a store page shows.
const StoreMeta = "hutong:store"

// ProductPath is the path of product id's page.
func ProductPath(id string) string { return "/item/" + id }

// StorePath is the path of store id's front page: a merchant's store on the
// platform, as an ad links to it.
func StorePath(id string) string { return "/store/" + id }

// ServeHTTP serves "/", "/item/{id}" and "/store/{id}"; any id exists, so
// the harness can make fresh products and stores per scenario without
// setting them up.
func (s *Shop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == "/" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1>", html.EscapeString(s.Name), html.EscapeString(s.Name))
		return
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/store/"); ok && id != "" && !strings.Contains(id, "/") {
		title := fmt.Sprintf("%s — store %s", s.Name, id)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html>
<html><head>
<meta charset="utf-8">
<title>%[1]s</title>
<meta property="og:title" content="%[1]s">
<meta property="og:site_name" content="%[2]s">
<meta name="%[4]s" content="%[2]s/%[3]s">
</head><body><h1>%[1]s</h1></body></html>
`, html.EscapeString(title), html.EscapeString(s.Name), html.EscapeString(id), StoreMeta)
		return
	}
	id, ok := strings.CutPrefix(r.URL.Path, "/item/")
	if !ok || id == "" || strings.Contains(id, "/") {
		http.NotFound(w, r)
		return
	}
	title := fmt.Sprintf("%s — %s %s", s.Name, s.Category, id)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html>
<html><head>
<meta charset="utf-8">
<title>%[1]s</title>
<meta property="og:title" content="%[1]s">
<meta property="og:site_name" content="%[2]s">
<meta property="og:image" content="https://%[3]s/img/%[4]s.png">
<meta property="product:price:amount" content="%[5]s">
<meta property="product:price:currency" content="CNY">
<meta name="%[6]s" content="%[2]s/%[4]s">
</head><body><h1>%[1]s</h1></body></html>
`, html.EscapeString(title), html.EscapeString(s.Name), html.EscapeString(r.Host), html.EscapeString(id), price(id), ProductMeta)
}

// price is stable per product, so previews are comparable across runs.
func price(id string) string {
	var sum int
	for _, c := range id {
		sum = sum*31 + int(c)
	}
	if sum < 0 {
		sum = -sum
	}
	return fmt.Sprintf("%d.%02d", 10+sum%90, sum%100)
}
