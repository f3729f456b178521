// Package cucumber writes a run as Cucumber JSON, the format standard
// Cucumber report tools read, with each step's evidence embedded. Each
// feature keeps its keyword, tags and narrative from the feature file, and
// its description ends with the run's verdict, where the tools show it.
package cucumber

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"regexp"
	"strings"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reports/internal/narrative"
	"github.com/hutong-interop/hutong/untrusted"
)

type feature struct {
	URI         string    `json:"uri"`
	ID          string    `json:"id"`
	Keyword     string    `json:"keyword"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Line        int       `json:"line"`
	Tags        []tag     `json:"tags,omitempty"`
	Elements    []element `json:"elements"`
}

type element struct {
	ID      string `json:"id"`
	Keyword string `json:"keyword"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Line    int    `json:"line"`
	Tags    []tag  `json:"tags"`
	Steps   []step `json:"steps"`
}

type tag struct {
	Name string `json:"name"`
	Line int    `json:"line"`
}

type step struct {
	Keyword    string      `json:"keyword"`
	Name       string      `json:"name"`
	Line       int         `json:"line"`
	Rows       []row       `json:"rows,omitempty"`
	Result     stepResult  `json:"result"`
	Embeddings []embedding `json:"embeddings,omitempty"`
}

type row struct {
	Cells []string `json:"cells"`
}

type stepResult struct {
	Status   string `json:"status"`
	Duration int64  `json:"duration,omitempty"`
	Error    string `json:"error_message,omitempty"`
}

type embedding struct {
	MimeType string `json:"mime_type"`
	Data     string `json:"data"`
	Name     string `json:"name,omitempty"`
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string { return strings.Trim(nonID.ReplaceAllString(strings.ToLower(s), "-"), "-") }

// Write renders run as Cucumber JSON.
func Write(w io.Writer, run *result.Run) error {
	texts := narrative.Read(run)
	feats := []*feature{}
	byFile := map[string]*feature{}
	for _, s := range run.Scenarios {
		text := texts[s.File]
		f, ok := byFile[s.File]
		if !ok {
			f = &feature{URI: s.File, ID: slug(s.FeatureName), Keyword: "Feature", Name: s.FeatureName, Line: 1,
				Description: description(text, run)}
			if text != nil {
				f.Keyword, f.Line = text.Keyword, text.Line
				for _, t := range text.Tags {
					f.Tags = append(f.Tags, tag{Name: t.Name, Line: t.Line})
				}
			}
			f.Tags = append(f.Tags, runTags(run)...)
			byFile[s.File] = f
			feats = append(feats, f)
		}
		e := element{ID: f.ID + ";" + slug(s.Name), Keyword: "Scenario", Type: "scenario", Name: s.Name, Line: s.Line}
		if kw := text.ScenarioKeyword(s.Line); kw != "" {
			e.Keyword = kw
		}
		for _, t := range s.Tags {
			e.Tags = append(e.Tags, tag{Name: t, Line: s.Line - 1})
		}
		// The evidence the verdict rests on, as a tag: the report tools
		// show and filter on tags, and keep no other field of ours.
		if s.Status != result.NotRunStatus {
			e.Tags = append(e.Tags, tag{Name: "@hutong:basis-" + s.Basis(), Line: s.Line - 1})
		}
		for i, st := range s.Steps {
			cs := step{Keyword: st.Keyword, Name: st.Text, Line: st.Line,
				Result: stepResult{Status: string(st.Status), Duration: int64(st.Duration), Error: st.Error}}
			for _, r := range st.Table {
				cs.Rows = append(cs.Rows, row{Cells: r})
			}
			cs.Embeddings = embeddings(s, i)
			e.Steps = append(e.Steps, cs)
		}
		f.Elements = append(f.Elements, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(feats)
}

// description is the feature's narrative, then the verdict and any warning
// about the run, where report tools show a feature's text.
func description(text *narrative.Feature, run *result.Run) string {
	d := "hutong verdict: " + run.Summary
	if n := text.Description(); n != "" {
		d = n + "\n\n" + d
	}
	for _, w := range run.Warnings {
		d += "\nWARNING: " + w
	}
	return d
}

// runTags mark every feature of a run that is not a certification, so that
// report tools, which show feature tags and filter on them, show it too.
func runTags(run *result.Run) []tag {
	var out []tag
	if run.Partial {
		out = append(out, tag{Name: "@hutong:partial-not-a-certification", Line: 1})
	}
	if run.Interrupted {
		out = append(out, tag{Name: "@hutong:interrupted-incomplete", Line: 1})
	}
	return out
}

// embeddings attaches step i's exchanges and notes as JSON documents, and
// the pages it saw in the browser as the PNGs they are.
func embeddings(s *result.Scenario, i int) []embedding {
	var xs []evidence.Exchange
	for _, x := range s.Evidence {
		if x.Step == i {
			xs = append(xs, x)
		}
	}
	var notes []evidence.Note
	for _, n := range s.Notes {
		if n.Step == i {
			notes = append(notes, n)
		}
	}
	var out []embedding
	if len(xs) > 0 {
		b, _ := json.Marshal(xs)
		out = append(out, embedding{MimeType: "application/json", Data: base64.StdEncoding.EncodeToString(b), Name: "HTTP exchanges"})
	}
	for _, n := range notes {
		out = append(out, embedding{MimeType: "text/plain", Data: base64.StdEncoding.EncodeToString([]byte(n.Title + "\n" + n.Text)), Name: n.Title})
	}
	for _, sc := range s.Screenshots {
		if sc.Step == i && sc.Embeddable() {
			out = append(out, embedding{MimeType: "image/png", Data: base64.StdEncoding.EncodeToString(sc.PNG), Name: untrusted.Line(sc.Title, 200)})
		}
	}
	return out
}
