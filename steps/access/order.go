package access

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/stats"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// ACCESS-04: many seeded checkouts, and a permutation test of whether the
// place on the payment screen depends on the tier.
//
// Every checkout is at a merchant with institutions of its own, freshly
// named from the seed and connected and enabled in a freshly drawn order.
// With the same institutions in every checkout, any order that is fixed per
// institution — alphabetical, by time of connection — would put the same
// tiers first every time, and permuting the tiers within each checkout would
// call that dependence on tier: a neutral rule would fail. With fresh ones,
// a rule that knows nothing of tier puts each tier in each place as often as
// any other, which is exactly what the permutations assume.

// seed is the scenario's seed as an auditor re-runs it: the run's seed.
func seed(ctx context.Context) int64 { return scenario.From(ctx).Env.Seed }

type screensKey struct{}

// screens are the payment screens of many checkouts, with each option's tier.
type screens struct {
	trials  int
	strata  [][]stats.Obs
	offered int
}

var tierIndex = map[string]int{iti.TierAffiliated: 0, iti.TierTop: 1, iti.TierTail: 2}

// manyMerchants sets up n merchants, each with aff, top and tail
// institutions of its own, connected in an order drawn from the seed and
// enabled in another.
func manyMerchants(ctx context.Context, n, aff, top, tail int) error {
	s := st(ctx)
	if n < 2 || n > 10000 {
		return fmt.Errorf("the feature asks for %d merchants; the test needs between 2 and 10000", n)
	}
	if aff+top+tail < 2 || aff+top+tail > 100 {
		return fmt.Errorf("the feature asks for %d institutions per merchant; the test needs between 2 and 100", aff+top+tail)
	}
	for i := 0; i < n; i++ {
		own := fleet(ctx, aff, top, tail)
		s.rng.Shuffle(len(own), func(a, b int) { own[a], own[b] = own[b], own[a] })
		if err := connectAll(ctx, own); err != nil {
			return err
		}
		enabled := ids(own)
		s.rng.Shuffle(len(enabled), func(a, b int) { enabled[a], enabled[b] = enabled[b], enabled[a] })
		m := fmt.Sprintf("stall-%03d", i+1)
		if err := setMerchant(ctx, m, enabled); err != nil {
			return err
		}
		s.stalls = append(s.stalls, m)
	}
	return nil
}

// manyCheckouts has a consumer of its own check out at each of the
// merchants manyMerchants set up.
func manyCheckouts(ctx context.Context) (context.Context, error) {
	s := st(ctx)
	if len(s.stalls) == 0 {
		return ctx, errors.New("no merchants were set up; a Given step must set them up first")
	}
	n := len(s.stalls)
	out := &screens{trials: n}
	for i, m := range s.stalls {
		c, err := checkoutAt(ctx, m, fmt.Sprintf("visitor-%03d", i+1), 1000+s.rng.Int64N(99000))
		if err != nil {
			return ctx, err
		}
		var stratum []stats.Obs
		for pos, o := range c.Options {
			if in := s.byID[o.InstitutionID]; in != nil {
				stratum = append(stratum, stats.Obs{Group: tierIndex[in.tier], Value: float64(pos + 1)})
			}
		}
		out.offered += len(stratum)
		out.strata = append(out.strata, stratum)
	}
	return context.WithValue(ctx, screensKey{}, out), nil
}

// Permutations is how many label permutations the order test draws: enough
// that p can fall below 0.001.
const Permutations = 1999

