package barcodes

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-06: every threat of the Rule's threat model, one a row. Each is tried
// on a code of its own, issued by an acquirer drawn from the seed, scanned
// by a customer of its own for an amount drawn from the seed; after each
// the harness reads back what the wallet sent the clearing switch and the
// customer's balance and movements. What the wallet answered decides only
// whether it refused before a prompt; whether money moved is read back.

// damage is what a threat's row does to a well-formed code: body is the
// code without its check digits (ID 63), in order. dynamic says the row
// needs an order code.
type damage struct {
	dynamic bool
	apply   func(payload string, body []emv.Object) (string, error)
}

var damages = map[string]damage{
	"one letter of the merchant name changed, the check digits left as they were": {apply: func(payload string, body []emv.Object) (string, error) {
		return keepCRC(payload, body, "59", func(v string) string { return swapFirst(v) })
	}},
	"the amount of an order code changed, the check digits left as they were": {dynamic: true, apply: func(payload string, body []emv.Object) (string, error) {
		return keepCRC(payload, body, "54", func(v string) string {
			// A tenth of the amount, or ten times one under 0.10 yuan: an
			// amount still written as the format asks, so that only the
			// check digits show the change.
			n, err := money.Parse(v)
			switch {
			case err != nil:
				return v + "0"
			case n < 10:
				return money.Format(n * 10)
			}
			return money.Format(n / 10)
		})
	}},
	"a length that no longer matches its value, the check digits computed again": {apply: func(payload string, body []emv.Object) (string, error) {
		o, ok := find(body, "59")
		if !ok {
			return "", fmt.Errorf("the code has no merchant name")
		}
		head := strings.Replace(payload[:len(payload)-4], tlv(o), "5999"+o.Value, 1)
		return head + fmt.Sprintf("%04X", emv.CRC16([]byte(head))), nil
	}},
	"the format indicator moved from the start": {apply: func(payload string, body []emv.Object) (string, error) {
		if len(body) < 4 {
			return "", fmt.Errorf("the code is too short to reorder")
		}
		return build(append(append(append([]emv.Object{}, body[1:3]...), body[0]), body[3:]...))
	}},
	"the check digits moved from the end": {apply: func(payload string, body []emv.Object) (string, error) {
		head, err := emv.Encode(body[:len(body)-1]...)
		if err != nil {
			return "", err
		}
		tail, err := emv.Encode(body[len(body)-1])
		if err != nil {
			return "", err
		}
		head += "6304"
		return head + fmt.Sprintf("%04X", emv.CRC16([]byte(head))) + tail, nil
	}},
	"the merchant name given twice, the check digits computed again": {apply: func(payload string, body []emv.Object) (string, error) {
		var out []emv.Object
		for _, o := range body {
			out = append(out, o)
			if o.ID == "59" {
				out = append(out, emv.Object{ID: "59", Value: swapFirst(o.Value)})
			}
		}
		return build(out)
	}},
	"the merchant name taken out, the check digits computed again": {apply: func(payload string, body []emv.Object) (string, error) {
		return build(without(body, func(o emv.Object) bool { return o.ID == "59" }))
	}},
	"the merchant account stripped of the identifier that routes it, the check digits computed again": {apply: func(payload string, body []emv.Object) (string, error) {
		var out []emv.Object
		for _, o := range body {
			if n := o.ID; n >= "26" && n <= "51" {
				kids := without(o.Children, func(c emv.Object) bool { return c.ID == "00" })
				v, err := emv.Encode(kids...)
				if err != nil {
					return "", err
				}
				o = emv.Object{ID: o.ID, Value: v, Children: kids}
			}
			out = append(out, o)
		}
		return build(out)
	}},
}

// tampered damages a well-formed payload as the row names it. Where a row
// computes the check digits again, what it names is all that is wrong.
func tampered(payload, row string) (string, error) {
	d, ok := damages[row]
	if !ok {
		return "", fmt.Errorf("no tampering is written for the threat %q; the threats this step knows are: %s", row, strings.Join(knownDamages(), "; "))
	}
	p, err := emv.Parse(payload)
	if err != nil {
		return "", fmt.Errorf("the code to tamper with cannot be read: %v", err)
	}
	body := without(p.Objects, func(o emv.Object) bool { return o.ID == "63" })
	if _, ok := find(body, "59"); !ok || len(body) < 4 {
		return "", fmt.Errorf("the code has no merchant name to tamper with")
	}
	out, err := d.apply(payload, body)
	if err != nil {
		return "", err
	}
	if out == payload {
		return "", fmt.Errorf("tampering (%s) left the code unchanged", row)
	}
	return out, nil
}

// keepCRC changes the value of id and leaves the check digits as the
// acquirer computed them.
func keepCRC(payload string, body []emv.Object, id string, change func(string) string) (string, error) {
	o, ok := find(body, id)
	if !ok {
		return "", fmt.Errorf("the code has no ID %s to change", id)
	}
	v := change(o.Value)
	return strings.Replace(payload, tlv(o), tlv(emv.Object{ID: id, Value: v}), 1), nil
}

