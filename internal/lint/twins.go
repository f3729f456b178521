package lint

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/internal/sources"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Twins checks that tw, the twin in another language of the requirement set
// en, says what en says, without running anything: the same requirements
// (IDs, levels, roles), in the same files with the same feature tags; each
// source line resolving to the same known sources at the same status and
// date; the same scenarios, with the same tags, the same examples and rows;
// and, scenario by scenario once outlines are expanded, the same steps: of
// the same kind, each twin step matching exactly one step definition, the
// twin (in lang's Language) of the one its English step matches, with the
// same values once the twin's words are read as English (the same quoted
// names, amounts and counts, the same table). Problems in tw's files are
// named at tw's paths below lang ("zh-CN/links/links.feature").
func Twins(en, tw *requirement.Set, lang string, defs []*regexp.Regexp, l *scenario.Language) requirement.Errors {
	c := &twinCheck{en: en, tw: tw, lang: lang, defs: defs, l: l}
	if l == nil {
		c.l = &scenario.Language{}
		c.atEn(firstFile(en), 0, "the set has a twin in %s, but hutong has no step expressions in %s (steps/scenario.Twins)", lang, lang)
	}
	c.docs()
	c.requirements()
	return c.out
}

type twinCheck struct {
	en, tw *requirement.Set
	lang   string
	defs   []*regexp.Regexp
	l      *scenario.Language
	out    requirement.Errors
	// The parsed files of each set, by path.
	enDocs, twDocs map[string]*messages.GherkinDocument
	// The runs of each parsed file, and the lines of its steps.
	runs  map[*messages.GherkinDocument][]*messages.Pickle
	lines map[*messages.GherkinDocument]map[string]int
	// said are the step problems reported, by line and what is wrong: a
	// Background step runs in every scenario, and is wrong once.
	said map[string]bool
}

func firstFile(s *requirement.Set) string {
	if len(s.Files) == 0 {
		return ""
	}
	return s.Files[0].Path
}

