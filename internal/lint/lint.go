// Package lint checks feature files against hutong's conventions before they
// are run: every requirement well formed (model/requirement's checks:
// one ID, one level and at least one role per scenario, IDs consistent and
// unique, every source with a status), one ID prefix per file, every source
// one of the curated list at its status and with its date (sources.Check),
// and every step matched by a step definition. Every problem names its file
// and line.
package lint

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/internal/sources"
	"github.com/hutong-interop/hutong/model/requirement"
)

// Report is what lint found.
type Report struct {
	Problems     requirement.Errors
	Files        int
	Requirements int
	Scenarios    int
	Steps        int
}

// Check lints every .feature file under fsys against the step definitions
// defs. File names in problems are paths within fsys.
func Check(fsys fs.FS, defs []*regexp.Regexp) (*Report, error) {
	set, err := requirement.Load(fsys)
	rep := &Report{}
	if err != nil {
		var errs requirement.Errors
		if !asErrors(err, &errs) {
			return nil, err
		}
		rep.Problems = append(rep.Problems, errs...)
	}
	rep.Files = len(set.Files)
	rep.Requirements = len(set.Requirements)
	rep.Problems = append(rep.Problems, prefixes(set)...)
	rep.Problems = append(rep.Problems, sources.Check(set)...)
	for _, f := range set.Files {
		problems, scenarios, steps := undefinedSteps(f.Path, f.Bytes, defs)
		rep.Problems = append(rep.Problems, problems...)
		rep.Scenarios += scenarios
		rep.Steps += steps
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
// each step no definition matches, once per source line.
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
			if matched(st.Text, defs) {
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
			out = append(out, &requirement.Error{File: name, Line: line,
				Msg: fmt.Sprintf("no step definition matches %q (scenario %q)", st.Text, p.Name)})
		}
	}
	return out, len(pickles), steps
}

func matched(text string, defs []*regexp.Regexp) bool {
	for _, d := range defs {
		if d.MatchString(text) {
			return true
		}
	}
	return false
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
		return fmt.Sprintf("ok: %d file(s), %d requirement(s), %d scenario(s), %d step(s); no problems", r.Files, r.Requirements, r.Scenarios, r.Steps)
	}
	files := map[string]bool{}
	for _, p := range r.Problems {
		files[p.File] = true
	}
	return fmt.Sprintf("%d problem(s) in %d file(s)", len(r.Problems), len(files))
}

// Rename rewrites the file names of problems, e.g. from paths within an FS
// back to the paths the user gave.
func (r *Report) Rename(f func(string) string) {
	for _, p := range r.Problems {
		p.File = f(p.File)
	}
}
