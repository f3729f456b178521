package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/catalog"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/model/requirement"
)

func catalogCmd(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "catalog"}
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "md", "output format: md (Markdown), html (one self-contained page) or json")
	dir := fs.String("features", "", "read the feature files in this directory instead of the embedded requirement set")
	lang := fs.String("lang", requirement.DefaultLang, "language of the requirement text: 'en', or 'zh-CN' for its Chinese twin (the --features directory's zh-CN/, or the directory itself when its files are Chinese)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: hutong catalog [--format md|html|json] [--features DIR] > catalogue

Print the requirement catalogue built from the feature files: the set's
version and digest, and whether the text is the one released under that
version; every requirement's ID, level, roles, statement, sources with their
legal status and since when each applies, and scenarios; for a requirement
whose Rule states a threat model (the SEC family and QR-06), who attacks,
what they hold, what they want and every threat its scenario tries; every
Rule's clauses (features/clauses.txt) with the steps that check each, and
the clauses no check covers, SHOULD ones marked; a traceability
matrix from each source (law article, guidance, standard clause) to the
requirements resting on it; the known sources (hutong's curated list, see
internal/sources) with their dates, and those no requirement covers yet; and
the versions the set's changelog records.

Examples:
  hutong catalog > catalogue.md
  hutong catalog --format html > catalogue.html
  hutong catalog --format json --features ./features | jq '.known_sources'
  hutong catalog --format json | jq '.threat_models[] | {requirement, threats}'
  hutong catalog --format json | jq '.clauses.uncovered'
  hutong catalog --lang zh-CN > catalogue.zh-CN.md   # the Chinese text

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
	set, code := loadSet(*dir, *lang, fail)
	if set == nil {
		return code
	}
	c := catalog.Build(set)
	checks, err := runner.StepChecks()
	if err != nil {
		return fail.exit(exitUntestable, "%v", err)
	}
	c.MapClauses(set, checks)
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

// loadSet reads the requirement set in lang from dir, or the embedded one:
// dir's twin in lang, or dir itself when its files are in lang. A broken set
// is a usage error, reported with every problem's file and line; the set is
// nil then, and the int the exit code.
func loadSet(dir, lang string, fail failer) (*requirement.Set, int) {
	var fsys fs.FS = features.All
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fail.usage("--features %s: not a directory", dir)
		}
		fsys = os.DirFS(dir)
	}
	sel, err := requirement.ForLang(fsys, lang)
	switch {
	case errors.Is(err, requirement.ErrNoLang) && dir != "":
		sel = fsys // a twin's own directory
	case err != nil:
		langs, _ := requirement.Languages(fsys)
		return nil, fail.usage("--lang %s: the requirement set is written in %s", lang, strings.Join(langs, " and "))
	}
	set, err := requirement.Load(sel)
	if err != nil {
		return nil, fail.usage("the requirement set is broken (run 'hutong lint' for details):\n%v", err)
	}
	if set.Lang != requirement.NormLang(lang) {
		return nil, fail.usage("--lang %s: the feature files in %s are written in %s", lang, dir, set.Lang)
	}
	return set, exitOK
}
