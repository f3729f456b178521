package payments

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/untrusted"
)

// PAY-12: a gradual rollout of a payment method is lawful; what is asked is
// that its state and scope are published and that a consumer or a merchant
// who asks whether it includes them is told what the checkout does. The
// space: consumers (drawn names, so the platform's own choice of whom to
// include cannot be known in advance), merchants in the published scope and
// outside it, and who asks (the consumer, the merchant).

// rolloutConsumers is how many consumers ask and check out at least: a
// platform that misleads one consumer in five is caught with probability
// 1 − 0.8²⁴ > 99 %.
const rolloutConsumers = 24

// rolloutPercent is the share of consumers the operator asks to include.
const rolloutPercent = 50

// The merchants of a rollout: two in its scope, one outside it.
var rolloutMerchants = []struct {
	name    string
	inScope bool
}{{"rollout-shop-a", true}, {"rollout-shop-b", true}, {"other-shop", false}}

type rolloutRun struct {
	inst      string
	requested iti.RolloutRequest
	got       iti.Rollout
	published *iti.Rollout
	// merchants is each merchant's answer when it asked.
	merchants map[string]iti.RolloutAnswer
	consumers []rolloutCase
}

type rolloutCase struct {
	dims     gen.Case
	consumer string
	merchant string
	answer   iti.RolloutAnswer
	offered  bool
}

func (c *rolloutCase) name() string {
	return fmt.Sprintf("consumer %s at %s (%s)", c.consumer, c.merchant, c.dims["merchant"])
}

// rollOut starts a rollout of inst and has every drawn consumer ask and
// check out.
func rollOut(ctx context.Context, inst string) error {
	scenario.Rest(ctx, evidence.Declared)
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	s := checkout.From(ctx)
	if s.Wallets[inst] == nil {
		return fmt.Errorf("the feature rolls out wallet %q, which no Given step set up", inst)
	}
	var others []string
	for name := range s.Wallets {
		if name != inst {
			others = append(others, name)
		}
	}
	slices.Sort(others)
	r := &rolloutRun{inst: inst, merchants: map[string]iti.RolloutAnswer{}}
	for _, m := range rolloutMerchants {
		if err := checkout.AddMerchant(ctx, m.name, iti.MerchantRequest{Name: m.name, BrandTier: iti.BrandOrdinary, EnabledInstitutions: others}); err != nil {
			return err
		}
		if m.inScope {
			r.requested.MerchantIDs = append(r.requested.MerchantIDs, m.name)
		}
	}
	r.requested.InstitutionID, r.requested.ConsumerPercent = inst, rolloutPercent
	if r.got, err = sess.StartRollout(ctx, r.requested); err != nil {
		return err
	}
	rules(ctx).rollout = r
	published, err := sess.Rollouts(ctx)
	if err != nil {
		return err
	}
	for i := range published.Rollouts {
		if published.Rollouts[i].RolloutID == r.got.RolloutID {
			r.published = &published.Rollouts[i]
		}
	}
	for _, m := range rolloutMerchants {
		a, err := sess.AskRollout(ctx, r.got.RolloutID, m.name, "")
		if err != nil {
			return err
		}
		r.merchants[m.name] = a
	}
	w := scenario.From(ctx)
	g := gen.New(w.Env.Seed, w.Name)
	// Half the consumers at the merchant outside the scope, half at those
	// in it: a platform that offers the method beyond its scope to half its
	// consumers goes unseen in 12 with probability 0.5¹² < 0.03 %.
	var in, out []string
	for _, m := range rolloutMerchants {
		if m.inScope {
			in = append(in, m.name)
		} else {
			out = append(out, m.name)
		}
	}
	for i := range rolloutConsumers {
		c := rolloutCase{dims: gen.Case{}, consumer: fmt.Sprintf("consumer-%04x", g.IntN(1<<16))}
		if i%2 == 0 {
			c.merchant, c.dims["merchant"] = out[(i/2)%len(out)], "outside the scope asked for"
		} else {
			c.merchant, c.dims["merchant"] = in[(i/2)%len(in)], "in the scope asked for"
		}
		c.dims["at"], c.dims["consumer"] = c.merchant, c.consumer
		if c.answer, err = sess.AskRollout(ctx, r.got.RolloutID, c.merchant, c.consumer); err != nil {
			return err
		}
		co, err := sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: c.merchant, Consumer: c.consumer, AmountMinor: 8800, Currency: "CNY", Description: "tea set"})
		if err != nil {
			return err
		}
		c.offered = checkout.Option(&co, inst) != nil
		r.consumers = append(r.consumers, c)
	}
	return nil
}

