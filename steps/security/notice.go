package security

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// SEC-01 and SEC-02: payment notices the platform must not believe.

// sendNotice posts a notice to the platform's notify URL as the attacker.
func sendNotice(ctx context.Context, body []byte, sig string) error {
	s := checkout.From(ctx)
	if s.NotifyURL == "" {
		return errors.New("the platform gave no notify URL when the wallets connected")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.NotifyURL, strings.NewReader(string(body)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(paysign.SignatureHeader, sig)
	resp, err := scenario.From(ctx).HTTP.Do(req)
	if err != nil {
		// The platform's state is what is judged; a refusal to answer is
		// not a defence the scenario needs to see.
		scenario.From(ctx).Log.Note("The attack got no answer", err.Error())
		return nil
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	scenario.From(ctx).Log.Note("The platform's answer to the attack", fmt.Sprintf("status %d", resp.StatusCode))
	return nil
}

func forgedNotice(ctx context.Context, inst string) ([]byte, error) {
	c, err := checkout.Order(ctx, "order")
	if err != nil {
		return nil, err
	}
	if _, err := checkout.Platform(ctx); err != nil {
		return nil, err
	}
	amount := c.AmountMinor
	if o := checkout.Option(c, inst); o != nil {
		amount = o.TotalMinor
	}
	n := iti.PaymentNotice{NotificationID: "forged-" + c.OrderID, InstitutionID: inst, PlatformID: checkout.From(ctx).PlatformID, OrderID: c.OrderID,
		WalletTxnID: inst + "-txn-forged", AmountMinor: amount, Currency: c.Currency, Payee: c.MerchantID, Payer: "mallory",
		Status: "paid", PaidAt: time.Now().UTC()}
	return json.Marshal(n)
}

// forge sends a well-formed notice for the order in inst's name, signed with
// a fresh key: the institution's own key if it was never connected, a wrong
// one if it was.
func forge(ctx context.Context, inst string) error {
	body, err := forgedNotice(ctx, inst)
	if err != nil {
		return err
	}
	return sendNotice(ctx, body, paysign.SignBody(paysign.NewKey(), body))
}

func replayNotice(ctx context.Context, inst string) error {
	wi := checkout.From(ctx).Wallets[inst]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", inst)
	}
	ns := wi.Mock.Notices()
	if len(ns) == 0 {
		return fmt.Errorf("%s has sent no payment notice to replay", inst)
	}
	n := ns[len(ns)-1]
	return sendNotice(ctx, n.Body, n.Signature)
}

func onePayment(ctx context.Context, amount string) error {
	minor, cur, err := checkout.Money(amount)
	if err != nil {
		return err
	}
	_, o, err := checkout.ReadOrder(ctx, "order")
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(len(o.Credits) == 1, "the payment notice was replayed and the platform now records %s", checkout.DescribeOrder(o))
	f.Check(o.AmountPaidMinor == minor, "one payment of %s was made, but the platform records %s", checkout.Show(minor, cur), checkout.DescribeOrder(o))
	return f.Err()
}
