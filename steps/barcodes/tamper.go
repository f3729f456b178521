package barcodes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/barcode/money"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-06: a tampered code is refused before any payment prompt, and no money
// moves.

func tamper(ctx context.Context, damage string) error {
	s, err := needCode(ctx)
	if err != nil {
		return err
	}
	out, err := tampered(s.payload, damage)
	if err != nil {
		return err
	}
	return setCode(ctx, out, s.issuer)
}

// tampered damages a well-formed payload in one named way. Where the damage
// is about order, the check digits are recomputed, so that order is all that
// is wrong.
func tampered(payload, damage string) (string, error) {
	p, err := emv.Parse(payload)
	if err != nil {
		return "", fmt.Errorf("the code to tamper with cannot be read: %v", err)
	}
	var body []emv.Object // everything but the CRC
	for _, o := range p.Objects {
		if o.ID != "63" {
			body = append(body, o)
		}
	}
	name, ok := p.Get("59")
	if !ok || name.Value == "" || len(body) < 4 {
		return "", fmt.Errorf("the code has no merchant name to tamper with")
	}
	nameTLV := fmt.Sprintf("59%02d%s", len([]rune(name.Value)), name.Value)
	var out string
	switch damage {
	case "one letter of the merchant name changed":
		changed := "X" + name.Value[1:]
		if name.Value[0] == 'X' {
			changed = "Y" + name.Value[1:]
		}
		out = strings.Replace(payload, nameTLV, fmt.Sprintf("59%02d%s", len([]rune(changed)), changed), 1)
	case "a broken length":
		out = strings.Replace(payload, nameTLV, "5999"+name.Value, 1)
	case "the format indicator moved from the start":
		b := emv.NewBuilder()
		for _, o := range append(append(append([]emv.Object{}, body[1:3]...), body[0]), body[3:]...) {
			b.AddObject(o)
		}
		if out, err = b.Build(); err != nil {
			return "", err
		}
	case "the check digits moved from the end":
		head, err := emv.Encode(body[:len(body)-1]...)
		if err != nil {
			return "", err
		}
		tail, err := emv.Encode(body[len(body)-1])
		if err != nil {
			return "", err
		}
		head += "6304"
		out = head + fmt.Sprintf("%04X", emv.CRC16([]byte(head))) + tail
	default:
		return "", fmt.Errorf("unknown damage %q", damage)
	}
	if out == payload {
		return "", fmt.Errorf("tampering (%s) left the code unchanged", damage)
	}
	return out, nil
}

func refusedBeforePrompt(ctx context.Context) error {
	r, err := lastScan(ctx)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(r.Outcome == iti.ScanRejected, "the wallet did not refuse the tampered code: it says %q (%s)", r.Outcome, r.Reason)
	f.Check(!r.Prompted, "the wallet showed a payment prompt for the tampered code")
	return f.Err()
}

func toldWhy(ctx context.Context, name string) error {
	r, err := lastScan(ctx)
	if err != nil {
		return err
	}
	if strings.TrimSpace(r.Reason) == "" {
		return fmt.Errorf("the wallet gave %s no reason", name)
	}
	return nil
}

func noMoneyMoved(ctx context.Context) error {
	s := st(ctx)
	var sent []string
	for _, r := range s.sw.Records() {
		if r.PayerWallet == iutWalletID {
			sent = append(sent, fmt.Sprintf("%s %s to %s", r.Status, r.Amount, r.Payee))
		}
	}
	var f scenario.Findings
	f.Check(len(sent) == 0, "the wallet sent payments to the clearing switch: %s", strings.Join(sent, "; "))
	sess, err := walletSession(ctx)
	if err != nil {
		return err
	}
	for id, open := range s.opening {
		m, err := sess.Movements(ctx, id)
		if err != nil {
			return err
		}
		mv, err := readMovements(m.Movements, open)
		if err != nil {
			return err
		}
		f.Check(mv.n == 0, "%s's balance moved: %v", id, mv.moved())
		f.Check(normalise(m.Balance) == money.Format(open), "%s's balance changed from %s to %s", id, money.Format(open), m.Balance)
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
