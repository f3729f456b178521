package barcodes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/internal/stats"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// QR-04: top and tail wallets pay the acquirer's codes in pairs of twin
// payments — the same code kind and amount, back to back — and each pair
// is compared: the exchanges the acquirer asked for, the outcome, and the
// time the acquirer took.

// probe watches the switch's deliveries on their way out: every exchange
// with a payee (a redirect the switch follows is an exchange of its own)
// and how long the payee took to answer. Only the acquirer's part is
// timed, not the mock wallet's or the switch's.
type probe struct {
	base http.RoundTripper

	mu    sync.Mutex
	hops  []int // the status code of each exchange since reset
	spent time.Duration
}

func (p *probe) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := p.base.RoundTrip(req)
	d := time.Since(start)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.spent += d
	if err != nil {
		p.hops = append(p.hops, 0)
	} else {
		p.hops = append(p.hops, resp.StatusCode)
	}
	return resp, err
}

// take returns what was seen since the last take.
func (p *probe) take() ([]int, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, d := p.hops, p.spent
	p.hops, p.spent = nil, 0
	return h, d
}

// Dimensions of QR-04's payments, in the Rule's words: the code's kind and
// the amount, from one fen to an everyday large sum, odd fen included.
var (
	alikeKinds   = gen.Dim{Name: "code", Values: []string{iti.CodeStatic, iti.CodeDynamic}}
	alikeAmounts = gen.Dim{Name: "amount", Values: []string{"0.01", "0.99", "7.05", "25.00", "36.80", "188.88", "2999.99"}}
)

// alikePair is one case: a top and a tail wallet's twin payments.
type alikePair struct {
	kind, amount string
	top, tail    int // indexes into state.walletPays
	// timed is false for the first pair, which warms up whatever either
	// path caches: it is judged like the others, but not timed.
	timed bool
}

func (p alikePair) name(top, tail walletPay) string {
	return fmt.Sprintf("a %s code, CNY %s, paid from %s and from %s", p.kind, p.amount, top.wallet, tail.wallet)
}

// judgePairs judges every pair of twin payments with check, which says what
// is wrong with one pair ("" when nothing is): each pair is one case, and
// the steps that judge the same pair fold into it.
func judgePairs(ctx context.Context, what string, check func(top, tail walletPay) string) error {
	s := st(ctx)
	if len(s.pairs) == 0 {
		return errors.New("no twin payments were made in an earlier step")
	}
	log := scenario.From(ctx).Log
	var bad []string
	for i, p := range s.pairs {
		top, tail := s.walletPays[p.top], s.walletPays[p.tail]
		finding := check(top, tail)
		log.Judge(fmt.Sprintf("pair %d", i+1), evidence.Case{Kind: evidence.CaseSample, Name: p.name(top, tail),
			Dims: map[string]string{"code": p.kind, "amount": p.amount, "first": s.walletPays[min(p.top, p.tail)].wallet}, Held: finding == "", Detail: finding})
		if finding != "" {
			bad = append(bad, p.name(top, tail)+" — "+finding)
		}
	}
	return scenario.CasesFailed(what, len(s.pairs), "pairs of payments", bad, 3)
}

