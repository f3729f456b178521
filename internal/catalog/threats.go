package catalog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/model/requirement"
)

// ThreatModel is a requirement's threat model as its Rule states it — who
// attacks, what they hold, what they want — and the threats its scenarios
// try: the rows of every table headed "threat". A Rule has one when its
// description has a line "Threat model." followed by lines starting "Who
// attacks:", "What they hold:" and "What they want:"; each part runs on
// over the lines after it until the next. The Chinese twin writes them
// "威胁模型。", "谁在攻击：", "他们掌握什么：" and "他们想要什么：" (a colon
// either full-width or not), and heads its tables "威胁".
type ThreatModel struct {
	Requirement string `json:"requirement"`
	// Summary is the description before the threat model.
	Summary string   `json:"summary"`
	Who     string   `json:"who_attacks"`
	Hold    string   `json:"what_they_hold"`
	Want    string   `json:"what_they_want"`
	Threats []string `json:"threats"`
}

// The threat model's marker, the labels of its parts and the header of its
// threats' column, in English and as the Chinese twin writes them.
var (
	threatModelMarkers = []string{"Threat model.", "威胁模型。"}
	labelsWho          = []string{"Who attacks:", "谁在攻击：", "谁在攻击:"}
	labelsHold         = []string{"What they hold:", "他们掌握什么：", "他们掌握什么:"}
	labelsWant         = []string{"What they want:", "他们想要什么：", "他们想要什么:"}
	threatColumns      = []string{"threat", "威胁"}
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
					tm.Threats = append(tm.Threats, tableColumn(step.DataTable, threatColumns)...)
				}
				for _, ex := range rc.Scenario.Examples {
					tm.Threats = append(tm.Threats, examplesColumn(ex.TableHeader, ex.TableBody, threatColumns)...)
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
	summary := ""
	var part *string
	in := false
	for _, l := range strings.Split(description, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "Source:") || strings.HasPrefix(l, "来源:") || strings.HasPrefix(l, "来源："):
			continue
		case slices.Contains(threatModelMarkers, l):
			in = true
			continue
		case !in:
			summary = join(summary, l)
			continue
		}
		for _, lp := range []struct {
			labels []string
			part   *string
		}{{labelsWho, &tm.Who}, {labelsHold, &tm.Hold}, {labelsWant, &tm.Want}} {
			for _, label := range lp.labels {
				if rest, ok := strings.CutPrefix(l, label); ok {
					part, l = lp.part, rest
				}
			}
		}
		if part != nil {
			*part = join(*part, strings.TrimSpace(l))
		}
	}
	tm.Summary = summary
	return tm, in
}

// join runs a part of a threat model on over its next line: with a space,
// unless the text on either side is Chinese, which runs on without one
// (wide).
func join(part, l string) string {
	switch {
	case part == "":
		return l
	case l == "":
		return part
	}
	last, _ := utf8.DecodeLastRuneInString(part)
	first, _ := utf8.DecodeRuneInString(l)
	if wide(last) || wide(first) {
		return part + l
	}
	return part + " " + l
}

// wide reports whether r is Chinese: a Han character, or the full-width
// punctuation written with them.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// tableColumn is the column of a step's data table headed by one of col, if
// it has one; examplesColumn the same of an Examples table.
func tableColumn(dt *messages.DataTable, col []string) []string {
	if dt == nil || len(dt.Rows) == 0 {
		return nil
	}
	return examplesColumn(dt.Rows[0], dt.Rows[1:], col)
}

func examplesColumn(head *messages.TableRow, body []*messages.TableRow, col []string) []string {
	if head == nil {
		return nil
	}
	for i, c := range head.Cells {
		if !slices.Contains(col, strings.TrimSpace(c.Value)) {
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
