package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLintEmbeddedAndGivenPaths(t *testing.T) {
	code, out, errOut := hutong(t, "lint")
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "no problems")

	feats := copyFeatures(t)
	code, out, _ = hutong(t, "lint", feats, filepath.Join(feats, "links", "links.feature"))
	assert.Equal(t, exitNotCertified, code, "the same file given twice defines every ID twice")
	assert.Contains(t, out, "is defined twice")

	p := filepath.Join(feats, "links", "links.feature")
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	b = append(b, []byte("\n  Rule: LINK-99 A new rule\n    Source: nobody [LAW]\n\n    @LINK-99 @must @role:messenger\n    Scenario: new\n      Then Bob dances a jig\n")...)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	code, out, _ = hutong(t, "lint", feats)
	assert.Equal(t, exitNotCertified, code)
	assert.Regexp(t, `links/links\.feature:\d+: no step definition matches "Bob dances a jig"`, out)
	assert.Contains(t, out, filepath.Join(feats, "links", "links.feature"), "problems name the path as given")
	assert.Regexp(t, `links/links\.feature:\d+: LINK-99: source "nobody" is not in hutong's list of known sources`, out)
	assert.Regexp(t, `links/links\.feature:\d+: LINK-99 has no twin in zh-CN`, out, "the copy's zh-CN/ is checked against it")
	assert.Contains(t, out, "3 problem(s) in 1 file(s)")
}

// The Chinese twin on disk is checked as the embedded one is: in its own
// directory beside the families, or as a file given alone, and its
// problems are named at the paths given.
func TestLintChineseTwinOnDisk(t *testing.T) {
	feats := copyFeatures(t)
	code, out, errOut := hutong(t, "lint", feats)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "in 2 languages (en, zh-CN)")

	zh := filepath.Join(feats, "zh-CN", "links", "links.feature")
	code, out, errOut = hutong(t, "lint", zh)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "ok: 1 file(s), 7 requirement(s)")

	code, out, errOut = hutong(t, "lint", filepath.Join(feats, "links", "links.feature"), zh)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "in 2 languages")

	b, err := os.ReadFile(zh)
	require.NoError(t, err)
	b = []byte(strings.Replace(string(b), `当 Alice 给 Bob 发送一个指向 "rival-a" 商品的链接`, `当 Alice 给 Bob 发送一个指向 "rival-b" 商品的链接`, 1))
	require.NoError(t, os.WriteFile(zh, b, 0o644))
	code, out, _ = hutong(t, "lint", feats)
	assert.Equal(t, exitNotCertified, code)
	assert.Regexp(t, regexp.QuoteMeta(zh)+`:\d+: LINK-01, scenario "[^"]+": step "Alice 给 Bob 发送一个指向 \\"rival-b\\" 商品的链接" gives the step "Alice", "Bob", "rival-b"; the English step "Alice sends Bob a link to a product of \\"rival-a\\"" gives it "Alice", "Bob", "rival-a"`, out)
}

func TestLintUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"lint", filepath.Join(dir, "missing")},
		{"lint", dir},
		{"lint", "lint.go"},
	} {
		code, _, errOut := hutong(t, args...)
		assert.Equal(t, exitUsage, code, args)
		assert.NotEmpty(t, errOut)
	}
	code, _, errOut := hutong(t, "lint", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "Exit codes")
}