func walletsPayAlike(ctx context.Context, merchant, times string, table *godog.Table) error {
	n, err := strconv.Atoi(times)
	if err != nil || n < 3 || n > 200 {
		return fmt.Errorf("the feature asks for %s payments of each; the comparison needs between 3 and 200", times)
	}
	if len(table.Rows) < 3 || table.Rows[0].Cells[0].Value != "wallet" {
		return fmt.Errorf("the table must have a single column \"wallet\" and at least a top and a tail wallet")
	}
	s := st(ctx)
	if s.probe == nil {
		return errors.New("no clearing switch was set up by an earlier step")
	}
	tier := map[string]string{}
	for _, p := range s.sw.Directory().Participants {
		tier[p.ID] = p.Tier
	}
	var tops, tails []string
	for _, row := range table.Rows[1:] {
		name := row.Cells[0].Value
		if _, ok := s.wallets[name]; !ok {
			return fmt.Errorf("the feature names wallet %q, which the clearing switch does not connect", name)
		}
		if tier[name] == clearing.TierTail {
			tails = append(tails, name)
		} else {
			tops = append(tops, name)
		}
	}
	if len(tops) == 0 || len(tails) == 0 {
		return errors.New("the comparison needs a top and a tail wallet")
	}
	code, err := issueOne(ctx, iti.CodeStatic, merchant)
	if err != nil {
		return err
	}
	static := code.Payload
	w := scenario.From(ctx)
	g := gen.New(w.Env.Seed, w.Name)
	// One untimed pair first warms up whatever either path caches. The
	// scenario's count is the fewest pairs; a certification draws more.
	cases := append([]gen.Case{{"code": iti.CodeStatic, "amount": "1.00"}}, g.Cases(w.Cases(n), alikeKinds, alikeAmounts)...)
	// Each payment of an order code needs a code of its own; all are
	// issued before any is paid, several at once, so issuing is never
	// timed.
	codes := make([][]string, len(cases))
	var orders [][2]int
	for i, c := range cases {
		codes[i] = []string{static, static}
		if c["code"] == iti.CodeDynamic {
			orders = append(orders, [2]int{i, 0}, [2]int{i, 1})
		}
	}
	if _, err := acquirerSession(ctx); err != nil {
		return err
	}
	if err := parallel(len(orders), func(k int) error {
		i, j := orders[k][0], orders[k][1]
		code, err := orderCode(ctx, cases[i]["amount"])
		codes[i][j] = code
		return err
	}); err != nil {
		return err
	}
	for i, c := range cases {
		order := []string{tails[g.IntN(len(tails))], tops[g.IntN(len(tops))]}
		if i%2 == 1 {
			// Alternate which goes first, so that neither side always
			// follows the other.
			order[0], order[1] = order[1], order[0]
		}
		codes := codes[i]
		pair := alikePair{kind: c["code"], amount: c["amount"], timed: i > 0}
		for j, name := range order {
			s.probe.take()
			res, err := s.wallets[name].Pay(ctx, codes[j], c["amount"])
			if err != nil {
				return err
			}
			hops, spent := s.probe.take()
			s.walletPays = append(s.walletPays, walletPay{index: len(s.walletPays), wallet: name, res: res, amount: c["amount"], hops: hops, spent: spent})
			if tier[name] == clearing.TierTail {
				pair.tail = len(s.walletPays) - 1
			} else {
				pair.top = len(s.walletPays) - 1
			}
		}
		s.pairs = append(s.pairs, pair)
	}
	return nil
}

// orderCode has the acquirer issue an order code for amount, for the
// merchant of the scenario.
func orderCode(ctx context.Context, amount string) (string, error) {
	sess, err := acquirerSession(ctx)
	if err != nil {
		return "", err
	}
	s := st(ctx)
	code, err := sess.IssueCode(ctx, iti.CodeRequest{Merchant: s.merchant, Kind: iti.CodeDynamic, Amount: amount, Currency: cny})
	if err != nil {
		return "", err
	}
	return code.Payload, nil
}

// exchanges writes a payment's exchanges with the acquirer for a reader:
// "answered 200" or "sent on (307), then answered 200".
func exchanges(hops []int) string {
	if len(hops) == 0 {
		return "no exchange with the acquirer"
	}
	var out []string
	for i, h := range hops {
		switch {
		case h == 0:
			out = append(out, "no answer")
		case i < len(hops)-1:
			out = append(out, fmt.Sprintf("sent on (%d)", h))
		default:
			out = append(out, fmt.Sprintf("answered %d", h))
		}
	}
	return strings.Join(out, ", then ")
}

