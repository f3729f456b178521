// Package links defines the steps of the LINK family: a messenger must not
// block, degrade or discriminate against links to other platforms.
package links

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/blocklist"
	"github.com/hutong-interop/hutong/mocks/shop"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// category is the one type of product every mock shop sells, so that links
// from different shops are links to the same type of product.
const category = "phone case"

type state struct {
	shops     map[string]string // shop name -> host
	blocklist *blocklist.Publisher
	conv      string
	// sent are the links posted, in order, with the message each went in.
	sent []sentLink
	// next is a URL prepared by a Given step for the next message.
	next    string
	nextID  int
	reports []iti.LinkReport
}

type sentLink struct {
	shop    string
	product string
	url     string
	message string
	seen    map[string]iti.Link // viewer -> link as delivered
}

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	sc.Step(scenario.Expr(`^the messenger is affiliated with the shop "([^"]+)"$`), affiliatedShop)
	sc.Step(scenario.Expr(`^the rival shops "([^"]+)" and "([^"]+)" sell products too$`), rivalShops)
	sc.Step(scenario.Expr(`^a shared list of known malicious links is published$`), publishBlocklist)
	sc.Step(scenario.Expr(`^(\w+) and (\w+) have a one-to-one chat$`), directChat)
	sc.Step(scenario.Expr(`^(\w+), (\w+) and (\w+) are in a group chat$`), groupChat)
	sc.Step(scenario.Expr(`^(\w+) sends (\w+) a link to a product of "([^"]+)"$`), sendProductLink)
	sc.Step(scenario.Expr(`^(\w+) posts a link to a product of "([^"]+)" in the group$`), postProductLink)
	sc.Step(scenario.Expr(`^(\w+) sends (\w+) links to the same type of product from these shops:$`), sendLinksFromShops)
	sc.Step(scenario.Expr(`^(\w+) sends (\w+) an? (plain|campaign-tagged|very long|Chinese-named) link to a product of "([^"]+)"$`), sendShapedLink)
	sc.Step(scenario.Expr(`^a page of "([^"]+)" is on the shared malicious list$`), listPage)
	sc.Step(scenario.Expr(`^(\w+) sends (\w+) a link to that page$`), sendPreparedLink)

	sc.Step(scenario.Expr(`^(\w+) sees the link open directly in the app$`), opensDirectly)
	sc.Step(scenario.Expr(`^(\w+) needs (\d+) taps? to open it$`), needsTaps)
	sc.Step(scenario.Expr(`^(\w+) is not told to copy the link or open it in a browser$`), noDetour)
	sc.Step(scenario.Expr(`^every link is opened the same way, with the same number of taps$`), sameAccess)
	sc.Step(scenario.Expr(`^every link carries the same warning level$`), sameWarning)
	sc.Step(scenario.Expr(`^every link shows the same preview fields$`), samePreview)
	sc.Step(scenario.Expr(`^the link (\w+) receives is a link he can follow, not a token$`), followable)
	sc.Step(scenario.Expr(`^following it leads to the very product (\w+) shared$`), leadsToProduct)
	sc.Step(scenario.Expr(`^(\w+) is warned about the link or it is blocked$`), warnedOrBlocked)
	sc.Step(scenario.Expr(`^(\w+) is shown the reason$`), reasonShown)
	sc.Step(scenario.Expr(`^(\w+) sees no warning on the link$`), noWarning)
	sc.Step(scenario.Expr(`^the link is not blocked$`), notBlocked)
	sc.Step(scenario.Expr(`^(\w+) is offered a way to report the link$`), reportOffered)
	sc.Step(scenario.Expr(`^(\w+) reports the link$`), reportLink)
	sc.Step(scenario.Expr(`^the messenger records (\w+)'s report$`), reportRecorded)
}

func st(ctx context.Context) *state {
	s := scenario.State[state](ctx)
	if s.shops == nil {
		s.shops = map[string]string{}
	}
	return s
}

func user(name string) string { return strings.ToLower(name) }

func fixtures(ctx context.Context) *iti.MessengerFixtures {
	w := scenario.From(ctx)
	if w.Fixtures.Messenger == nil {
		w.Fixtures.Messenger = &iti.MessengerFixtures{AffiliatedHosts: []string{}}
	}
	return w.Fixtures.Messenger
}

func addShop(ctx context.Context, name string) string {
	s := st(ctx)
	if h, ok := s.shops[name]; ok {
		return h
	}
	w := scenario.From(ctx)
	host := w.Mock("shop."+name, name+" shop", &shop.Shop{Name: name, Category: category})
	s.shops[name] = host
	return host
}

func affiliatedShop(ctx context.Context, name string) {
	host := addShop(ctx, name)
	f := fixtures(ctx)
	f.AffiliatedHosts = append(f.AffiliatedHosts, host)
}

func rivalShops(ctx context.Context, a, b string) {
	fixtures(ctx)
	addShop(ctx, a)
	addShop(ctx, b)
}

