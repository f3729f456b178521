package checkout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Landing is where following a link ended.
type Landing struct {
	URL     *url.URL
	Status  int
	Body    string
	Wallet  string // the wallet whose host it is, if any
	Handoff string // the wallet's handoff id, if the wallet accepted it
	// Record is the id of the wallet's record of the handoff, accepted or
	// refused: what the wallet received (Received).
	Record string
}

// Follow opens raw as the consumer's device would, hop by hop, so that an
// attacker's tamper can alter the hop that enters a wallet. It records where
// it landed in Landing; a device that cannot get anywhere is the
// implementation's fault and is reported by the Then steps, not here.
func Follow(ctx context.Context, raw string, tamper func(url.Values)) error {
	l, err := visit(ctx, raw, tamper)
	From(ctx).Landing = l
	return err
}

// Visit opens raw as Follow does, and returns where it landed without
// making it the scenario's Landing: for a step that follows many links at
// once, each a case of its own.
func Visit(ctx context.Context, raw string) (*Landing, error) { return visit(ctx, raw, nil) }

func visit(ctx context.Context, raw string, tamper func(url.Values)) (*Landing, error) {
	w := scenario.From(ctx)
	s := From(ctx)
	hc := &http.Client{Transport: w.HTTP.Transport, Timeout: w.Env.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	l := &Landing{}
	next := raw
	for hop := 0; hop < 10; hop++ {
		u, err := url.Parse(next)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			l.Body = fmt.Sprintf("%q is not a web link the device can open", next)
			return l, nil
		}
		if !w.Reaches(u) {
			l.Body = fmt.Sprintf("it leads to %s, which is neither the platform nor a wallet", u.Redacted())
			return l, nil
		}
		for name, wi := range s.Wallets {
			if strings.EqualFold(u.Hostname(), wi.Host) {
				l.Wallet = name
				if tamper != nil {
					q := u.Query()
					tamper(q)
					u.RawQuery = q.Encode()
				}
			}
		}
		l.URL = u
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return l, err
		}
		resp, err := hc.Do(req)
		if err != nil {
			l.Body = "no answer: " + err.Error()
			return l, nil
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		l.Status, l.Body = resp.StatusCode, string(body)
		if loc := resp.Header.Get("Location"); resp.StatusCode/100 == 3 && loc != "" {
			nu, err := u.Parse(loc)
			if err != nil {
				l.Body = fmt.Sprintf("redirected to an unreadable location %q", loc)
				return l, nil
			}
			next, l.Wallet = nu.String(), ""
			continue
		}
		if l.Wallet != "" {
			if h, ok := MetaContent(l.Body, institution.MetaHandoff); ok {
				l.Record = h
				if resp.StatusCode == http.StatusOK {
					l.Handoff = h
				}
			}
		}
		return l, nil
	}
	l.Body = "more than 10 redirects"
	return l, nil
}

// DescribeLanding says where following a link ended, for findings.
func DescribeLanding(l *Landing) string {
	if l == nil {
		return "nothing was followed"
	}
	where := "nowhere"
	if l.URL != nil {
		where = l.URL.Redacted()
	}
	detail := strings.TrimSpace(l.Body)
	if len(detail) > 300 {
		detail = detail[:300] + "…"
	}
	// The body is a page; what it says goes into one line of a finding.
	detail = strings.Join(strings.Fields(detail), " ")
	return fmt.Sprintf("ended at %s with status %d (%s)", where, l.Status, detail)
}

// Pay confirms the payment in the wallet the device landed in, as payer.
func Pay(ctx context.Context, payer string) error { return PayAt(ctx, From(ctx).Landing, payer) }

// PayAt confirms, as payer, the payment in the wallet l landed in.
func PayAt(ctx context.Context, l *Landing, payer string) error {
	s := From(ctx)
	if l == nil || l.Wallet == "" || l.Handoff == "" {
		return fmt.Errorf("there is no payment to confirm: following the handoff %s", DescribeLanding(l))
	}
	w := scenario.From(ctx)
	u := w.URL(s.Wallets[l.Wallet].Host, institution.ConfirmPath+l.Handoff)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(url.Values{"payer": {User(payer)}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := w.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("confirming in %s: %w", l.Wallet, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s would not take the payment: %d %s", l.Wallet, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return nil
}

// OpenLink opens the help-me-pay link and returns the page and the wallet
// links on it.
func OpenLink(ctx context.Context) (*Landing, map[string]string, error) {
	s := From(ctx)
	if s.Link == nil {
		return nil, nil, errors.New("no help-me-pay link was made")
	}
	if err := Follow(ctx, s.Link.URL, nil); err != nil {
		return nil, nil, err
	}
	l := s.Landing
	links := map[string]string{}
	if l.Status == http.StatusOK {
		links = WalletLinks(l.Body)
	}
	return l, links, nil
}

// PayFromLink opens the help-me-pay link and pays with inst as friend; it
// reports whether the payment went through and, if not, why. Whether it
// should have is for the caller to judge: PAY expects it to, SEC not once the
// link has expired.
func PayFromLink(ctx context.Context, friend, inst string) (bool, string, error) {
	page, links, err := OpenLink(ctx)
	if err != nil {
		return false, "", err
	}
	href, ok := links[inst]
	if !ok {
		return false, fmt.Sprintf("the link's page offers no way to pay with %s: opening it %s", inst, DescribeLanding(page)), nil
	}
	base := page.URL
	u, err := base.Parse(href)
	if err != nil {
		return false, fmt.Sprintf("the link to pay with %s, %q, is unreadable", inst, href), nil
	}
	if err := Follow(ctx, u.String(), nil); err != nil {
		return false, "", err
	}
	if From(ctx).Landing.Handoff == "" {
		return false, "paying with " + inst + " from the link " + DescribeLanding(From(ctx).Landing), nil
	}
	if err := Pay(ctx, friend); err != nil {
		return false, err.Error(), nil
	}
	return true, "", nil
}
