package checkout

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
)

// Current is the order placed last.
func Current(ctx context.Context) (*iti.Checkout, error) {
	s := From(ctx)
	if len(s.Checkouts) == 0 {
		return nil, errors.New("no order was placed; a step must check out first")
	}
	return &s.Checkouts[len(s.Checkouts)-1], nil
}

// Order is the order a feature calls which: "order" and "first order" are
// the first placed, "second order" the second.
func Order(ctx context.Context, which string) (*iti.Checkout, error) {
	s := From(ctx)
	i := 0
	if which == "second order" {
		i = 1
	}
	if len(s.Checkouts) <= i {
		return nil, fmt.Errorf("the scenario refers to the %s, but only %d order(s) were placed", which, len(s.Checkouts))
	}
	return &s.Checkouts[i], nil
}

// ReadOrder is the platform's own record of the order a feature calls which.
func ReadOrder(ctx context.Context, which string) (*iti.Checkout, iti.Order, error) {
	c, err := Order(ctx, which)
	if err != nil {
		return nil, iti.Order{}, err
	}
	sess, err := Platform(ctx)
	if err != nil {
		return nil, iti.Order{}, err
	}
	o, err := sess.Order(ctx, c.OrderID)
	return c, o, err
}

// DescribeOrder says what the platform records of an order, for findings.
func DescribeOrder(o iti.Order) string {
	return fmt.Sprintf("status %q, paid with %q, %s paid in %d credit(s)", o.Status, o.PaidWith, Show(o.AmountPaidMinor, o.Currency), len(o.Credits))
}

// Option is inst's place on the order's payment screen, or nil if it is not
// offered.
func Option(c *iti.Checkout, inst string) *iti.PaymentOption {
	for i := range c.Options {
		if c.Options[i].InstitutionID == inst {
			return &c.Options[i]
		}
	}
	return nil
}

// Money reads "88.00 CNY" as minor units and a currency.
func Money(s string) (int64, string, error) {
	num, cur, ok := strings.Cut(s, " ")
	if !ok {
		return 0, "", fmt.Errorf("%q is not an amount such as \"88.00 CNY\"", s)
	}
	whole, frac, _ := strings.Cut(num, ".")
	if len(frac) > 2 {
		return 0, "", fmt.Errorf("%q has more than two decimals", s)
	}
	frac = (frac + "00")[:2]
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 {
		return 0, "", fmt.Errorf("%q is not an amount such as \"88.00 CNY\"", s)
	}
	return w*100 + f, cur, nil
}

// Show writes minor units of cur as Money reads them.
func Show(minor int64, cur string) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, minor/100, minor%100, cur)
}