func publishBlocklist(ctx context.Context) {
	s := st(ctx)
	s.blocklist = &blocklist.Publisher{}
	host := scenario.From(ctx).Mock("safety.shared-list", "shared malicious-link list", s.blocklist)
	fixtures(ctx).MaliciousListURL = scenario.From(ctx).URL(host, blocklist.ListPath)
}

func chat(ctx context.Context, kind string, members ...string) error {
	w := scenario.From(ctx)
	sess, err := w.Session(ctx)
	if err != nil {
		return err
	}
	var ms []string
	for _, m := range members {
		ms = append(ms, user(m))
	}
	id, err := sess.CreateConversation(ctx, iti.ConversationRequest{Kind: kind, Members: ms})
	if err != nil {
		return err
	}
	st(ctx).conv = id
	return nil
}

func directChat(ctx context.Context, a, b string) error {
	return chat(ctx, iti.ConversationDirect, a, b)
}

func groupChat(ctx context.Context, a, b, c string) error {
	return chat(ctx, iti.ConversationGroup, a, b, c)
}

// productURL makes a fresh product URL on a shop, shaped as kind.
func productURL(ctx context.Context, shopName, kind string) (product, link string, err error) {
	s := st(ctx)
	host, ok := s.shops[shopName]
	if !ok {
		return "", "", fmt.Errorf("the feature names shop %q, which no Given step set up", shopName)
	}
	s.nextID++
	product = fmt.Sprintf("p%03d", s.nextID)
	base := scenario.From(ctx).URL(host, "")
	switch kind {
	case "plain":
		link = base + shop.ProductPath(product)
	case "campaign-tagged":
		link = base + shop.ProductPath(product) + "?utm_source=chat&utm_campaign=double11&spm=a1z10.1-c.w4002"
	case "very long":
		link = base + shop.ProductPath(product) + "?ref=" + strings.Repeat("share-from-friend-", 10) + "&sku=32GB-blue&from=singlemessage"
	case "Chinese-named":
		product = fmt.Sprintf("手机壳-红色-%d", s.nextID)
		link = base + shop.ProductPath(product)
	default:
		return "", "", fmt.Errorf("unknown kind of link %q", kind)
	}
	return product, link, nil
}

func send(ctx context.Context, from, shopName, product, link string) error {
	w := scenario.From(ctx)
	s := st(ctx)
	if s.conv == "" {
		return fmt.Errorf("no conversation to send the link in; a Given step must start one")
	}
	sess, err := w.Session(ctx)
	if err != nil {
		return err
	}
	id, err := sess.PostMessage(ctx, s.conv, iti.MessageRequest{Sender: user(from), Text: "看看这个 look at this: " + link + " 怎么样?"})
	if err != nil {
		return err
	}
	s.sent = append(s.sent, sentLink{shop: shopName, product: product, url: link, message: id, seen: map[string]iti.Link{}})
	return nil
}

func sendProductLink(ctx context.Context, from, to, shopName string) error {
	product, link, err := productURL(ctx, shopName, "plain")
	if err != nil {
		return err
	}
	return send(ctx, from, shopName, product, link)
}

func postProductLink(ctx context.Context, from, shopName string) error {
	return sendProductLink(ctx, from, "", shopName)
}

func sendShapedLink(ctx context.Context, from, to, kind, shopName string) error {
	product, link, err := productURL(ctx, shopName, kind)
	if err != nil {
		return err
	}
	return send(ctx, from, shopName, product, link)
}

func sendLinksFromShops(ctx context.Context, from, to string, table *godog.Table) error {
	if len(table.Rows) < 3 || len(table.Rows[0].Cells) != 1 || table.Rows[0].Cells[0].Value != "shop" {
		return fmt.Errorf("the table must have a single column \"shop\" and at least two shops")
	}
	for _, row := range table.Rows[1:] {
		if err := sendProductLink(ctx, from, to, row.Cells[0].Value); err != nil {
			return err
		}
	}
	return nil
}

func listPage(ctx context.Context, shopName string) error {
	s := st(ctx)
	if s.blocklist == nil {
		return fmt.Errorf("no shared malicious list was published in this scenario")
	}
	host, ok := s.shops[shopName]
	if !ok {
		return fmt.Errorf("the feature names shop %q, which no Given step set up", shopName)
	}
	s.nextID++
	product := fmt.Sprintf("fake-login-%d", s.nextID)
	s.next = scenario.From(ctx).URL(host, shop.ProductPath(product))
	s.blocklist.Add(s.next, "phishing page imitating a payment login")
	return nil
}

func sendPreparedLink(ctx context.Context, from, to string) error {
	s := st(ctx)
	if s.next == "" {
		return fmt.Errorf("no page was prepared by an earlier step")
	}
	u, _ := url.Parse(s.next)
	shopName := ""
	for name, host := range s.shops {
		if host == u.Host {
			shopName = name
		}
	}
	return send(ctx, from, shopName, strings.TrimPrefix(u.Path, "/item/"), s.next)
}