func theRollout(ctx context.Context) (*rolloutRun, error) {
	r := rules(ctx).rollout
	if r == nil {
		return nil, fmt.Errorf("no rollout was started; a When step must start one")
	}
	return r, nil
}

func rolloutPublished(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	r, err := theRollout(ctx)
	if err != nil {
		return err
	}
	var f scenario.Findings
	p := r.published
	if !f.Check(p != nil, "the platform's published rollouts do not list the rollout of %s (%s)", r.inst, untrusted.Text(r.got.RolloutID, 64)) {
		return f.Err()
	}
	f.Check(p.InstitutionID == r.inst, "the published rollout names the method %q, not %s", untrusted.Text(p.InstitutionID, 64), r.inst)
	f.Check(p.State == iti.RolloutGradual || p.State == iti.RolloutComplete, "the published rollout gives its state as %q, neither gradual nor complete", untrusted.Text(p.State, 64))
	f.Check(p.State != iti.RolloutComplete || p.ConsumerPercent == 100, "the published rollout is complete, but includes %d%% of consumers", p.ConsumerPercent)
	got := slices.Sorted(slices.Values(p.MerchantIDs))
	want := slices.Sorted(slices.Values(r.requested.MerchantIDs))
	f.Check(slices.Equal(got, want), "the published rollout's scope is %s; it was started at %s", list(got), list(want))
	f.Check(p.ConsumerPercent == r.requested.ConsumerPercent, "the published rollout includes %d%% of consumers; it was started for %d%%", p.ConsumerPercent, r.requested.ConsumerPercent)
	return f.Err()
}

func list(ids []string) string {
	if len(ids) == 0 {
		return "no merchant"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = untrusted.Text(id, 64)
	}
	return strings.Join(out, ", ")
}

// publishedScope is the scope as published, or as asked for when nothing
// was published (rolloutPublished reports that).
func (r *rolloutRun) publishedScope() []string {
	if r.published != nil {
		return r.published.MerchantIDs
	}
	return r.requested.MerchantIDs
}

func merchantsToldTheTruth(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	r, err := theRollout(ctx)
	if err != nil {
		return err
	}
	var f scenario.Findings
	for _, m := range rolloutMerchants {
		a := r.merchants[m.name]
		in := slices.Contains(r.publishedScope(), m.name)
		f.Check(a.Included == in, "%s asked whether the rollout includes it and was told %v; the published scope %s it", m.name, a.Included, map[bool]string{true: "includes", false: "leaves out"}[in])
		if !a.Included {
			for _, c := range r.consumers {
				f.Check(c.merchant != m.name || !c.offered, "%s was told the rollout leaves it out, yet %s was offered %s at its checkout", m.name, c.consumer, r.inst)
			}
		}
	}
	return f.Err()
}

func consumersToldTheTruth(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	r, err := theRollout(ctx)
	if err != nil {
		return err
	}
	var bad []string
	for i := range r.consumers {
		c := &r.consumers[i]
		var f []string
		if c.answer.Included != c.offered {
			f = append(f, fmt.Sprintf("told %s in the rollout, but %s offered %s at checkout", yesNo(c.answer.Included, "they are", "they are not"), yesNo(c.offered, "they were", "they were not"), r.inst))
		}
		if c.offered && !slices.Contains(r.publishedScope(), c.merchant) {
			f = append(f, fmt.Sprintf("offered %s at %s, which the published scope leaves out", r.inst, c.merchant))
		}
		finding := strings.Join(f, "; ")
		scenario.From(ctx).Log.Judge(fmt.Sprintf("consumer %d", i), evidence.Case{Kind: evidence.CaseSample, Name: c.name(),
			Dims: maps(c.dims), Held: finding == "", Detail: finding})
		if finding != "" {
			bad = append(bad, c.name()+" — "+finding)
		}
	}
	return scenario.CasesFailed("every consumer who asks is told what the checkout offers them", len(r.consumers), "", bad, 4)
}

func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
