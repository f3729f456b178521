package links

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/blocklist"
	"github.com/hutong-interop/hutong/mocks/shop"
	"github.com/hutong-interop/hutong/steps/internal/gen"
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
	defer decoyChat(ctx, kind, ms)()
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

func sendProductLink(ctx context.Context, from, to, shopName string) error {
	return sendBatch(ctx, from, []string{shopName}, nil, scenario.From(ctx).Cases(minLinks))
}

func postProductLink(ctx context.Context, from, shopName string) error {
	return sendBatch(ctx, from, []string{shopName}, nil, minLinks)
}

func sendShapedLink(ctx context.Context, from, to, kind, shopName string) error {
	fixed, ok := kinds[kind]
	if !ok {
		return fmt.Errorf("unknown kind of link %q", kind)
	}
	return sendBatch(ctx, from, []string{shopName}, fixed, minLinks)
}

func sendLinksFromShops(ctx context.Context, from, to string, table *godog.Table) error {
	if len(table.Rows) < 3 || len(table.Rows[0].Cells) != 1 || table.Rows[0].Cells[0].Value != "shop" {
		return fmt.Errorf("the table must have a single column \"shop\" and at least two shops")
	}
	var shops []string
	for _, row := range table.Rows[1:] {
		shops = append(shops, row.Cells[0].Value)
	}
	return sendBatch(ctx, from, shops, nil, scenario.From(ctx).Cases(minLinks))
}

// listedPages is how many pages of a shop one "is on the shared malicious
// list" step lists, each written and then placed as a drawn case.
const listedPages = 8

func listPage(ctx context.Context, shopName string) error {
	s := st(ctx)
	if s.blocklist == nil {
		return fmt.Errorf("no shared malicious list was published in this scenario")
	}
	if _, ok := s.shops[shopName]; !ok {
		return fmt.Errorf("the feature names shop %q, which no Given step set up", shopName)
	}
	g := generator(ctx)
	cases := g.Cases(listedPages, gen.Dim{Name: "place", Values: keys(places)}, gen.Dim{Name: "host", Values: hostCases},
		gen.Dim{Name: "query", Values: []string{"none", "campaign tags", "percent-escaped"}})
	s.next = nil
	for _, c := range cases {
		c["shop"], c["in message"], c["path"] = shopName, "link 1 of 1", "ASCII"
		_, link, err := writeLink(ctx, shopName, c)
		if err != nil {
			return err
		}
		// The page is a fake login, not a product: its id says so.
		link = strings.Replace(link, "/item/p", "/item/fake-login-p", 1)
		s.blocklist.Add(link, "phishing page imitating a payment login")
		s.next = append(s.next, sentLink{shop: shopName, url: link, dims: c})
	}
	return nil
}

func sendPreparedLink(ctx context.Context, from, to string) error {
	s := st(ctx)
	if len(s.next) == 0 {
		return fmt.Errorf("no page was prepared by an earlier step")
	}
	s.batch++
	for _, sl := range s.next {
		sl.batch = s.batch
		if err := post(ctx, from, fmt.Sprintf(places[sl.dims["place"]], sl.url), []sentLink{sl}); err != nil {
			return err
		}
	}
	s.next = nil
	return nil
}