func neutralOrder(ctx context.Context, level string) error {
	scenario.Rest(ctx, evidence.Declared)
	sc, ok := ctx.Value(screensKey{}).(*screens)
	if !ok {
		return errors.New("no checkouts were made; a When step must check out first")
	}
	alpha, err := strconv.ParseFloat(level, 64)
	if err != nil || alpha <= 0 || alpha >= 100 {
		return fmt.Errorf("the significance level %q%% is not a percentage between 0 and 100", level)
	}
	alpha /= 100
	// The permutations draw from a source of their own, seeded from the
	// run's seed, so that the p-value is the same on every re-run.
	res, err := stats.StratifiedKruskalWallis(sc.strata, Permutations, rand.New(rand.NewPCG(uint64(seed(ctx)), 0x414343455334)))
	if err != nil {
		return fmt.Errorf("the order of the payment screens cannot be tested: %v (the screens offered %d options in %d checkouts)", err, sc.offered, sc.trials)
	}
	scenario.From(ctx).Log.Note("Place on the payment screen by tier", placeTable(sc))
	scenario.From(ctx).Log.Note("Order neutrality test", fmt.Sprintf(
		"Kruskal–Wallis H = %.3f over the places of %d options in %d checkouts, grouped by tier\n"+
			"p = %.4f by %d permutations of the tiers within each checkout (p cannot fall below %.4f)\n"+
			"decision: %s at the %.1f%% level\n"+
			"trials = %d, seed = %d (re-run with --seed %d)",
		res.H, res.N, res.Strata, res.P, res.Permutations, 1/float64(res.Permutations+1),
		map[bool]string{true: "the order depends on the tier", false: "no dependence on the tier found"}[res.P < alpha], alpha*100,
		sc.trials, seed(ctx), seed(ctx)))
	recordPlaces(ctx, sc, res, res.P >= alpha)
	// Written as "not at least" so that a p-value of NaN fails too.
	if !(res.P >= alpha) {
		return fmt.Errorf("the place of a method on the payment screen depends on its institution's tier: Kruskal–Wallis H = %.2f, p = %.4f < %.3f over %d checkouts (seed %d)",
			res.H, res.P, alpha, sc.trials, seed(ctx))
	}
	return nil
}

func placeTable(sc *screens) string {
	type agg struct {
		n, first, last int
		sum            float64
	}
	by := make([]agg, 3)
	for _, screen := range sc.strata {
		for _, o := range screen {
			a := &by[o.Group]
			a.n++
			a.sum += o.Value
			if o.Value == 1 {
				a.first++
			}
			if int(o.Value) == len(screen) {
				a.last++
			}
		}
	}
	rows := []string{fmt.Sprintf("%-10s %8s %11s %12s %11s", "tier", "options", "mean place", "shown first", "shown last")}
	for i, tier := range iti.Tiers {
		a := by[i]
		if a.n == 0 {
			continue
		}
		rows = append(rows, fmt.Sprintf("%-10s %8d %11.2f %11.1f%% %10.1f%%", tier, a.n, a.sum/float64(a.n), 100*float64(a.first)/float64(a.n), 100*float64(a.last)/float64(a.n)))
	}
	return strings.Join(rows, "\n")
}

// recordPlaces records the test as the one case the scenario judged, with
// how often each tier was shown at each place, so that a report can draw it
// (the Dims are those reports/html charts): "tier" the tiers offered, and
// "<tier> by place" how many of its options were shown first, second, ...
// One case, not one a trial: the verdict rests on one statistical test, and
// the detection power stated for a requirement counts independent cases.
func recordPlaces(ctx context.Context, sc *screens, res stats.PermutationResult, held bool) {
	tiers := iti.Tiers
	by := make([][]int, len(tiers))
	places := 0
	for _, screen := range sc.strata {
		places = max(places, len(screen))
	}
	for i := range by {
		by[i] = make([]int, places)
	}
	for _, screen := range sc.strata {
		for _, o := range screen {
			if p := int(o.Value); p >= 1 && p <= places {
				by[o.Group][p-1]++
			}
		}
	}
	dims := map[string]string{}
	var shown []string
	for i, tier := range tiers {
		counts := make([]string, places)
		total := 0
		for p, n := range by[i] {
			counts[p] = strconv.Itoa(n)
			total += n
		}
		if total == 0 {
			continue
		}
		shown = append(shown, tier)
		dims[tier+" by place"] = strings.Join(counts, " ")
	}
	dims["tier"] = strings.Join(shown, " ")
	c := evidence.Case{Kind: evidence.CaseSample,
		Name: fmt.Sprintf("the places of %d options on %d payment screens", res.N, sc.trials),
		Dims: dims, Held: held}
	if !held {
		c.Detail = fmt.Sprintf("Kruskal–Wallis H = %.2f, p = %.4f", res.H, res.P)
	}
	scenario.From(ctx).Log.Case(c)
}
