package links

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/shop"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-01, LINK-03 and LINK-04: every link sent opens directly, in one tap,
// and leads to the product shared.

func opensDirectly(ctx context.Context, viewer string) error {
	return judgeSeen(ctx, viewer, "every link should open directly in the app", func(sl *sentLink, l iti.Link) string {
		if l.Access != iti.AccessDirect {
			return "presented with " + describe(l)
		}
		if v := observed(ctx, viewer, sl); v != nil {
			return directSeen(v, l)
		}
		return ""
	})
}

func needsTaps(ctx context.Context, viewer string, taps int) error {
	return judgeSeen(ctx, viewer, fmt.Sprintf("%s should need %d tap(s) to open every link", viewer, taps), func(sl *sentLink, l iti.Link) string {
		if l.Taps != taps {
			return fmt.Sprintf("needs %d tap(s)", l.Taps)
		}
		if v := observed(ctx, viewer, sl); v != nil {
			return tapsSeen(v, l, taps)
		}
		return ""
	})
}

var detourWords = regexp.MustCompile(`(?i)copy|browser|复制|浏览器`)

func noDetour(ctx context.Context, viewer string) error {
	return judgeSeen(ctx, viewer, viewer+" should not be told to copy a link or open it in a browser", func(sl *sentLink, l iti.Link) string {
		var f scenario.Findings
		f.Check(l.Access != iti.AccessCopyToken, "%s is made to copy a token instead of tapping the link", viewer)
		f.Check(!detourWords.MatchString(l.Instruction), "%s is told: %q", viewer, l.Instruction)
		if v := observed(ctx, viewer, sl); v != nil && f.Err() == nil {
			return detourSeen(v, l, viewer)
		}
		return errText(f.Err())
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func followable(ctx context.Context, viewer string) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgeAll(ctx, viewer, viewer+" should get every link as a link he can follow", func(_ *sentLink, l iti.Link) string {
		if l.Access == iti.AccessCopyToken || l.Access == iti.AccessBlocked {
			return fmt.Sprintf("no link to follow: presented with %s, shown as %q", describe(l), l.ShownText)
		}
		u, err := url.Parse(l.OpensURL)
		if !(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "") {
			return fmt.Sprintf("what a tap opens, %q, is not a web link", l.OpensURL)
		}
		return ""
	})
}

var pageMeta = regexp.MustCompile(`<meta name="(` + regexp.QuoteMeta(shop.ProductMeta) + `|` + regexp.QuoteMeta(shop.StoreMeta) + `)" content="([^"]*)">`)

// leadsToProduct follows every link as delivered and checks where it lands:
// the product page shared, at the very link sent — its path and its query,
// which carries what the sharer meant (a variant, a campaign) — whatever
// redirects the messenger put in between.
func leadsToProduct(ctx context.Context, sender string) error {
	return leadsTo(ctx, sender+" shared")
}

// leadsTo is leadsToProduct for links that came as said ("Alice shared",
// "was placed"), to a product or to a store.
func leadsTo(ctx context.Context, came string) error {
	w := scenario.From(ctx)
	scenario.Rest(ctx, evidence.Artefact)
	return judgeAll(ctx, "bob", "every link should lead to the very page that "+came, func(sl *sentLink, l iti.Link) string {
		if l.OpensURL == "" {
			return fmt.Sprintf("the link as delivered opens nothing (shown as %q)", l.ShownText)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.OpensURL, nil)
		if err != nil {
			return fmt.Sprintf("the link as delivered, %q, cannot be opened: %v", l.OpensURL, err)
		}
		resp, err := w.HTTP.Do(req)
		if err != nil {
			return fmt.Sprintf("following %s failed: %v", l.OpensURL, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		kind, meta := "product", shop.ProductMeta
		if sl.target == "store" {
			kind, meta = "store", shop.StoreMeta
		}
		want := sl.shop + "/" + sl.product
		gotMeta, got := "", ""
		if m := pageMeta.FindSubmatch(body); m != nil {
			gotMeta, got = string(m[1]), string(m[2])
		}
		landed := resp.Request.URL.String()
		switch {
		case resp.StatusCode != http.StatusOK:
			return fmt.Sprintf("following %s ended at %s with status %d", l.OpensURL, landed, resp.StatusCode)
		case got == "":
			return fmt.Sprintf("following %s ended at %s, which is not a %s page; the %s that %s is %s", l.OpensURL, landed, kind, kind, came, want)
		case gotMeta != meta || got != want:
			return fmt.Sprintf("following %s ended at %s %s, but the %s that %s is %s", l.OpensURL, pageKind(gotMeta), got, kind, came, want)
		case !sameLink(withoutFragment(landed), withoutFragment(sl.url)):
			return fmt.Sprintf("following %s ended at %s, not at the link that %s, %s", l.OpensURL, landed, came, sl.url)
		}
		return ""
	})
}

func pageKind(meta string) string {
	if meta == shop.StoreMeta {
		return "store"
	}
	return "product"
}

// withoutFragment drops a link's fragment, which never reaches the server.
func withoutFragment(s string) string {
	s, _, _ = strings.Cut(s, "#")
	return s
}
