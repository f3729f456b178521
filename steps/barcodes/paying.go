package barcodes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/barcode/qrimage"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/acquirer"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// What the wallet's requirements (QR-05 to QR-07) range over besides the
// acquirer: how the code writes its merchant, who pays it, with what
// balance, and how much.

// payeeForm is how a code the harness's acquirers issue writes its
// merchant: the Latin name of ID 59, and, for a Chinese shop, its Chinese
// name and city in the language template (ID 64).
type payeeForm struct {
	name  string
	local acquirer.Local
}

var payeeForms = map[string]payeeForm{
	"plain":                      {name: "Lao Wang Noodles"},
	"Chinese, in its own script": {name: "Lao Wang Noodles", local: acquirer.Local{Language: "ZH", Name: "老王面馆", City: "北京"}},
	"25 characters":              {name: "Golden Lotus Tea House 88"},
	"with punctuation":           {name: "Wang's Noodles & Tea (2)"},
}

// customerForms write the n-th customer's id in the forms the contract
// allows (any string): the wallet's path for a customer must take each.
var customerForms = map[string]func(n int) string{
	"lower case":         func(n int) string { return fmt.Sprintf("alice-%d", n) },
	"capitals and a dot": func(n int) string { return fmt.Sprintf("Wei.Chen-%d", n) },
	"Chinese":            func(n int) string { return fmt.Sprintf("王芳%d", n) },
	"a phone number":     func(n int) string { return fmt.Sprintf("1380013%04d", n) },
}

// Balances a customer opens with: exactly what the case will pay, or more.
const (
	balanceExact = "exactly the amount"
	balanceMore  = "CNY 1000.00 more"
)

var balanceForms = []string{balanceExact, balanceMore}

// newCustomer adds a customer of the case's id form with the opening
// balance the case's balance form gives for need fen. It must be called
// before the session opens, which sends the customers.
func newCustomer(ctx context.Context, c gen.Case, need int64) (string, error) {
	f := scenario.From(ctx).Fixtures.Wallet
	if f == nil {
		return "", fmt.Errorf("the wallet under test was not connected by an earlier step")
	}
	s := st(ctx)
	s.customers++
	id := customerForms[c["customer"]](s.customers)
	opening := need
	if c["balance"] == balanceMore {
		opening += 1000_00
	}
	f.Customers = append(f.Customers, iti.WalletCustomer{ID: id, Balance: money.Format(opening)})
	s.opening[id] = opening
	return id, nil
}

// issueFor has a harness acquirer issue a code whose merchant is written
// as the case's payee form; each call is for a merchant of its own, so
// that what the acquirer receives on it is the code's alone.
func issueFor(ctx context.Context, issuer, form, kind, amount string) (string, iti.CodeMerchant, error) {
	s := st(ctx)
	a, ok := s.payees[issuer]
	if !ok {
		return "", iti.CodeMerchant{}, fmt.Errorf("the feature names institution %q, which the clearing switch does not connect", issuer)
	}
	f := payeeForms[form]
	s.mu.Lock()
	s.merchants++
	m := iti.CodeMerchant{ID: fmt.Sprintf("M%04d", s.merchants), Name: f.name, City: "Beijing", Category: "5814"}
	s.mu.Unlock()
	payload, err := a.IssueLocal(m, f.local, kind, amount, cny)
	return payload, m, err
}

// scanned is how the harness draws the codes it hands the wallet: 4 pixels
// a module, a 4-module quiet zone. Clean, and more than the 3 pixels a
// module QR-02 asks an acquirer's picture to read at; small, because the
// wallet reads hundreds of them in a certification.
var scanned = qrimage.Options{ModulePx: 4}

// picture draws payload once per scenario and drawing: the harness's
// codes are drawn again only when a case needs another picture of them.
func picture(ctx context.Context, payload string, opts qrimage.Options) ([]byte, error) {
	s := st(ctx)
	key := fmt.Sprintf("%d/%d/%s", opts.ModulePx, opts.QuietZone, payload)
	s.mu.Lock()
	png, ok := s.pictures[key]
	s.mu.Unlock()
	if ok {
		return png, nil
	}
	png, err := qrimage.Render(payload, opts)
	if err != nil {
		return nil, fmt.Errorf("the harness cannot draw the code %q: %v", payload, err)
	}
	s.mu.Lock()
	s.pictures[key] = png
	s.mu.Unlock()
	return png, nil
}

