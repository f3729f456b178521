// Package lint checks feature files against hutong's conventions before they
// are run: every requirement well formed (model/requirement's checks:
// one ID, one level and at least one role per scenario, IDs consistent and
// unique, every source with a status), one ID prefix per file, every source
// one of the curated list at its status and with its date (sources.Check),
// and every step matched by exactly one step definition. A set with twins
// in other languages (zh-CN/…, see requirement.ForLang) has each language
// checked so, and each twin checked against the English text (Twins). Every
// problem names its file and line.
package lint

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/internal/sources"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Report is what lint found.
type Report struct {
	Problems     requirement.Errors
	Files        int
	Requirements int
	Scenarios    int
	Steps        int
	// Langs are the languages checked, the set's own first.
	Langs []string
}

// Check lints every .feature file under fsys against the step definitions
// defs, and each twin in another language against the set and the twins of
// the step expressions (scenario.Twins). File names in problems are paths
// within fsys.
func Check(fsys fs.FS, defs []*regexp.Regexp) (*Report, error) {
	return CheckTwins(fsys, defs, scenario.Twins)
}

// CheckTwins is Check with the given twins of the step expressions, by
// language.
func CheckTwins(fsys fs.FS, defs []*regexp.Regexp, twins map[string]*scenario.Language) (*Report, error) {
	langs, err := requirement.Languages(fsys)
	if err != nil {
		return nil, err
	}
	if len(langs) == 0 || langs[0] != requirement.DefaultLang {
		langs = append([]string{requirement.DefaultLang}, langs...)
	}
	rep := &Report{}
	var en *requirement.Set
	for _, lang := range langs {
		sel, err := requirement.ForLang(fsys, lang)
		if err != nil {
			return nil, err
		}
		set, err := rep.check(sel, defs, lang)
		if err != nil {
			if lang == requirement.DefaultLang && len(langs) > 1 && set == nil {
				continue // only twins here, as in 'hutong lint features/zh-CN/..'
			}
			return nil, err
		}
		rep.Langs = append(rep.Langs, set.Lang)
		switch {
		case lang == requirement.DefaultLang:
			en = set
		case en != nil:
			rep.Problems = append(rep.Problems, Twins(en, set, lang, defs, twins[lang])...)
		}
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool {
		a, b := rep.Problems[i], rep.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return rep, nil
}

// check lints the set of one language, sel, into rep, naming the files of a
// twin at their paths below lang.
func (rep *Report) check(sel fs.FS, defs []*regexp.Regexp, lang string) (*requirement.Set, error) {
	set, err := requirement.Load(sel)
	var problems requirement.Errors
	if err != nil {
		var errs requirement.Errors
		if !asErrors(err, &errs) {
			return nil, err
		}
		problems = append(problems, errs...)
	}
	rep.Files += len(set.Files)
	rep.Requirements += len(set.Requirements)
	problems = append(problems, prefixes(set)...)
	problems = append(problems, sources.Check(set)...)
	// A clause map that no longer quotes its Rules (clauses.txt) is read
	// again when the Rule changes, as lint says here.
	problems = append(problems, set.ClauseErrors...)
	for _, f := range set.Files {
		ps, scenarios, steps := undefinedSteps(f.Path, f.Bytes, defs)
		problems = append(problems, ps...)
		rep.Scenarios += scenarios
		rep.Steps += steps
	}
	if lang != requirement.DefaultLang {
		for _, p := range problems {
			p.File = path.Join(lang, p.File)
		}
	}
	rep.Problems = append(rep.Problems, problems...)
	return set, nil
}

func asErrors(err error, out *requirement.Errors) bool {
	es, ok := err.(requirement.Errors)
	if ok {
		*out = es
	}
	return ok
}

var idPrefix = regexp.MustCompile(`^([A-Z][A-Z0-9]*)-\d+$`)

// prefixes reports a file whose requirements use more than one ID prefix: a
// family's requirements share one, so a stray prefix is a copy-paste slip.
func prefixes(set *requirement.Set) requirement.Errors {
	var out requirement.Errors
	first := map[string]*requirement.Requirement{}
	for _, r := range set.Requirements {
		m := idPrefix.FindStringSubmatch(r.ID)
		if m == nil {
			continue
		}
		f, ok := first[r.File]
		if !ok {
			first[r.File] = r
			continue
		}
		if fm := idPrefix.FindStringSubmatch(f.ID); fm != nil && fm[1] != m[1] {
			out = append(out, &requirement.Error{File: r.File, Line: r.Line,
				Msg: fmt.Sprintf("requirement %s has the prefix %s, but this file's first requirement is %s; one family, one prefix", r.ID, m[1], f.ID)})
		}
	}
	return out
}

// undefinedSteps expands the file into pickles (one per scenario and example
// row, background steps included, outline placeholders filled in) and reports
// each step no definition matches, or more than one does, once per source
// line.
func undefinedSteps(name string, data []byte, defs []*regexp.Regexp) (requirement.Errors, int, int) {
	doc, errs := requirement.ParseDocument(name, data)
	if errs != nil || doc.Feature == nil {
		return nil, 0, 0 // requirement.Load has reported it
	}
	lines := map[string]int{}
	collectLines(doc.Feature, lines)
	pickles := gherkin.Pickles(*doc, name, (&messages.Incrementing{}).NewId)
	var out requirement.Errors
	reported := map[string]bool{}
	steps := 0
	for _, p := range pickles {
		for _, st := range p.Steps {
			steps++
			m := matching(st.Text, defs)
			if len(m) == 1 {
				continue
			}
			line := 0
			if len(st.AstNodeIds) > 0 {
				line = lines[st.AstNodeIds[0]]
			}
			key := fmt.Sprintf("%d %s", line, st.Text)
			if reported[key] {
				continue
			}
			reported[key] = true
			msg := fmt.Sprintf("no step definition matches %q (scenario %q)", st.Text, p.Name)
			if len(m) > 1 {
				var exprs []string
				for _, d := range m {
					exprs = append(exprs, d.String())
				}
				msg = fmt.Sprintf("%d step definitions match %q (scenario %q): %s; a step must match exactly one", len(m), st.Text, p.Name, strings.Join(exprs, ", "))
			}
			out = append(out, &requirement.Error{File: name, Line: line, Msg: msg})
		}
	}
	return out, len(pickles), steps
}

func collectLines(f *messages.Feature, lines map[string]int) {
	addSteps := func(ss []*messages.Step) {
		for _, s := range ss {
			lines[s.Id] = int(s.Location.Line)
		}
	}
	scenario := func(s *messages.Scenario) { addSteps(s.Steps) }
	for _, c := range f.Children {
		switch {
		case c.Background != nil:
			addSteps(c.Background.Steps)
		case c.Scenario != nil:
			scenario(c.Scenario)
		case c.Rule != nil:
			for _, rc := range c.Rule.Children {
				if rc.Background != nil {
					addSteps(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					scenario(rc.Scenario)
				}
			}
		}
	}
}

// Summary is the closing line of a lint run.
func (r *Report) Summary() string {
	if len(r.Problems) == 0 {
		return fmt.Sprintf("ok: %d file(s), %d requirement(s), %d scenario(s), %d step(s)%s; no problems", r.Files, r.Requirements, r.Scenarios, r.Steps, r.inLangs())
	}
	files := map[string]bool{}
	for _, p := range r.Problems {
		files[p.File] = true
	}
	return fmt.Sprintf("%d problem(s) in %d file(s)", len(r.Problems), len(files))
}

// inLangs says which languages were checked, when there are several.
func (r *Report) inLangs() string {
	if len(r.Langs) < 2 {
		return ""
	}
	return fmt.Sprintf(" in %d languages (%s), each twin in step with the English text", len(r.Langs), strings.Join(r.Langs, ", "))
}

// Rename rewrites the file names of problems, e.g. from paths within an FS
// back to the paths the user gave.
func (r *Report) Rename(f func(string) string) {
	for _, p := range r.Problems {
		p.File = f(p.File)
	}
}
