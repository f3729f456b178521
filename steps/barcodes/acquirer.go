package barcodes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// The acquirer role (QR-01 to QR-04): the acquirer under test issues the
// code, and the mock wallets pay it through the switch.

func connectAcquirer(ctx context.Context) error {
	s := st(ctx)
	if s.sw == nil {
		return fmt.Errorf("no clearing switch was set up by an earlier step")
	}
	scenario.From(ctx).Fixtures.Acquirer = &iti.AcquirerFixtures{ClearingURL: s.switchURL, GUI: iutAcquirerGUI}
	return nil
}

// acquirerSession opens the session and, the first time, connects the
// acquirer's payments endpoint to the switch under its GUI.
func acquirerSession(ctx context.Context) (*iti.Session, error) {
	w := scenario.From(ctx)
	s := st(ctx)
	if w.Fixtures.Acquirer == nil {
		return nil, fmt.Errorf("the acquirer under test was not connected by an earlier step")
	}
	sess, err := w.Session(ctx)
	if err != nil {
		return nil, err
	}
	if !s.acquirerRegistered {
		info, err := sess.AcquirerInfo(ctx)
		if err != nil {
			return nil, err
		}
		s.sw.Register(iti.Participant{ID: iutAcquirerID, Name: "the acquirer under test", Kind: clearing.KindAcquirer, Tier: clearing.TierTop, GUI: iutAcquirerGUI}, info.PaymentsURL)
		s.acquirerRegistered = true
	}
	return sess, nil
}

func acquirerIssues(ctx context.Context, kind, name string) error {
	sess, err := acquirerSession(ctx)
	if err != nil {
		return err
	}
	req := iti.CodeRequest{Merchant: newMerchant(ctx, name, "Beijing", "5814"), Kind: kind}
	if kind == iti.CodeDynamic {
		req.Amount, req.Currency = defaultOrder, cny
	}
	code, err := sess.IssueCode(ctx, req)
	if err != nil {
		return err
	}
	s := st(ctx)
	s.payload, s.png, s.issuer = code.Payload, code.PNG, iutAcquirerID
	scenario.From(ctx).Log.Note("The code the acquirer issued", code.Payload)
	return nil
}

func namesAccount(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needCode(ctx)
	if err != nil {
		return err
	}
	guis, err := clearing.GUIs(s.payload)
	if err != nil {
		return errors.New("the code's structure cannot be read, so no merchant account can be found in it")
	}
	if !slices.Contains(guis, iutAcquirerGUI) {
		return fmt.Errorf("the code's merchant accounts are under the identifier(s) %q, not under %q, the one the clearing switch routes to the acquirer by; only the acquirer's own app could pay it", guis, iutAcquirerGUI)
	}
	return nil
}

func switchRoutes(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needCode(ctx)
	if err != nil {
		return err
	}
	p, err := s.sw.Route(s.payload)
	if err != nil {
		return errors.New("the clearing switch cannot route a payment on the code")
	}
	if p.ID != iutAcquirerID {
		return fmt.Errorf("the clearing switch would route a payment on the code to %s, not to the acquirer that issued it", p.ID)
	}
	return nil
}

func walletsPay(ctx context.Context, amount string, table *godog.Table) error {
	scenario.Rest(ctx, evidence.Artefact)
	s, err := needCode(ctx)
	if err != nil {
		return err
	}
	if len(table.Rows) < 2 || table.Rows[0].Cells[0].Value != "wallet" {
		return fmt.Errorf("the table must have a single column \"wallet\" and at least one wallet")
	}
	for _, row := range table.Rows[1:] {
		name := row.Cells[0].Value
		wl, ok := s.wallets[name]
		if !ok {
			return fmt.Errorf("the feature names wallet %q, which the clearing switch does not connect", name)
		}
		res, err := wl.Pay(ctx, s.payload, amount)
		if err != nil {
			return err
		}
		s.walletPays = append(s.walletPays, walletPay{name, res})
	}
	return nil
}

func everyAccepted(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s := st(ctx)
	if len(s.walletPays) == 0 {
		return fmt.Errorf("no wallet paid in an earlier step")
	}
	var rows, refused []string
	for _, p := range s.walletPays {
		rows = append(rows, fmt.Sprintf("%-14s %s %s", p.wallet, p.res.Status, p.res.Reason))
		if p.res.Status != iti.PaymentAccepted {
			refused = append(refused, fmt.Sprintf("%s (%s)", p.wallet, p.res.Reason))
		}
	}
	scenario.From(ctx).Log.Note("Side by side: payments from each wallet", strings.Join(rows, "\n"))
	if len(refused) > 0 {
		return fmt.Errorf("payments on the acquirer's code were refused for: %s", strings.Join(refused, "; "))
	}
	return nil
}

func acquirerLists(ctx context.Context, amount string) error {
	scenario.Rest(ctx, evidence.Declared)
	s := st(ctx)
	sess, err := acquirerSession(ctx)
	if err != nil {
		return err
	}
	got, err := sess.ReceivedPayments(ctx, s.merchant.ID)
	if err != nil {
		return err
	}
	want, _ := money.Parse(amount)
	var f scenario.Findings
	for _, p := range s.walletPays {
		found := false
		for _, r := range got {
			a, err := money.Parse(r.Amount)
			if r.PayerWallet == p.wallet && r.Status == iti.PaymentAccepted && err == nil && a == want && isCNY(r.Currency) {
				found = true
			}
		}
		f.Check(found, "the acquirer lists no accepted payment of CNY %s from %s for the merchant (it lists %d payment(s): %s)", amount, p.wallet, len(got), describePayments(got))
	}
	return f.Err()
}

func describePayments(ps []iti.ReceivedPayment) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s %s from %s, %s %s", p.Status, p.Amount, p.PayerWallet, p.Currency, p.Reason))
	}
	return "[" + strings.Join(out, "; ") + "]"
}
