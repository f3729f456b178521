package requirement

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ClausesFile is the file, at the root of a requirement set (and of each
// twin), that divides every Rule's text into clauses.
const ClausesFile = "clauses.txt"

// Clause is one unit of a Rule's normative text: a sentence, or a
// quantified part of one ("every institution", "not stripped", "only
// once"), that a check can be said to check. Its ID is the requirement's
// and a number, "LINK-03.2", and stays with the clause while the words
// around it change; its Text quotes the Rule verbatim, so that a changed
// Rule breaks the map until the clause is read again.
type Clause struct {
	ID          string `json:"id"`
	Requirement string `json:"requirement"`
	Text        string `json:"text"`
	// Note marks text that explains the requirement, its authority or the
	// way the harness tests it, and asks nothing of the implementation:
	// no check has to cover it.
	Note bool `json:"note,omitempty"`
	Line int  `json:"-"`
}

var clauseLine = regexp.MustCompile(`^([A-Z][A-Z0-9]*-\d{2,})\.(\d+)( note)?:\s*(.+)$`)

// ClauseIDPattern is what a clause ID looks like.
var ClauseIDPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*-\d{2,}\.\d+$`)

// ClausesOf is the clauses of requirement id, in order.
func (s *Set) ClausesOf(id string) []Clause {
	var out []Clause
	for _, c := range s.Clauses {
		if c.Requirement == id {
			out = append(out, c)
		}
	}
	return out
}

// Clause returns the clause with id, if the set has it.
func (s *Set) Clause(id string) (Clause, bool) {
	for _, c := range s.Clauses {
		if c.ID == id {
			return c, true
		}
	}
	return Clause{}, false
}

// readClauses reads the set's clause file, if it has one, into s.Clauses,
// and puts every problem into s.ClauseErrors: each line names a requirement
// of the set, quotes words its Rule has, and every word of every Rule's
// statement and description (its sources aside) is in some clause. A broken
// clause map does not make the set unreadable — the text is still the text
// judged — but lint and the tests refuse it.
func (s *Set) readClauses(fsys fs.FS) {
	data, err := fs.ReadFile(fsys, ClausesFile)
	if err != nil {
		return
	}
	s.HasClauses = true
	add := func(line int, format string, a ...any) {
		s.ClauseErrors = append(s.ClauseErrors, &Error{ClausesFile, line, fmt.Sprintf(format, a...)})
	}
	seen := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		m := clauseLine.FindStringSubmatch(l)
		if m == nil {
			add(i+1, "%q is not a clause line: write \"ID.N: text\" or \"ID.N note: text\", such as \"LINK-03.2: it is not stripped\"", l)
			continue
		}
		c := Clause{ID: m[1] + "." + m[2], Requirement: m[1], Text: m[4], Note: m[3] != "", Line: i + 1}
		if prev, dup := seen[c.ID]; dup {
			add(c.Line, "clause %s is defined twice (first at line %d)", c.ID, prev)
			continue
		}
		seen[c.ID] = c.Line
		if s.Get(c.Requirement) == nil {
			add(c.Line, "clause %s names requirement %s, which the set does not have", c.ID, c.Requirement)
			continue
		}
		s.Clauses = append(s.Clauses, c)
	}
	for _, r := range s.Requirements {
		text := ruleText(r)
		covered := make([]bool, len(text.squeezed))
		cs := s.ClausesOf(r.ID)
		if len(cs) == 0 {
			add(0, "%s has no clause; quote its Rule's text in clauses", r.ID)
			continue
		}
		for _, c := range cs {
			q := squeeze(c.Text)
			at := strings.Index(text.squeezed, q)
			if at < 0 || q == "" {
				add(c.Line, "clause %s quotes %q, which the text of %s (%s:%d) does not have: the Rule changed, so read the clause again", c.ID, c.Text, r.ID, r.File, r.Line)
				continue
			}
			for j := at; j < at+len(q); j++ {
				covered[j] = true
			}
		}
		for _, gap := range text.gaps(covered) {
			add(0, "%s's text %q is in no clause; add it to a clause or a clause of its own", r.ID, gap)
		}
	}
}

// ruleTextT is a Rule's text with white space taken out, so that a quote
// matches however the feature file breaks its lines, and the place of each
// byte left in the text as written.
type ruleTextT struct {
	text     string
	squeezed string
	at       []int // at[i] is where squeezed[i] is in text
}

func ruleText(r *Requirement) ruleTextT {
	t := ruleTextT{text: r.Statement + " " + r.Description}
	var b strings.Builder
	for i, ch := range t.text {
		if unicode.IsSpace(ch) {
			continue
		}
		n := utf8.RuneLen(ch)
		b.WriteString(t.text[i : i+n])
		for k := 0; k < n; k++ {
			t.at = append(t.at, i+k)
		}
	}
	t.squeezed = b.String()
	return t
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// gaps are the runs of the text no clause covers that hold a letter or a
// digit (punctuation between clauses is no gap), as written.
func (t ruleTextT) gaps(covered []bool) []string {
	var out []string
	for i := 0; i < len(covered); {
		if covered[i] {
			i++
			continue
		}
		j := i
		for j < len(covered) && !covered[j] {
			j++
		}
		run := t.squeezed[i:j]
		if strings.IndexFunc(run, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			end := len(t.text)
			if j < len(t.at) {
				end = t.at[j]
			}
			out = append(out, strings.TrimSpace(t.text[t.at[i]:end]))
		}
		i = j
	}
	return out
}
