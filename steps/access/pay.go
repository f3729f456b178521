package access

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// ACCESS-03: tail and top institutions on the payment screen, and one
// payment through each, end to end, side by side.

var handoffMeta = regexp.MustCompile(`<meta name="` + regexp.QuoteMeta(institution.MetaHandoff) + `" content="([^"]*)">`)

// payment is one end-to-end payment as the consumer and the wallet saw it.
type payment struct {
	inst     *inst
	kind     string // the handoff's kind
	landed   string // whose page the handoff led to
	accepted bool   // the wallet accepted the handoff
	status   string // the platform's record of the order afterwards
	paidWith string
	credited int64 // what the platform credited
	ledger   int64 // what the wallet's ledger holds for the order
	amount   int64 // what the order cost
	trouble  string
}

// ok is whether the payment succeeded end to end through its institution.
func (p payment) ok() bool {
	return p.trouble == "" && p.landed == p.inst.id && p.accepted && p.status == iti.OrderPaid && p.paidWith == p.inst.id &&
		p.credited == p.amount && p.ledger == p.amount
}

// shape is what must be the same for a tail and a top institution.
func (p payment) shape() string {
	return fmt.Sprintf("handoff %s, into the chosen wallet %v, accepted %v, order %s with it %v, credited as in the ledger %v",
		p.kind, p.landed == p.inst.id, p.accepted, p.status, p.paidWith == p.inst.id, p.credited == p.ledger && p.ledger == p.amount)
}

// payThrough pays a fresh order through in as consumer, as a device would:
// it follows the handoff into the wallet, confirms there, and reads the
// platform's record.
func payThrough(ctx context.Context, in *inst, consumer string, amount int64) (payment, error) {
	s := st(ctx)
	p := payment{inst: in, amount: amount}
	c, err := checkoutAt(ctx, s.merchant, consumer, amount)
	if err != nil {
		return p, err
	}
	sess, err := session(ctx)
	if err != nil {
		return p, err
	}
	h, err := sess.Choose(ctx, c.OrderID, iti.ChoiceRequest{InstitutionID: in.id})
	if err != nil {
		return p, err
	}
	p.kind = h.Kind
	w := scenario.From(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.URL, nil)
	if err != nil {
		p.trouble = fmt.Sprintf("the handoff %q is not a link a device can open", h.URL)
		return p, nil
	}
	resp, err := w.HTTP.Do(req)
	if err != nil {
		p.trouble = "following the handoff: " + err.Error()
		return p, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	host := strings.ToLower(resp.Request.URL.Hostname())
	if at := s.byHost[host]; at != nil {
		p.landed = at.id
	} else {
		p.landed = host
	}
	m := handoffMeta.FindStringSubmatch(string(body))
	p.accepted = resp.StatusCode == http.StatusOK && m != nil && p.landed == in.id
	if p.accepted {
		form := url.Values{"payer": {consumer}}.Encode()
		creq, err := http.NewRequestWithContext(ctx, http.MethodPost, scenario.From(ctx).URL(in.host, institution.ConfirmPath+m[1]), strings.NewReader(form))
		if err != nil {
			return p, err
		}
		creq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		cresp, err := w.HTTP.Do(creq)
		if err != nil {
			p.trouble = "confirming in the wallet: " + err.Error()
		} else {
			io.Copy(io.Discard, cresp.Body)
			cresp.Body.Close()
			if cresp.StatusCode != http.StatusOK {
				p.trouble = fmt.Sprintf("the wallet would not take the payment (status %d)", cresp.StatusCode)
			}
		}
	}
	o, err := sess.Order(ctx, c.OrderID)
	if err != nil {
		return p, err
	}
	p.status, p.paidWith = o.Status, o.PaidWith
	for _, cr := range o.Credits {
		p.credited += cr.AmountMinor
	}
	for _, lp := range in.mock.Payments() {
		if lp.Order == c.OrderID {
			p.ledger += lp.Amount
		}
	}
	return p, nil
}

type paymentsKey struct{}

func payEach(ctx context.Context) (context.Context, error) {
	s := st(ctx)
	if s.merchant == "" {
		return ctx, errors.New("no merchant was set up; a Given step must enable the institutions first")
	}
	var out []payment
	for i, in := range append(tiered(s, iti.TierTop), tiered(s, iti.TierTail)...) {
		// A consumer of its own per payment, so that no earlier choice is
		// preselected and every payment starts alike.
		p, err := payThrough(ctx, in, fmt.Sprintf("shopper-%d", i+1), 4200)
		if err != nil {
			return ctx, err
		}
		out = append(out, p)
	}
	return context.WithValue(ctx, paymentsKey{}, out), nil
}

func money(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

func samePayments(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	ps, ok := ctx.Value(paymentsKey{}).([]payment)
	if !ok || len(ps) == 0 {
		return errors.New("no payment was made; a When step must pay first")
	}
	rows := []string{fmt.Sprintf("%-12s %-5s %-9s %-12s %-8s %-7s %-12s %-8s %-7s %s", "institution", "tier", "handoff", "landed in", "accepted", "order", "paid with", "credited", "ledger", "trouble")}
	var top *payment
	for i, p := range ps {
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-9s %-12s %-8v %-7s %-12s %-8s %-7s %s", p.inst.id, p.inst.tier, p.kind, p.landed, p.accepted, p.status, p.paidWith,
			money(p.credited), money(p.ledger), p.trouble))
		if top == nil && p.inst.tier == iti.TierTop {
			top = &ps[i]
		}
	}
	scenario.From(ctx).Log.Note("Payments side by side", strings.Join(rows, "\n"))
	if top == nil {
		return errors.New("no top institution was paid through, so there is nothing to compare with")
	}
	var f scenario.Findings
	for _, p := range ps {
		if p.inst.tier != iti.TierTail {
			continue
		}
		f.Check(p.ok(), "paying through %s (tail) did not succeed end to end: %s %s", p.inst.id, p.shape(), p.trouble)
		f.Check(p.shape() == top.shape(), "paying through %s (tail) went differently from paying through %s (top)", p.inst.id, top.inst.id)
	}
	return f.Err()
}
