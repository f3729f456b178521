// Package requirement is the requirement model: it reads the feature files
// and gives each requirement its ID, level, roles, statement and sources with
// their legal status, for runs, reports, the catalogue and lint.
//
// The convention it reads: a requirement is a Gherkin Rule whose name starts
// with the requirement ID ("LINK-01 A legitimate link ..."); its description
// holds "Source: <text> [STATUS]" or "Source: <text> [STATUS, since DATE]"
// lines; each of its scenarios carries the tags @<ID>, @must or @should, and
// @role:<name>. A file VERSION at the root of the set holds the set's version.
// A source line may also start "来源：" (or "来源:"), as a set's Chinese twin
// writes it; the status and date in brackets are written as in English.
package requirement

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/model/message"
)

// Levels.
const (
	Must   = "MUST"
	Should = "SHOULD"
)

// Statuses a source may have, from binding law down to opinion. A
// requirement never claims more authority than its sources have.
var Statuses = map[string]string{
	"LAW":  message.StatusLAW,
	"REG":  message.StatusREG,
	"GUID": message.StatusGUID,
	"POL":  message.StatusPOL,
	"STD":  message.StatusSTD,
	"PRIV": message.StatusPRIV,
	"OPIN": message.StatusOPIN,
}

// Source is where a requirement comes from.
type Source struct {
	Text   string `json:"text"`
	Status string `json:"status"`
	// Since is the date the source applies from, YYYY-MM-DD or, where
	// only the month is known, YYYY-MM: the date a law, notice or
	// standard came into force, guidance or a platform's rule took
	// effect, an opinion was published. SinceLabel says which in words.
	Since string `json:"since,omitempty"`
	// Line is the source line's place in its feature file.
	Line int `json:"-"`
}

// SinceLabel is what a source's Since means for its status, in words to put
// before the date: "in force since" for law, central-bank notices and
// standards; "in effect since" for guidance, policy plans and platform
// rules, which are not in force in a legal sense; "published" for opinion.
func SinceLabel(status string) string {
	return strings.TrimSuffix(SinceKey(status), " %s")
}

// SinceKey is SinceLabel's sentence with the date in the place of %s, the
// key of its translations (model/message).
func SinceKey(status string) string {
	switch status {
	case "LAW", "REG", "STD":
		return message.SinceInForce
	case "OPIN":
		return message.SincePublished
	}
	return message.SinceInEffect
}

// Describe is the source as a reader sees it: the text, the status and,
// when known, since when it applies.
func (s Source) Describe() string {
	if s.Since == "" {
		return fmt.Sprintf("%s [%s]", s.Text, s.Status)
	}
	return fmt.Sprintf("%s [%s, %s %s]", s.Text, s.Status, SinceLabel(s.Status), s.Since)
}

// Scenario is one scenario (or outline) of a requirement.
type Scenario struct {
	Name string   `json:"name"`
	Line int      `json:"line"`
	Tags []string `json:"tags"`
}

// Requirement is one requirement.
type Requirement struct {
	ID          string     `json:"id"`
	Family      string     `json:"family"`
	Level       string     `json:"level"`
	Roles       []string   `json:"roles"`
	Statement   string     `json:"statement"`
	Description string     `json:"description,omitempty"`
	Sources     []Source   `json:"sources"`
	Scenarios   []Scenario `json:"scenarios"`
	File        string     `json:"file"`
	Line        int        `json:"line"`
}

// HasRole reports whether the requirement applies to role.
func (r *Requirement) HasRole(role string) bool {
	for _, x := range r.Roles {
		if x == role {
			return true
		}
	}
	return false
}

// File is one feature file and its digest.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  []byte `json:"-"`
}

