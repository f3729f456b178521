package links

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/shop"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-01, LINK-03 and LINK-04: a link opens directly, in one tap, and leads
// to the product shared.

func opensDirectly(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	if l.Access != iti.AccessDirect {
		return fmt.Errorf("the link should open directly in the app, but it is presented with %s", describe(l))
	}
	return nil
}

func needsTaps(ctx context.Context, viewer string, taps int) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	if l.Taps != taps {
		return fmt.Errorf("%s should need %d tap(s) to open the link, but needs %d", viewer, taps, l.Taps)
	}
	return nil
}

var detourWords = regexp.MustCompile(`(?i)copy|browser|复制|浏览器`)

func noDetour(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(l.Access != iti.AccessCopyToken, "%s is made to copy a token instead of tapping the link", viewer)
	f.Check(!detourWords.MatchString(l.Instruction), "%s is told: %q", viewer, l.Instruction)
	return f.Err()
}

func followable(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	if l.Access == iti.AccessCopyToken || l.Access == iti.AccessBlocked {
		return fmt.Errorf("%s gets no link to follow: it is presented with %s, and shown as %q", viewer, describe(l), l.ShownText)
	}
	u, err := url.Parse(l.OpensURL)
	ok := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	if !ok {
		return fmt.Errorf("what a tap opens, %q, is not a web link", l.OpensURL)
	}
	return nil
}

var productMeta = regexp.MustCompile(`<meta name="` + regexp.QuoteMeta(shop.ProductMeta) + `" content="([^"]*)">`)

func leadsToProduct(ctx context.Context, sender string) error {
	l, err := last(ctx, "bob")
	if err != nil {
		return err
	}
	if l.OpensURL == "" {
		return fmt.Errorf("the link as delivered opens nothing (shown as %q)", l.ShownText)
	}
	s := st(ctx)
	sl := s.sent[len(s.sent)-1]
	w := scenario.From(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.OpensURL, nil)
	if err != nil {
		return fmt.Errorf("the link as delivered, %q, cannot be opened: %v", l.OpensURL, err)
	}
	resp, err := w.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("following %s failed: %v", l.OpensURL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	want := sl.shop + "/" + sl.product
	got := ""
	if m := productMeta.FindSubmatch(body); m != nil {
		got = string(m[1])
	}
	landed := resp.Request.URL.String()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("following %s ended at %s with status %d", l.OpensURL, landed, resp.StatusCode)
	}
	if got == "" {
		return fmt.Errorf("following %s ended at %s, which is not a product page; %s shared product %s", l.OpensURL, landed, sender, want)
	}
	if got != want {
		return fmt.Errorf("following %s ended at product %s, but %s shared product %s", l.OpensURL, got, sender, want)
	}
	return nil
}