// QR-05: customers of the wallet pay the codes one acquirer issues. Each
// case is one payment by a customer of its own: a static or an order code,
// its merchant written in one of the forms above, an amount from one fen
// to the static codes' daily cap, and an opening balance of exactly the
// amount or more. The static codes of one form are one code, paid by every
// case of that form, as a shop's code on the counter is; each order code is
// an order of its own.

// Amounts QR-05 pays: from one fen, through odd fen, to exactly the CNY
// 500.00 a customer may pay on static codes in a day.
var mutualAmounts = []string{"0.01", "0.99", "7.05", "18.00", "188.88", "500.00"}

// payCase is one case of QR-05 and what the harness saw of it.
type payCase struct {
	key, issuer, customer string
	dims                  gen.Case
	kind, amount          string
	merchant              iti.CodeMerchant
	res                   iti.ScanResult
	sent                  []clearing.Record     // what the wallet sent the switch meanwhile
	received              []iti.ReceivedPayment // and what the issuer received
	moved                 *iti.Movements        // the customer's movements, read back
}

func (c *payCase) name() string {
	what := "a static code"
	if c.kind == iti.CodeDynamic {
		what = "an order code"
	}
	return fmt.Sprintf("%s of %s for %q, merchant written %s, CNY %s paid by %s (opening balance %s)", what, c.issuer, c.merchant.Name, c.dims["merchant"], c.amount, c.customer, c.dims["balance"])
}

// customersPay is QR-05's When step: the scenario's cases, one after
// another, each read back once all are made.
func customersPay(ctx context.Context, issuer string) error {
	s := st(ctx)
	if _, ok := s.payees[issuer]; !ok {
		return fmt.Errorf("the feature names institution %q, which the clearing switch does not connect", issuer)
	}
	w := scenario.From(ctx)
	g := gen.New(w.Env.Seed, w.Name)
	dims := []gen.Dim{{Name: "code", Values: []string{iti.CodeStatic, iti.CodeDynamic}}, {Name: "merchant", Values: keys(payeeForms)},
		{Name: dimAmount, Values: mutualAmounts}, {Name: "customer", Values: keys(customerForms)}, {Name: "balance", Values: balanceForms}}
	// The outline's three examples, an acquirer each, share the
	// requirement's cases.
	cases := draw(w, g, perExample(w, 6, 3), dims...)
	statics := map[string]string{} // payee form -> the static code of that form
	merchantOf := map[string]iti.CodeMerchant{}
	var pays []*payCase
	for i, c := range cases {
		n, _ := money.Parse(c[dimAmount])
		cust, err := newCustomer(ctx, c, n)
		if err != nil {
			return err
		}
		p := &payCase{key: fmt.Sprintf("payment %d", i+1), issuer: issuer, customer: cust, dims: c, kind: c["code"], amount: c[dimAmount]}
		pays = append(pays, p)
		if p.kind == iti.CodeStatic && statics[c["merchant"]] == "" {
			payload, m, err := issueFor(ctx, issuer, c["merchant"], iti.CodeStatic, "")
			if err != nil {
				return err
			}
			statics[c["merchant"]], merchantOf[payload] = payload, m
		}
	}
	sess, err := walletSession(ctx)
	if err != nil {
		return err
	}
	for _, p := range pays {
		payload := statics[p.dims["merchant"]]
		scanAmount := p.amount
		if p.kind == iti.CodeDynamic {
			var m iti.CodeMerchant
			if payload, m, err = issueFor(ctx, issuer, p.dims["merchant"], iti.CodeDynamic, p.amount); err != nil {
				return err
			}
			merchantOf[payload], scanAmount = m, ""
		}
		p.merchant = merchantOf[payload]
		png, err := picture(ctx, payload, scanned)
		if err != nil {
			return err
		}
		sent, received := len(s.sw.Records()), len(s.payees[issuer].Received())
		if p.res, err = sess.Scan(ctx, iti.ScanRequest{Customer: p.customer, Image: png, Amount: scanAmount}); err != nil {
			return err
		}
		p.sent, p.received = s.sw.Records()[sent:], s.payees[issuer].Received()[received:]
	}
	if err := parallel(len(pays), func(i int) error {
		m, err := sess.Movements(ctx, pays[i].customer)
		pays[i].moved = &m
		return err
	}); err != nil {
		return err
	}
	s.pays = pays
	return nil
}

