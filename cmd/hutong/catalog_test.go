package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalogFormats(t *testing.T) {
	for format, want := range map[string]string{
		"md":   "# hutong requirement catalogue",
		"html": `<h1 id="catalogue">`,
		"json": `"requirement_set_sha256"`,
	} {
		code, out, errOut := hutong(t, "catalog", "--format", format)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, want, format)
		assert.Contains(t, out, "LINK-06", format)
	}
	code, out, _ := hutong(t, "catalog")
	require.Equal(t, 0, code)
	assert.Regexp(t, `Version \d+\.\d+\.\d+, the text released as`, out, "the embedded set's version")
	assert.Contains(t, out, "## Versions of the requirement set")
	assert.Contains(t, out, "[LAW, in force since 2024-05-01]", "sources say since when they apply")

	code, out, _ = hutong(t, "catalog", "--features", copyFeatures(t))
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Sources no requirement covers yet")
	assert.Contains(t, out, "The set has no version", "loose feature files have none")
}

func TestCatalogUsageErrors(t *testing.T) {
	broken := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(broken, "b.feature"), []byte("Feature: B\n  Rule: no id here\n"), 0o644))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"catalog", "--format", "pdf"}, "accepted values are md, html and json"},
		{[]string{"catalog", "--features", filepath.Join(broken, "nope")}, "not a directory"},
		{[]string{"catalog", "--features", broken}, "b.feature:2"},
		{[]string{"catalog", "extra"}, "unexpected argument"},
	} {
		code, _, errOut := hutong(t, c.args...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, errOut, c.want, c.args)
	}
}
