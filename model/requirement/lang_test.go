package requirement

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
)

const enFeature = `Feature: F
  Rule: X-01 a requirement
    Source: Some law [LAW, since 2020-01-01]

    @X-01 @must @role:payer
    Scenario: s
      Given x
`

const zhFeature = `# language: zh-CN
功能: F
  规则: X-01 一项要求
    来源：某部法律 [LAW, since 2020-01-01]

    @X-01 @must @role:payer
    场景: s
      假如 x
`

func twinSet() fstest.MapFS {
	return fstest.MapFS{
		"x/x.feature":       {Data: []byte(enFeature)},
		"zh-CN/x/x.feature": {Data: []byte(zhFeature)},
		"VERSION":           {Data: []byte("1.0.0\n")},
		"CHANGELOG.md":      {Data: []byte("## [1.0.0] - 2026-01-01\n\nRequirement set: `sha256:" + zero + "`\nRequirement set (zh-CN): `sha256:" + zero + "`\n\nVerdicts: new\n")},
	}
}

const zero = "0000000000000000000000000000000000000000000000000000000000000000"

func TestATwinIsASetOfItsOwn(t *testing.T) {
	fsys := twinSet()
	langs, err := Languages(fsys)
	require.NoError(t, err)
	assert.Equal(t, []string{"en", "zh-CN"}, langs)

	en, err := Load(fsys)
	require.NoError(t, err, "the twin's directory is not part of the set at the root")
	assert.Equal(t, "en", en.Lang)
	require.Len(t, en.Files, 1)
	assert.Equal(t, "x/x.feature", en.Files[0].Path)

	zh, err := LoadLang(fsys, "zh-CN")
	require.NoError(t, err)
	assert.Equal(t, "zh-CN", zh.Lang)
	assert.Equal(t, "x/x.feature", zh.Files[0].Path, "a twin's files are at the set's paths")
	assert.Equal(t, "x", zh.Requirements[0].Family)
	assert.Equal(t, "一项要求", zh.Requirements[0].Statement)
	require.Len(t, zh.Requirements[0].Sources, 1, "a Chinese source line starts 来源：")
	assert.Equal(t, Source{Text: "某部法律", Status: "LAW", Since: "2020-01-01", Line: 4}, zh.Requirements[0].Sources[0])
	assert.Equal(t, "1.0.0", zh.Version, "a twin shares the set's version")
	assert.NotEqual(t, en.Digest(), zh.Digest())

	sel, err := ForLang(fsys, "")
	require.NoError(t, err)
	_, err = fs.Stat(sel, "zh-CN")
	assert.Error(t, err, "the default language's files, without the twins' directories, as godog runs them")
	_, err = ForLang(fsys, "fr")
	assert.ErrorIs(t, err, ErrNoLang)
	_, err = LoadLang(fstest.MapFS{"zh-CN/x/x.feature": {Data: []byte(enFeature)}}, "zh-CN")
	assert.ErrorContains(t, err, "are written in en")
}

func TestASetIsInOneLanguage(t *testing.T) {
	_, err := Load(fstest.MapFS{"a/a.feature": {Data: []byte(enFeature)}, "b/b.feature": {Data: []byte(zhFeature)}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "b/b.feature:1: the file is written in zh-CN, but a/a.feature is in en")
}

// Each language's text is released under the set's version with a digest of
// its own; a twin whose version's entry records no text of its language is
// "+unrecorded", one whose text differs "+modified".
func TestATwinsTextIsReleasedUnderTheSetsVersion(t *testing.T) {
	fsys := twinSet()
	zh, err := LoadLang(fsys, "zh-CN")
	require.NoError(t, err)
	assert.Equal(t, "1.0.0+modified", zh.VersionLabel())
	fsys["CHANGELOG.md"] = &fstest.MapFile{Data: []byte("## [1.0.0] - 2026-01-01\n\nRequirement set: `sha256:" + zero + "`\nRequirement set (zh-CN): `sha256:" + zh.Digest() + "`\n\nVerdicts: new\n")}
	zh, err = LoadLang(fsys, "zh-CN")
	require.NoError(t, err)
	assert.True(t, zh.Released())
	assert.Equal(t, "1.0.0", zh.VersionLabel())
	assert.Equal(t, map[string]string{"zh-CN": zh.Digest()}, zh.Releases[0].Twins)
	en, err := Load(fsys)
	require.NoError(t, err)
	assert.Equal(t, "1.0.0+modified", en.VersionLabel(), "the twin's digest is not the English text's")

	fsys["CHANGELOG.md"] = &fstest.MapFile{Data: []byte("## [1.0.0] - 2026-01-01\n\nRequirement set: `sha256:" + zero + "`\n\nVerdicts: new\n")}
	zh, err = LoadLang(fsys, "zh-CN")
	require.NoError(t, err)
	assert.Equal(t, "1.0.0+unrecorded", zh.VersionLabel())
}

func TestTheEmbeddedChineseTwin(t *testing.T) {
	en, err := Load(features.All)
	require.NoError(t, err)
	fs0, err := Load(features.FS)
	require.NoError(t, err)
	assert.Equal(t, fs0.Digest(), en.Digest(), "the twins are no part of the English set")
	zh, err := LoadLang(features.All, "zh-CN")
	require.NoError(t, err)
	require.Len(t, zh.Requirements, len(en.Requirements))
	for i, r := range en.Requirements {
		z := zh.Requirements[i]
		assert.Equal(t, r.ID, z.ID)
		assert.Equal(t, r.Family, z.Family)
		assert.NotEqual(t, r.Statement, z.Statement, "%s is written in Chinese", r.ID)
	}
}
