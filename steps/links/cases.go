package links

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/shop"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// The space "a link" ranges over: how a link sits in a message and how it
// is written. Every When step that sends "a link" sends a batch of messages
// drawn from it, and every Then step judges every link of the batch, each
// link one case.

// messages is how many messages one "sends a link" step posts at least,
// each with 1 to 3 links, and minLinks how many links they hold at least:
// a violation that hits 20 % of links goes unseen in 24 with probability
// 0.8²⁴ < 0.5 %, and one that hits 10 % shows with probability 92 %. The
// steps that send a requirement's only batch (LINK-01's link, LINK-02's
// links from every shop) send as many as a certification needs
// (scenario.World.Cases) instead, and minLinks at quick depth.
const (
	messages = 12
	minLinks = 24
)

// Where a link sits in its message: the text around it. Each is a template
// with one %s for the link; the contract says what ends a link (white
// space, angle brackets, quotes, non-ASCII punctuation, trailing ASCII
// punctuation), and Chinese text after a link is always set off by one.
var places = map[string]string{
	"alone":                 "%s",
	"text before":           "look at this: %s",
	"text after":            "%s is a good one",
	"Chinese around":        "看看这个 %s 怎么样",
	"Chinese glued before":  "推荐%s 很好用",
	"before 。":              "这是链接 %s。",
	"before ，":              "看这个 %s，很便宜",
	"before 、":              "两个都看看：%s、",
	"before !":              "wow %s!",
	"before ?":              "have you seen %s?",
	"before .":              "details at %s.",
	"in ( )":                "(see %s)",
	"in （ ）":                "商品（%s）",
	"in < >":                "<%s>",
	"in 「 」":                "「%s」",
	"on a line of its own":  "第一行\n%s\n最后一行",
	"after a Chinese colon": "链接：%s",
}

// How a link is written.
var (
	schemes   = []string{"http", "https"}
	hostCases = []string{"lower case", "upper case"}
	ports     = []string{"none", "the default", "8443"}
	paths     = []string{"ASCII", "Chinese", "percent-encoded Chinese"}
	queries   = map[string]string{
		"none":            "",
		"campaign tags":   "?utm_source=chat&utm_campaign=double11&spm=a1z10.1-c.w4002",
		"percent-escaped": "?q=%E6%89%8B%E6%9C%BA%E5%A3%B3&note=50%25%20off&pair=a%26b%3Dc",
		"Chinese":         "?颜色=红色&尺码=M",
		"very long":       "?ref=" + strings.Repeat("share-from-friend-", 10) + "&sku=32GB-blue&from=singlemessage",
	}
	fragments = []string{"none", "#reviews"}
)

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fixed are the dimensions a scenario's words pin down (LINK-03's kinds of
// link); the others are drawn.
var kinds = map[string]gen.Case{
	"plain":           {"path": "ASCII", "query": "none"},
	"campaign-tagged": {"query": "campaign tags"},
	"very long":       {"query": "very long"},
	"Chinese-named":   {"path": "Chinese"},
}

func generator(ctx context.Context) *gen.Gen {
	s := st(ctx)
	if s.gen == nil {
		w := scenario.From(ctx)
		s.gen = gen.New(w.Env.Seed, w.Name)
	}
	return s.gen
}

// sendBatch posts messages drawn from the space of links, every link to a
// product of one of shops (in turn), with the dimensions in fixed pinned,
// at least want links in all. Each link becomes a case of the batch the
// Then steps judge.
func sendBatch(ctx context.Context, from string, shops []string, fixed gen.Case, want int) error {
	g := generator(ctx)
	s := st(ctx)
	s.batch++
	layout := []gen.Dim{{Name: "links", Values: []string{"1", "2", "3"}}, {Name: "between", Values: []string{" ", "\n", " 和 ", "，"}}}
	layouts := g.Cases(messages, layout...)
	n := 0
	for _, m := range layouts {
		n += int(m["links"][0] - '0')
	}
	for n < want {
		more := g.Cases(1, layout...)
		layouts = append(layouts, more...)
		for _, m := range more {
			n += int(m["links"][0] - '0')
		}
	}
	sch := schemes
	if scenario.From(ctx).Env.Network.Scheme() == "http" {
		// Black-box: the mock network is a plain-http proxy, so the
		// implementation could reach no https mock URL.
		sch = []string{"http"}
	}
	dims := []gen.Dim{
		{Name: "place", Values: keys(places)}, {Name: "scheme", Values: sch}, {Name: "host", Values: hostCases},
		{Name: "port", Values: ports}, {Name: "path", Values: paths}, {Name: "query", Values: keys(queries)},
		{Name: "fragment", Values: fragments},
	}
	for i := range dims {
		if v, ok := fixed[dims[i].Name]; ok {
			dims[i].Values = []string{v}
		}
	}
	cases := g.Cases(n, dims...)
	next := 0
	for _, m := range layouts {
		k := int(m["links"][0] - '0')
		var parts []string
		var batch []sentLink
		for j := range k {
			c := cases[next]
			next++
			shopName := shops[(next-1)%len(shops)]
			c["shop"] = shopName
			c["in message"] = fmt.Sprintf("link %d of %d", j+1, k)
			product, link, err := writeLink(ctx, shopName, c)
			if err != nil {
				return err
			}
			parts = append(parts, fmt.Sprintf(places[c["place"]], link))
			batch = append(batch, sentLink{shop: shopName, product: product, url: link, dims: c, batch: s.batch})
		}
		if err := post(ctx, from, strings.Join(parts, m["between"]), batch); err != nil {
			return err
		}
	}
	return nil
}