func swapFirst(v string) string {
	if strings.HasPrefix(v, "X") {
		return "Y" + v[1:]
	}
	return "X" + v[1:]
}

func tlv(o emv.Object) string { return fmt.Sprintf("%s%02d%s", o.ID, len([]rune(o.Value)), o.Value) }

func build(objs []emv.Object) (string, error) {
	b := emv.NewBuilder()
	for _, o := range objs {
		b.AddObject(o)
	}
	return b.Build()
}

func find(objs []emv.Object, id string) (emv.Object, bool) {
	for _, o := range objs {
		if o.ID == id {
			return o, true
		}
	}
	return emv.Object{}, false
}

func without(objs []emv.Object, drop func(emv.Object) bool) []emv.Object {
	var out []emv.Object
	for _, o := range objs {
		if !drop(o) {
			out = append(out, o)
		}
	}
	return out
}

func knownDamages() []string {
	var out []string
	for k := range damages {
		out = append(out, fmt.Sprintf("%q", k))
	}
	sort.Strings(out)
	return out
}

// codeTrial is one threat tried: a Case once judged. refused and moved
// are the requirement's two findings about it, empty when that guard held.
type codeTrial struct {
	name             string
	dims             map[string]string
	refused, moved   string
	answer, readBack string
	// seen is the wallet's screen after the scan, when it was observed.
	seen *scanView
}