func (c *twinCheck) atEn(file string, line int, format string, a ...any) {
	c.out = append(c.out, &requirement.Error{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
}

func (c *twinCheck) atTw(file string, line int, format string, a ...any) {
	c.out = append(c.out, &requirement.Error{File: path.Join(c.lang, file), Line: line, Msg: fmt.Sprintf(format, a...)})
}

func (c *twinCheck) docs() {
	parse := func(s *requirement.Set) map[string]*messages.GherkinDocument {
		out := map[string]*messages.GherkinDocument{}
		for _, f := range s.Files {
			if doc, errs := requirement.ParseDocument(f.Path, f.Bytes); errs == nil && doc.Feature != nil {
				out[f.Path] = doc
			}
		}
		return out
	}
	c.enDocs, c.twDocs = parse(c.en), parse(c.tw)
}

// requirements pairs the requirements by ID and compares each pair.
func (c *twinCheck) requirements() {
	twByID := map[string]*requirement.Requirement{}
	for _, r := range c.tw.Requirements {
		twByID[r.ID] = r
	}
	enByID := map[string]bool{}
	files := map[string]string{} // English file -> its twin file
	for _, r := range c.en.Requirements {
		enByID[r.ID] = true
		t := twByID[r.ID]
		if t == nil {
			c.atEn(r.File, r.Line, "%s has no twin in %s: add its Rule, with the same scenarios, to the %s twin of this file", r.ID, c.lang, c.lang)
			continue
		}
		if f, ok := files[r.File]; !ok {
			files[r.File] = t.File
			c.feature(r.File, t.File)
		} else if f != t.File {
			c.atTw(t.File, t.Line, "%s stands in %s, but the other requirements of %s are in %s; a file's twin holds the same requirements", r.ID, t.File, r.File, f)
		}
		c.requirement(r, t)
	}
	for _, t := range c.tw.Requirements {
		if !enByID[t.ID] {
			c.atTw(t.File, t.Line, "%s is in the %s text but not in the English one; a twin says what the set says, no more", t.ID, c.lang)
		}
	}
}

// feature compares what two files say outside their Rules: the feature's
// tags and its Background's steps (those are compared in every pickle).
func (c *twinCheck) feature(enFile, twFile string) {
	e, t := c.enDocs[enFile], c.twDocs[twFile]
	if e == nil || t == nil {
		return
	}
	if a, b := tagNames(e.Feature.Tags), tagNames(t.Feature.Tags); !slices.Equal(a, b) {
		c.atTw(twFile, int(t.Feature.Location.Line), "the feature is tagged %s, the English one %s", strings.Join(b, " "), strings.Join(a, " "))
	}
}

func tagNames(tags []*messages.Tag) []string {
	var out []string
	for _, t := range tags {
		out = append(out, t.Name)
	}
	return out
}

func (c *twinCheck) requirement(r, t *requirement.Requirement) {
	if r.Level != t.Level {
		c.atTw(t.File, t.Line, "%s is %s in %s but %s in English", r.ID, t.Level, c.lang, r.Level)
	}
	if !slices.Equal(r.Roles, t.Roles) {
		c.atTw(t.File, t.Line, "%s applies to the roles %s in %s but %s in English", r.ID, strings.Join(t.Roles, ", "), c.lang, strings.Join(r.Roles, ", "))
	}
	c.sources(r, t)
	if len(r.Scenarios) != len(t.Scenarios) {
		c.atTw(t.File, t.Line, "%s has %d scenario(s) in %s but %d in English", r.ID, len(t.Scenarios), c.lang, len(r.Scenarios))
		return
	}
	for i := range r.Scenarios {
		c.scenario(r, t, r.Scenarios[i], t.Scenarios[i])
	}
}

// sources checks that each source line of the twin cites what the English
// line in its place cites: the same known sources, status and date.
func (c *twinCheck) sources(r, t *requirement.Requirement) {
	if len(r.Sources) != len(t.Sources) {
		c.atTw(t.File, t.Line, "%s has %d source line(s) in %s but %d in English", r.ID, len(t.Sources), c.lang, len(r.Sources))
		return
	}
	for i, es := range r.Sources {
		ts := t.Sources[i]
		if es.Status != ts.Status || es.Since != ts.Since {
			c.atTw(t.File, ts.Line, "%s: the source is marked [%s] where the English line (%s:%d) has [%s]", r.ID, marker(ts), r.File, es.Line, marker(es))
		}
		a, b := knownNames(es.Text), knownNames(ts.Text)
		if len(b) > 0 && !slices.Equal(a, b) {
			c.atTw(t.File, ts.Line, "%s: the source cites %s, but the English line (%s:%d) cites %s; a twin cites the same sources", r.ID, list(b), r.File, es.Line, list(a))
		}
	}
}

func marker(s requirement.Source) string {
	if s.Since == "" {
		return s.Status
	}
	return s.Status + ", since " + s.Since
}

func knownNames(text string) []string {
	var out []string
	for _, k := range sources.Matching(text) {
		out = append(out, k.Name)
	}
	return out
}

func list(names []string) string {
	if len(names) == 0 {
		return "no known source"
	}
	return strings.Join(names, "; ")
}

// scenario compares one scenario and its twin: tags, examples, and the
// expanded pickles step by step.
func (c *twinCheck) scenario(r, t *requirement.Requirement, es, ts requirement.Scenario) {
	at := func(format string, a ...any) {
		c.atTw(t.File, ts.Line, "%s, scenario %q: %s", r.ID, ts.Name, fmt.Sprintf(format, a...))
	}
	if !slices.Equal(es.Tags, ts.Tags) {
		at("tagged %s, the English scenario (%s:%d) %s", strings.Join(ts.Tags, " "), r.File, es.Line, strings.Join(es.Tags, " "))
	}
	ea, ta := astScenario(c.enDocs[r.File], es.Line), astScenario(c.twDocs[t.File], ts.Line)
	if ea == nil || ta == nil {
		return
	}
	if (len(ea.Examples) > 0) != (len(ta.Examples) > 0) {
		at("an outline in one language and a plain scenario in the other")
	}
	if len(ea.Examples) != len(ta.Examples) {
		at("%d Examples table(s), the English scenario %d", len(ta.Examples), len(ea.Examples))
		return
	}
	for i := range ea.Examples {
		if n, m := len(ta.Examples[i].TableBody), len(ea.Examples[i].TableBody); n != m {
			at("%d example row(s), the English scenario %d", n, m)
			return
		}
	}
	ep, tp := c.pickles(c.enDocs[r.File], ea.Id), c.pickles(c.twDocs[t.File], ta.Id)
	if len(ep) != len(tp) {
		at("%d run(s), the English scenario %d", len(tp), len(ep))
		return
	}
	for i := range ep {
		c.pickle(r, t, ts, ep[i], tp[i])
	}
}

func astScenario(doc *messages.GherkinDocument, line int) *messages.Scenario {
	if doc == nil {
		return nil
	}
	for _, ch := range doc.Feature.Children {
		if ch.Rule == nil {
			continue
		}
		for _, rc := range ch.Rule.Children {
			if rc.Scenario != nil && int(rc.Scenario.Location.Line) == line {
				return rc.Scenario
			}
		}
	}
	return nil
}

// pickles are the runs of the scenario with AST id, in order: one, or one
// per example row.
func (c *twinCheck) pickles(doc *messages.GherkinDocument, id string) []*messages.Pickle {
	if c.runs == nil {
		c.runs = map[*messages.GherkinDocument][]*messages.Pickle{}
	}
	all, ok := c.runs[doc]
	if !ok {
		all = gherkin.Pickles(*doc, "", (&messages.Incrementing{}).NewId)
		c.runs[doc] = all
	}
	var out []*messages.Pickle
	for _, p := range all {
		if len(p.AstNodeIds) > 0 && p.AstNodeIds[0] == id {
			out = append(out, p)
		}
	}
	return out
}

var (
	quotedValue = regexp.MustCompile(`"[^"]+"`)
	numberValue = regexp.MustCompile(`\d+(?:\.\d+)?`)
)

// values are the distinct quoted names and numbers in a pickle's name.
func values(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range append(quotedValue.FindAllString(s, -1), numberValue.FindAllString(quotedValue.ReplaceAllString(s, ""), -1)...) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func (c *twinCheck) pickle(r, t *requirement.Requirement, ts requirement.Scenario, ep, tp *messages.Pickle) {
	run := ts.Name
	if tp.Name != ts.Name {
		run = tp.Name
	}
	if a, b := values(ep.Name), values(tp.Name); !slices.Equal(a, b) {
		c.atTw(t.File, ts.Line, "%s, scenario %q names %s, the English one (%q) %s", r.ID, tp.Name, orNone(b), ep.Name, orNone(a))
	}
	if len(ep.Steps) != len(tp.Steps) {
		c.atTw(t.File, ts.Line, "%s, scenario %q has %d step(s), the English one %d", r.ID, run, len(tp.Steps), len(ep.Steps))
		return
	}
	for i := range ep.Steps {
		c.step(r, t, run, ep.Steps[i], tp.Steps[i])
	}
}

func orNone(vs []string) string {
	if len(vs) == 0 {
		return "no values"
	}
	return strings.Join(vs, ", ")
}

// step compares one step of the twin with the English step in its place.
func (c *twinCheck) step(r, t *requirement.Requirement, run string, es, ts *messages.PickleStep) {
	line := c.stepLine(c.twDocs[t.File], ts)
	at := func(format string, a ...any) {
		what := fmt.Sprintf(format, a...)
		key := fmt.Sprintf("%s:%d %s %s", t.File, line, ts.Text, what)
		if c.said == nil {
			c.said = map[string]bool{}
		}
		if c.said[key] {
			return
		}
		c.said[key] = true
		c.atTw(t.File, line, "%s, scenario %q: step %q %s", r.ID, run, ts.Text, what)
	}
	if es.Type != ts.Type {
		at("is a %s step where the English one (%q) is a %s step", kind(ts.Type), es.Text, kind(es.Type))
	}
	enExpr := matching(es.Text, c.defs)
	twExpr := matching(ts.Text, c.defs)
	if len(enExpr) != 1 || len(twExpr) != 1 {
		return // no definition, or more than one: reported for each set
	}
	twin, ok := c.l.Twins[enExpr[0].String()]
	switch {
	case !ok:
		at("stands where the English step %q does, whose expression %s has no %s twin (steps/scenario.Twins)", es.Text, enExpr[0], c.lang)
		return
	case twin.Expr != twExpr[0].String():
		at("matches %s, not %s, the %s twin of the English step %q", twExpr[0], twin.Expr, c.lang, es.Text)
		return
	}
	ev := enExpr[0].FindStringSubmatch(es.Text)[1:]
	tv := twExpr[0].FindStringSubmatch(ts.Text)[1:]
	for i := range tv {
		tv[i] = c.l.English(twin, tv[i])
	}
	if !slices.Equal(ev, tv) {
		at("gives the step %s; the English step %q gives it %s", quoteAll(tv), es.Text, quoteAll(ev))
	}
	if a, b := tableOf(es), tableOf(c.l.EnglishTable(twin, tableArg(ts))); !slices.EqualFunc(a, b, slices.Equal) {
		at("has the table %v (as English), the English step %v", b, a)
	}
	if a, b := docOf(es), docOf(ts); a != b {
		at("has the text %q, the English step %q", b, a)
	}
}

func kind(t messages.PickleStepType) string {
	switch t {
	case messages.PickleStepType_CONTEXT:
		return "Given"
	case messages.PickleStepType_ACTION:
		return "When"
	case messages.PickleStepType_OUTCOME:
		return "Then"
	}
	return "untyped"
}

func matching(text string, defs []*regexp.Regexp) []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, d := range defs {
		if d.MatchString(text) {
			out = append(out, d)
		}
	}
	return out
}

func quoteAll(vs []string) string {
	if len(vs) == 0 {
		return "no values"
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

func tableArg(s *messages.PickleStep) *messages.PickleTable {
	if s.Argument == nil {
		return nil
	}
	return s.Argument.DataTable
}

func tableOf(x any) [][]string {
	var t *messages.PickleTable
	switch v := x.(type) {
	case *messages.PickleStep:
		t = tableArg(v)
	case *messages.PickleTable:
		t = v
	}
	if t == nil {
		return nil
	}
	var out [][]string
	for _, r := range t.Rows {
		var row []string
		for _, c := range r.Cells {
			row = append(row, c.Value)
		}
		out = append(out, row)
	}
	return out
}

func docOf(s *messages.PickleStep) string {
	if s.Argument == nil || s.Argument.DocString == nil {
		return ""
	}
	return s.Argument.DocString.Content
}

// stepLine is the line of the step a pickle step was made from.
func (c *twinCheck) stepLine(doc *messages.GherkinDocument, s *messages.PickleStep) int {
	if doc == nil || len(s.AstNodeIds) == 0 {
		return 0
	}
	if c.lines == nil {
		c.lines = map[*messages.GherkinDocument]map[string]int{}
	}
	lines, ok := c.lines[doc]
	if !ok {
		lines = map[string]int{}
		collectLines(doc.Feature, lines)
		c.lines[doc] = lines
	}
	return lines[s.AstNodeIds[0]]
}
