package catalog

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/hutong-interop/hutong/internal/sources"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
)

// JSON writes the catalogue as indented JSON.
func (c *Catalog) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

// T is the catalogue's sentence key (model/message) in its language.
func (c *Catalog) T(key string, args ...any) string {
	return say(c.Lang, key, args...)
}

// say and word are message.Say and Word, which the catalogue's test
// replaces to leave a word untranslated.
var (
	say  = message.Say
	word = message.Word
)

// W is T for the page: the catalogue's own words, which the page shows as
// they are (an English key quotes and apostrophes in plain text); only
// numbers and IDs fill its arguments.
func (c *Catalog) W(key string, args ...any) template.HTML {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = template.HTMLEscapeString(s)
		}
	}
	return template.HTML(c.T(key, args...))
}

// Chinese reports whether the catalogue is in Chinese.
func (c *Catalog) Chinese() bool { return message.IsChinese(c.Lang) }

// versionLine says which version of the set this is, in a sentence.
func (c *Catalog) versionLine() string {
	switch {
	case c.Version == "":
		return c.T(message.CatNoVersion)
	case c.Released:
		return c.T(message.CatReleased, c.Version)
	}
	return c.T(message.CatNotReleased, c.Version)
}

// StatusMeans is what a source's status means.
func (c *Catalog) StatusMeans(status string) string {
	return word(c.Lang, requirement.Statuses[status])
}

// Since says since when a source of status applies: "in force since
// 2024-05-01".
func (c *Catalog) Since(status, date string) string {
	return c.T(requirement.SinceKey(status), date)
}

// Paren is s in brackets.
func (c *Catalog) Paren(s string) string { return c.T(message.CatParen, s) }

// SourceNote is what a requirement's source's status means and, when
// known, since when it applies, in brackets.
func (c *Catalog) SourceNote(s requirement.Source) string {
	means := c.StatusMeans(s.Status)
	if s.Since != "" {
		means = c.T(message.CatAlso, means, c.Since(s.Status, s.Since))
	}
	return c.Paren(means)
}

// describe is a requirement's source as a reader sees it: the text, the
// status and, when known, since when it applies.
func (c *Catalog) describe(s requirement.Source) string {
	if s.Since == "" {
		return fmt.Sprintf("%s [%s]", s.Text, s.Status)
	}
	return fmt.Sprintf("%s [%s, %s]", s.Text, s.Status, c.Since(s.Status, s.Since))
}

// KnownSince is a known source's date with what it means.
func (c *Catalog) KnownSince(s sources.Source) string {
	if s.Since == "" {
		return "—"
	}
	return c.Since(s.Status, s.Since)
}

// Standing says whether a known source is as reported or replaced.
func (c *Catalog) Standing(s sources.Source) string {
	var out []string
	if s.Reported {
		out = append(out, c.T(message.CatAsReported))
	}
	if s.ReplacedBy != "" {
		out = append(out, c.T(message.CatReplacedBy, s.ReplacedByIn(c.Lang)))
	}
	return strings.Join(out, c.T(message.ListSep))
}

// Note is what a known source asks, in the catalogue's language.
func (c *Catalog) Note(s sources.Source) string { return s.NoteIn(c.Lang) }

// JoinKnown joins the titles of known sources.
func (c *Catalog) JoinKnown(titles []string) string {
	return strings.Join(titles, c.T(message.ListSep))
}

// mdHead writes the head of a Markdown table of the columns keyed by keys.
func (c *Catalog) mdHead(w io.Writer, keys ...string) {
	for _, k := range keys {
		fmt.Fprintf(w, "| %s ", word(c.Lang, k))
	}
	fmt.Fprint(w, "|\n"+strings.Repeat("|---", len(keys))+"|\n")
}

