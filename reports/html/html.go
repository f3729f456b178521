// Package html writes a run as one self-contained HTML page for a person —
// an auditor, a regulator, the engineer who has to fix a failure: the verdict
// first, then a table per role of the requirements and their sources, then
// every scenario with its steps, plain-words failure, notes and the HTTP
// exchanges behind each step. No external assets and no script: it opens
// offline, from an e-mail attachment or a CI artifact, years later.
package html

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"upper":        func(s any) string { return strings.ToUpper(fmt.Sprint(s)) },
	"lower":        func(s any) string { return strings.ToLower(fmt.Sprint(s)) },
	"slug":         slug,
	"statusMeans":  func(s string) string { return requirement.Statuses[s] },
	"sinceLabel":   requirement.SinceLabel,
	"responsible":  responsible,
	"partyWords":   partyWords,
	"time":         func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"dur":          dur,
	"verdictClass": verdictClass,
	"stepClass":    func(s result.Status) string { return "st-" + string(s) },
	"stepMark":     stepMark,
	"join":         strings.Join,
	"noteTable":    noteTable,
	"httpClass": func(code int) string {
		switch {
		case code == 0:
			return "bad"
		case code >= 400:
			return "warn"
		}
		return "ok"
	},
	"headers": sortedHeaders,
}).Parse(pageText))

// view is what the template renders.
type view struct {
	Run        *result.Run
	Kind       string // certified, findings, not-certified, partial, interrupted, nothing
	Headline   string
	Counts     []count
	Roles      []roleView
	Groups     []group
	Statuses   []statusView
	Generated  time.Time
	Scenarios  int
	ScenFailed int
}

type count struct {
	Label string
	N     int
	Class string
}

type roleView struct {
	Role         string
	Requirements []*result.RequirementResult
}

type group struct {
	Req       *result.RequirementResult
	Scenarios []scenarioView
}

type scenarioView struct {
	S     *result.Scenario
	Steps []stepView
	// Extra holds exchanges and notes recorded outside any step (before the
	// first one began), so that nothing recorded is left out.
}

type stepView struct {
	result.Step
	Index     int
	Exchanges []exchangeView
	Notes     []evidence.Note
	// Blames is set when one of Exchanges shows the party responsible
	// for the scenario's failure.
	Blames bool
}

type exchangeView struct {
	evidence.Exchange
	// Blamed marks the exchange that shows who failed.
	Blamed bool
}

type statusView struct{ Code, Meaning string }

// Write renders run as a self-contained HTML page.
func Write(w io.Writer, run *result.Run) error {
	v := view{Run: run, Generated: time.Now().UTC()}
	v.Kind, v.Headline = kind(run)
	v.Counts = []count{
		{"passed", run.Count(result.Pass, ""), "pass"},
		{"failed", run.Count(result.Fail, ""), "fail"},
		{"waived", run.Count(result.Waived, ""), "waived"},
		{"not run", run.Count(result.NotRun, ""), "notrun"},
	}
	for _, role := range run.RolesTested {
		rv := roleView{Role: role}
		for _, q := range run.Requirements {
			if q.Requirement.HasRole(role) {
				rv.Requirements = append(rv.Requirements, q)
			}
		}
		v.Roles = append(v.Roles, rv)
	}
	used := map[string]bool{}
	for _, q := range run.Requirements {
		g := group{Req: q}
		for _, s := range q.Scenarios {
			g.Scenarios = append(g.Scenarios, scenarioOf(s))
			v.Scenarios++
			if s.Status != result.Passed {
				v.ScenFailed++
			}
		}
		for _, src := range q.Requirement.Sources {
			used[src.Status] = true
		}
		v.Groups = append(v.Groups, g)
	}
	for code := range used {
		v.Statuses = append(v.Statuses, statusView{code, requirement.Statuses[code]})
	}
	sort.Slice(v.Statuses, func(i, j int) bool { return v.Statuses[i].Code < v.Statuses[j].Code })
	return page.Execute(w, v)
}

