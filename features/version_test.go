package features_test

import (
	"fmt"
	"io/fs"
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
		if v, ok := seen[r.SHA256]; ok {
			t.Errorf("%s and %s record the same text; one text, one version", v, r.Version)
		}
		seen[r.SHA256] = r.Version
		if i > 0 {
			assert.True(t, newer(set.Releases[i-1].Version, r.Version), "%s is listed above %s but is not newer", set.Releases[i-1].Version, r.Version)
		}
	}
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
