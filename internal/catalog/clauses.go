package catalog

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// ClauseMap is the audit of every Rule's clauses (features/clauses.txt)
// against the checks that name them: each step definition says which
// clauses it checks (scenario.Step), and a step checks a clause of a Rule
// only where the Rule's scenarios use it. The map is read from the code and
// the feature files, never kept by hand, so it says what a run checks.
type ClauseMap struct {
	Requirements []RequirementClauses `json:"requirements"`
	// Uncovered are the clauses that ask something of the implementation
	// and that no check covers, MUST ones first.
	Uncovered []ClauseRow `json:"uncovered"`
	// Problems are what makes the map wrong: a clause file that no longer
	// quotes its Rules, a check naming a clause that does not exist or one
	// of a Rule whose scenarios do not use the step.
	Problems []string `json:"problems"`
}

// RequirementClauses is one requirement's clauses.
type RequirementClauses struct {
	Requirement string      `json:"requirement"`
	Level       string      `json:"level"`
	Clauses     []ClauseRow `json:"clauses"`
}

// ClauseRow is one clause and the checks covering it.
type ClauseRow struct {
	requirement.Clause
	Level string `json:"level"`
	// Checks are the steps that check the clause, as the Rule's scenarios
	// write them, in the order they first appear.
	Checks []string `json:"checks"`
	// Gap, for an uncovered clause, says why no check covers it yet
	// (KnownGaps).
	Gap string `json:"gap,omitempty"`
}

// KnownGaps are the clauses that no check covers yet, each with the reason
// in each language of the catalogue.
// The clause map's test fails while an uncovered MUST clause is missing
// here or a clause listed here is covered, so a gap closed must leave the
// list and a new one cannot pass unnoticed.
var KnownGaps = map[string]map[string]string{
	"QR-08.6": {
		"en":    "the scenario checks the static-code limit from one point past it (300.00, then 250.00), not a payment that brings the day's total to exactly 500.00; the Rule says so",
		"zh-CN": "场景从超过限额一点的位置检查静态码限额（先 300.00，再 250.00），不检查使当日累计正好达到 500.00 的支付；规则本身如此说明",
	},
	"QR-08.8": {
		"en":    "no scenario pays a dynamic code past a verification level's limit; the Rule says the dynamic-code limits are stated, not yet checked",
		"zh-CN": "没有场景以超过某一验证等级限额的金额支付动态码；规则本身说明动态码限额尚未检查",
	},
}

// MapClauses audits set's clauses against checks, which maps each step's
// English expression to the clause IDs it checks (scenario.Checks, filled
// by registering every family's steps), and keeps the map in c.
func (c *Catalog) MapClauses(set *requirement.Set, checks map[string][]string) {
	m := &ClauseMap{Requirements: []RequirementClauses{}, Uncovered: []ClauseRow{}, Problems: []string{}}
	c.Clauses = m
	if !set.HasClauses {
		m.Problems = append(m.Problems, fmt.Sprintf("the requirement set has no %s: its Rules are not divided into clauses", requirement.ClausesFile))
	}
	for _, e := range set.ClauseErrors {
		m.Problems = append(m.Problems, e.Error())
	}
	lang := requirement.NormLang(set.Lang)
	type expr struct {
		en string
		re *regexp.Regexp
	}
	var exprs []expr
	for en := range checks {
		words := en
		if lang != scenario.BaseLang {
			tw, ok := scenario.Twins[lang].Twins[en]
			if !ok {
				m.Problems = append(m.Problems, fmt.Sprintf("the step %q checks clauses but has no %s twin", en, lang))
				continue
			}
			words = tw.Expr
		}
		exprs = append(exprs, expr{en, scenario.Expr(words)})
		for _, id := range checks[en] {
			if _, ok := set.Clause(id); !ok {
				m.Problems = append(m.Problems, fmt.Sprintf("the step %q names clause %s, which %s does not have", en, id, requirement.ClausesFile))
			}
		}
	}
	sort.Slice(exprs, func(i, j int) bool { return exprs[i].en < exprs[j].en })

	// covered[clause] are the steps checking it, as written; used[req][en]
	// says that a scenario of req uses the step.
	covered := map[string][]string{}
	used := map[string]map[string]bool{}
	for _, st := range ruleSteps(set) {
		for _, e := range exprs {
			if !e.re.MatchString(st.text) {
				continue
			}
			if used[st.req] == nil {
				used[st.req] = map[string]bool{}
			}
			used[st.req][e.en] = true
			for _, id := range checks[e.en] {
				if cl, ok := set.Clause(id); ok && cl.Requirement == st.req {
					covered[id] = appendOnce(covered[id], st.written)
				}
			}
		}
	}
	for _, e := range exprs {
		for _, id := range checks[e.en] {
			cl, ok := set.Clause(id)
			if ok && !used[cl.Requirement][e.en] {
				m.Problems = append(m.Problems, fmt.Sprintf("the step %q names clause %s, but no scenario of %s uses the step", e.en, id, cl.Requirement))
			}
		}
	}

	for _, r := range set.Requirements {
		rc := RequirementClauses{Requirement: r.ID, Level: r.Level, Clauses: []ClauseRow{}}
		for _, cl := range set.ClausesOf(r.ID) {
			row := ClauseRow{Clause: cl, Level: r.Level, Checks: nonNil(covered[cl.ID])}
			if len(row.Checks) == 0 && !cl.Note {
				row.Gap = KnownGaps[cl.ID][lang]
				if row.Gap == "" {
					row.Gap = KnownGaps[cl.ID][requirement.DefaultLang]
				}
				m.Uncovered = append(m.Uncovered, row)
			}
			rc.Clauses = append(rc.Clauses, row)
		}
		m.Requirements = append(m.Requirements, rc)
	}
	sort.SliceStable(m.Uncovered, func(i, j int) bool {
		return m.Uncovered[i].Level == requirement.Must && m.Uncovered[j].Level != requirement.Must
	})
}

