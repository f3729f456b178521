package runner

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/lint"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Every English step expression a family registers has its twin in every
// language of scenario.Twins, and every twin's English expression is one a
// family registers: a step added without its twin, or a twin left behind by
// a step's new words, fails here.
func TestEveryStepHasItsTwins(t *testing.T) {
	defs, err := StepDefinitions()
	require.NoError(t, err)
	registered := map[string]bool{}
	for _, d := range defs {
		registered[d.String()] = true
	}
	require.NotEmpty(t, scenario.Twins)
	for lang, l := range scenario.Twins {
		twinOf := map[string]bool{}
		for en, tw := range l.Twins {
			twinOf[tw.Expr] = true
			assert.True(t, registered[en], "%s: the twin %s stands for %s, which no step registers (did its English words change?)", lang, tw.Expr, en)
			assert.True(t, registered[tw.Expr], "%s: the twin %s is not registered", lang, tw.Expr)
		}
		var missing []string
		for _, d := range defs {
			e := d.String()
			if _, ok := l.Twins[e]; !ok && !isTwin(e) {
				missing = append(missing, e)
			}
		}
		sort.Strings(missing)
		assert.Empty(t, missing, "English step expressions with no %s twin: add each to steps/scenario/twins_%s.go", lang, strings.ToLower(strings.SplitN(lang, "-", 2)[0]))
	}
}

func isTwin(expr string) bool {
	for _, l := range scenario.Twins {
		for _, tw := range l.Twins {
			if tw.Expr == expr {
				return true
			}
		}
	}
	return false
}

// TestTheChineseTwinJudgesAsTheEnglishText proves the two texts equivalent:
// statically, the same requirement IDs, levels and roles and the same
// scenario structure, step for step, with the same values (lint.Twins);
// and by running both, the same verdict on every requirement and the same
// outcome of every scenario and step, on the reference and on every
// violation switch. The reference runs whole once per language; each switch
// runs only the requirements it breaks, in its role, in both languages.
func TestTheChineseTwinJudgesAsTheEnglishText(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	defs, err := StepDefinitions()
	require.NoError(t, err)
	en, err := requirement.LoadLang(features.All, "en")
	require.NoError(t, err)
	zh, err := requirement.LoadLang(features.All, "zh-CN")
	require.NoError(t, err)
	for _, p := range lint.Twins(en, zh, "zh-CN", defs, scenario.Twins["zh-CN"]) {
		t.Error(p)
	}
	require.Len(t, zh.Requirements, len(en.Requirements))
	for i, r := range en.Requirements {
		z := zh.Requirements[i]
		assert.Equal(t, [3]any{r.ID, r.Level, r.Roles}, [3]any{z.ID, z.Level, z.Roles})
		assert.Len(t, z.Scenarios, len(r.Scenarios), r.ID)
	}

	t.Run("reference", func(t *testing.T) {
		t.Parallel()
		// Quick depth: the two texts bind the same steps, which draw the
		// same cases at any depth; the switches below run a
		// certification's.
		e, z := certifyIn(t, "en", nil, "", result.DepthQuick), certifyIn(t, "zh-CN", nil, "", result.DepthQuick)
		assert.Empty(t, e.Failed(), e.Summary)
		sameJudgement(t, e, z)
	})
	for i, v := range reference.Violations {
		// Only a run that observes pages sees the page switches
		// (observed_test.go).
		if !swept(i) || reference.Observed[v.Name] {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			tags := "@" + strings.Join(v.Breaks, " or @")
			e, z := certifyIn(t, "en", []string{v.Role}, tags, result.DepthCertification, v.Name), certifyIn(t, "zh-CN", []string{v.Role}, tags, result.DepthCertification, v.Name)
			assert.ElementsMatch(t, v.Breaks, e.Failed(), "switch %q in English", v.Name)
			sameJudgement(t, e, z)
		})
	}
}

// certifyIn certifies the in-process reference, switches on, against the
// requirement text in lang.
func certifyIn(t *testing.T, lang string, roles []string, tags, depth string, violations ...string) *result.Run {
	t.Helper()
	tg, err := target.InProcess("test", violations)
	require.NoError(t, err)
	run, err := Run(context.Background(), Config{Target: tg, Roles: roles, Tags: tags, Concurrency: 4, Seed: 7, Lang: lang, Depth: depth})
	require.NoError(t, err)
	require.Equal(t, lang, run.Lang)
	return run
}

// sameJudgement holds that two runs judged alike: the same verdict on every
// requirement, and scenario by scenario (in the order of their text) the
// same status, step outcomes and party found responsible.
func sameJudgement(t *testing.T, en, zh *result.Run) {
	t.Helper()
	verdicts := func(r *result.Run) map[string]result.Verdict {
		out := map[string]result.Verdict{}
		for _, q := range r.Requirements {
			out[q.Requirement.ID] = q.Verdict
		}
		return out
	}
	assert.Equal(t, verdicts(en), verdicts(zh), "verdicts")
	assert.Equal(t, en.Decision, zh.Decision)
	assert.Equal(t, en.Failed(), zh.Failed())
	a, b := outcomes(en), outcomes(zh)
	assert.Equal(t, len(a), len(b), "scenarios run")
	for id, sa := range a {
		assert.Equal(t, sa, b[id], "%s: the scenarios' outcomes, in order", id)
	}
}

// outcomes are each requirement's scenarios' outcomes, in the order of the
// text: status, each step's status, and who was responsible for a failure.
func outcomes(r *result.Run) map[string][]string {
	byReq := map[string][]*result.Scenario{}
	for _, s := range r.Scenarios {
		byReq[s.Requirement] = append(byReq[s.Requirement], s)
	}
	out := map[string][]string{}
	for id, ss := range byReq {
		sort.Slice(ss, func(i, j int) bool { return ss[i].Line < ss[j].Line })
		for _, s := range ss {
			var steps []string
			for _, st := range s.Steps {
				steps = append(steps, string(st.Status))
			}
			who := ""
			if s.Responsible != nil {
				who = s.Responsible.Party
			}
			out[id] = append(out[id], fmt.Sprintf("%s [%s] %s", s.Status, strings.Join(steps, " "), who))
		}
	}
	return out
}
