// Package html writes a run as one self-contained HTML page for a person —
// an auditor, a regulator, the engineer who has to fix a failure. It leads
// with what matters: the verdict, then the failed requirements, each linked
// to its evidence, and count tiles that link to their sections; then a table
// per role of the requirements and their sources, roles with failures
// first; then every feature's narrative, its requirements with charts of
// the differential comparisons, and every scenario with its steps,
// plain-words failure, notes and the HTTP exchanges behind each step.
//
// No external assets and no script: it opens offline, from an e-mail
// attachment or a CI artifact, years later, and prints as a short paginated
// audit document (collapsed evidence left out, a running header naming the
// implementation and the decision). Its labels are in the run's language
// (English or Chinese, see labels.go); the requirement text is the feature
// files'.
package html

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reports/internal/narrative"
	"github.com/hutong-interop/hutong/untrusted"
)

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"upper":        func(s any) string { return strings.ToUpper(fmt.Sprint(s)) },
	"lower":        func(s any) string { return strings.ToLower(fmt.Sprint(s)) },
	"slug":         slug,
	"responsible":  responsible,
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
	// kwClass marks a step keyword written without a space after it
	// (Chinese: 假如, 当, 那么), to be set apart from its text.
	"kwClass": func(kw string) string {
		if kw == "" || strings.HasSuffix(kw, " ") {
			return "kw"
		}
		return "kw nsp"
	},
}).Parse(pageText))

// view is what the template renders.
type view struct {
	Run *result.Run
	L   *labels
	// Kind is the banner's class: certified, findings, not-certified,
	// partial, interrupted, nothing.
	Kind     string
	Headline string
	// Failed, Waived and NotRun are the requirements with those verdicts,
	// listed under the verdict.
	Failed, Waived, NotRun []*result.RequirementResult
	Counts                 []count
	Roles                  []roleView
	Features               []featureView
	Statuses               []statusView
	// StatusMeans says what each source status means, in the page's
	// language.
	StatusMeans map[string]string
	Generated   time.Time
	Scenarios   int
	ScenFailed  int
	// Summary and Reasons are the decision's, in the page's language.
	Summary []message.Part
	Reasons [][]message.Part
	// Announced are the facts of what the implementation announced at
	// discovery, in the page's language.
	Announced []factView
}

// factView is one fact of the run: its label, and its items or, with none,
// what having none means.
type factView struct {
	Label string
	Items []string
	None  string
}

// announced are the facts of what the implementation announced: its
// capabilities, and the surfaces besides chats its messenger offers when
// the messenger was tested or it named some. Each name comes with what it
// brings into the run, so a reader sees, beside the roles, what the verdicts
// could cover.
func announced(run *result.Run, lang string) []factView {
	items := func(names []string) []string {
		var out []string
		for _, n := range names {
			means := message.AnnouncedUnknown
			if k, ok := message.Announced[n]; ok {
				means = k
			}
			out = append(out, message.Say(lang, message.FactAnnounced, n, message.Word(lang, means)))
		}
		return out
	}
	impl := run.Implementation
	out := []factView{{Label: message.Word(lang, message.FactCapabilities), Items: items(impl.Capabilities), None: message.Word(lang, message.FactNoCapability)}}
	if len(impl.Surfaces) > 0 || slices.Contains(run.RolesTested, "messenger") {
		out = append(out, factView{Label: message.Word(lang, message.FactSurfaces), Items: items(impl.Surfaces), None: message.Word(lang, message.FactNoSurface)})
	}
	return out
}

// translated reports whether the page is in another language than the
// record's English.
func (v *view) translated() bool { return v.L.Lang != english.Lang }

// Show writes parts as HTML: in a translated page, what is quoted as
// recorded (a step's finding, in English) is marked as the original
// English it is, so a reader knows the harness did not say it in theirs.
func (v *view) Show(parts []message.Part) template.HTML {
	var b strings.Builder
	for _, p := range parts {
		if p.Original && v.translated() {
			fmt.Fprintf(&b, `<span class="orig" lang="en"><span class="orig-l" lang="%s">%s</span>%s</span>`,
				template.HTMLEscapeString(v.L.Lang), template.HTMLEscapeString(v.L.Original), template.HTMLEscapeString(p.Text))
			continue
		}
		b.WriteString(template.HTMLEscapeString(p.Text))
	}
	return template.HTML(b.String())
}

