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

func payFromLink(ctx context.Context, friend, inst string) error {
	scenario.Rest(ctx, evidence.Artefact)
	ok, why, err := checkout.PayFromLink(ctx, friend, inst)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s could not pay with %s from the help-me-pay link: %s", friend, inst, why)
	}
	return nil
}

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
	if page.Status != http.StatusOK {
		return fmt.Errorf("%s taps the help-me-pay link %s, which %s", friend, checkout.From(ctx).Link.URL, checkout.DescribeLanding(page))
	}
	var f scenario.Findings
	named, ok := checkout.MetaContent(page.Body, "hutong:order")
	f.Check(ok && named == c.OrderID, "the help-me-pay page does not name order %s", c.OrderID)
	var missing []string
	for _, inst := range checkout.From(ctx).Merchants[c.MerchantID].EnabledInstitutions {
		if _, ok := links[inst]; !ok {
			missing = append(missing, inst)
		}
	}
	var got []string
	for k := range links {
		got = append(got, k)
	}
	sort.Strings(got)
	f.Check(len(missing) == 0, "the help-me-pay page offers %s only; %s cannot pay with %s", strings.Join(got, ", "), friend, strings.Join(missing, ", "))
	return f.Err()
}
