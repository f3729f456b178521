package payments

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/untrusted"
)

// PAY-11: a change to the payment methods merchants offer is published for
// comment at least seven days before it takes effect. The space it ranges
// over: adding and removing, every tier of institution, the notice asked
// for (none, just under seven days, exactly seven, more), and the clock
// moving on past the change. Each change is one case, at a merchant of its
// own, so that no change can hide another.
//
// The clock rule: seven days are 7 × 24 hours of the session's clock, from
// the instant the platform published the change to the instant it takes
// effect. The harness reads the clock before and after it asks for the
// change, so a published time it cannot have had is a finding, and it
// looks at the checkout just before the seven days are up whatever the
// platform published.

// ruleChanges is how many changes one scenario makes at quick depth; at
// certification depth it makes a certification's cases
// (scenario.World.Cases). Every value of every dimension is in one of them.
const ruleChanges = 8

// controlMerchant has every wallet enabled and no change: what it is offered
// is what "offered" means at this checkout, so that a method the checkout
// leaves off for reasons of its own (PAY-01's concern) is not taken for a
// change made early or never made.
const controlMerchant = "rules-control"

// notices are the notices the operator asks for, by name.
var notices = map[string]time.Duration{
	"none":            0,
	"6 days 23 hours": 6*24*time.Hour + 23*time.Hour,
	"exactly 7 days":  7 * 24 * time.Hour,
	"8 days":          8 * 24 * time.Hour,
}

const week = iti.MinNoticeSeconds * time.Second

// lookMargin is how long before a checkpoint the harness looks at a
// checkout that must not have changed yet.
const lookMargin = 30 * time.Second

// lookSlack is the least time before a checkpoint's instant that a look
// "just before" it may be taken, when the harness reached it late.
const lookSlack = 5 * time.Second

// change is one case of PAY-11 and what the harness saw of it.
type change struct {
	dims      gen.Case
	merchant  string
	inst      string
	action    string
	got       iti.RuleChange
	before    time.Time // the session's clock just before the change was asked for
	after     time.Time // and just after
	listed    *iti.RuleChange
	opinion   error
	offered   map[string]bool      // by checkpoint: whether the method was offered
	control   map[string]bool      // and at the control merchant, which has it enabled and no change
	lookedAt  map[string]time.Time // and when, on the session's clock
	missed    []string             // checkpoints the clock had passed when the harness got there
	recordKey string
}

type rulesState struct {
	changes []*change
	rollout *rolloutRun
}

func rules(ctx context.Context) *rulesState { return scenario.State[rulesState](ctx) }

// Checkpoints of a change, in the order of the clock.
const (
	atPublication = "right after it was published"
	beforeWeek    = "just before seven days had passed since it was published"
	beforeEffect  = "just before the time it was to take effect"
	atEffect      = "at the time it took effect"
)

func (c *change) name() string {
	verb := "adding"
	if c.action == iti.ChangeRemoveMethod {
		verb = "removing"
	}
	return fmt.Sprintf("%s %s (%s) at %q, notice asked: %s", verb, c.inst, c.dims["method"], c.merchant, c.dims["notice asked"])
}