// Set is a whole requirement set.
type Set struct {
	Requirements []*Requirement
	Files        []File
	// Version is the set's version, from the file VERSION at its root
	// ("" when the set has none, as a directory of loose feature files).
	// The digest says which text was judged; the version names it, and
	// the set's changelog says what each version changed.
	Version string
	// Releases are the versions the set's changelog records, newest
	// first; empty without a changelog.
	Releases []Release
	// Lang is the language the set is written in, the Gherkin language
	// tag of its files' "# language:" line: DefaultLang ("en") for the
	// set itself, "zh-CN" for its Chinese twin (see ForLang).
	Lang string
	// Clauses divide every Rule's text into the clauses checks cover,
	// read from the set's ClausesFile; HasClauses says whether it has one,
	// and ClauseErrors is every problem with it (clauses.go).
	Clauses      []Clause
	HasClauses   bool
	ClauseErrors Errors
}

// Digest is the SHA-256 over every file's path and digest, in path order: it
// changes when any requirement text changes.
func (s *Set) Digest() string {
	h := sha256.New()
	for _, f := range s.Files {
		fmt.Fprintf(h, "%s %s\n", f.SHA256, f.Path)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Get returns the requirement with id, or nil.
func (s *Set) Get(id string) *Requirement {
	for _, r := range s.Requirements {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Roles lists every role some requirement applies to, sorted.
func (s *Set) Roles() []string {
	seen := map[string]bool{}
	for _, r := range s.Requirements {
		for _, role := range r.Roles {
			seen[role] = true
		}
	}
	out := make([]string, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Error is a problem in a feature file, with its place.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is every problem found.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

var (
	idPattern     = regexp.MustCompile(`^([A-Z][A-Z0-9]*-\d{2,})\s+(.+)$`)
	idTagPattern  = regexp.MustCompile(`^@[A-Z][A-Z0-9]*-\d{2,}$`)
	sourcePattern = regexp.MustCompile(`^(?:Source:|来源[:：])\s*(.+?)\s*\[([A-Z]+)(,\s*since\s+([^\]]*?))?\]\s*$`)
	sincePattern  = regexp.MustCompile(`^\d{4}-\d{2}(-\d{2})?$`)
)

// validSince reports whether s is a date as Since takes it.
func validSince(s string) bool {
	if !sincePattern.MatchString(s) {
		return false
	}
	layout := "2006-01-02"
	if len(s) == len("2006-01") {
		layout = "2006-01"
	}
	_, err := time.Parse(layout, s)
	return err == nil
}

// Load reads every .feature file under fsys. It returns every problem it
// finds, each naming its file and line, rather than stopping at the first.
func Load(fsys fs.FS) (*Set, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path.Dir(p) == "." && IsLangDir(p) {
			return fs.SkipDir // a twin in another language: ForLang
		}
		if !d.IsDir() && strings.HasSuffix(p, ".feature") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no .feature files found")
	}
	sort.Strings(paths)
	set := &Set{}
	var errs Errors
	version, verr := readVersion(fsys)
	if verr != nil {
		errs = append(errs, verr)
	}
	set.Version = version
	releases, cerr := readChangelog(fsys)
	if cerr != nil {
		errs = append(errs, cerr)
	}
	set.Releases = releases
	langs := map[string]string{} // language -> first file in it
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		set.Files = append(set.Files, File{Path: p, SHA256: hex.EncodeToString(sum[:]), Bytes: data})
		reqs, lang, fileErrs := parseFile(p, data)
		errs = append(errs, fileErrs...)
		set.Requirements = append(set.Requirements, reqs...)
		if lang == "" {
			continue
		}
		if set.Lang == "" {
			set.Lang = lang
		}
		if _, ok := langs[lang]; !ok {
			langs[lang] = p
			if lang != set.Lang {
				errs = append(errs, &Error{p, 1, fmt.Sprintf("the file is written in %s, but %s is in %s; a requirement set is in one language, and a twin in another lives in a directory of its own (%s/…)", lang, langs[set.Lang], set.Lang, lang)})
			}
		}
	}
	if set.Lang == "" {
		set.Lang = DefaultLang
	}
	seen := map[string]*Requirement{}
	for _, r := range set.Requirements {
		if prev, ok := seen[r.ID]; ok {
			errs = append(errs, &Error{r.File, r.Line, fmt.Sprintf("requirement %s is defined twice (first at %s:%d)", r.ID, prev.File, prev.Line)})
		}
		seen[r.ID] = r
	}
	set.readClauses(fsys)
	if len(errs) > 0 {
		return set, errs
	}
	return set, nil
}

// MaxLine is the longest line a feature file may have. The Gherkin parser
// reads lines with a 64 KiB buffer and crashes on a longer one; no
// requirement needs a line a thousandth of that.
const MaxLine = 60000

// ParseDocument parses one feature file with the official Gherkin parser,
// having first refused what would crash it: a line over MaxLine is an Error
// at its FILE:LINE, and a panic in the parser all the same becomes an Error
// naming the file, never a crash of the harness.
func ParseDocument(name string, data []byte) (doc *messages.GherkinDocument, errs Errors) {
	line, start := 1, 0
	for i := 0; i <= len(data); i++ {
		if i == len(data) || data[i] == '\n' {
			if n := i - start; n > MaxLine {
				return nil, Errors{{name, line, fmt.Sprintf("line %d is %d bytes long; a feature file's lines are at most %d", line, n, MaxLine)}}
			}
			line, start = line+1, i+1
		}
	}
	defer func() {
		if r := recover(); r != nil {
			doc, errs = nil, Errors{{name, 0, fmt.Sprintf("the Gherkin parser could not read the file (%v)", r)}}
		}
	}()
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), (&messages.Incrementing{}).NewId)
	if err != nil {
		return nil, gherkinErrors(name, err)
	}
	return doc, nil
}

// parseFile parses one feature file's requirements, and says which
// language it is written in ("" when it cannot be read).
func parseFile(name string, data []byte) ([]*Requirement, string, Errors) {
	doc, perrs := ParseDocument(name, data)
	if perrs != nil {
		return nil, "", perrs
	}
	if doc.Feature == nil {
		return nil, "", Errors{{name, 0, "the file has no Feature"}}
	}
	family := path.Dir(name)
	var reqs []*Requirement
	var errs Errors
	for _, child := range doc.Feature.Children {
		switch {
		case child.Scenario != nil:
			errs = append(errs, &Error{name, int(child.Scenario.Location.Line),
				fmt.Sprintf("scenario %q stands outside any Rule; every scenario belongs to the Rule of its requirement", child.Scenario.Name)})
		case child.Rule != nil:
			r, es := parseRule(name, family, child.Rule)
			errs = append(errs, es...)
			if r != nil {
				reqs = append(reqs, r)
			}
		}
	}
	return reqs, doc.Feature.Language, errs
}

func parseRule(file, family string, rule *messages.Rule) (*Requirement, Errors) {
	line := int(rule.Location.Line)
	m := idPattern.FindStringSubmatch(strings.TrimSpace(rule.Name))
	if m == nil {
		return nil, Errors{{file, line, fmt.Sprintf("rule %q does not start with a requirement ID such as LINK-01", rule.Name)}}
	}
	r := &Requirement{ID: m[1], Family: family, Statement: m[2], File: file, Line: line}
	var errs Errors
	var desc []string
	for i, l := range strings.Split(rule.Description, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if isSourceLine(l) {
			sm := sourcePattern.FindStringSubmatch(l)
			switch {
			case sm == nil && strings.HasSuffix(l, "]"):
				errs = append(errs, &Error{file, line + 1 + i, fmt.Sprintf("%s: source %q does not end in [STATUS] or [STATUS, since YYYY-MM-DD]; STATUS is one of %s", r.ID, l, statusList())})
			case sm == nil:
				errs = append(errs, &Error{file, line + 1 + i, fmt.Sprintf("%s: source %q has no status; end it with one of %s", r.ID, l, statusList())})
			case Statuses[sm[2]] == "":
				errs = append(errs, &Error{file, line + 1 + i, fmt.Sprintf("%s: unknown source status [%s]; use one of %s", r.ID, sm[2], statusList())})
			case sm[3] != "" && !validSince(sm[4]):
				errs = append(errs, &Error{file, line + 1 + i, fmt.Sprintf("%s: source since %q is not a date; write YYYY-MM-DD, or YYYY-MM where only the month is known", r.ID, sm[4])})
			default:
				r.Sources = append(r.Sources, Source{Text: sm[1], Status: sm[2], Since: sm[4], Line: line + 1 + i})
			}
			continue
		}
		desc = append(desc, l)
	}
	r.Description = strings.Join(desc, " ")
	if len(r.Sources) == 0 {
		errs = append(errs, &Error{file, line, fmt.Sprintf("%s has no source; add a line \"Source: <text> [STATUS]\"", r.ID)})
	}
	roles := map[string]bool{}
	for _, child := range rule.Children {
		if child.Scenario == nil {
			continue
		}
		sc := child.Scenario
		s := Scenario{Name: sc.Name, Line: int(sc.Location.Line)}
		var ids, levels []string
		var scRoles []string
		for _, t := range sc.Tags {
			s.Tags = append(s.Tags, t.Name)
			switch {
			case idTagPattern.MatchString(t.Name):
				ids = append(ids, t.Name[1:])
			case t.Name == "@must":
				levels = append(levels, Must)
			case t.Name == "@should":
				levels = append(levels, Should)
			case strings.HasPrefix(t.Name, "@role:"):
				scRoles = append(scRoles, strings.TrimPrefix(t.Name, "@role:"))
			}
		}
		at := func(msg string, a ...any) { errs = append(errs, &Error{file, s.Line, fmt.Sprintf(msg, a...)}) }
		switch {
		case len(ids) != 1:
			at("scenario %q must carry exactly one requirement tag (@%s); it has %d", s.Name, r.ID, len(ids))
		case ids[0] != r.ID:
			at("scenario %q is tagged @%s but stands in the Rule of %s", s.Name, ids[0], r.ID)
		}
		switch {
		case len(levels) != 1:
			at("scenario %q must carry exactly one of @must or @should", s.Name)
		case r.Level == "":
			r.Level = levels[0]
		case r.Level != levels[0]:
			at("scenario %q is @%s but other scenarios of %s are @%s", s.Name, strings.ToLower(levels[0]), r.ID, strings.ToLower(r.Level))
		}
		if len(scRoles) == 0 {
			at("scenario %q has no @role: tag", s.Name)
		}
		for _, role := range scRoles {
			roles[role] = true
		}
		r.Scenarios = append(r.Scenarios, s)
	}
	if len(r.Scenarios) == 0 {
		errs = append(errs, &Error{file, line, fmt.Sprintf("%s has no scenario, so it could never fail", r.ID)})
	}
	for role := range roles {
		r.Roles = append(r.Roles, role)
	}
	sort.Strings(r.Roles)
	return r, errs
}

// isSourceLine reports whether a line of a Rule's description is a source
// line, in English or as the Chinese twin writes it.
func isSourceLine(l string) bool {
	return strings.HasPrefix(l, "Source:") || strings.HasPrefix(l, "来源:") || strings.HasPrefix(l, "来源：")
}

func statusList() string {
	var s []string
	for k := range Statuses {
		s = append(s, k)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

// gherkinErrors turns the parser's errors, which carry "(line:col)" prefixes,
// into located Errors.
func gherkinErrors(file string, err error) Errors {
	var out Errors
	lineRE := regexp.MustCompile(`^\((\d+):\d+\):\s*(.*)$`)
	for _, l := range strings.Split(err.Error(), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "Parser errors:") {
			continue
		}
		if m := lineRE.FindStringSubmatch(l); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			out = append(out, &Error{file, n, "not valid Gherkin: " + m[2]})
			continue
		}
		out = append(out, &Error{file, 0, "not valid Gherkin: " + l})
	}
	return out
}