// Markdown writes the catalogue as GitHub-flavoured Markdown.
func (c *Catalog) Markdown(w io.Writer) error {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("# %s\n\n", c.T(message.CatTitle))
	p("%s\n\n", c.T(message.CatSetLine, c.SetSHA256, len(c.Requirements), len(c.Files), c.versionLine()))
	p("%s", c.T(message.CatStatusLead))
	for i, code := range statusCodes() {
		if i > 0 {
			p(" · ")
		}
		p("**%s** %s", code, c.StatusMeans(code))
	}
	p("%s%s\n\n", c.T(message.CatStatusEnd), c.T(message.CatLegend))

	p("## %s\n\n", c.T(message.CatRequirements))
	c.mdHead(w, message.CatID, message.CatLevel, message.CatRoles, message.CatRequirement, message.CatSources)
	for _, r := range c.Requirements {
		var srcs []string
		for _, s := range r.Sources {
			srcs = append(srcs, mdCell(c.describe(s)))
		}
		p("| [%s](#%s) | %s | %s | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Level, strings.Join(r.Roles, ", "), mdCell(r.Statement), strings.Join(srcs, "<br>"))
	}
	for _, r := range c.Requirements {
		tm := c.ThreatModelOf(r.ID)
		desc := r.Description
		if tm != nil {
			desc = tm.Summary
		}
		p("\n### %s\n\n**%s** — %s — %s — `%s:%d`\n\n%s\n", r.ID, r.Level, mdCell(r.Statement), c.T(message.CatRolesOf, strings.Join(r.Roles, ", ")), r.File, r.Line, desc)
		if desc != "" {
			p("\n")
		}
		if tm != nil {
			p("%s\n\n- **%s** %s\n- **%s** %s\n- **%s** %s\n\n", c.T(message.CatThreatModel), c.T(message.CatWho), tm.Who, c.T(message.CatHold), tm.Hold, c.T(message.CatWant), tm.Want)
			p("%s\n\n", c.T(message.CatThreatsTried, len(tm.Threats)))
			for i, th := range tm.Threats {
				p("%d. %s\n", i+1, th)
			}
			p("\n")
		}
		p("%s\n\n", c.T(message.CatSourcesOf))
		for _, s := range r.Sources {
			p("- %s **[%s]** %s\n", s.Text, s.Status, c.SourceNote(s))
		}
		p("\n%s\n\n", c.T(message.CatScenariosOf))
		for _, s := range r.Scenarios {
			p("- %s %s\n", s.Name, c.Paren(c.T(message.CatLine, s.Line)))
		}
	}

	c.clausesMarkdown(w)

	p("\n## %s\n\n", c.T(message.CatTrace))
	c.mdHead(w, message.CatSource, message.CatStatus, message.CatSince, message.CatRequirements, message.CatKnownSource)
	for _, t := range c.Trace {
		known := c.JoinKnown(t.Known)
		if known == "" {
			known = "*" + c.T(message.CatNotKnown) + "*"
		}
		since := t.Since
		if since == "" {
			since = "—"
		}
		p("| %s | %s | %s | %s | %s |\n", mdCell(t.Source), t.Status, since, strings.Join(t.Requirements, ", "), mdCell(known))
	}

	p("\n## %s\n\n", c.T(message.CatCoverage))
	c.mdHead(w, message.CatKnownSource, message.CatStatus, message.CatSince, message.CatWhatItAsks, message.CatStanding, message.CatRequirements)
	for _, cv := range c.Coverage {
		reqs := strings.Join(cv.Requirements, ", ")
		if reqs == "" {
			reqs = "**" + c.T(message.CatNoneYet) + "**"
			if cv.Source.ReplacedBy != "" {
				reqs = c.T(message.CatNoneReplaced)
			}
		}
		p("| %s | %s | %s | %s | %s | %s |\n", mdCell(cv.Title), cv.Source.Status, c.KnownSince(cv.Source), mdCell(c.Note(cv.Source)), mdCell(c.Standing(cv.Source)), reqs)
	}
	un := c.Uncovered()
	p("\n## %s\n\n", c.T(message.CatUncovered, len(un)))
	if len(un) == 0 {
		p("%s\n", c.T(message.CatAllCovered))
	}
	for _, s := range un {
		p("- %s [%s, %s] — %s\n", s.Title(c.Lang), s.Status, c.KnownSince(s), c.Note(s))
	}
	if ul := c.Unlisted(); len(ul) > 0 {
		p("\n## %s\n\n", c.T(message.CatUnlisted, len(ul)))
		for _, t := range ul {
			p("- %s [%s] — %s\n", t.Source, t.Status, c.T(message.CatCitedBy, strings.Join(t.Requirements, ", ")))
		}
	}

	p("\n## %s\n\n", c.T(message.CatVersions))
	if len(c.Releases) == 0 {
		p("%s\n", c.T(message.CatNoChangelog))
		return nil
	}
	c.mdHead(w, message.CatVersionCol, message.CatDate, message.CatSet, message.CatVerdicts)
	for _, r := range c.Releases {
		p("| %s | %s | `sha256:%s` | %s |\n", r.Version, r.Date, r.SHA256, mdCell(c.original(r.Verdicts)))
	}
	return nil
}

// original is text written in English only (the changelog), marked as
// such on a catalogue in another language.
func (c *Catalog) original(s string) string {
	if !c.Chinese() || s == "" {
		return s
	}
	return c.T(message.CatParen, c.T(message.CatOriginal)) + s
}

func statusCodes() []string {
	return []string{"LAW", "REG", "GUID", "POL", "STD", "PRIV", "OPIN"}
}

//go:embed catalog.html.tmpl
var pageText string

//go:embed clauses.html.tmpl
var clausesText string

var page = template.Must(template.New("catalog").Funcs(template.FuncMap{
	"join":  strings.Join,
	"lower": strings.ToLower,
	"codes": statusCodes,
}).Parse(pageText + clausesText))

// HTML writes the catalogue as one self-contained page.
func (c *Catalog) HTML(w io.Writer) error {
	return page.Execute(w, c)
}