// shot is a screenshot as the page embeds it: a data: URL, so the page
// stays self-contained.
type shot struct {
	Title string
	Src   template.URL
}

// Shots are the screenshots scenario s kept at its step i; only PNGs
// within evidence.EmbedLimit (Embeddable), anything else left out.
func (v *view) Shots(s *result.Scenario, i int) []shot {
	var out []shot
	for _, sc := range s.Screenshots {
		if sc.Step != i || !sc.Embeddable() {
			continue
		}
		out = append(out, shot{
			Title: untrusted.Line(sc.Title, 200),
			Src:   template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(sc.PNG)),
		})
	}
	return out
}

// Plain is parts as text, for an attribute.
func (v *view) Plain(parts []message.Part) string { return message.String(parts) }

// Tr is s, a sentence the run recorded in English, in the page's
// language (message.Translate).
func (v *view) Tr(s string) []message.Part {
	if !v.translated() {
		return []message.Part{{Text: s}}
	}
	return message.Translate(v.L.Lang, s)
}

// Foreign reports whether s, recorded by a step, stays in English on a
// translated page.
func (v *view) Foreign(s string) bool {
	if !v.translated() {
		return false
	}
	for _, p := range message.Translate(v.L.Lang, s) {
		if p.Original {
			return true
		}
	}
	return false
}

// Reason is q's verdict reason in the page's language.
func (v *view) Reason(q *result.RequirementResult) []message.Part {
	if !v.translated() {
		return []message.Part{{Text: q.Reason}}
	}
	return q.ReasonParts(v.L.Lang)
}

// Power is the detection power q's cases reached, in the page's language.
func (v *view) Power(q *result.RequirementResult) string {
	if !v.translated() || q.Power == "" {
		return q.Power
	}
	return result.PowerIn(v.L.Lang, q.Cases)
}

// Why says who failed, in the page's language.
// Depth says how many cases the run drew, and what that makes of it.
func (v *view) Depth() string {
	if v.Run.DepthDrawn() == result.DepthQuick {
		return message.Say(v.L.Lang, message.DepthQuickMeans)
	}
	return message.Say(v.L.Lang, message.DepthCertificationMeans, result.CertificationCases)
}

func (v *view) Why(r *result.Responsibility) []message.Part { return v.Tr(r.Why) }

type count struct {
	Label string
	N     int
	Class string
	// Href is the section the tile leads to; "" when there is none.
	Href string
}

type roleView struct {
	Role         string
	Failed       int
	Requirements []*result.RequirementResult
}

// featureView is one feature file: its narrative and its requirements.
type featureView struct {
	Slug       string
	Keyword    string
	Name       string
	Paragraphs []string
	Groups     []group
}

type group struct {
	Req       *result.RequirementResult
	Scenarios []scenarioView
	Charts    []chart
}

