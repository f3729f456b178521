package payments

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// PAY-06: the help-me-pay link a consumer sends a friend.

func askFriend(ctx context.Context, friend string) error {
	c, err := checkout.Current(ctx)
	if err != nil {
		return err
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	l, err := sess.PayOnBehalf(ctx, c.OrderID, iti.PayOnBehalfRequest{Requester: c.Consumer})
	if err != nil {
		return err
	}
	checkout.From(ctx).Link = &l
	return nil
}

// payFromLink is the friend paying the scenario's order from its link; the
// drawn cases paid from theirs when they were drawn, and are judged here.
func payFromLink(ctx context.Context, friend, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	if err := judgeNamed(ctx, inst); err != nil {
		return err
	}
	if f := cases(ctx).flows[0]; f.named {
		f.payer = checkout.User(friend)
		ok, why, err := checkout.PayFromLink(ctx, friend, inst)
		if err != nil {
			return err
		}
		if !ok {
			f.payProblem = why
		}
	}
	return judge(ctx, "paid from the help-me-pay link", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		if f.payProblem != "" {
			return fmt.Sprintf("%s could not pay with %s from the help-me-pay link: %s", f.payerID(), f.wallet, f.payProblem)
		}
		return ""
	})
}

// linkOffersAll judges PAY-06's help-me-pay pages, the scenario's and those
// of orders drawn over the space the Rule ranges over, which it draws first:
// each case's friend opens its link and pays from it with the case's wallet,
// and the later steps judge the payment.
func linkOffersAll(ctx context.Context, friend string) error {
	scenario.Rest(ctx, evidence.Artefact)
	c, err := checkout.Order(ctx, "order")
	if err != nil {
		return err
	}
	page, links, err := checkout.OpenLink(ctx)
	if err != nil {
		return err
	}
	if !drawn(ctx) {
		named, err := namedFlow(ctx, "")
		if err != nil {
			return err
		}
		named.co, named.page, named.links = *c, page, links
		cases(ctx).flows = append(cases(ctx).flows, named)
		if judging(ctx, "PAY-06") {
			if err := drawLinks(ctx); err != nil {
				return err
			}
		}
	}
	s := checkout.From(ctx)
	return judge(ctx, "the help-me-pay link opens and offers every wallet", func(f *flow) string {
		if f.problem != "" {
			return f.problem
		}
		who := f.payerID()
		if f.named {
			who = friend
		}
		if f.page.Status != http.StatusOK {
			return fmt.Sprintf("%s taps the help-me-pay link %s, which %s", who, f.link.URL, checkout.DescribeLanding(f.page))
		}
		var found []string
		if named, ok := checkout.MetaContent(f.page.Body, "hutong:order"); !ok || named != f.co.OrderID {
			found = append(found, fmt.Sprintf("the help-me-pay page does not name order %s", f.co.OrderID))
		}
		var missing []string
		for _, inst := range s.Merchants[f.co.MerchantID].EnabledInstitutions {
			if _, ok := f.links[inst]; !ok {
				missing = append(missing, inst)
			}
		}
		if len(missing) > 0 {
			got := make([]string, 0, len(f.links))
			for k := range f.links {
				got = append(got, k)
			}
			sort.Strings(got)
			found = append(found, fmt.Sprintf("the help-me-pay page offers %s only; %s cannot pay with %s", strings.Join(got, ", "), who, strings.Join(missing, ", ")))
		}
		return strings.Join(found, "; ")
	})
}

// drawLinks draws PAY-06's cases: the wallet the friend pays with, of each
// tier the merchant enabled; the order's amount; the payee's, the
// requester's and the friend's names; and which link the friend is sent:
// the one made for her only order, the one made for an earlier order while
// a later one waits to be paid, or the second link made for the order.
func drawLinks(ctx context.Context) error {
	b := cases(ctx)
	named := b.flows[0]
	m, pool, err := poolOf(ctx, named)
	if err != nil {
		return err
	}
	byTier := walletsByTier(ctx, m.EnabledInstitutions)
	var tiers []string
	for _, t := range tiersOf(byTier) {
		tiers = append(tiers, tierWords[t])
	}
	const only, earlier, second = "made for her only order", "made for an earlier order, a later one waiting", "the second link made for the order"
	ks := draw(ctx, draws(ctx)-1,
		gen.Dim{Name: "friend's wallet", Values: tiers},
		gen.Dim{Name: "amount", Values: amountNames()},
		gen.Dim{Name: "payee's name", Values: merchantForms},
		gen.Dim{Name: "requester's name", Values: personForms},
		gen.Dim{Name: "friend's name", Values: personForms},
		gen.Dim{Name: "link", Values: []string{only, earlier, second}})
	for i, k := range ks {
		f := b.newFlow(k)
		f.merchant, f.consumer, f.amount = pool[k["payee's name"]], personName(k["requester's name"], "shopper", i+1), amounts[k["amount"]]
		f.payer = personName(k["friend's name"], "friend", i+1)
		f.wallet = byTier[tierOfWords(k["friend's wallet"])][0]
		f.dims["friend's wallet"] += ", " + f.wallet
		b.flows = append(b.flows, f)
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	parallel(b.flows[1:], func(f *flow) {
		if !f.place(ctx, sess) {
			return
		}
		ask := func() bool {
			l, err := sess.PayOnBehalf(ctx, f.co.OrderID, iti.PayOnBehalfRequest{Requester: f.consumer})
			if err != nil {
				return f.fail("the platform would not make a help-me-pay link: %v", err)
			}
			f.link = &l
			return true
		}
		if !ask() {
			return
		}
		switch f.dims["link"] {
		case earlier:
			later := &flow{merchant: f.merchant, consumer: f.consumer, amount: f.amount + 100}
			if !later.place(ctx, sess) {
				f.fail("placing her later order: %s", later.problem)
				return
			}
		case second:
			if !ask() {
				return
			}
		}
		page, err := checkout.Visit(ctx, f.link.URL)
		if err != nil {
			f.fail("opening the help-me-pay link: %v", err)
			return
		}
		f.page, f.links = page, map[string]string{}
		if page.Status == http.StatusOK {
			f.links = checkout.WalletLinks(page.Body)
		}
		f.payFromPage(ctx)
		f.read(ctx, sess)
	})
	return nil
}

// payFromPage is the friend paying with the case's wallet from the page its
// link opened.
func (f *flow) payFromPage(ctx context.Context) {
	href, ok := f.links[f.wallet]
	if !ok {
		f.payProblem = fmt.Sprintf("the link's page offers no way to pay with %s: opening it %s", f.wallet, checkout.DescribeLanding(f.page))
		return
	}
	u, err := f.page.URL.Parse(href)
	if err != nil {
		f.payProblem = fmt.Sprintf("the link to pay with %s, %q, is unreadable", f.wallet, href)
		return
	}
	l, err := checkout.Visit(ctx, u.String())
	if err != nil {
		f.payProblem = err.Error()
		return
	}
	if l.Handoff == "" {
		f.payProblem = "paying with " + f.wallet + " from the link " + checkout.DescribeLanding(l)
		return
	}
	f.landing = l
	if err := checkout.PayAt(ctx, l, f.payer); err != nil {
		f.payProblem = err.Error()
	}
}
