package barcodes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// The wallet role: mock institutions issue codes, and the wallet under test
// pays them through the switch. Here are the set-up and QR-08's words, one
// customer's payments step by step; QR-05's and QR-07's cases are in
// paying.go and once.go, QR-06's threats in tamper.go.

func connectWallet(ctx context.Context, group string) error {
	s := st(ctx)
	if s.sw == nil {
		return fmt.Errorf("no clearing switch was set up by an earlier step")
	}
	if _, ok := s.payees[group]; !ok {
		return fmt.Errorf("the feature names institution %q, which the clearing switch does not connect", group)
	}
	scenario.From(ctx).Fixtures.Wallet = &iti.WalletFixtures{ClearingURL: s.switchURL, WalletID: iutWalletID,
		AffiliatedGUIs: []string{guiOf(group)}, Customers: []iti.WalletCustomer{}}
	s.sw.Register(iti.Participant{ID: iutWalletID, Name: "the wallet under test", Kind: clearing.KindWallet, Tier: clearing.TierTop}, "")
	return nil
}

func customerHas(ctx context.Context, name, amount string) error {
	f := scenario.From(ctx).Fixtures.Wallet
	if f == nil {
		return fmt.Errorf("the wallet under test was not connected by an earlier step")
	}
	n, err := money.Parse(amount)
	if err != nil {
		return err
	}
	f.Customers = append(f.Customers, iti.WalletCustomer{ID: customerID(name), Balance: amount})
	st(ctx).opening[customerID(name)] = n
	return nil
}

func mockIssue(ctx context.Context, institution string, m iti.CodeMerchant, kind, amount string) error {
	s := st(ctx)
	a, ok := s.payees[institution]
	if !ok {
		return fmt.Errorf("the feature names institution %q, which the clearing switch does not connect", institution)
	}
	payload, err := a.Issue(m, kind, amount, cny)
	if err != nil {
		return err
	}
	return setCode(ctx, payload, institution)
}

func setCode(ctx context.Context, payload, issuer string) error {
	png, err := picture(ctx, payload, scanned)
	if err != nil {
		return err
	}
	s := st(ctx)
	s.payload, s.png, s.issuer = payload, png, issuer
	scenario.From(ctx).Log.Note("The code to scan", payload)
	return nil
}

func mockIssuesStatic(ctx context.Context, institution, merchant string) error {
	return mockIssue(ctx, institution, newMerchant(ctx, merchant, "Beijing", "5814"), iti.CodeStatic, "")
}

func personalCode(ctx context.Context, wallet, person string) error {
	if _, ok := st(ctx).wallets[wallet]; !ok {
		return fmt.Errorf("the feature names wallet %q, which the clearing switch does not connect", wallet)
	}
	// 4829 is the category of money transfers: a person, not a business.
	return mockIssue(ctx, wallet, newMerchant(ctx, person, "Shanghai", "4829"), iti.CodeStatic, "")
}

func walletSession(ctx context.Context) (*iti.Session, error) {
	w := scenario.From(ctx)
	if w.Fixtures.Wallet == nil {
		return nil, fmt.Errorf("the wallet under test was not connected by an earlier step")
	}
	return w.Session(ctx)
}

func scan(ctx context.Context, name, amount string) error {
	s, err := needPicture(ctx)
	if err != nil {
		return err
	}
	sess, err := walletSession(ctx)
	if err != nil {
		return err
	}
	res, err := sess.Scan(ctx, iti.ScanRequest{Customer: customerID(name), Image: s.png, Amount: amount})
	if err != nil {
		return err
	}
	s.scans = append(s.scans, res)
	return nil
}

func scanAndPay(ctx context.Context, name, amount string) error { return scan(ctx, name, amount) }

func lastScan(ctx context.Context) (iti.ScanResult, error) {
	s := st(ctx)
	if len(s.scans) == 0 {
		return iti.ScanResult{}, fmt.Errorf("nobody scanned a code in an earlier step")
	}
	return s.scans[len(s.scans)-1], nil
}

func paymentThrough(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	r, err := lastScan(ctx)
	if err != nil {
		return err
	}
	if r.Outcome != iti.ScanPaid {
		return fmt.Errorf("the payment did not go through: the wallet says %q (%s)", r.Outcome, r.Reason)
	}
	return nil
}

func fromWallet(ps []iti.ReceivedPayment, status string) []iti.ReceivedPayment {
	var out []iti.ReceivedPayment
	for _, p := range ps {
		if p.PayerWallet == iutWalletID && (status == "" || p.Status == status) {
			out = append(out, p)
		}
	}
	return out
}