type scenarioView struct {
	S     *result.Scenario
	Steps []stepView
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
	feats := narrative.Read(run)
	l := labelsFor(narrative.Language(run, feats))
	v := &view{Run: run, L: l, Generated: time.Now().UTC()}
	if v.translated() {
		v.Summary, v.Reasons = run.ExplainParts(l.Lang)
	} else {
		v.Summary = []message.Part{{Text: run.Summary}}
		for _, r := range run.Reasons {
			v.Reasons = append(v.Reasons, []message.Part{{Text: r}})
		}
	}
	var hk string
	v.Kind, hk = kind(run)
	v.Headline = l.Headlines[hk]
	for _, q := range run.Requirements {
		switch q.Verdict {
		case result.Fail:
			v.Failed = append(v.Failed, q)
		case result.Waived:
			v.Waived = append(v.Waived, q)
		case result.NotRun:
			v.NotRun = append(v.NotRun, q)
		}
	}
	v.Counts = []count{
		{l.Passed, run.Count(result.Pass, ""), "pass", "#roles"},
		{l.FailedN, len(v.Failed), "fail", "#failed"},
		{l.WaivedN, len(v.Waived), "waived", "#waived"},
		{l.NotRunN, len(v.NotRun), "notrun", "#not-run"},
	}
	for i := range v.Counts {
		if v.Counts[i].N == 0 {
			v.Counts[i].Href = ""
		}
	}
	v.Roles = roles(run)
	v.Announced = announced(run, l.Lang)
	v.Features = features(run, feats, l)
	used := map[string]bool{}
	for _, fv := range v.Features {
		for _, g := range fv.Groups {
			for _, s := range g.Scenarios {
				v.Scenarios++
				if s.S.Status != result.Passed {
					v.ScenFailed++
				}
			}
			for _, src := range g.Req.Requirement.Sources {
				used[src.Status] = true
			}
		}
	}
	v.StatusMeans = map[string]string{}
	for code, meaning := range requirement.Statuses {
		v.StatusMeans[code] = message.Word(l.Lang, meaning)
	}
	for code := range used {
		v.Statuses = append(v.Statuses, statusView{code, v.StatusMeans[code]})
	}
	sort.Slice(v.Statuses, func(i, j int) bool { return v.Statuses[i].Code < v.Statuses[j].Code })
	return page.Execute(w, v)
}

// roles are the tables of requirements by role: roles with failures first,
// and in each table what needs reading first — failures, then waivers and
// what was not run, then passes — by ID within each.
func roles(run *result.Run) []roleView {
	var out []roleView
	for _, role := range run.RolesTested {
		rv := roleView{Role: role}
		for _, q := range run.Requirements {
			if q.Requirement.HasRole(role) {
				rv.Requirements = append(rv.Requirements, q)
				if q.Verdict == result.Fail {
					rv.Failed++
				}
			}
		}
		sort.SliceStable(rv.Requirements, func(i, j int) bool {
			return verdictRank(rv.Requirements[i].Verdict) < verdictRank(rv.Requirements[j].Verdict)
		})
		out = append(out, rv)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Failed > 0 && out[j].Failed == 0 })
	return out
}

// features groups the requirements, in ID order, under the feature file
// each comes from, with the file's narrative.
func features(run *result.Run, feats map[string]*narrative.Feature, l *labels) []featureView {
	var out []featureView
	byFile := map[string]int{}
	for _, q := range run.Requirements {
		g := group{Req: q}
		for _, s := range q.Scenarios {
			g.Scenarios = append(g.Scenarios, scenarioOf(s))
			g.Charts = append(g.Charts, chartsOf(s.Cases, l)...)
		}
		file := q.Requirement.File
		i, ok := byFile[file]
		if !ok {
			i = len(out)
			byFile[file] = i
			fv := featureView{Slug: slug(file)}
			if f := feats[file]; f != nil {
				fv.Keyword, fv.Name, fv.Paragraphs = f.Keyword, f.Name, f.Paragraphs
			}
			out = append(out, fv)
		}
		if out[i].Name == "" && len(q.Scenarios) > 0 {
			out[i].Name = q.Scenarios[0].FeatureName
		}
		out[i].Groups = append(out[i].Groups, g)
	}
	for i := range out {
		if out[i].Name == "" {
			// Neither the file's text nor a scenario run: its path.
			out[i].Name = out[i].Groups[0].Req.Requirement.File
		}
	}
	return out
}

func verdictRank(v result.Verdict) int {
	switch v {
	case result.Fail:
		return 0
	case result.Waived:
		return 1
	case result.NotRun:
		return 2
	}
	return 3
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

// kind names the run's decision for the banner: its class, and the key of
// its headline among the labels. The decision is the run's, made once, so
// the banner cannot disagree with any other report.
func kind(run *result.Run) (string, string) {
	switch run.Decision {
	case result.NotTested:
		if run.Interrupted {
			return "interrupted", "interrupted"
		}
		return "nothing", "nothing"
	case result.Partial:
		return "partial", "partial"
	case result.NotCertified:
		return "not-certified", "not-certified"
	case result.CertifiedWithFindings:
		return "findings", "findings"
	case result.Certified:
		if run.Count(result.Waived, "") > 0 {
			return "findings", "waivers"
		}
		return "certified", "certified"
	}
	return "nothing", "none"
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
