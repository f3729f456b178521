// Package narrative reads, for the reports, what the feature files of a run
// say in their own words beyond the requirements: each Feature's keyword,
// name, description and tags, and the language the file is written in.
//
// It reads the files the run carries (result.Run.RequirementFiles), so the
// text shown is the text whose digest the run records. A run that carries
// only the digests (one merged from shards read back from JSON) has no
// narrative; reports then show what they showed before.
package narrative

import (
	"strings"
	"unicode"
	"unicode/utf8"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// Feature is one feature file's own text.
type Feature struct {
	Path     string
	Keyword  string // "Feature", "功能"
	Name     string
	Language string // the file's "# language:", "en" when it declares none
	Line     int
	Tags     []Tag
	// Paragraphs are the description's paragraphs, each one line of text:
	// the file's line breaks within a paragraph are only layout.
	Paragraphs []string
	// Keywords are the keywords of the file's scenarios by line, and of
	// each outline by the line of each of its example rows.
	Keywords map[int]string
}

// Tag is a tag of the Feature line.
type Tag struct {
	Name string
	Line int
}

// Description is the description as written, paragraphs apart by a blank
// line, or "" when there is none.
func (f *Feature) Description() string {
	if f == nil {
		return ""
	}
	return strings.Join(f.Paragraphs, "\n\n")
}

// ScenarioKeyword is the keyword of the scenario at line ("Scenario",
// "场景", "Scenario Outline"), or of the outline whose example row is at
// line; "" when the file has none there.
func (f *Feature) ScenarioKeyword(line int) string {
	if f == nil {
		return ""
	}
	return f.Keywords[line]
}

// Read parses every feature file run carries, by path. A file it cannot
// read is left out: the requirement model has already judged the files, and
// a report must still be written.
func Read(run *result.Run) map[string]*Feature {
	out := map[string]*Feature{}
	for _, file := range run.RequirementFiles {
		if len(file.Bytes) == 0 {
			continue
		}
		doc, errs := requirement.ParseDocument(file.Path, file.Bytes)
		if errs != nil || doc == nil || doc.Feature == nil {
			continue
		}
		ft := doc.Feature
		f := &Feature{Path: file.Path, Keyword: ft.Keyword, Name: ft.Name, Language: ft.Language,
			Line: int(ft.Location.Line), Paragraphs: Paragraphs(ft.Description), Keywords: map[int]string{}}
		if f.Language == "" {
			f.Language = "en"
		}
		for _, t := range ft.Tags {
			f.Tags = append(f.Tags, Tag{t.Name, int(t.Location.Line)})
		}
		scenario := func(sc *messages.Scenario) {
			if sc == nil {
				return
			}
			f.Keywords[int(sc.Location.Line)] = sc.Keyword
			for _, ex := range sc.Examples {
				for _, row := range ex.TableBody {
					f.Keywords[int(row.Location.Line)] = sc.Keyword
				}
			}
		}
		for _, c := range ft.Children {
			scenario(c.Scenario)
			if c.Rule != nil {
				for _, rc := range c.Rule.Children {
					scenario(rc.Scenario)
				}
			}
		}
		out[file.Path] = f
	}
	return out
}

// Language is the language run's reports speak: run.Lang when set, else the
// language every feature file run declares, else English.
func Language(run *result.Run, feats map[string]*Feature) string {
	if run.Lang != "" {
		return run.Lang
	}
	lang := ""
	for _, f := range feats {
		switch {
		case lang == "":
			lang = f.Language
		case lang != f.Language:
			return "en"
		}
	}
	if lang == "" {
		return "en"
	}
	return lang
}

// Paragraphs splits a Gherkin description into paragraphs at blank lines and
// joins each paragraph's lines: with a space, except where a line ends or
// the next begins with a Chinese character or punctuation, where Chinese
// puts none.
func Paragraphs(desc string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, l := range strings.Split(desc, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			flush()
			continue
		}
		if cur.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(cur.String())
			first, _ := utf8.DecodeRuneInString(l)
			if !wide(last) && !wide(first) {
				cur.WriteByte(' ')
			}
		}
		cur.WriteString(l)
	}
	flush()
	return out
}

// wide reports whether r is written without spaces around it: Han
// characters and CJK punctuation.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