func payeeReceives(ctx context.Context, institution, amount string) error {
	scenario.Rest(ctx, evidence.Artefact)
	s := st(ctx)
	a, ok := s.payees[institution]
	if !ok {
		return fmt.Errorf("the feature names institution %q, which the clearing switch does not connect", institution)
	}
	want, _ := money.Parse(amount)
	got := fromWallet(a.Received(), iti.PaymentAccepted)
	found := false
	for _, p := range got {
		n, err := money.Parse(p.Amount)
		found = found || (err == nil && n == want && isCNY(p.Currency))
	}
	var seen []string
	for _, r := range s.sw.Records() {
		if r.PayerWallet == iutWalletID {
			seen = append(seen, fmt.Sprintf("%s %s (currency %s) to %s %s", r.Status, r.Amount, r.Currency, r.Payee, r.Reason))
		}
	}
	if !found {
		return fmt.Errorf("%s received no payment of CNY %s from the wallet; the clearing switch saw from the wallet: %s", institution, amount, strings.Join(seen, "; "))
	}
	return nil
}

func balanceDown(ctx context.Context, name, amount string) error {
	scenario.Rest(ctx, evidence.Declared)
	s := st(ctx)
	id := customerID(name)
	sess, err := walletSession(ctx)
	if err != nil {
		return err
	}
	m, err := sess.Movements(ctx, id)
	if err != nil {
		return err
	}
	want, _ := money.Parse(amount)
	bal, err := money.Parse(m.Balance)
	if err != nil {
		return fmt.Errorf("the wallet reports %s's balance as %q: %v", name, m.Balance, err)
	}
	mv, err := readMovements(m.Movements, s.opening[id])
	if err != nil {
		return err
	}
	lines := mv.lines()
	scenario.From(ctx).Log.Note(name+"'s balance movements", strings.Join(lines, "\n"))
	which := "movements"
	if mv.opening >= 0 {
		which = "movements other than the opening balance"
	}
	var f scenario.Findings
	f.Check(money.Format(s.opening[id]-bal) == money.Format(want), "%s's balance went from %s to %s, down by %s, not by %s", name, money.Format(s.opening[id]), m.Balance, money.Format(s.opening[id]-bal), amount)
	f.Check(money.Format(mv.sum) == money.Format(-want), "%s's %s add up to %s, not -%s: %s", name, which, money.Format(mv.sum), amount, strings.Join(lines, "; "))
	return f.Err()
}

// movements are a customer's movements as the wallet lists them, read.
type movements struct {
	list []iti.Movement
	// opening is the index in list of the opening balance, or -1 if the
	// wallet did not list it.
	opening int
	// sum adds up every movement but the opening balance; n counts them.
	sum int64
	n   int
}

// readMovements reads a customer's movements. The contract says a wallet
// lists "its movements in this session" and does not say whether the
// opening balance is one of them, so a credit of exactly the opening
// balance at either end of the list (oldest or newest first) is read as the
// opening balance and not as money moved. Anywhere else, or of another
// amount, a credit is a movement like any other.
func readMovements(list []iti.Movement, opening int64) (movements, error) {
	m := movements{list: list, opening: -1}
	amounts := make([]int64, len(list))
	for i, mv := range list {
		n, err := money.Parse(mv.Amount)
		if err != nil {
			return m, fmt.Errorf("the wallet reports a movement of %q: %v", mv.Amount, err)
		}
		amounts[i] = n
	}
	if n := len(list); n > 0 && opening > 0 {
		switch {
		case amounts[0] == opening:
			m.opening = 0
		case amounts[n-1] == opening:
			m.opening = n - 1
		}
	}
	for i, a := range amounts {
		if i != m.opening {
			m.sum += a
			m.n++
		}
	}
	return m, nil
}

// moved lists the movements that are not the opening balance.
func (m movements) moved() []iti.Movement {
	var out []iti.Movement
	for i, mv := range m.list {
		if i != m.opening {
			out = append(out, mv)
		}
	}
	return out
}

func (m movements) lines() []string {
	var out []string
	for i, mv := range m.list {
		line := fmt.Sprintf("%s %s %s", mv.Amount, mv.Currency, mv.Description)
		if i == m.opening {
			line += " (read as the opening balance)"
		}
		out = append(out, line)
	}
	return out
}

func declinedWithReason(ctx context.Context, name string) error {
	scenario.Rest(ctx, evidence.Declared)
	r, err := lastScan(ctx)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(r.Outcome != iti.ScanPaid, "the wallet let the payment through")
	f.Check(strings.TrimSpace(r.Reason) != "", "the wallet gave %s no reason", name)
	return f.Err()
}
