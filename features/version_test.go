package features_test

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/model/requirement"
)

// TestTheTextIsTheTextOfItsVersion is the guard of the set's versioning: a
// change to the requirement text changes the set's digest, and the digest
// must be the one CHANGELOG.md records under the version in VERSION. Editing
// a feature file without releasing the edit under a new version fails here,
// and the message says what to do.
func TestTheTextIsTheTextOfItsVersion(t *testing.T) {
	set, err := requirement.Load(features.FS)
	require.NoError(t, err)
	require.NotEmpty(t, set.Version, "features/VERSION is missing")
	require.NotEmpty(t, set.Releases, "features/CHANGELOG.md records no version")
	digest := set.Digest()
	top := set.Releases[0]
	if top.Version != set.Version || top.SHA256 != digest {
		t.Fatal(whatToDo(set, digest))
	}
	assert.True(t, set.Released())
	assert.Equal(t, set.Version, set.VersionLabel())
}

func whatToDo(set *requirement.Set, digest string) string {
	top := set.Releases[0]
	var b strings.Builder
	switch {
	case top.Version != set.Version:
		fmt.Fprintf(&b, "features/VERSION says %s, but the newest entry of features/CHANGELOG.md is %s: they must name the same version.\n", set.Version, top.Version)
	case top.SHA256 == "":
		fmt.Fprintf(&b, "features/CHANGELOG.md's entry for %s has no line \"Requirement set: `sha256:…`\".\n", top.Version)
	default:
		fmt.Fprintf(&b, "The requirement text changed: its digest is sha256:%s, but features/CHANGELOG.md records sha256:%s for version %s.\n", digest, top.SHA256, top.Version)
	}
	fmt.Fprintf(&b, `To release the change:
  1. Bump features/VERSION: MAJOR if the change could change a verdict (a scenario, step,
     level, role or example; a requirement added or removed), MINOR if only sources or
     descriptions changed, PATCH for wording.
  2. Add an entry at the top of features/CHANGELOG.md:
       ## [NEW.VERSION] - %s

       Requirement set: `+"`sha256:%s`"+`

       Verdicts: unchanged — … (or: may change — which requirements, and how)

     and say what changed.
The new version goes in the same commit as the change to the text.`, time.Now().UTC().Format("2006-01-02"), digest)
	return b.String()
}

// TestEachTwinIsTheTextOfItsVersion is the same guard for each twin of the
// set in another language: it shares the set's version, and the version's
// entry records its digest on a line of its own, "Requirement set (zh-CN):
// sha256:…". A twin changed without a new version, or left behind by a
// change to the English text, fails here.
func TestEachTwinIsTheTextOfItsVersion(t *testing.T) {
	langs, err := requirement.Languages(features.All)
	require.NoError(t, err)
	require.Contains(t, langs, "zh-CN")
	for _, lang := range langs[1:] {
		set, err := requirement.LoadLang(features.All, lang)
		require.NoError(t, err)
		require.NotEmpty(t, set.Releases)
		digest, top := set.Digest(), set.Releases[0]
		if top.Version != set.Version || top.Twins[lang] != digest {
			t.Error(whatToDoForTwin(set, digest))
			continue
		}
		assert.True(t, set.Released(), lang)
		assert.Equal(t, set.Version, set.VersionLabel(), lang)
	}
}

func whatToDoForTwin(set *requirement.Set, digest string) string {
	top := set.Releases[0]
	line := fmt.Sprintf("Requirement set (%s): `sha256:%s`", set.Lang, digest)
	if top.Twins[set.Lang] == "" {
		return fmt.Sprintf(`features/CHANGELOG.md's entry for %s records no %s text. If the %s twin (features/%s/) says what
the English text of %s says — the same requirements, scenarios, steps and values ('hutong lint'
checks that) — add this line to the entry, under its "Requirement set:" line:
  %s
If the English text changed and the twin has not followed, bring the twin in step first.`, top.Version, set.Lang, set.Lang, set.Lang, top.Version, line)
	}
	return fmt.Sprintf(`The %s text changed: its digest is sha256:%s, but features/CHANGELOG.md records sha256:%s for it under %s.
A change to a twin is released as a change to the English text is: a new version (PATCH for wording
alone), whose entry records the digest of every language, this one as
  %s`, set.Lang, digest, top.Twins[set.Lang], top.Version, line)
}

// The changelog itself is well formed: versions newest first, each with a
// date, a digest of its own and a word on verdicts.
func TestTheChangelogRecordsEveryVersion(t *testing.T) {
	set, err := requirement.Load(features.FS)
	require.NoError(t, err)
	seen := map[string]string{}
	for i, r := range set.Releases {
		assert.NotEmpty(t, r.Date, "%s has no date", r.Version)
		_, err := time.Parse("2006-01-02", r.Date)
		assert.NoError(t, err, "%s: date %q", r.Version, r.Date)
		assert.Len(t, r.SHA256, 64, "%s has no digest", r.Version)
		assert.NotEmpty(t, r.Verdicts, "%s does not say whether a verdict could change", r.Version)
		// The text is that of every language: a version may fix a twin's
		// wording alone, and record the English digest of the one before.
		text := r.SHA256
		for _, lang := range sortedKeys(r.Twins) {
			text += " " + lang + ":" + r.Twins[lang]
		}
		if v, ok := seen[text]; ok {
			t.Errorf("%s and %s record the same text; one text, one version", v, r.Version)
		}
		seen[text] = r.Version
		if i > 0 {
			assert.True(t, newer(set.Releases[i-1].Version, r.Version), "%s is listed above %s but is not newer", set.Releases[i-1].Version, r.Version)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// newer reports whether version a comes after b.
func newer(a, b string) bool {
	var x, y [3]int
	fmt.Sscanf(a, "%d.%d.%d", &x[0], &x[1], &x[2])
	fmt.Sscanf(b, "%d.%d.%d", &y[0], &y[1], &y[2])
	for i := range x {
		if x[i] != y[i] {
			return x[i] > y[i]
		}
	}
	return false
}

// An edit to a feature file without a new version is caught, and the
// message names the new digest and what to do.
func TestAnEditWithoutANewVersionIsCaught(t *testing.T) {
	edited := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(features.FS, p)
		edited[p] = &fstest.MapFile{Data: b}
		return err
	}))
	f := edited["links/links.feature"]
	f.Data = []byte(strings.Replace(string(f.Data), "opens directly in the app in one tap", "opens directly in the app", 1))
	set, err := requirement.Load(edited)
	require.NoError(t, err)
	assert.False(t, set.Released())
	assert.Equal(t, set.Version+"+modified", set.VersionLabel())
	msg := whatToDo(set, set.Digest())
	assert.Contains(t, msg, "The requirement text changed: its digest is sha256:"+set.Digest())
	assert.Contains(t, msg, "Bump features/VERSION")
	assert.Contains(t, msg, "Requirement set: `sha256:"+set.Digest()+"`")
}
