package catalog

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/hutong-interop/hutong/internal/sources"
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

// versionLine says which version of the set this is, in a sentence.
func (c *Catalog) versionLine() string {
	switch {
	case c.Version == "":
		return "The set has no version (no VERSION file beside the feature files)."
	case c.Released:
		return fmt.Sprintf("Version %s, the text released as %s.", c.Version, c.Version)
	}
	return fmt.Sprintf("Version %s: NOT the text released under that version (its digest is not the one the set's CHANGELOG.md records).", c.Version)
}

// knownSince is a known source's date with what it means.
func knownSince(s sources.Source) string {
	if s.Since == "" {
		return "—"
	}
	return requirement.SinceLabel(s.Status) + " " + s.Since
}

// knownStanding says whether a known source is as reported or replaced.
func knownStanding(s sources.Source) string {
	var out []string
	if s.Reported {
		out = append(out, "as reported")
	}
	if s.ReplacedBy != "" {
		out = append(out, "replaced by "+s.ReplacedBy)
	}
	return strings.Join(out, "; ")
}

// Markdown writes the catalogue as GitHub-flavoured Markdown.
func (c *Catalog) Markdown(w io.Writer) error {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("# hutong requirement catalogue\n\n")
	p("Requirement set `sha256:%s`, %d requirement(s) in %d feature file(s). %s\n\n", c.SetSHA256, len(c.Requirements), len(c.Files), c.versionLine())
	p("Source status: ")
	for i, code := range statusCodes() {
		if i > 0 {
			p(" · ")
		}
		p("**%s** %s", code, requirement.Statuses[code])
	}
	p(". A requirement never claims more authority than its sources have. ")
	p("Each source says since when it applies: in force since (law, notices, standards), in effect since (guidance, plans, platform rules), published (opinion). ")
	p("\"As reported\" marks what is known only from press or other secondary reports.\n\n")

	p("## Requirements\n\n| ID | Level | Roles | Requirement | Sources |\n|---|---|---|---|---|\n")
	for _, r := range c.Requirements {
		var srcs []string
		for _, s := range r.Sources {
			srcs = append(srcs, mdCell(s.Describe()))
		}
		p("| [%s](#%s) | %s | %s | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Level, strings.Join(r.Roles, ", "), mdCell(r.Statement), strings.Join(srcs, "<br>"))
	}
	for _, r := range c.Requirements {
		tm := c.ThreatModelOf(r.ID)
		desc := r.Description
		if tm != nil {
			desc = tm.Summary
		}
		p("\n### %s\n\n**%s** — %s — roles: %s — `%s:%d`\n\n%s\n", r.ID, r.Level, mdCell(r.Statement), strings.Join(r.Roles, ", "), r.File, r.Line, desc)
		if desc != "" {
			p("\n")
		}
		if tm != nil {
			p("Threat model:\n\n- **Who attacks:** %s\n- **What they hold:** %s\n- **What they want:** %s\n\n", tm.Who, tm.Hold, tm.Want)
			p("Threats tried (%d), each on its own:\n\n", len(tm.Threats))
			for i, th := range tm.Threats {
				p("%d. %s\n", i+1, th)
			}
			p("\n")
		}
		p("Sources:\n\n")
		for _, s := range r.Sources {
			since := ""
			if s.Since != "" {
				since = ", " + requirement.SinceLabel(s.Status) + " " + s.Since
			}
			p("- %s **[%s]** (%s%s)\n", s.Text, s.Status, requirement.Statuses[s.Status], since)
		}
		p("\nScenarios:\n\n")
		for _, s := range r.Scenarios {
			p("- %s (line %d)\n", s.Name, s.Line)
		}
	}

	c.clausesMarkdown(w)

	p("\n## Traceability: source → requirements\n\n| Source | Status | Since | Requirements | Known source |\n|---|---|---|---|---|\n")
	for _, t := range c.Trace {
		known := strings.Join(t.Known, "; ")
		if known == "" {
			known = "*not in the list of known sources*"
		}
		since := t.Since
		if since == "" {
			since = "—"
		}
		p("| %s | %s | %s | %s | %s |\n", mdCell(t.Source), t.Status, since, strings.Join(t.Requirements, ", "), mdCell(known))
	}

	p("\n## Known sources and their coverage\n\n| Known source | Status | Since | What it asks | Standing | Requirements |\n|---|---|---|---|---|---|\n")
	for _, cv := range c.Coverage {
		reqs := strings.Join(cv.Requirements, ", ")
		if reqs == "" {
			reqs = "**none yet**"
			if cv.Source.ReplacedBy != "" {
				reqs = "none (replaced)"
			}
		}
		p("| %s | %s | %s | %s | %s | %s |\n", mdCell(cv.Title), cv.Source.Status, knownSince(cv.Source), mdCell(cv.Source.Note), mdCell(knownStanding(cv.Source)), reqs)
	}
	un := c.Uncovered()
	p("\n## Sources no requirement covers yet (%d)\n\n", len(un))
	if len(un) == 0 {
		p("None: every known source in force is cited by at least one requirement.\n")
	}
	for _, s := range un {
		p("- %s [%s, %s] — %s\n", s.Title(c.Lang), s.Status, knownSince(s), s.Note)
	}
	if ul := c.Unlisted(); len(ul) > 0 {
		p("\n## Cited sources missing from the list of known sources (%d)\n\n", len(ul))
		for _, t := range ul {
			p("- %s [%s] — cited by %s\n", t.Source, t.Status, strings.Join(t.Requirements, ", "))
		}
	}

	p("\n## Versions of the requirement set\n\n")
	if len(c.Releases) == 0 {
		p("No changelog: the set's versions are not recorded.\n")
		return nil
	}
	p("| Version | Date | Requirement set | Verdicts |\n|---|---|---|---|\n")
	for _, r := range c.Releases {
		p("| %s | %s | `sha256:%s` | %s |\n", r.Version, r.Date, r.SHA256, mdCell(r.Verdicts))
	}
	return nil
}

func statusCodes() []string {
	return []string{"LAW", "REG", "GUID", "POL", "STD", "PRIV", "OPIN"}
}

//go:embed catalog.html.tmpl
var pageText string

//go:embed clauses.html.tmpl
var clausesText string

var page = template.Must(template.New("catalog").Funcs(template.FuncMap{
	"statusMeans": func(s string) string { return requirement.Statuses[s] },
	"sinceLabel":  requirement.SinceLabel,
	"knownSince":  knownSince,
	"standing":    knownStanding,
	"join":        strings.Join,
	"lower":       strings.ToLower,
	"codes":       statusCodes,
}).Parse(pageText + clausesText))

// HTML writes the catalogue as one self-contained page.
func (c *Catalog) HTML(w io.Writer) error {
	return page.Execute(w, c)
}
