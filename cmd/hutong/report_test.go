package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShardUsageErrorsExitTwo(t *testing.T) {
	for _, bad := range []string{"0/3", "4/3", "x/y", "3"} {
		code, _, errOut := hutong(t, "certify", "--quiet", "--shard", bad, "--report-dir", t.TempDir())
		assert.Equal(t, exitUsage, code, bad)
		assert.Contains(t, errOut, fmt.Sprintf("--shard %q", bad))
	}
}

// A CI matrix end to end: three shard jobs, then a merge job. The jobs
// certify the messenger, which the switch breaks; that merged shards judge
// as one whole run, and keep its certification, is internal/shard's test.
func TestShardsMergeIntoOneCertification(t *testing.T) {
	root := t.TempDir()
	var dirs []string
	for k := 1; k <= 3; k++ {
		dir := filepath.Join(root, fmt.Sprintf("shard-%d", k))
		code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--shard", fmt.Sprintf("%d/3", k), "--target", "builtin:reference?violate=no-report", "--report-dir", dir)
		require.Contains(t, []int{exitOK, exitNotCertified}, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
		assert.Contains(t, out, fmt.Sprintf("SHARD %d/3", k))
		assert.NotContains(t, out, "CERTIFIED —")
		assert.FileExists(t, filepath.Join(dir, "result.json"))
		dirs = append(dirs, dir)
	}
	merged := filepath.Join(root, "merged")
	code, out, errOut := hutong(t, append([]string{"report", "merge", "--report-dir", merged}, dirs...)...)
	assert.Equal(t, exitNotCertified, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Regexp(t, `LINK-06\s+SHOULD\s+messenger\s+FAIL`, out)
	assert.Regexp(t, `LINK-01\s+MUST\s+messenger\s+PASS`, out)
	assert.NotContains(t, out, "NOT RUN")
	for _, f := range []string{"junit.xml", "cucumber.json"} {
		b, err := os.ReadFile(filepath.Join(merged, f))
		require.NoError(t, err)
		assert.NotEmpty(t, b)
	}

	code, _, errOut = hutong(t, "report", "merge", "--report-dir", t.TempDir(), dirs[0], dirs[2])
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "shard(s) 2/3 missing")

	code, _, errOut = hutong(t, "report", "merge", "--report-dir", t.TempDir(), filepath.Join(root, "nowhere"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "cannot read a shard's result")

	code, _, _ = hutong(t, "report")
	assert.Equal(t, exitUsage, code)
}