func sameExchanges(ctx context.Context) error {
	return judgePairs(ctx, "each tail wallet's payment took the same exchanges with the acquirer as its top twin", func(top, tail walletPay) string {
		if slices.Equal(top.hops, tail.hops) && top.res.Status == tail.res.Status {
			return ""
		}
		return fmt.Sprintf("the payment from %s %s and was %s, the one from %s %s and was %s",
			top.wallet, exchanges(top.hops), top.res.Status, tail.wallet, exchanges(tail.hops), tail.res.Status)
	})
}

func tailAsFast(ctx context.Context, factor string) error {
	s := st(ctx)
	if len(s.pairs) == 0 {
		return errors.New("no twin payments were made in an earlier step")
	}
	f, err := strconv.ParseFloat(factor, 64)
	if err != nil || f < 1 {
		return fmt.Errorf("the factor %q is not a number of at least 1", factor)
	}
	var tail, top []time.Duration
	for _, p := range s.pairs {
		if p.timed {
			tail, top = append(tail, s.walletPays[p.tail].spent), append(top, s.walletPays[p.top].spent)
		}
	}
	// ACCESS-05's rule, in the words QR-04's Rule repeats.
	wins, signP := stats.SlowerPairs(tail, top)
	mt, mp := stats.Median(tail), stats.Median(top)
	slow := stats.TooSlow(mt, mp, f) && signP < stats.SignLevel
	ratio := float64(mt) / float64(max(mp, 1))
	row := func(name string, ds []time.Duration) string {
		return fmt.Sprintf("%-5s %6d %12s %12s %12s", name, len(ds), stats.Median(ds).Round(time.Microsecond), slices.Min(ds).Round(time.Microsecond), slices.Max(ds).Round(time.Microsecond))
	}
	w := scenario.From(ctx)
	w.Log.Note("The acquirer's handling time, tail and top wallets' payments side by side", strings.Join([]string{
		fmt.Sprintf("%-5s %6s %12s %12s %12s", "tier", "trials", "median", "fastest", "slowest"),
		row("tail", tail), row("top", top),
		fmt.Sprintf("tail/top = %.2f; the tail wallet's payment was the slower in %d of %d back-to-back pairs (sign test p = %.4f)", ratio, wins, len(tail), signP),
		fmt.Sprintf("the rule: too slow only if the tail median exceeds %.1f × the top median AND exceeds it by more than %s AND the sign test's p < %.2f", f, stats.SlackAbsolute, stats.SignLevel),
		fmt.Sprintf("verdict: %s", map[bool]string{true: "tail wallets' payments are handled too slowly", false: "within the rule"}[slow]),
	}, "\n"))
	ms := func(ds []time.Duration) string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', -1, 64)
		}
		return strings.Join(out, " ")
	}
	// One case, not one a pair: the verdict rests on one statistical test.
	limit := max(time.Duration(f*float64(mp)), mp+stats.SlackAbsolute)
	c := evidence.Case{Kind: evidence.CaseSample,
		Name: fmt.Sprintf("%d back-to-back pairs of a tail and a top wallet's payment", len(tail)),
		Dims: map[string]string{"tier": iti.TierTop + " " + iti.TierTail, iti.TierTop + " ms": ms(top), iti.TierTail + " ms": ms(tail), "limit ms": ms([]time.Duration{limit})},
		Held: !slow}
	if slow {
		c.Detail = fmt.Sprintf("tail median %s, top median %s", mt.Round(time.Microsecond), mp.Round(time.Microsecond))
	}
	w.Log.Case(c)
	if slow {
		return fmt.Errorf("the acquirer takes a median %s to handle a tail wallet's payment and %s for a top wallet's — %.2f times as long, more than %.1f times and more than %s longer, and slower in %d of %d pairs (p = %.4f)",
			mt.Round(time.Microsecond), mp.Round(time.Microsecond), ratio, f, stats.SlackAbsolute, wins, len(tail), signP)
	}
	return nil
}