// judgePays judges every case of QR-05 with check, as judgeCodes does.
func judgePays(ctx context.Context, what string, check func(*payCase) string) error {
	s := st(ctx)
	if len(s.pays) == 0 {
		return fmt.Errorf("no customer paid a code in an earlier step")
	}
	return judgeEach(ctx, what, "payments", s.pays, check)
}

func (c *payCase) caseKey() string    { return c.key }
func (c *payCase) caseDims() gen.Case { return c.dims }

func everyPaymentThrough(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgePays(ctx, "every payment goes through", func(p *payCase) string {
		if p.res.Outcome != iti.ScanPaid {
			return fmt.Sprintf("the wallet says %q (%s)", p.res.Outcome, p.res.Reason)
		}
		return ""
	})
}

func issuerReceivesEach(ctx context.Context, issuer string) error {
	scenario.Rest(ctx, evidence.Artefact)
	return judgePays(ctx, issuer+" receives every payment from the wallet through the clearing switch, each for its amount", func(p *payCase) string {
		if p.issuer != issuer {
			return fmt.Sprintf("the payment was made on a code of %s, not of %s", p.issuer, issuer)
		}
		want, _ := money.Parse(p.amount)
		var got []string
		n := 0
		for _, r := range p.received {
			if r.PayerWallet != iutWalletID || r.MerchantID != p.merchant.ID {
				continue
			}
			a, err := money.Parse(r.Amount)
			if r.Status == iti.PaymentAccepted && err == nil && a == want && isCNY(r.Currency) {
				n++
			}
			got = append(got, fmt.Sprintf("%s %s (currency %s)", r.Status, r.Amount, r.Currency))
		}
		switch {
		case n == 1:
			return ""
		case n > 1:
			return fmt.Sprintf("%s accepted %d payments of CNY %s on the one scan: %s", issuer, n, p.amount, strings.Join(got, "; "))
		}
		return fmt.Sprintf("%s received no payment of CNY %s from the wallet; it received %s, and the clearing switch saw from the wallet %s", issuer, p.amount, orNothing(got), orNothing(sentBy(p.sent)))
	})
}

// sentBy says what the wallet under test sent the switch among recs.
func sentBy(recs []clearing.Record) []string {
	var out []string
	for _, r := range recs {
		if r.PayerWallet == iutWalletID {
			line := fmt.Sprintf("%s %s (currency %s) to %s", r.Status, r.Amount, r.Currency, r.Payee)
			if r.Reason != "" {
				line += ": " + r.Reason
			}
			out = append(out, line)
		}
	}
	return out
}

func orNothing(xs []string) string {
	if len(xs) == 0 {
		return "nothing"
	}
	return strings.Join(xs, "; ")
}

func eachBalanceDown(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	s := st(ctx)
	return judgePays(ctx, "each customer's balance has gone down by exactly the amount paid", func(p *payCase) string {
		want, _ := money.Parse(p.amount)
		return balanceFinding(p.customer, s.opening[p.customer], want, p.moved)
	})
}

// balanceFinding says what is wrong with a customer's balance and
// movements, read back as m, when they should show want fen paid from
// opening: "" when nothing is.
func balanceFinding(customer string, opening, want int64, m *iti.Movements) string {
	if m == nil {
		return "the customer's movements were not read back"
	}
	bal, err := money.Parse(m.Balance)
	if err != nil {
		return fmt.Sprintf("the wallet reports %s's balance as %q: %v", customer, m.Balance, err)
	}
	mv, err := readMovements(m.Movements, opening)
	if err != nil {
		return err.Error()
	}
	var f []string
	if opening-bal != want {
		f = append(f, fmt.Sprintf("%s's balance went from %s to %s, down by %s, not by %s", customer, money.Format(opening), m.Balance, money.Format(opening-bal), money.Format(want)))
	}
	if mv.sum != -want {
		f = append(f, fmt.Sprintf("%s's movements add up to %s, not -%s: %s", customer, money.Format(mv.sum), money.Format(want), strings.Join(mv.lines(), "; ")))
	}
	return strings.Join(f, "; ")
}
