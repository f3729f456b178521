package requirement

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
)

func TestLoadEmbeddedFeatures(t *testing.T) {
	set, err := Load(features.FS)
	require.NoError(t, err)
	r := set.Get("LINK-01")
	require.NotNil(t, r)
	assert.Equal(t, Must, r.Level)
	assert.Equal(t, []string{"messenger"}, r.Roles)
	assert.Equal(t, "links", r.Family)
	assert.Contains(t, r.Statement, "opens directly in the app in one tap")
	require.NotEmpty(t, r.Sources)
	assert.Equal(t, "GUID", r.Sources[0].Status)
	assert.Equal(t, Should, set.Get("LINK-04").Level)
	assert.Len(t, set.Digest(), 64)
}

func TestLoadReportsEveryProblemWithItsPlace(t *testing.T) {
	fsys := fstest.MapFS{"x/bad.feature": {Data: []byte(`Feature: Bad
  Scenario: outside
    Given x

  Rule: no id here
    Source: somewhere [GUID]
    @must @role:messenger
    Scenario: a
      Given x

  Rule: X-01 a requirement
    Source: nowhere in particular
    @X-02 @must @should
    Scenario: b
      Given x
`)}}
	_, err := Load(fsys)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `x/bad.feature:5: rule "no id here" does not start with a requirement ID`)
	assert.Contains(t, msg, `x/bad.feature:12: X-01: source "Source: nowhere in particular" has no status`)
	assert.Contains(t, msg, `x/bad.feature:14: scenario "b" is tagged @X-02 but stands in the Rule of X-01`)
	assert.Contains(t, msg, `x/bad.feature:14: scenario "b" must carry exactly one of @must or @should`)
	assert.Contains(t, msg, `x/bad.feature:14: scenario "b" has no @role: tag`)
	assert.Contains(t, msg, `x/bad.feature:2: scenario "outside" stands outside any Rule`)
}

func TestLoadNamesGherkinSyntaxErrors(t *testing.T) {
	fsys := fstest.MapFS{"x/broken.feature": {Data: []byte("Feature: F\n  Rule: X-01 r\n    Scenario: s\n      Given x\n    | not | a table after nothing\n  Oops this is not gherkin\n")}}
	_, err := Load(fsys)
	require.Error(t, err)
	assert.Regexp(t, `x/broken\.feature:\d+: not valid Gherkin`, err.Error())
}

// A line longer than the Gherkin parser's buffer crashed it; now it is a
// problem at its FILE:LINE, in Load and in ParseDocument alike.
func TestOverLongLineIsAProblemNotAPanic(t *testing.T) {
	long := "Feature: x\n  Rule: LINK-01 y\n    Scenario: z\n      Given " + strings.Repeat("a", 70000) + "\n"
	_, err := Load(fstest.MapFS{"links/x.feature": {Data: []byte(long)}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "links/x.feature:4")
	assert.Contains(t, err.Error(), "at most 60000")

	_, errs := ParseDocument("x.feature", []byte("Feature: x\n"+strings.Repeat("b", MaxLine)))
	assert.Nil(t, errs, "a line of exactly MaxLine bytes is fine")
}

func TestSourcesSayWhenTheyApply(t *testing.T) {
	fsys := fstest.MapFS{
		"VERSION": {Data: []byte("1.2.3\n")},
		"x/x.feature": {Data: []byte(`Feature: X
  Rule: X-01 a requirement
    Source: A law, Art. 1 [LAW, since 2024-05-01]
    Source: A guidance meeting [GUID, since 2021-09]
    Source: A press report [OPIN]

    @X-01 @must @role:payer
    Scenario: s
      Given x
`)},
	}
	set, err := Load(fsys)
	require.NoError(t, err)
	assert.Equal(t, "1.2.3", set.Version)
	srcs := set.Get("X-01").Sources
	assert.Equal(t, []Source{
		{Text: "A law, Art. 1", Status: "LAW", Since: "2024-05-01", Line: 3},
		{Text: "A guidance meeting", Status: "GUID", Since: "2021-09", Line: 4},
		{Text: "A press report", Status: "OPIN", Line: 5},
	}, srcs)
	assert.Equal(t, "A law, Art. 1 [LAW, in force since 2024-05-01]", srcs[0].Describe())
	assert.Equal(t, "A guidance meeting [GUID, in effect since 2021-09]", srcs[1].Describe())
	assert.Equal(t, "A press report [OPIN]", srcs[2].Describe())
	assert.Equal(t, "published", SinceLabel("OPIN"))
}

func TestBadDatesAndVersionsAreProblems(t *testing.T) {
	fsys := fstest.MapFS{
		"VERSION": {Data: []byte("next\n")},
		"x/x.feature": {Data: []byte(`Feature: X
  Rule: X-01 a requirement
    Source: A law [LAW, since 1 May 2024]
    Source: A notice [REG, since 2022-02-30]
    Source: A standard [STD, in force 2025-12-23]

    @X-01 @must @role:payer
    Scenario: s
      Given x
`)},
	}
	_, err := Load(fsys)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `VERSION:1: "next" is not a version`)
	assert.Contains(t, msg, `x/x.feature:3: X-01: source since "1 May 2024" is not a date`)
	assert.Contains(t, msg, `x/x.feature:4: X-01: source since "2022-02-30" is not a date`)
	assert.Contains(t, msg, `x/x.feature:5: X-01: source "Source: A standard [STD, in force 2025-12-23]" does not end in [STATUS] or [STATUS, since YYYY-MM-DD]`)
}

