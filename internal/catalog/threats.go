package catalog

import (
	"strings"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/model/requirement"
)

// ThreatModel is a requirement's threat model as its Rule states it — who
// attacks, what they hold, what they want — and the threats its scenarios
// try: the rows of every table headed "threat". A Rule has one when its
// description has a line "Threat model." followed by lines starting "Who
// attacks:", "What they hold:" and "What they want:"; each part runs on
// over the lines after it until the next.
type ThreatModel struct {
	Requirement string `json:"requirement"`
	// Summary is the description before the threat model.
	Summary string   `json:"summary"`
	Who     string   `json:"who_attacks"`
	Hold    string   `json:"what_they_hold"`
	Want    string   `json:"what_they_want"`
	Threats []string `json:"threats"`
}

// The threat model's marker and the labels of its parts.
const (
	threatModelMarker = "Threat model."
	labelWho          = "Who attacks:"
	labelHold         = "What they hold:"
	labelWant         = "What they want:"
	threatColumn      = "threat"
)

// threatModels reads the threat models of every Rule in set's files, in
// requirement order.
func threatModels(set *requirement.Set) []ThreatModel {
	byID := map[string]ThreatModel{}
	for _, f := range set.Files {
		doc, errs := requirement.ParseDocument(f.Path, f.Bytes)
		if errs != nil || doc.Feature == nil {
			continue // Load reported it already
		}
		for _, child := range doc.Feature.Children {
			if child.Rule == nil {
				continue
			}
			id, _, _ := strings.Cut(strings.TrimSpace(child.Rule.Name), " ")
			tm, ok := parseThreatModel(id, child.Rule.Description)
			if !ok {
				continue
			}
			for _, rc := range child.Rule.Children {
				if rc.Scenario == nil {
					continue
				}
				for _, step := range rc.Scenario.Steps {
					tm.Threats = append(tm.Threats, tableColumn(step.DataTable, threatColumn)...)
				}
				for _, ex := range rc.Scenario.Examples {
					tm.Threats = append(tm.Threats, examplesColumn(ex.TableHeader, ex.TableBody, threatColumn)...)
				}
			}
			byID[id] = tm
		}
	}
	var out []ThreatModel
	for _, r := range set.Requirements {
		if tm, ok := byID[r.ID]; ok {
			out = append(out, tm)
		}
	}
	return out
}

// parseThreatModel reads a Rule's description; ok is false when it states
// no threat model.
func parseThreatModel(id, description string) (ThreatModel, bool) {
	tm := ThreatModel{Requirement: id, Threats: []string{}}
	var summary []string
	var part *string
	in := false
	for _, l := range strings.Split(description, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "Source:"):
			continue
		case l == threatModelMarker:
			in = true
			continue
		case !in:
			summary = append(summary, l)
			continue
		}
		for label, p := range map[string]*string{labelWho: &tm.Who, labelHold: &tm.Hold, labelWant: &tm.Want} {
			if rest, ok := strings.CutPrefix(l, label); ok {
				part, l = p, rest
			}
		}
		if part != nil {
			*part = strings.TrimSpace(*part + " " + strings.TrimSpace(l))
		}
	}
	tm.Summary = strings.Join(summary, " ")
	return tm, in
}

// tableColumn is the column headed col of a step's data table, if it has
// one; examplesColumn the same of an Examples table.
func tableColumn(dt *messages.DataTable, col string) []string {
	if dt == nil || len(dt.Rows) == 0 {
		return nil
	}
	return examplesColumn(dt.Rows[0], dt.Rows[1:], col)
}

func examplesColumn(head *messages.TableRow, body []*messages.TableRow, col string) []string {
	if head == nil {
		return nil
	}
	for i, c := range head.Cells {
		if strings.TrimSpace(c.Value) != col {
			continue
		}
		var out []string
		for _, r := range body {
			if i < len(r.Cells) {
				out = append(out, strings.TrimSpace(r.Cells[i].Value))
			}
		}
		return out
	}
	return nil
}