// changeMethods makes the scenario's rule changes and follows each over the
// session's clock.
func changeMethods(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	w := scenario.From(ctx)
	s := checkout.From(ctx)
	byTier := map[string]string{}
	var wallets []string
	for name, wi := range s.Wallets {
		wallets = append(wallets, name)
		if byTier[wi.Mock.Tier] == "" || name < byTier[wi.Mock.Tier] {
			byTier[wi.Mock.Tier] = name
		}
	}
	sort.Strings(wallets)
	var tiers []string
	for _, t := range iti.Tiers {
		if byTier[t] != "" {
			tiers = append(tiers, t)
		}
	}
	if len(tiers) == 0 {
		return fmt.Errorf("no wallet was set up for the platform to change")
	}
	noticeNames := make([]string, 0, len(notices))
	for n := range notices {
		noticeNames = append(noticeNames, n)
	}
	sort.Strings(noticeNames)
	g := gen.New(w.Env.Seed, w.Name)
	cases := g.Cases(w.Cases(ruleChanges), gen.Dim{Name: "change", Values: []string{"adding", "removing"}},
		gen.Dim{Name: "method", Values: tiers}, gen.Dim{Name: "notice asked", Values: noticeNames},
		gen.Dim{Name: "merchant's name", Values: []string{"ASCII", "Chinese"}})
	st := rules(ctx)
	if err := checkout.AddMerchant(ctx, controlMerchant, iti.MerchantRequest{Name: controlMerchant, BrandTier: iti.BrandOrdinary, EnabledInstitutions: wallets}); err != nil {
		return err
	}
	for i, k := range cases {
		merchant := fmt.Sprintf("shop-%d", i+1)
		if k["merchant's name"] == "Chinese" {
			merchant = fmt.Sprintf("茶叶铺%d", i+1)
		}
		c := &change{dims: k, inst: byTier[k["method"]], merchant: merchant, action: iti.ChangeAddMethod, offered: map[string]bool{}, control: map[string]bool{}, lookedAt: map[string]time.Time{}}
		enabled := slices.Clone(wallets)
		if k["change"] == "removing" {
			c.action = iti.ChangeRemoveMethod
		} else {
			enabled = slices.DeleteFunc(enabled, func(n string) bool { return n == c.inst })
		}
		c.dims["merchant"] = c.merchant
		c.dims["institution"] = c.inst
		if err := checkout.AddMerchant(ctx, c.merchant, iti.MerchantRequest{Name: c.merchant, BrandTier: iti.BrandOrdinary, EnabledInstitutions: enabled}); err != nil {
			return err
		}
		st.changes = append(st.changes, c)
	}
	// The clock is read once between changes: the reading after one
	// change is the reading before the next.
	now, err := sess.AdvanceClock(ctx, 0)
	if err != nil {
		return err
	}
	for _, c := range st.changes {
		c.before = now.Now
		c.got, err = sess.ChangeRules(ctx, iti.RuleChangeRequest{Action: c.action, InstitutionID: c.inst, MerchantIDs: []string{c.merchant},
			NoticeSeconds: int64(notices[c.dims["notice asked"]] / time.Second)})
		if err != nil {
			return err
		}
		if now, err = sess.AdvanceClock(ctx, 0); err != nil {
			return err
		}
		c.after = now.Now
	}
	// Right after publication — seconds after, when a change is to wait
	// seven days — every change's merchant is looked at and gives its
	// opinion, several at once.
	var failed []error
	var mu sync.Mutex
	parallel(st.changes, func(c *change) {
		if err := look(ctx, sess, c, atPublication, c.after); err != nil {
			mu.Lock()
			failed = append(failed, err)
			mu.Unlock()
			return
		}
		c.opinion = giveOpinion(ctx, sess, c)
	})
	if len(failed) > 0 {
		return failed[0]
	}
	published, err := sess.RuleChanges(ctx)
	if err != nil {
		return err
	}
	for _, c := range st.changes {
		for i := range published.Changes {
			if published.Changes[i].ChangeID == c.got.ChangeID {
				c.listed = &published.Changes[i]
			}
		}
	}
	return walkClock(ctx, sess, st.changes)
}

func giveOpinion(ctx context.Context, sess *iti.Session, c *change) error {
	_, err := sess.GiveOpinion(ctx, c.got.ChangeID, iti.OpinionRequest{Author: c.merchant,
		Text: "We ask for a longer transition: our customers need time to learn of the change."})
	return err
}

// checkpoint is a time at which the harness looks at one change's merchant,
// for one or two of its labels: just before seven days are up and just
// before the change takes effect are one look when they fall in the same
// seconds.
type checkpoint struct {
	at     time.Time
	c      *change
	labels []string
	before bool // the clock must not have reached at when the harness looks
}

