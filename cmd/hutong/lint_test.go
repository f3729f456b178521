package main

import (
	"os"
	"path/filepath"
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
	assert.Contains(t, out, "2 problem(s) in 1 file(s)")
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
