package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/catalog"
	"github.com/hutong-interop/hutong/model/requirement"
)

func catalogCmd(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "catalog"}
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "md", "output format: md (Markdown), html (one self-contained page) or json")
	dir := fs.String("features", "", "read the feature files in this directory instead of the embedded requirement set")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: hutong catalog [--format md|html|json] [--features DIR] > catalogue

Print the requirement catalogue built from the feature files: the set's
version and digest, and whether the text is the one released under that
version; every requirement's ID, level, roles, statement, sources with their
legal status and since when each applies, and scenarios; for a requirement
whose Rule states a threat model (the SEC family), who attacks, what they
hold, what they want and every threat its scenario tries; a traceability
matrix from each source (law article, guidance, standard clause) to the
requirements resting on it; the known sources (hutong's curated list, see
internal/sources) with their dates, and those no requirement covers yet; and
the versions the set's changelog records.

Examples:
  hutong catalog > catalogue.md
  hutong catalog --format html > catalogue.html
  hutong catalog --format json --features ./features | jq '.known_sources'
  hutong catalog --format json | jq '.threat_models[] | {requirement, threats}'

Flags:
`)
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, exitUsage); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail.usage("unexpected argument %q; give the feature directory with --features", fs.Arg(0))
	}
	if *format != "md" && *format != "html" && *format != "json" {
		return fail.usage("--format %q: accepted values are md, html and json", *format)
	}
	set, code := loadSet(*dir, fail)
	if set == nil {
		return code
	}
	c := catalog.Build(set)
	var err error
	switch *format {
	case "md":
		err = c.Markdown(stdout)
	case "html":
		err = c.HTML(stdout)
	case "json":
		err = c.JSON(stdout)
	}
	if err != nil {
		return fail.exit(exitUntestable, "%v", err)
	}
	return exitOK
}

// loadSet reads the requirement set from dir, or the embedded one. A broken
// set is a usage error, reported with every problem's file and line; the
// set is nil then, and the int the exit code.
func loadSet(dir string, fail failer) (*requirement.Set, int) {
	var fsys fs.FS = features.FS
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fail.usage("--features %s: not a directory", dir)
		}
		fsys = os.DirFS(dir)
	}
	set, err := requirement.Load(fsys)
	if err != nil {
		return nil, fail.usage("the requirement set is broken (run 'hutong lint' for details):\n%v", err)
	}
	return set, exitOK
}
