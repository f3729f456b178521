package access

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/stats"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// ACCESS-05: the platform's handling time for tail and top handoffs, in
// back-to-back pairs.

type timingsKey struct{}

// timings are the handoff times, in pairs: tail[i] and top[i] were taken
// back to back.
type timings struct{ tail, top []time.Duration }

// handoffOnce times the platform's handling of one handoff: the consumer's
// choice, and the platform's own redirect towards the wallet (not the
// wallet's page, which is the harness's mock).
func handoffOnce(ctx context.Context, sess *iti.Session, hc *http.Client, order, inst string) (time.Duration, error) {
	start := time.Now()
	h, err := sess.Choose(ctx, order, iti.ChoiceRequest{InstitutionID: inst})
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.URL, nil)
	if err != nil {
		return 0, fmt.Errorf("the handoff to %s, %q, is not a link a device can open", inst, h.URL)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("opening the handoff to %s: %w", inst, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(start), nil
}

func timeHandoffs(ctx context.Context, n int) (context.Context, error) {
	if n < 3 || n > 1000 {
		return ctx, fmt.Errorf("the feature asks for %d trials of each; the comparison needs between 3 and 1000", n)
	}
	c, err := theCheckout(ctx)
	if err != nil {
		return ctx, err
	}
	s := st(ctx)
	tops, tails := tiered(s, iti.TierTop), tiered(s, iti.TierTail)
	if len(tops) == 0 || len(tails) == 0 {
		return ctx, errors.New("the comparison needs top and tail institutions")
	}
	sess, err := session(ctx)
	if err != nil {
		return ctx, err
	}
	w := scenario.From(ctx)
	hc := &http.Client{Transport: w.HTTP.Transport, Timeout: w.Env.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// The pairs are drawn first, and every institution in them handed to
	// once untimed: a platform may build something on an institution's
	// first handoff (a session, a key), and 25 tails drawn from many are
	// nearly all first handoffs while the few tops repeat, so timing them
	// cold would set a cold tail against a warm top.
	pairs := make([][2]*inst, n)
	warm := map[*inst]bool{}
	for i := range pairs {
		pairs[i] = [2]*inst{tails[s.rng.IntN(len(tails))], tops[s.rng.IntN(len(tops))]}
		if i%2 == 1 {
			// Alternate which goes first, so that neither side always
			// follows the other.
			pairs[i][0], pairs[i][1] = pairs[i][1], pairs[i][0]
		}
		for _, in := range pairs[i] {
			if !warm[in] {
				warm[in] = true
				if _, err := handoffOnce(ctx, sess, hc, c.OrderID, in.id); err != nil {
					return ctx, err
				}
			}
		}
	}
	tm := &timings{}
	for _, pair := range pairs {
		for _, in := range pair {
			d, err := handoffOnce(ctx, sess, hc, c.OrderID, in.id)
			if err != nil {
				return ctx, err
			}
			if in.tier == iti.TierTail {
				tm.tail = append(tm.tail, d)
			} else {
				tm.top = append(tm.top, d)
			}
		}
	}
	return context.WithValue(ctx, timingsKey{}, tm), nil
}

func handoffTimes(ctx context.Context, factor string) error {
	scenario.Rest(ctx, evidence.Artefact)
	tm, ok := ctx.Value(timingsKey{}).(*timings)
	if !ok {
		return errors.New("no handoffs were timed; a When step must time them first")
	}
	f, err := strconv.ParseFloat(factor, 64)
	if err != nil || f < 1 {
		return fmt.Errorf("the factor %q is not a number of at least 1", factor)
	}
	mt, mp := stats.Median(tm.tail), stats.Median(tm.top)
	row := func(name string, ds []time.Duration) string {
		return fmt.Sprintf("%-5s %6d %12s %12s %12s", name, len(ds), stats.Median(ds).Round(time.Microsecond), slices.Min(ds).Round(time.Microsecond), slices.Max(ds).Round(time.Microsecond))
	}
	ratio := float64(mt) / float64(max(mp, 1))
	wins, signP := stats.SlowerPairs(tm.tail, tm.top)
	slow := stats.TooSlow(mt, mp, f) && signP < stats.SignLevel
	scenario.From(ctx).Log.Note("Handoff handling time, tail and top side by side", strings.Join([]string{
		fmt.Sprintf("%-5s %6s %12s %12s %12s", "tier", "trials", "median", "fastest", "slowest"),
		row("tail", tm.tail), row("top", tm.top),
		fmt.Sprintf("tail/top = %.2f; the tail handoff was the slower in %d of %d back-to-back pairs (sign test p = %.4f)", ratio, wins, len(tm.tail), signP),
		fmt.Sprintf("the rule: too slow only if the tail median exceeds %.1f × the top median AND exceeds it by more than %s AND the sign test's p < %.2f", f, stats.SlackAbsolute, stats.SignLevel),
		fmt.Sprintf("verdict: %s", map[bool]string{true: "tail handoffs are too slow", false: "within the rule"}[slow]),
	}, "\n"))
	recordTimings(ctx, tm, max(time.Duration(f*float64(mp)), mp+stats.SlackAbsolute), slow)
	if slow {
		return fmt.Errorf("handing a consumer to a tail institution takes a median %s; to a top institution %s — %.2f times as long, more than %.1f times and more than %s longer, and slower in %d of %d pairs (p = %.4f)",
			mt.Round(time.Microsecond), mp.Round(time.Microsecond), ratio, f, stats.SlackAbsolute, wins, len(tm.tail), signP)
	}
	return nil
}

// recordTimings records the comparison as the one case the scenario judged,
// with every trial's time, so that a report can draw the two sides (the
// Dims are those reports/html charts): "top ms" and "tail ms" the times in
// milliseconds, pair i the i-th of each; "limit ms" the tail median above
// which the rule calls the tail too slow (with the sign test's agreement).
// One case, not one a trial: the verdict rests on one statistical test, and
// the detection power stated for a requirement counts independent cases.
func recordTimings(ctx context.Context, tm *timings, limit time.Duration, slow bool) {
	ms := func(ds []time.Duration) string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', -1, 64)
		}
		return strings.Join(out, " ")
	}
	c := evidence.Case{Kind: evidence.CaseSample,
		Name: fmt.Sprintf("%d back-to-back pairs of a tail and a top handoff", len(tm.tail)),
		Dims: map[string]string{"tier": iti.TierTop + " " + iti.TierTail, iti.TierTop + " ms": ms(tm.top), iti.TierTail + " ms": ms(tm.tail), "limit ms": ms([]time.Duration{limit})},
		Held: !slow}
	if slow {
		c.Detail = fmt.Sprintf("tail median %s, top median %s", stats.Median(tm.tail).Round(time.Microsecond), stats.Median(tm.top).Round(time.Microsecond))
	}
	scenario.From(ctx).Log.Case(c)
}