func TestASetWithoutVersionFileHasNoVersion(t *testing.T) {
	set, err := Load(fstest.MapFS{"x/x.feature": {Data: []byte("Feature: X\n  Rule: X-01 r\n    Source: s [LAW]\n\n    @X-01 @must @role:payer\n    Scenario: s\n      Given x\n")}})
	require.NoError(t, err)
	assert.Empty(t, set.Version)
}

func TestChangelogNamesTheTextOfEachVersion(t *testing.T) {
	feature := []byte("Feature: X\n  Rule: X-01 r\n    Source: s [LAW]\n\n    @X-01 @must @role:payer\n    Scenario: s\n      Given x\n")
	base := fstest.MapFS{"x/x.feature": {Data: feature}, "VERSION": {Data: []byte("2.0.0\n")}}
	set, err := Load(base)
	require.NoError(t, err)
	assert.Equal(t, "2.0.0+unrecorded", set.VersionLabel(), "no changelog records the version")

	changelog := "# Changelog\n\n## [Unreleased]\n\nRequirement set: `sha256:" + strings.Repeat("0", 64) + "`\n\n" +
		"## [2.0.0] - 2026-12-01\n\nRequirement set: `sha256:" + set.Digest() + "`\n\nVerdicts: may change —\nX-01 is new.\n\n" +
		"## [1.0.0] - 2026-11-21\n\nRequirement set: sha256:" + strings.Repeat("a", 64) + "\n\nVerdicts: the first version.\n"
	base["CHANGELOG.md"] = &fstest.MapFile{Data: []byte(changelog)}
	set, err = Load(base)
	require.NoError(t, err)
	require.Len(t, set.Releases, 2, "Unreleased is not a version")
	assert.Equal(t, Release{Version: "2.0.0", Date: "2026-12-01", SHA256: set.Digest(), Verdicts: "may change — X-01 is new.", Line: 7}, set.Releases[0])
	assert.Equal(t, strings.Repeat("a", 64), set.Releases[1].SHA256)
	assert.True(t, set.Released())
	assert.Equal(t, "2.0.0", set.VersionLabel())

	base["VERSION"] = &fstest.MapFile{Data: []byte("1.0.0\n")}
	set, err = Load(base)
	require.NoError(t, err)
	assert.False(t, set.Released(), "1.0.0 was released with another text")
	assert.Equal(t, "1.0.0+modified", set.VersionLabel())
}