// writeLink writes a fresh product link on a shop as case c says.
func writeLink(ctx context.Context, shopName string, c gen.Case) (product, link string, err error) {
	s := st(ctx)
	host, ok := s.shops[shopName]
	if !ok {
		return "", "", fmt.Errorf("the feature names shop %q, which no Given step set up", shopName)
	}
	s.nextID++
	// A product id of the seed's own, so that what an implementation does
	// to "some links" depends on the seed, not on a fixed list.
	token := fmt.Sprintf("%04x", generator(ctx).IntN(1<<16))
	// A product page, or a store's front page where the case says so
	// (LINK-07's "a store or a product").
	pagePath, chinese, ascii := shop.ProductPath, "手机壳-红色", "p"
	if c["target"] == "store" {
		pagePath, chinese, ascii = shop.StorePath, "红色手机壳旗舰店", "s"
	}
	var path string
	switch c["path"] {
	case "Chinese":
		product = fmt.Sprintf("%s-%d-%s", chinese, s.nextID, token)
		path = pagePath(product)
	case "percent-encoded Chinese":
		product = fmt.Sprintf("%s-%d-%s", chinese, s.nextID, token)
		path = pagePath(url.PathEscape(product))
	default:
		product = fmt.Sprintf("%s%03d-%s", ascii, s.nextID, token)
		path = pagePath(product)
	}
	scheme := c["scheme"]
	if scheme == "" {
		scheme = scenario.From(ctx).Env.Network.Scheme()
	}
	if c["host"] == "upper case" {
		host = strings.ToUpper(host)
	}
	switch c["port"] {
	case "the default":
		if scheme == "https" {
			host += ":443"
		} else {
			host += ":80"
		}
	case "8443":
		host += ":8443"
	}
	link = scheme + "://" + host + path + queries[c["query"]]
	if c["fragment"] != "none" && c["fragment"] != "" {
		link += c["fragment"]
	}
	return product, link, nil
}

// post sends one message holding the links of batch.
func post(ctx context.Context, from, text string, batch []sentLink) error {
	w := scenario.From(ctx)
	s := st(ctx)
	if s.conv == "" {
		return fmt.Errorf("no conversation to send the link in; a Given step must start one")
	}
	sess, err := w.Session(ctx)
	if err != nil {
		return err
	}
	id, err := sess.PostMessage(ctx, s.conv, iti.MessageRequest{Sender: user(from), Text: text})
	if err != nil {
		return err
	}
	for _, sl := range batch {
		sl.message, sl.text, sl.seen = id, text, map[string]iti.Link{}
		s.sent = append(s.sent, sl)
	}
	return nil
}

// current returns the indices of the links the latest When step sent.
func current(ctx context.Context) []int {
	s := st(ctx)
	var out []int
	for i := range s.sent {
		if s.sent[i].batch == s.batch {
			out = append(out, i)
		}
	}
	return out
}

// caseName says what a link case is, in a reader's words.
func caseName(sl *sentLink) string {
	d := sl.dims
	if d == nil {
		return "the link " + sl.url
	}
	if sl.surface != "" {
		return fmt.Sprintf("%s link to a %s of %s, placed in %s: %s", d["scheme"], d["target"], d["shop"], d["surface"], sl.url)
	}
	return fmt.Sprintf("%s link to %s, %s in its message, placed %s: %s", d["scheme"], d["shop"], d["in message"], d["place"], sl.url)
}

// judgeAll applies check to what viewer sees of every link of the latest
// batch, records each link as a case (every check of a link folds into its
// one case), and returns one error naming the links that did not hold and
// how many of the batch they are.
func judgeAll(ctx context.Context, viewer, what string, check func(sl *sentLink, l iti.Link) string) error {
	s := st(ctx)
	idx := current(ctx)
	if len(idx) == 0 {
		return fmt.Errorf("no link was sent")
	}
	var bad []string
	for _, i := range idx {
		sl := &s.sent[i]
		finding := ""
		l, err := seen(ctx, viewer, i)
		var missing *missingLink
		switch {
		case errors.As(err, &missing):
			finding = err.Error()
		case err != nil:
			return err
		default:
			finding = check(sl, l)
		}
		scenario.From(ctx).Log.Judge(fmt.Sprintf("link %d", i), evidence.Case{Kind: evidence.CaseSample, Name: caseName(sl),
			Dims: dimsOf(sl), Held: finding == "", Detail: finding})
		if finding != "" {
			bad = append(bad, fmt.Sprintf("%s — %s", caseName(sl), finding))
		}
	}
	return scenario.CasesFailed(what, len(idx), "links sent", bad, 4)
}

func dimsOf(sl *sentLink) map[string]string {
	out := make(map[string]string, len(sl.dims))
	for k, v := range sl.dims {
		out[k] = v
	}
	return out
}
