package barcodes

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// The acquirer role (QR-01 to QR-04; the codes QR-01 to QR-03 draw are in
// codes.go, QR-04's twin payments in alike.go): the acquirer under test
// issues the codes, and the mock wallets pay them through the switch.

func connectAcquirer(ctx context.Context) error {
	s := st(ctx)
	if s.sw == nil {
		return fmt.Errorf("no clearing switch was set up by an earlier step")
	}
	scenario.From(ctx).Fixtures.Acquirer = &iti.AcquirerFixtures{ClearingURL: s.switchURL, GUI: iutAcquirerGUI}
	decoyAcquirer(ctx)()
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

// issueOne has the acquirer issue one code of kind for a new merchant
// named name, for QR-04's payments.
func issueOne(ctx context.Context, kind, name string) (iti.IssuedCode, error) {
	sess, err := acquirerSession(ctx)
	if err != nil {
		return iti.IssuedCode{}, err
	}
	req := iti.CodeRequest{Merchant: newMerchant(ctx, name, "Beijing", "5814"), Kind: kind}
	if kind == iti.CodeDynamic {
		req.Amount, req.Currency = defaultOrder, cny
	}
	code, err := sess.IssueCode(ctx, req)
	if err != nil {
		return code, err
	}
	scenario.From(ctx).Log.Note("The code the acquirer issued", code.Payload)
	return code, nil
}

func namesAccount(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgeCodes(ctx, "every code names the merchant's account under the identifier the clearing switch knows the acquirer by", func(c *issued) string {
		guis, err := clearing.GUIs(c.code.Payload)
		switch {
		case err != nil:
			return "the code's structure cannot be read, so no merchant account can be found in it"
		case !slices.Contains(guis, iutAcquirerGUI):
			return fmt.Sprintf("the code's merchant accounts are under the identifier(s) %q, not under %q, the one the clearing switch routes to the acquirer by; only the acquirer's own app could pay it", guis, iutAcquirerGUI)
		}
		return ""
	})
}

func switchRoutes(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s := st(ctx)
	return judgeCodes(ctx, "the clearing switch can route a payment on every code to the acquirer", func(c *issued) string {
		p, err := s.sw.Route(c.code.Payload)
		switch {
		case err != nil:
			return "the clearing switch cannot route a payment on the code"
		case p.ID != iutAcquirerID:
			return fmt.Sprintf("the clearing switch would route a payment on the code to %s, not to the acquirer that issued it", p.ID)
		}
		return ""
	})
}

func everyAccepted(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	s := st(ctx)
	if len(s.walletPays) == 0 {
		return fmt.Errorf("no wallet paid in an earlier step")
	}
	var rows []string
	for _, p := range s.walletPays {
		rows = append(rows, fmt.Sprintf("%-14s %s %s", p.wallet, p.res.Status, p.res.Reason))
	}
	scenario.From(ctx).Log.Note("Side by side: payments from each wallet", strings.Join(rows, "\n"))
	return judgePairs(ctx, "every payment on the acquirer's codes is accepted", func(top, tail walletPay) string {
		var f []string
		for _, p := range []walletPay{top, tail} {
			if p.res.Status != iti.PaymentAccepted {
				f = append(f, fmt.Sprintf("the payment from %s was refused (%s)", p.wallet, p.res.Reason))
			}
		}
		return strings.Join(f, "; ")
	})
}

func acquirerLists(ctx context.Context) error {
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
	// Each listed payment answers for one payment only, so that two
	// payments of one amount from one wallet need two listed.
	used := make([]bool, len(got))
	listed := make([]bool, len(s.walletPays))
	for k, p := range s.walletPays {
		want, _ := money.Parse(p.amount)
		for i, r := range got {
			a, err := money.Parse(r.Amount)
			if !used[i] && r.PayerWallet == p.wallet && r.Status == iti.PaymentAccepted && err == nil && a == want && isCNY(r.Currency) {
				used[i], listed[k] = true, true
				break
			}
		}
	}
	k := 0
	return judgePairs(ctx, "the acquirer lists every payment for the merchant, each for its amount", func(top, tail walletPay) string {
		var f []string
		for _, p := range []walletPay{top, tail} {
			if !listed[p.index] {
				f = append(f, fmt.Sprintf("the acquirer lists no accepted payment of CNY %s from %s", p.amount, p.wallet))
			}
		}
		if len(f) > 0 && k == 0 {
			k++
			f = append(f, fmt.Sprintf("it lists %d payment(s) for the merchant: %s", len(got), describePayments(got)))
		}
		return strings.Join(f, "; ")
	})
}

func describePayments(ps []iti.ReceivedPayment) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s %s from %s, %s %s", p.Status, p.Amount, p.PayerWallet, p.Currency, p.Reason))
	}
	return "[" + strings.Join(out, "; ") + "]"
}
