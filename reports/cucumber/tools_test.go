package cucumber

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/runner"
)

// TestTheReportToolsReadIt feeds cucumber.json to the two report tools
// people use on it, cucumber-html-reporter and
// multiple-cucumber-html-reporter, when they are installed: it needs no
// network, so it is skipped unless HUTONG_CUCUMBER_TOOLS names a
// node_modules directory holding both, e.g. after
//
//	npm install --prefix /tmp/cuke cucumber-html-reporter multiple-cucumber-html-reporter
//	HUTONG_CUCUMBER_TOOLS=/tmp/cuke/node_modules go test ./reports/cucumber
func TestTheReportToolsReadIt(t *testing.T) {
	mods := os.Getenv("HUTONG_CUCUMBER_TOOLS")
	if mods == "" {
		t.Skip("set HUTONG_CUCUMBER_TOOLS to a node_modules directory with cucumber-html-reporter and multiple-cucumber-html-reporter")
	}
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed to run the report tools")
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	require.NoError(t, os.Mkdir(in, 0o755))
	f, err := os.Create(filepath.Join(in, "cucumber.json"))
	require.NoError(t, err)
	require.NoError(t, Write(f, run(t, runner.Config{Tags: "@ACCESS-01 or @LINK-06"}, "no-report")))
	require.NoError(t, f.Close())
	script := `
const chr = require("cucumber-html-reporter"), mchr = require("multiple-cucumber-html-reporter");
chr.generate({theme: "bootstrap", jsonFile: "in/cucumber.json", output: "chr.html", launchReport: false});
mchr.generate({jsonDir: "in", reportPath: "mchr", displayDuration: true});`
	cmd := exec.Command(node, "-e", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	chr, err := os.ReadFile(filepath.Join(dir, "chr.html"))
	require.NoError(t, err)
	pages, err := filepath.Glob(filepath.Join(dir, "mchr", "features", "*equal-access*.html"))
	require.NoError(t, err)
	require.Len(t, pages, 1)
	mchr, err := os.ReadFile(pages[0])
	require.NoError(t, err)
	for name, page := range map[string]string{"cucumber-html-reporter": string(chr), "multiple-cucumber-html-reporter": string(mchr)} {
		for _, want := range []string{"These are differential checks.", "hutong verdict: NOT CERTIFIED", "@hutong:partial-not-a-certification", "@hutong:basis-declared"} {
			require.True(t, strings.Contains(page, want), "%s does not show %q", name, want)
		}
	}
}
