package links

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/blocklist"
	"github.com/hutong-interop/hutong/mocks/shop"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// The Given and When steps: the shops and the shared list the harness plays,
// the chats, and the links sent in them.

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