// acquirers are the connected acquirers a code may be drawn from.
func acquirers(s *state) []string {
	var out []string
	for name := range s.payees {
		if _, wallet := s.wallets[name]; !wallet {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// tamperAmounts are what the customers pay on the tampered static codes,
// and the amounts of the genuine order codes: from one fen to the static
// codes' daily cap.
var tamperAmounts = []string{"0.01", "0.99", "7.05", "18.00", "188.88", "500.00"}

// tryTampering is the table step: every row, tried again and again, each
// try on a code and by a customer of its own. A try draws the acquirer that
// issued the genuine code, how that code writes its merchant, the amount
// and the customer's id; every row meets every acquirer and every form,
// and the tries of all rows come in an order drawn from the seed. The
// genuine static codes of an acquirer and form are one code, as a shop's
// code on the counter is, so that its tampered copies are drawn once.
func tryTampering(ctx context.Context, table *godog.Table) error {
	scenario.Rest(ctx, evidence.Artefact)
	rows, err := threatRows(table)
	if err != nil {
		return err
	}
	s := st(ctx)
	w := scenario.From(ctx)
	if w.Fixtures.Wallet == nil || s.sw == nil {
		return fmt.Errorf("the wallet under test was not connected to the clearing switch by an earlier step")
	}
	from := acquirers(s)
	if len(from) == 0 {
		return fmt.Errorf("the clearing switch connects no acquirer to issue codes")
	}
	for _, row := range rows {
		if _, ok := damages[row]; !ok {
			_, err := tampered("", row)
			return err
		}
	}
	g := gen.New(w.Env.Seed, w.Name)
	tries := (w.Cases(len(rows)) + len(rows) - 1) / len(rows)
	dims := []gen.Dim{{Name: "issued by", Values: from}, {Name: "merchant", Values: keys(payeeForms)},
		{Name: dimAmount, Values: tamperAmounts}, {Name: "customer", Values: keys(customerForms)}}
	// Every customer is in the fixtures before the session opens.
	const opening = 1000_00
	var trials []*codeTrial
	for _, row := range rows {
		for _, c := range draw(w, g, tries, dims...) {
			c["balance"] = balanceMore
			cust, err := newCustomer(ctx, c, 0)
			if err != nil {
				return err
			}
			delete(c, "balance")
			c["customer"] = cust
			trials = append(trials, &codeTrial{name: row, dims: c})
		}
	}
	g.Rand().Shuffle(len(trials), func(i, j int) { trials[i], trials[j] = trials[j], trials[i] })
	s.threats = rows
	sess, err := walletSession(ctx)
	if err != nil {
		return err
	}
	genuine := map[string]string{} // issuer and form -> the static code
	looked := map[string]bool{}    // the threats whose screen was opened
	s.trials = nil
	for _, t := range trials {
		d, issuer, form := damages[t.name], t.dims["issued by"], t.dims["merchant"]
		kind, codeAmount, scanAmount := iti.CodeStatic, "", t.dims[dimAmount]
		if d.dynamic {
			kind, codeAmount, scanAmount = iti.CodeDynamic, scanAmount, ""
		}
		t.dims["code"] = kind
		code := genuine[issuer+"/"+form]
		if kind == iti.CodeDynamic || code == "" {
			if code, _, err = issueFor(ctx, issuer, form, kind, codeAmount); err != nil {
				return err
			}
			if kind == iti.CodeStatic {
				genuine[issuer+"/"+form] = code
			}
		}
		bad, err := tampered(code, t.name)
		if err != nil {
			return fmt.Errorf("trying %q: %w", t.name, err)
		}
		png, err := picture(ctx, bad, scanned)
		if err != nil {
			return fmt.Errorf("trying %q: %w", t.name, err)
		}
		cust := t.dims["customer"]
		before := len(s.sw.Records())
		res, err := sess.Scan(ctx, iti.ScanRequest{Customer: cust, Image: png, Amount: scanAmount})
		if err != nil {
			return fmt.Errorf("trying %q: %w", t.name, err)
		}
		if w.Observing() && !looked[t.name] && len(looked) < ScanScreens {
			looked[t.name] = true
			t.seen = observeScan(ctx, res, t.name)
		}
		m, err := sess.Movements(ctx, cust)
		if err != nil {
			return fmt.Errorf("trying %q: reading back %s's movements: %w", t.name, cust, err)
		}
		if err := judgeTampering(t, res, s.sw.Records()[before:], m, opening); err != nil {
			return fmt.Errorf("trying %q: %w", t.name, err)
		}
		s.trials = append(s.trials, t)
		w.Log.Case(evidence.Case{Kind: evidence.CaseThreat, Name: t.name, Dims: t.dims, Held: t.refused == "" && t.moved == "", Detail: t.detail()})
	}
	return nil
}

// judgeTampering reads one trial's outcome: for the refusal the wallet's
// answer, and its screen where that was observed; for the money what it
// sent the switch and the customer's movements — a payment sent on a
// tampered code counts whatever the payee answered, since the harness's
// acquirers are not the wallet's guard.
func judgeTampering(t *codeTrial, res iti.ScanResult, sent []clearing.Record, m iti.Movements, opening int64) error {
	t.refused = strings.Join(refusalFindings(res, t.seen), "; ")
	t.answer = fmt.Sprintf("the wallet answered %q (prompted: %v): %s", res.Outcome, res.Prompted, oneLine(res.Reason))
	if t.seen != nil {
		t.answer += "; its screen, observed in the browser, shows " + t.seen.seenAs()
	}

	var moved []string
	for _, r := range sent {
		if r.PayerWallet == iutWalletID {
			moved = append(moved, fmt.Sprintf("the wallet sent the clearing switch a payment of %s (currency %s), which ended %s", r.Amount, r.Currency, r.Status))
		}
	}
	mv, err := readMovements(m.Movements, opening)
	if err != nil {
		return err
	}
	if mv.n > 0 {
		var list []string
		for _, x := range mv.moved() {
			list = append(list, x.Amount+" "+x.Currency)
		}
		moved = append(moved, "the customer's movements show "+strings.Join(list, ", "))
	}
	if normalise(m.Balance) != money.Format(opening) {
		moved = append(moved, fmt.Sprintf("the customer's balance went from %s to %s", money.Format(opening), m.Balance))
	}
	t.moved = strings.Join(moved, "; ")
	t.readBack = fmt.Sprintf("read back: no payment sent to the clearing switch, the balance still %s, no movement", m.Balance)
	return nil
}

func (t *codeTrial) detail() string {
	var parts []string
	for _, p := range []string{t.refused, t.moved} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return t.answer + "; " + t.readBack
	}
	return strings.Join(parts, "; ") + " (" + t.answer + ")"
}

// threatRows reads a table whose one column is headed "threat".
func threatRows(table *godog.Table) ([]string, error) {
	if table == nil || len(table.Rows) < 2 {
		return nil, fmt.Errorf("the step needs a table of threats: a column headed \"threat\" and a row per threat")
	}
	head := table.Rows[0].Cells
	if len(head) != 1 || strings.TrimSpace(head[0].Value) != "threat" {
		return nil, fmt.Errorf("the table of threats must have one column, headed \"threat\"")
	}
	var out []string
	for _, r := range table.Rows[1:] {
		out = append(out, strings.TrimSpace(r.Cells[0].Value))
	}
	return out, nil
}

func everyRefused(ctx context.Context) error {
	restRefusals(ctx, st(ctx).trials)
	return codeFindings(ctx, func(t *codeTrial) string { return t.refused })
}

func noneMoved(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return codeFindings(ctx, func(t *codeTrial) string { return t.moved })
}

// codeFindings says, for every threat of the table in its order, how many
// of its tries what finds wrong with, and what it found with the first.
func codeFindings(ctx context.Context, what func(*codeTrial) string) error {
	trials := st(ctx).trials
	if len(trials) == 0 {
		return fmt.Errorf("no tampered code was tried by an earlier step")
	}
	tried, bad, first := map[string]int{}, map[string]int{}, map[string]string{}
	for _, t := range trials {
		tried[t.name]++
		if why := what(t); why != "" {
			if bad[t.name] == 0 {
				first[t.name] = fmt.Sprintf("%s (a code of %s, merchant written %s, CNY %s, customer %s)", why, t.dims["issued by"], t.dims["merchant"], t.dims[dimAmount], t.dims["customer"])
			}
			bad[t.name]++
		}
	}
	var f scenario.Findings
	for _, row := range st(ctx).threats {
		if bad[row] > 0 {
			f.Add("%s: %d of %d tries: %s", row, bad[row], tried[row], first[row])
		}
	}
	return f.Err()
}

func normalise(amount string) string {
	n, err := money.Parse(amount)
	if err != nil {
		return amount
	}
	return money.Format(n)
}