// walkClock moves the session's clock through every change's checkpoints,
// in order, and looks at the change's merchant at each.
func walkClock(ctx context.Context, sess *iti.Session, changes []*change) error {
	var cps []checkpoint
	for _, c := range changes {
		// lookMargin short: the session's clock runs on while the harness
		// looks (two checkouts, seconds apart on a loaded machine under
		// the race detector), and a published time may be a whole second,
		// a second less than the harness's reading.
		wk, eff := c.before.Add(week-lookMargin), c.got.EffectiveAt.Add(-lookMargin)
		if d := eff.Sub(wk); d >= -2*time.Second && d <= 2*time.Second {
			cps = append(cps, checkpoint{minTime(wk, eff), c, []string{beforeWeek, beforeEffect}, true})
		} else {
			cps = append(cps, checkpoint{wk, c, []string{beforeWeek}, true}, checkpoint{eff, c, []string{beforeEffect}, true})
		}
		cps = append(cps, checkpoint{c.got.EffectiveAt, c, []string{atEffect}, false})
	}
	sort.SliceStable(cps, func(i, j int) bool {
		if cps[i].at.Equal(cps[j].at) {
			return cps[i].before && !cps[j].before
		}
		return cps[i].at.Before(cps[j].at)
	})
	now, err := sess.AdvanceClock(ctx, 0)
	if err != nil {
		return err
	}
	read := time.Now()
	// Checkpoints the clock has reached without moving it on are looked at
	// together, several at once, one of each change.
	var batch []checkpoint
	var stamps []time.Time
	flush := func() error {
		var failed []error
		var mu sync.Mutex
		idx := make([]int, len(batch))
		for i := range idx {
			idx[i] = i
		}
		parallel(idx, func(i int) {
			for _, label := range batch[i].labels {
				if err := look(ctx, sess, batch[i].c, label, stamps[i]); err != nil {
					mu.Lock()
					failed = append(failed, err)
					mu.Unlock()
					return
				}
			}
		})
		batch, stamps = batch[:0], stamps[:0]
		if len(failed) > 0 {
			return failed[0]
		}
		return nil
	}
	for _, cp := range cps {
		// Checkpoints of changes published together fall in the same
		// seconds: the clock is read again only when it has moved on by
		// more than a second since the harness last read it.
		if time.Since(read) > time.Second {
			if now, err = sess.AdvanceClock(ctx, 0); err != nil {
				return err
			}
			read = time.Now()
		}
		d := cp.at.Sub(now.Now).Seconds()
		var secs float64
		if cp.before {
			// Land in the second before the checkpoint, never on it.
			secs = math.Floor(d)
			switch {
			case secs >= 0:
			case d > -(lookMargin - lookSlack).Seconds():
				// The harness overshot by less than the margin it left
				// itself: still lookSlack or more before the checkpoint's
				// instant.
				secs = 0
			default:
				cp.c.missed = append(cp.c.missed, cp.labels...)
				continue
			}
		} else {
			secs = max(0, math.Ceil(d))
		}
		// A platform's published time beyond a year is not worth waiting
		// for: the change is judged as never taking effect.
		if secs > 366*24*3600 {
			cp.c.missed = append(cp.c.missed, cp.labels...)
			continue
		}
		if secs > 0 {
			if err := flush(); err != nil {
				return err
			}
			if now, err = sess.AdvanceClock(ctx, time.Duration(secs)*time.Second); err != nil {
				return err
			}
			read = time.Now()
		}
		if slices.ContainsFunc(batch, func(b checkpoint) bool { return b.c == cp.c }) {
			if err := flush(); err != nil {
				return err
			}
		}
		batch, stamps = append(batch, cp), append(stamps, now.Now)
	}
	return flush()
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// look checks out at c's merchant and records whether c's method was
// offered; a second look at the same moment (two labels of one checkpoint)
// reads the first. Where the method is to be offered and is not, it checks
// out at the control merchant too, to tell a change made early or never
// from a method the checkout leaves off everywhere.
func look(ctx context.Context, sess *iti.Session, c *change, label string, at time.Time) error {
	for l, t := range c.lookedAt {
		if t.Equal(at) && l != label {
			c.offered[label], c.control[label], c.lookedAt[label] = c.offered[l], c.control[l], at
			return nil
		}
	}
	offered := func(m string) (bool, error) {
		co, err := sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: m, Consumer: checkout.User("Alice"), AmountMinor: 8800, Currency: "CNY", Description: "tea set"})
		if err != nil {
			return false, err
		}
		return checkout.Option(&co, c.inst) != nil, nil
	}
	got, err := offered(c.merchant)
	if err != nil {
		return err
	}
	c.offered[label], c.control[label], c.lookedAt[label] = got, true, at
	if !got && c.has(label) {
		if c.control[label], err = offered(controlMerchant); err != nil {
			return err
		}
	}
	return nil
}

// has is whether c's merchant has c's method at a checkpoint, as the
// change says: before it takes effect a removal's method, once it has an
// addition's.
func (c *change) has(label string) bool {
	return (c.action == iti.ChangeRemoveMethod) == (label != atEffect)
}

// expected is whether c's method is to be offered at its merchant at a
// checkpoint: never while the merchant is without it; while it has it, as
// at the control merchant.
func (c *change) expected(label string, changed bool) bool {
	has := c.action == iti.ChangeRemoveMethod
	if changed {
		has = !has
	}
	return has && c.control[label]
}

