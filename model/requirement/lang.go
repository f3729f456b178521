package requirement

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing/fstest"

	gherkin "github.com/cucumber/gherkin/go/v42"
)

// DefaultLang is the language of a requirement set's own feature files, and
// of every file without a "# language:" line.
const DefaultLang = gherkin.DefaultDialect

// A requirement set is written in one language, English, at its root; a
// translation (a "twin") of the whole set lives in a directory named by its
// Gherkin language tag, such as zh-CN/links/links.feature beside
// links/links.feature. A twin has the same requirements, IDs, tags and
// scenarios as the set; it shares the set's VERSION and CHANGELOG.md, where
// each version records the digest of the text of each language. Load reads
// the set at the root and leaves the twins' directories alone; ForLang
// selects the files of one language.

// IsLangDir reports whether name, a directory at the root of a requirement
// set, holds a twin: it is a Gherkin language tag other than the default.
func IsLangDir(name string) bool {
	return name != DefaultLang && gherkin.DialectsBuiltin().GetDialect(name) != nil
}

// NormLang is lang as a set records it: DefaultLang for "".
func NormLang(lang string) string {
	if lang == "" {
		return DefaultLang
	}
	return lang
}

// Languages lists the languages of the sets in fsys: DefaultLang when there
// are feature files at its root, then each twin's language, sorted.
func Languages(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []string
	root := false
	for _, e := range entries {
		switch {
		case e.IsDir() && IsLangDir(e.Name()):
			out = append(out, e.Name())
		case e.IsDir() || strings.HasSuffix(e.Name(), ".feature"):
			root = root || hasFeatures(fsys, e.Name())
		}
	}
	sort.Strings(out)
	if root {
		out = append([]string{DefaultLang}, out...)
	}
	return out, nil
}

func hasFeatures(fsys fs.FS, dir string) bool {
	found := false
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".feature") {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// ErrNoLang is returned by ForLang for a language fsys has no twin in.
var ErrNoLang = errors.New("no feature files in that language")

// ForLang is the requirement set of fsys in lang ("" for DefaultLang), at
// the paths Load and godog read a set at: for the default language, fsys
// without its twins' directories; for another, the twin's directory as the
// root, with the set's VERSION and CHANGELOG.md beside it. A language fsys
// has no directory for is ErrNoLang.
func ForLang(fsys fs.FS, lang string) (fs.FS, error) {
	lang = NormLang(lang)
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	if lang == DefaultLang {
		twins := false
		for _, e := range entries {
			twins = twins || (e.IsDir() && IsLangDir(e.Name()))
		}
		if !twins {
			return fsys, nil
		}
		return copyFS(fsys, ".", func(p string) bool {
			first, _, _ := strings.Cut(p, "/")
			return !IsLangDir(first)
		})
	}
	if st, err := fs.Stat(fsys, lang); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%w: %s (no directory %s/ beside the feature files)", ErrNoLang, lang, lang)
	}
	out, err := copyFS(fsys, lang, func(string) bool { return true })
	if err != nil {
		return nil, err
	}
	for _, name := range []string{VersionFile, ChangelogFile} {
		if _, taken := out[name]; taken {
			continue // the twin's own, which readVersion will judge
		}
		if b, err := fs.ReadFile(fsys, name); err == nil {
			out[name] = &fstest.MapFile{Data: b}
		}
	}
	return out, nil
}

// copyFS copies the files under dir that keep takes (by their path below
// dir) into memory, at their paths below dir: a requirement set is a few
// hundred kilobytes.
func copyFS(fsys fs.FS, dir string, keep func(string) bool) (fstest.MapFS, error) {
	out := fstest.MapFS{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := p
		if dir != "." {
			rel = strings.TrimPrefix(p, dir+"/")
		}
		if !keep(rel) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[rel] = &fstest.MapFile{Data: b}
		return nil
	})
	return out, err
}

// LoadLang reads the requirement set of fsys in lang (ForLang) and checks
// that its files are in that language.
func LoadLang(fsys fs.FS, lang string) (*Set, error) {
	sel, err := ForLang(fsys, lang)
	if err != nil {
		return nil, err
	}
	set, err := Load(sel)
	if set != nil && err == nil && set.Lang != NormLang(lang) {
		return set, fmt.Errorf("the feature files of %s are written in %s (their \"# language:\" line)", NormLang(lang), set.Lang)
	}
	return set, err
}
