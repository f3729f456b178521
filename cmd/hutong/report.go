package main

import (
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/shard"
	"github.com/hutong-interop/hutong/internal/waiver"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/reports/text"
)

func report(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "merge" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			fmt.Fprint(stdout, reportUsage)
			return exitOK
		}
		fmt.Fprint(stderr, reportUsage)
		return exitUsage
	}
	return reportMerge(args[1:], stdout, stderr)
}

const reportUsage = `Usage: hutong report merge [--report-dir OUT] [--fail-on must|should] [--sign-key KEY] [--waivers FILE] DIR...

Merge the shards of one run: each DIR is the --report-dir of a
'hutong certify --shard K/N' run (or its result.json). Every shard 1..N must
be given once, and all must share the requirement set, seed, roles, target,
tag filter and shard count. The merged run is judged afresh and written as
the same reports as certify writes; the exit code is certify's.
`

func reportMerge(args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "report merge"}
	fs := flag.NewFlagSet("report merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reportDir := fs.String("report-dir", "hutong-report", "directory to write the merged reports into")
	failOn := fs.String("fail-on", "should", "lowest level whose failure makes the exit code 1: 'must' or 'should'")
	signKey := fs.String("sign-key", "", "sign the merged certificate.json with this Ed25519 private key (PEM, from 'hutong keygen')")
	waiversFile := fs.String("waivers", "", "JSON file of waivers to apply to the merged verdicts (as for certify)")
	fs.Usage = func() {
		fmt.Fprint(stderr, reportUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, exitUsage); done {
		return code
	}
	if *failOn != "must" && *failOn != "should" {
		return fail.usage("--fail-on %q: accepted values are 'must' and 'should'", *failOn)
	}
	if fs.NArg() == 0 {
		return fail.usage("give the report directories of every shard")
	}
	key, err := loadSignKey(*signKey)
	if err != nil {
		return fail.usage("%v", err)
	}
	waivers, err := loadWaivers(*waiversFile)
	if err != nil {
		return fail.usage("%v", err)
	}
	// A signed certificate may rest only on shards signed by the same key;
	// an unsigned merge checks each shard's seal (digest) alone.
	var pub ed25519.PublicKey
	if key != nil {
		pub = key.Public().(ed25519.PublicKey)
	}
	var files []*shard.File
	for _, dir := range fs.Args() {
		f, err := shard.Read(dir, pub)
		if err != nil {
			return fail.usage("%v", err)
		}
		files = append(files, f)
	}
	// The shards ran the text of one language (Merge refuses others by
	// their digest); the merge judges against this hutong's text in it.
	set, err := requirement.LoadLang(features.All, files[0].Run.Lang)
	switch {
	case errors.Is(err, requirement.ErrNoLang):
		return fail.usage("the shards ran the requirement text in %s, which this hutong does not carry", files[0].Run.Lang)
	case err != nil:
		return fail.usage("the requirement set is broken:\n%v", err)
	}
	run, err := shard.Merge(files, fs.Args(), set)
	if err != nil {
		return fail.usage("%v", err)
	}
	if err := waiver.Check(waivers, set); err != nil {
		return fail.usage("--waivers: %v", err)
	}
	run.FailOn = strings.ToUpper(*failOn)
	waiver.Apply(run, waivers, run.Finished)
	run.Decide()
	if err := os.MkdirAll(*reportDir, 0o755); err != nil {
		return fail.usage("cannot create the report directory: %v", err)
	}
	if err := writeReports(*reportDir, run, key); err != nil {
		return fail.exit(exitUntestable, "writing the reports: %v", err)
	}
	fmt.Fprintf(stdout, "hutong %s merged %d shards of %s (seed %d)\n", run.HarnessVersion, len(files), run.Target, run.Seed)
	text.Write(stdout, run)
	fmt.Fprintf(stdout, "Reports: %s\n", *reportDir)
	return exitCode(run)
}
