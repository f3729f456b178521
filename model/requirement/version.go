package requirement

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

// VersionFile is the file at the root of a requirement set that holds its
// version.
const VersionFile = "VERSION"

// versionPattern is a semantic version without pre-release or build parts.
var versionPattern = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$`)

// readVersion reads VersionFile at the root of fsys: "" with no error when
// there is none, an Error when it is there but not a version.
func readVersion(fsys fs.FS) (string, *Error) {
	data, err := fs.ReadFile(fsys, VersionFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		return "", &Error{VersionFile, 0, fmt.Sprintf("cannot be read: %v", err)}
	}
	v := strings.TrimSpace(string(data))
	if !versionPattern.MatchString(v) {
		return "", &Error{VersionFile, 1, fmt.Sprintf("%q is not a version; write MAJOR.MINOR.PATCH, such as 1.2.0", short(v))}
	}
	return v, nil
}

// short keeps a quoted value short in a message.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// ChangelogFile is the file at the root of a requirement set that records,
// for each version, what changed, whether it could change a verdict, and the
// digest of the text released under it.
const ChangelogFile = "CHANGELOG.md"

// Release is one version's entry in the set's changelog.
type Release struct {
	Version string `json:"version"`
	Date    string `json:"date"`
	// SHA256 is the digest (Set.Digest) of the text released as Version.
	SHA256 string `json:"sha256"`
	// Twins are the digests of the set's twins in other languages
	// released as Version, by language: the line "Requirement set
	// (zh-CN): sha256:HEX". A twin says what the set says, so it shares
	// its version; its text has a digest of its own.
	Twins map[string]string `json:"twins,omitempty"`
	// Verdicts says whether the change could change a verdict on an
	// unchanged implementation, in words ("unchanged: …", "may change: …").
	Verdicts string `json:"verdicts"`
	// Line is the entry's heading line in the changelog.
	Line int `json:"-"`
}

var (
	releaseHeading = regexp.MustCompile(`^## \[([^\]]+)\](?:\s+-\s+(\S+))?\s*$`)
	releaseDigest  = regexp.MustCompile("^Requirement set(?: \\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\\))?: `?sha256:([0-9a-f]{64})`?\\s*$")
	releaseVerdict = regexp.MustCompile(`^Verdicts:\s*(.+)$`)
)

// ParseChangelog reads the releases of a changelog, newest first as written.
// A heading "## [VERSION] - DATE" opens an entry; within it the line
// "Requirement set: sha256:HEX" names the digest, "Requirement set (LANG):
// sha256:HEX" the digest of the twin in LANG, and "Verdicts: …" says
// whether verdicts could change. "## [Unreleased]" and other headings that
// are not versions are passed over.
func ParseChangelog(data []byte) []Release {
	var out []Release
	var cur *Release
	// verdicts is set while the "Verdicts:" paragraph goes on.
	verdicts := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), MaxLine)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if verdicts && l != "" && !strings.HasPrefix(l, "#") {
			cur.Verdicts += " " + l
			continue
		}
		verdicts = false
		if m := releaseHeading.FindStringSubmatch(l); m != nil {
			cur = nil
			if versionPattern.MatchString(m[1]) {
				out = append(out, Release{Version: m[1], Date: m[2], Line: n})
				cur = &out[len(out)-1]
			}
			continue
		}
		if strings.HasPrefix(l, "## ") {
			cur = nil
			continue
		}
		if cur == nil {
			continue
		}
		if m := releaseDigest.FindStringSubmatch(l); m != nil {
			switch {
			case m[1] == "" && cur.SHA256 == "":
				cur.SHA256 = m[2]
			case m[1] != "" && cur.Twins[m[1]] == "":
				if cur.Twins == nil {
					cur.Twins = map[string]string{}
				}
				cur.Twins[m[1]] = m[2]
			}
		}
		if m := releaseVerdict.FindStringSubmatch(l); m != nil && cur.Verdicts == "" {
			cur.Verdicts, verdicts = m[1], true
		}
	}
	return out
}

// readChangelog reads ChangelogFile at the root of fsys, if there is one.
func readChangelog(fsys fs.FS) ([]Release, *Error) {
	data, err := fs.ReadFile(fsys, ChangelogFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, &Error{ChangelogFile, 0, fmt.Sprintf("cannot be read: %v", err)}
	}
	return ParseChangelog(data), nil
}

// Release returns the changelog's entry for the set's version, or nil.
func (s *Set) Release() *Release {
	for i := range s.Releases {
		if s.Releases[i].Version == s.Version {
			return &s.Releases[i]
		}
	}
	return nil
}

// Released reports whether the set's text is the text released as its
// version: the changelog records the set's digest under it, for the set's
// language.
func (s *Set) Released() bool {
	r := s.Release()
	return s.Version != "" && r != nil && r.Digest(s.Lang) != "" && r.Digest(s.Lang) == s.Digest()
}

// Digest is the digest the release records for the text in lang ("" for
// DefaultLang), "" when it records none.
func (r *Release) Digest(lang string) string {
	if lang = NormLang(lang); lang == DefaultLang {
		return r.SHA256
	}
	return r.Twins[lang]
}

// VersionLabel is the version every report records next to the digest: the
// version when the text is the one released under it; the version marked
// "+modified" when the changelog records another text under it, and
// "+unrecorded" when no changelog records it (for a twin: when the
// version's entry records no text in the twin's language), so that a
// version is never claimed for text it does not name; "" when the set has
// no version.
func (s *Set) VersionLabel() string {
	switch {
	case s.Version == "":
		return ""
	case s.Released():
		return s.Version
	case s.Release() != nil && (NormLang(s.Lang) == DefaultLang || s.Release().Digest(s.Lang) != ""):
		return s.Version + "+modified"
	}
	return s.Version + "+unrecorded"
}
