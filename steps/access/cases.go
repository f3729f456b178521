package access

import (
	"context"
	"errors"
	"maps"
	"strings"
	"sync"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// A case of ACCESS-01..03 is one point of the space the Rule ranges over —
// a tail institution asking to connect, a pair refused for one shortcoming,
// a payment through a tail institution — drawn from the run's seed. It is
// judged by every Then step that looks at it, under one key, so that it
// counts once however many steps judge it (evidence.Log.Judge).
type accessCase struct {
	key   string
	label string // what the case is, in a reader's words
	dims  map[string]string
}

// verdicts gathers one Then step's judgement of its cases, and what it
// found besides that is no case's (a top institution the tails are
// compared with that was itself refused, say).
type verdicts struct {
	ctx    context.Context
	mu     sync.Mutex
	seen   map[string]bool
	order  []string // the keys judged, in the order first judged
	bad    map[string][]string
	labels map[string]string
	f      scenario.Findings
}

func newVerdicts(ctx context.Context) *verdicts {
	return &verdicts{ctx: ctx, seen: map[string]bool{}, bad: map[string][]string{}, labels: map[string]string{}}
}

// judge records c's judgement by this step: held when finding is empty.
func (v *verdicts) judge(c *accessCase, finding string) {
	scenario.From(v.ctx).Log.Judge(c.key, evidence.Case{Kind: evidence.CaseSample, Name: c.label, Dims: maps.Clone(c.dims), Held: finding == "", Detail: finding})
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.seen[c.key] {
		v.seen[c.key] = true
		v.order = append(v.order, c.key)
		v.labels[c.key] = c.label
	}
	if finding != "" {
		v.bad[c.key] = append(v.bad[c.key], finding)
	}
}

// add records a finding that is no case's.
func (v *verdicts) add(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.f.Add(format, args...)
}

// err is the step's error: the cases that did not hold, how many of the
// cases judged they are (scenario.CasesFailed), and every other finding.
func (v *verdicts) err(what, noun string) error {
	var bad []string
	for _, k := range v.order {
		if fs := v.bad[k]; len(fs) > 0 {
			bad = append(bad, v.labels[k]+" — "+strings.Join(fs, "; "))
		}
	}
	var parts []string
	if err := scenario.CasesFailed(what, len(v.order), noun, bad, 4); err != nil {
		parts = append(parts, err.Error())
	}
	if err := v.f.Err(); err != nil {
		parts = append(parts, err.Error())
	}
	if len(parts) == 0 {
		return nil
	}
	return errors.New(strings.Join(parts, "; "))
}