func scenarioOf(s *result.Scenario) scenarioView {
	sv := scenarioView{S: s}
	order := make([]int, len(s.Evidence))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return s.Evidence[order[a]].Started.Before(s.Evidence[order[b]].Started) })
	blamed := -1
	if r := responsible(s); r != nil {
		blamed = r.Exchange
	}
	for i, st := range s.Steps {
		step := stepView{Step: st, Index: i}
		for _, k := range order {
			x := s.Evidence[k]
			if x.Step == i || (i == 0 && x.Step < 0) || (i == len(s.Steps)-1 && x.Step >= len(s.Steps)) {
				step.Exchanges = append(step.Exchanges, exchangeView{x, k == blamed})
				step.Blames = step.Blames || k == blamed
			}
		}
		for _, n := range s.Notes {
			if n.Step == i || (i == len(s.Steps)-1 && n.Step >= len(s.Steps)) {
				step.Notes = append(step.Notes, n)
			}
		}
		sv.Steps = append(sv.Steps, step)
	}
	return sv
}

// responsible is who failed a failed scenario, as the runner attributed it;
// nil for any other status.
func responsible(s *result.Scenario) *result.Responsibility {
	if s.Status != result.Failed {
		return nil
	}
	return s.Responsible
}

// partyWords names a responsible party for a reader.
func partyWords(party string) string {
	switch party {
	case result.PartyImplementation:
		return "the implementation under test"
	case result.PartyCounterparty:
		return "a counterparty the harness plays (the harness's double, not the implementation)"
	case result.PartyNetwork:
		return "the network"
	case result.PartyHarness:
		return "the harness itself"
	}
	return party
}

// kind names the run's decision for the banner; the decision is the run's,
// made once, so the banner cannot disagree with any other report.
func kind(run *result.Run) (string, string) {
	switch run.Decision {
	case result.NotTested:
		if run.Interrupted {
			return "interrupted", "Interrupted — could not be tested, not a certification"
		}
		return "nothing", "Could not be tested"
	case result.Partial:
		return "partial", "Partial run — not a certification"
	case result.NotCertified:
		return "not-certified", "Not certified"
	case result.CertifiedWithFindings:
		return "findings", "Certified, with findings"
	case result.Certified:
		if run.Count(result.Waived, "") > 0 {
			return "findings", "Certified, with waivers"
		}
		return "certified", "Certified"
	}
	return "nothing", "No decision"
}

func verdictClass(v result.Verdict) string {
	switch v {
	case result.Pass:
		return "pass"
	case result.Fail:
		return "fail"
	case result.Waived:
		return "waived"
	}
	return "notrun"
}

func stepMark(s result.Status) string {
	switch s {
	case result.Passed:
		return "✓"
	case result.Failed, result.Undefined, result.Pending:
		return "✗"
	}
	return "–"
}

func dur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return d.Round(10 * time.Millisecond).String()
}

var nonSlug = regexp.MustCompile(`[^A-Za-z0-9]+`)

func slug(s string) string { return strings.Trim(nonSlug.ReplaceAllString(s, "-"), "-") }

// columns splits a note's line where a writer aligned columns by hand.
var columns = regexp.MustCompile(`\t+|\s*\|\s*| {2,}`)

// noteTable turns a note whose every line has the same number (two or more)
// of aligned columns into rows for a table; otherwise nil, and the note is
// shown as written.
func noteTable(text string) [][]string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) < 2 {
		return nil
	}
	var rows [][]string
	for _, l := range lines {
		cells := columns.Split(strings.TrimSpace(l), -1)
		if len(cells) < 2 || (len(rows) > 0 && len(cells) != len(rows[0])) {
			return nil
		}
		rows = append(rows, cells)
	}
	return rows
}

type header struct{ Name, Value string }

func sortedHeaders(h map[string]string) []header {
	out := make([]header, 0, len(h))
	for k, v := range h {
		out = append(out, header{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