// seen returns link i of what viewer sees, reading the message once.
func seen(ctx context.Context, viewer string, i int) (iti.Link, error) {
	s := st(ctx)
	if i >= len(s.sent) {
		return iti.Link{}, fmt.Errorf("no link was sent")
	}
	sl := &s.sent[i]
	v := user(viewer)
	if l, ok := sl.seen[v]; ok {
		return l, nil
	}
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return iti.Link{}, err
	}
	msg, err := sess.ReadMessage(ctx, s.conv, sl.message, v)
	if err != nil {
		return iti.Link{}, err
	}
	var found *iti.Link
	for j := range msg.Links {
		if msg.Links[j].OriginalURL == sl.url {
			found = &msg.Links[j]
		}
	}
	if found == nil {
		return iti.Link{}, fmt.Errorf("%s's view of the message does not list the link %s at all (it lists %d link(s)); a link that vanishes from the message is blocked", viewer, sl.url, len(msg.Links))
	}
	sl.seen[v] = *found
	return *found, nil
}

func last(ctx context.Context, viewer string) (iti.Link, error) {
	return seen(ctx, viewer, len(st(ctx).sent)-1)
}

func describe(l iti.Link) string {
	d := fmt.Sprintf("access %q, %d tap(s), warning %q", l.Access, l.Taps, l.Warning.Level)
	if l.Instruction != "" {
		d += fmt.Sprintf(", instruction %q", l.Instruction)
	}
	return d
}

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

// compare checks that every sent link shows the same value of one property,
// and records the side-by-side table as evidence.
func compare(ctx context.Context, what string, value func(iti.Link) string) error {
	s := st(ctx)
	rows := make([]string, 0, len(s.sent))
	values := map[string][]string{}
	for i, sl := range s.sent {
		l, err := seen(ctx, "bob", i)
		if err != nil {
			return err
		}
		v := value(l)
		values[v] = append(values[v], sl.shop)
		rows = append(rows, fmt.Sprintf("%-10s %s", sl.shop, v))
	}
	scenario.From(ctx).Log.Note("Side by side: "+what, strings.Join(rows, "\n"))
	if len(values) > 1 {
		var parts []string
		for v, shops := range values {
			parts = append(parts, fmt.Sprintf("%s: %s", strings.Join(shops, ", "), v))
		}
		sort.Strings(parts)
		return fmt.Errorf("%s differs between providers — %s", what, strings.Join(parts, "; "))
	}
	return nil
}

func sameAccess(ctx context.Context) error {
	return compare(ctx, "access and taps", func(l iti.Link) string {
		return fmt.Sprintf("%s, %d tap(s), instruction %q", l.Access, l.Taps, l.Instruction)
	})
}

func sameWarning(ctx context.Context) error {
	return compare(ctx, "warning level", func(l iti.Link) string { return l.Warning.Level })
}

func samePreview(ctx context.Context) error {
	return compare(ctx, "preview fields", func(l iti.Link) string {
		var keys []string
		for k, v := range l.Preview {
			if v != "" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		return "[" + strings.Join(keys, " ") + "]"
	})
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

func warnedOrBlocked(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(l.Access == iti.AccessInterstitial || l.Access == iti.AccessBlocked, "a link on the shared malicious list reaches %s with %s", viewer, describe(l))
	f.Check(l.Warning.Level != iti.WarningNone, "a link on the shared malicious list carries no warning")
	return f.Err()
}

func reasonShown(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	if strings.TrimSpace(l.Warning.Reason) == "" {
		return fmt.Errorf("%s is warned or blocked without being told why", viewer)
	}
	return nil
}

func noWarning(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(l.Warning.Level == iti.WarningNone, "a clean link from a rival carries a %q warning: %q", l.Warning.Level, l.Warning.Reason)
	f.Check(l.Access != iti.AccessInterstitial, "a clean link from a rival is put behind a warning page")
	return f.Err()
}

func notBlocked(ctx context.Context) error {
	l, err := last(ctx, "bob")
	if err != nil {
		return err
	}
	if l.Access == iti.AccessBlocked {
		return fmt.Errorf("a clean link from a rival is blocked: %q", l.Warning.Reason)
	}
	return nil
}

func reportOffered(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	if !l.ReportAvailable {
		return fmt.Errorf("%s is not offered a way to report the link", viewer)
	}
	return nil
}

func reportLink(ctx context.Context, reporter string) error {
	s := st(ctx)
	if len(s.sent) == 0 {
		return fmt.Errorf("no link was sent")
	}
	l, err := last(ctx, reporter)
	if err != nil {
		return err
	}
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	sl := s.sent[len(s.sent)-1]
	r, err := sess.ReportLink(ctx, s.conv, sl.message, l.Index, iti.ReportRequest{Reporter: user(reporter), Reason: "I think this link is a scam"})
	if err != nil {
		return fmt.Errorf("%s could not report the link: %v", reporter, err)
	}
	s.reports = append(s.reports, r)
	return nil
}

func reportRecorded(ctx context.Context, reporter string) error {
	s := st(ctx)
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	reports, err := sess.Reports(ctx)
	if err != nil {
		return err
	}
	sl := s.sent[len(s.sent)-1]
	for _, r := range reports {
		if r.Reporter == user(reporter) && r.URL == sl.url {
			return nil
		}
	}
	return fmt.Errorf("the messenger lists %d report(s), none from %s about %s", len(reports), reporter, sl.url)
}