// judgeChanges applies check to every change and records each as a case.
func judgeChanges(ctx context.Context, what string, check func(c *change) string) error {
	st := rules(ctx)
	if len(st.changes) == 0 {
		return fmt.Errorf("no rule change was made; a When step must make them")
	}
	var bad []string
	for i, c := range st.changes {
		finding := check(c)
		scenario.From(ctx).Log.Judge(fmt.Sprintf("change %d", i), evidence.Case{Kind: evidence.CaseSample, Name: c.name(),
			Dims: maps(c.dims), Held: finding == "", Detail: finding})
		if finding != "" {
			bad = append(bad, c.name()+" — "+finding)
		}
	}
	return scenario.CasesFailed(what, len(st.changes), "changes", bad, 3)
}

// days writes a notice as a reader counts it: "6 days 23 hours".
func days(d time.Duration) string {
	neg := ""
	if d < 0 {
		neg, d = "minus ", -d
	}
	dd, h := int64(d/(24*time.Hour)), int64(d%(24*time.Hour)/time.Hour)
	rest := d % time.Hour
	out := fmt.Sprintf("%s%d days %d hours", neg, dd, h)
	if rest > 0 {
		out += " " + rest.String()
	}
	return out
}

func maps(c gen.Case) map[string]string {
	out := make(map[string]string, len(c))
	for k, v := range c {
		out[k] = v
	}
	return out
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func changesPublished(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeChanges(ctx, "published with seven days' notice", func(c *change) string {
		var f []string
		p, e := c.got.PublishedAt, c.got.EffectiveAt
		if c.listed == nil {
			f = append(f, fmt.Sprintf("the platform's published changes do not list it (change %s)", untrusted.Text(c.got.ChangeID, 64)))
		} else if !c.listed.EffectiveAt.Equal(e) || !c.listed.PublishedAt.Equal(p) {
			f = append(f, fmt.Sprintf("the published list gives it %s to %s, the answer %s to %s", stamp(c.listed.PublishedAt), stamp(c.listed.EffectiveAt), stamp(p), stamp(e)))
		}
		if p.Before(c.before.Add(-time.Second)) || p.After(c.after.Add(time.Second)) {
			f = append(f, fmt.Sprintf("it is said to be published at %s, but it was asked for between %s and %s on the session's clock", stamp(p), stamp(c.before), stamp(c.after)))
		}
		if notice := e.Sub(p); notice < week {
			f = append(f, fmt.Sprintf("it takes effect %s after it was published (%s to %s), less than seven days", days(notice), stamp(p), stamp(e)))
		}
		return strings.Join(f, "; ")
	})
}

func opinionsTaken(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeChanges(ctx, "opinions taken", func(c *change) string {
		if c.opinion != nil {
			return "the merchant's opinion was not taken: " + c.opinion.Error()
		}
		return ""
	})
}

func (c *change) verbs() (was, became string) {
	if c.action == iti.ChangeRemoveMethod {
		return "still offered", "no longer offered"
	}
	return "not yet offered", "offered"
}

func methodsAsBefore(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeChanges(ctx, "the methods as before", func(c *change) string {
		was, _ := c.verbs()
		var when, f []string
		for _, label := range []string{atPublication, beforeWeek, beforeEffect} {
			got, ok := c.offered[label]
			if ok && got != c.expected(label, false) {
				when = append(when, fmt.Sprintf("%s (%s)", label, stamp(c.lookedAt[label])))
			}
		}
		if len(when) > 0 {
			f = append(f, fmt.Sprintf("%s was to be %s %s, but it was not", c.inst, was, strings.Join(when, ", ")))
		}
		if slices.Contains(c.missed, beforeWeek) {
			f = append(f, "the clock had passed seven days since publication before the harness could look: a change took effect earlier")
		}
		return strings.Join(f, "; ")
	})
}

func methodsAsChanged(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeChanges(ctx, "the methods as changed", func(c *change) string {
		_, became := c.verbs()
		got, ok := c.offered[atEffect]
		switch {
		case !ok:
			return fmt.Sprintf("the change was to take effect at %s, which the harness did not wait for", stamp(c.got.EffectiveAt))
		case got != c.expected(atEffect, true):
			return fmt.Sprintf("at %s, when the change was to take effect at %s, %s was to be %s, but it was not", stamp(c.lookedAt[atEffect]), stamp(c.got.EffectiveAt), c.inst, became)
		}
		return ""
	})
}