// UncoveredMust are the uncovered clauses of MUST requirements.
func (m *ClauseMap) UncoveredMust() []ClauseRow {
	var out []ClauseRow
	for _, r := range m.Uncovered {
		if r.Level == requirement.Must {
			out = append(out, r)
		}
	}
	return out
}

// ruleStep is one step of a scenario of a requirement, outlines expanded.
type ruleStep struct {
	req     string
	text    string // as the pickle has it, an outline's values filled in
	written string // as the feature file writes it, with its keyword
}

func ruleSteps(set *requirement.Set) []ruleStep {
	ids := map[string]bool{}
	for _, r := range set.Requirements {
		ids["@"+r.ID] = true
	}
	var out []ruleStep
	for _, f := range set.Files {
		doc, errs := requirement.ParseDocument(f.Path, f.Bytes)
		if errs != nil || doc.Feature == nil {
			continue // Load reported it already
		}
		written := map[string]string{}
		note := func(steps []*messages.Step) {
			for _, s := range steps {
				written[s.Id] = strings.TrimSpace(s.Keyword) + " " + s.Text
			}
		}
		for _, ch := range doc.Feature.Children {
			if ch.Background != nil {
				note(ch.Background.Steps)
			}
			if ch.Rule == nil {
				continue
			}
			for _, rc := range ch.Rule.Children {
				if rc.Background != nil {
					note(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					note(rc.Scenario.Steps)
				}
			}
		}
		for _, p := range gherkin.Pickles(*doc, f.Path, (&messages.Incrementing{}).NewId) {
			req := ""
			for _, t := range p.Tags {
				if ids[t.Name] {
					req = t.Name[1:]
				}
			}
			if req == "" {
				continue
			}
			for _, s := range p.Steps {
				w := s.Text
				if len(s.AstNodeIds) > 0 && written[s.AstNodeIds[0]] != "" {
					w = written[s.AstNodeIds[0]]
				}
				out = append(out, ruleStep{req: req, text: s.Text, written: w})
			}
		}
	}
	return out
}

// clausesMarkdown writes the clause map, if the catalogue has one.
func (c *Catalog) clausesMarkdown(w io.Writer) {
	m := c.Clauses
	if m == nil {
		return
	}
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("\n## %s\n\n", c.T(message.ClauseTitle))
	p("%s\n", c.T(message.ClauseIntro, requirement.ClausesFile))
	for _, rc := range m.Requirements {
		p("\n### %s\n\n| %s | %s | %s |\n|---|---|---|\n", c.T(message.CatOf, rc.Requirement, rc.Level), c.T(message.ClauseClause), c.T(message.ClauseText), c.T(message.ClauseChecks))
		for _, r := range rc.Clauses {
			checks := mdCell(strings.Join(r.Checks, "<br>"))
			switch {
			case len(r.Checks) > 0:
			case r.Note:
				checks = "*" + c.T(message.ClauseNote) + "*"
			default:
				checks = c.T(message.ClauseNone)
			}
			p("| %s | %s | %s |\n", r.ID, mdCell(r.Text), checks)
		}
	}
	p("\n## %s\n\n", c.T(message.CatCount, c.T(message.ClauseUncovered), len(m.Uncovered)))
	if len(m.Uncovered) == 0 {
		p("%s\n", c.T(message.ClauseAllCov))
	}
	for _, r := range m.Uncovered {
		p("- **%s** [%s] %s", r.ID, r.Level, mdCell(r.Text))
		if r.Gap != "" {
			p(" — %s", mdCell(r.Gap))
		}
		p("\n")
	}
	if len(m.Problems) > 0 {
		p("\n## %s\n\n", c.T(message.CatCount, c.T(message.ClauseProblems), len(m.Problems)))
		for _, pr := range m.Problems {
			p("- %s\n", mdCell(pr))
		}
	}
}
