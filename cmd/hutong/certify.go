package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/shard"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/internal/waiver"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/reports/certificate"
	"github.com/hutong-interop/hutong/reports/cucumber"
	"github.com/hutong-interop/hutong/reports/html"
	"github.com/hutong-interop/hutong/reports/junit"
	"github.com/hutong-interop/hutong/reports/text"
)

// defaultSeed makes runs reproducible unless asked otherwise; it is the
// date of MIIT's deadline for unblocking links, 17 Sep 2021.
const defaultSeed = 20210917

func certify(args []string, stdout, stderr io.Writer) int {
	// Ctrl-C or SIGTERM cancels the run: steps fail fast, the reports are
	// written marked interrupted, and the exit code is 3.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return certifyContext(ctx, args, stdout, stderr)
}

// certifyContext certifies as certify does, until ctx ends.
func certifyContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "certify"}
	f, code, done := parseCertifyFlags(args, stderr)
	if done {
		return code
	}
	cfg, key, err := f.check()
	if err != nil {
		return fail.usage("%v", err)
	}
	if cfg.Target, err = target.ResolveWith(f.target, f.targetOpts); err != nil {
		return fail.usage("%v", err)
	}
	defer cfg.Target.Close()
	for _, w := range cfg.Target.Warnings {
		fmt.Fprintf(stderr, "\n!!! WARNING: %s\n\n", w)
	}
	if err := os.MkdirAll(f.reportDir, 0o755); err != nil {
		return fail.usage("cannot create the report directory: %v", err)
	}
	unlock, err := lockReportDir(f.reportDir)
	if err != nil {
		return fail.usage("%v", err)
	}
	defer unlock()
	if !f.quiet {
		cfg.Progress = stdout
	}

	fmt.Fprintf(stdout, "hutong %s certifying %s (seed %d, concurrency %d%s%s)\n", runner.Version, cfg.Target.Spec, cfg.Seed, cfg.Concurrency, ofShard(cfg.Shard), ofLang(cfg.Lang))
	run, err := runner.Run(ctx, cfg)
	if err != nil {
		return fail.exit(runFailure(err), "%v", err)
	}
	if err := writeReports(f.reportDir, run, key); err != nil {
		return fail.exit(exitUntestable, "writing the reports: %v", err)
	}
	if cfg.Shard.Active() {
		sf := shard.NewFile(cfg.Shard, run, run.Selected)
		if err := sf.SealWith(key); err != nil {
			return fail.exit(exitUntestable, "sealing the shard's result: %v", err)
		}
		if err := writeAtomic(filepath.Join(f.reportDir, shard.FileName), sf.Write); err != nil {
			return fail.exit(exitUntestable, "writing the shard's result: %v", err)
		}
	}
	text.Write(stdout, run)
	fmt.Fprintf(stdout, "Reports: %s\n", f.reportDir)
	switch {
	case run.Interrupted:
		return fail.exit(exitCode(run), "the run was interrupted; the reports are marked so and certify nothing")
	case run.Decision == result.NotTested:
		return fail.exit(exitCode(run), "%s; the reports are marked so and certify nothing", run.Summary)
	}
	return exitCode(run)
}

// certifyFlags are certify's flags as given; check makes them a run's
// configuration.
type certifyFlags struct {
	target      string
	roles       string
	tags        string
	reportDir   string
	concurrency int
	seed        string
	maxBody     int64
	timeout     time.Duration
	runTimeout  time.Duration
	failOn      string
	quiet       bool
	browser     string
	noBrowser   bool
	shard       string
	waivers     string
	signKey     string
	lang        string
	depth       string
	targetOpts  target.Options // the black-box target's flags
	args        []string       // what follows the flags; nothing is expected
}

// parseCertifyFlags defines certify's flags, with their help, and parses
// args into them. done means certify stops with code (--help, or a flag the
// flag package has already complained about).
func parseCertifyFlags(args []string, stderr io.Writer) (f certifyFlags, code int, done bool) {
	fs := flag.NewFlagSet("certify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.target, "target", "builtin:reference", "what to certify: "+strings.ReplaceAll(target.Help, "\n", " "))
	fs.StringVar(&f.roles, "roles", "", "comma-separated roles to certify (default: every role the implementation claims)")
	fs.StringVar(&f.tags, "tags", "", "only run scenarios matching this Cucumber tag expression, e.g. '@LINK-01 or @LINK-02', '@must and not @LINK-03' (godog's '@a,@b' and '@a && ~@b' work too); tags match exactly; a filter that selects nothing is a usage error; leaving out MUST requirements makes the run partial, not a certification")
	fs.StringVar(&f.reportDir, "report-dir", "hutong-report", "directory to write junit.xml, cucumber.json, report.html and certificate.json into")
	fs.IntVar(&f.concurrency, "concurrency", 4, "scenarios run in parallel")
	fs.StringVar(&f.seed, "seed", strconv.Itoa(defaultSeed), "seed for scenario order and randomised checks, or 'random'")
	fs.StringVar(&f.depth, "depth", result.DepthCertification, "how many cases each requirement draws: 'certification' (at least 44 of every MUST requirement, so that a violation affecting 10 % of its cases is caught with probability 99 % or more) or 'quick' (a few, for development: the run is partial, never a certification, which every report says)")
	fs.Int64Var(&f.maxBody, "max-body", iti.DefaultMaxBody, "largest answer, in bytes, read from the implementation for one ITI call")
	fs.DurationVar(&f.timeout, "timeout", runner.DefaultTimeout, "limit for each HTTP exchange with the implementation, from sending the request to the last byte of the answer: a slow or trickling answer fails its step")
	fs.DurationVar(&f.runTimeout, "run-timeout", runner.DefaultRunTimeout, "limit for the whole run: at it the run ends, the scenarios not finished are not run, and the exit code is 3")
	fs.StringVar(&f.failOn, "fail-on", "should", "lowest level whose failure makes the run not certified (exit 1): 'must' (SHOULD failures are findings of a certified run) or 'should'")
	fs.BoolVar(&f.quiet, "quiet", false, "no per-scenario progress lines")
	fs.StringVar(&f.browser, "browser", "", "Chromium executable that observes the pages of an implementation that shows them (the ITI 'pages' capability); default: the first there of "+strings.Join(observe.Candidates, ", ")+" (names on PATH). Without one the display requirements rest on the implementation's declarations and the run is partial, never a certification, which every report says")
	fs.BoolVar(&f.noBrowser, "no-browser", false, "observe no pages, even with a browser on PATH: an implementation that shows its pages is then judged on its declarations alone, and the run is partial")
	fs.StringVar(&f.shard, "shard", "", "run only slice K of N of the scenarios (e.g. 2/3) and write result.json for 'hutong report merge'; 'ci' takes K and N from the CI engine (GitLab's CI_NODE_INDEX and CI_NODE_TOTAL), 'ci/N' takes K from CI_NODE_INDEX or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX")
	fs.StringVar(&f.waivers, "waivers", "", "JSON file of waivers: [{\"requirement\", \"reason\", \"approver\", \"expires\": \"YYYY-MM-DD\"}]; a waived failure does not block certification but is listed in every report; an expired waiver is ignored")
	fs.StringVar(&f.signKey, "sign-key", "", "sign certificate.json with this Ed25519 private key (PEM, from 'hutong keygen')")
	fs.StringVar(&f.lang, "lang", requirement.DefaultLang, "language of the requirement text to certify against: 'en', or 'zh-CN' for its Chinese twin (features/zh-CN); the same checks run either way, and the certificate records the language and hashes that language's files")
	o := &f.targetOpts
	fs.StringVar(&o.MockListen, "mock-listen", "127.0.0.1:0", "black-box targets: where the mock network listens for the implementation's calls (HOST:PORT; port 0 picks a free one)")
	fs.StringVar(&o.MockBaseURL, "mock-base-url", "", "black-box targets: the mock network's address as the implementation reaches it, http://HOST:PORT, when that is not --mock-listen (an implementation on another host or in a container); sent to it as the session's network.proxy_url")
	fs.DurationVar(&o.DialTimeout, "connect-timeout", 3*time.Second, "black-box targets: limit for connecting to the implementation")
	fs.StringVar(&o.CAFile, "ca-file", "", "black-box targets: PEM bundle of CAs to trust for the implementation's certificate instead of the system's")
	fs.StringVar(&o.ClientCert, "client-cert", "", "black-box targets: PEM client certificate for mutual TLS (with --client-key)")
	fs.StringVar(&o.ClientKey, "client-key", "", "black-box targets: PEM private key of --client-cert")
	fs.Func("allow-origin", "black-box targets: a further origin of the implementation (scheme://host[:port]; repeat or comma-separate) whose links and endpoints the harness may follow and deliver to, e.g. its payment or short-link domain; given by whoever runs the certification, never taken from the implementation; recorded in every report", func(v string) error {
		o.AllowOrigins = append(o.AllowOrigins, splitList(v)...)
		return nil
	})
	fs.BoolVar(&o.InsecureSkipVerify, "insecure-skip-verify", false, "black-box targets: do NOT verify the implementation's TLS certificate; loudly warned about and recorded in every report")
	fs.Usage = func() {
		fmt.Fprint(stderr, certifyUsage)
		fs.PrintDefaults()
	}
	if err := flagsFromEnv(fs, os.Getenv); err != nil {
		fmt.Fprintf(stderr, "hutong certify: %v\n", err)
		return f, exitUsage, true
	}
	if code, done := parseFlags(fs, args, exitUsage); done {
		return f, code, true
	}
	f.args = fs.Args()
	return f, 0, false
}

const certifyUsage = `Usage: hutong certify [flags]

Certify an implementation against the requirement set: every scenario of the
roles tested runs against it, with hutong playing every counterparty. Prints a
line per scenario and a verdict per requirement; writes junit.xml and
cucumber.json, report.html and certificate.json into --report-dir
(certificate.json signed when --sign-key is given).

Examples:
  hutong certify                                   # the embedded reference
  hutong certify --target 'builtin:reference?violate=rival-links-blocked'
  hutong certify --roles messenger --tags '@LINK-01'
  hutong certify --lang zh-CN                      # against the Chinese text
  hutong certify --shard 2/3 --report-dir shard-2  # one slice of a CI matrix
  hutong certify --target https://sandbox.example.com/iti/v1 --ca-file ca.pem \
      --mock-listen 0.0.0.0:7070 --mock-base-url http://harness.example.com:7070

A black-box target (an http(s):// URL) reaches the implementation over the
network. hutong serves its mock parties on --mock-listen and tells the
implementation, in each session's network fixture, the proxy to send its
outbound requests through (see 'hutong iti', NetworkFixture).

Every flag can also be set in the environment, as HUTONG_ and its name in
capitals with '_' for '-': HUTONG_TARGET, HUTONG_ROLES, HUTONG_TAGS,
HUTONG_REPORT_DIR, HUTONG_SEED, HUTONG_SHARD, HUTONG_SIGN_KEY, HUTONG_LANG, ... A flag on
the command line wins over its variable; the variable over the default.

Exit codes: 0 certified (also: a partial run in which nothing failed, which
every report marks as not a certification), 1 not certified, 2 usage or
configuration error, 3 could not be tested (unreachable, contract broken at
discovery, stopped answering, interrupted, --run-timeout reached).

Flags:
`

// check is every check of the flags that needs no target, in the order they
// are made: the first mistake is the one reported. It returns the run's
// configuration, without its Target and Progress, and the key to sign the
// certificate with (nil for none).
func (f certifyFlags) check() (runner.Config, ed25519.PrivateKey, error) {
	var cfg runner.Config
	if len(f.args) > 0 {
		return cfg, nil, fmt.Errorf("unexpected argument %q (flags go before nothing else)", f.args[0])
	}
	if f.failOn != "must" && f.failOn != "should" {
		return cfg, nil, fmt.Errorf("--fail-on %q: accepted values are 'must' and 'should'", f.failOn)
	}
	if f.maxBody < 1 {
		return cfg, nil, fmt.Errorf("--max-body %d: must be at least 1 byte", f.maxBody)
	}
	if f.concurrency < 1 {
		return cfg, nil, fmt.Errorf("--concurrency %d: must be at least 1", f.concurrency)
	}
	seed, err := parseSeed(f.seed)
	if err != nil {
		return cfg, nil, err
	}
	depth, err := result.ParseDepth(f.depth)
	if err != nil {
		return cfg, nil, fmt.Errorf("--%v", err)
	}
	var part shard.Spec
	if f.shard != "" {
		if part, err = shard.ParseWithEnv(f.shard, os.Getenv); err != nil {
			return cfg, nil, err
		}
	}
	key, err := loadSignKey(f.signKey)
	if err != nil {
		return cfg, nil, err
	}
	waivers, err := loadWaivers(f.waivers)
	if err != nil {
		return cfg, nil, err
	}
	if f.runTimeout <= 0 {
		return cfg, nil, fmt.Errorf("--run-timeout %s: must be longer than zero", f.runTimeout)
	}
	if err := checkLang(f.lang); err != nil {
		return cfg, nil, err
	}
	if f.noBrowser && f.browser != "" {
		return cfg, nil, fmt.Errorf("--browser and --no-browser: give one or the other")
	}
	browser := f.browser
	if browser == "" && !f.noBrowser {
		browser = observe.Find()
	}
	return runner.Config{Roles: splitList(f.roles), Tags: f.tags, Concurrency: f.concurrency, Seed: seed, Depth: depth,
		Timeout: f.timeout, MaxBody: f.maxBody, Shard: part, Waivers: waivers, FailOn: strings.ToUpper(f.failOn),
		RunTimeout: f.runTimeout, Lang: f.lang, Browser: browser}, key, nil
}

// checkLang refuses a --lang the embedded requirement set is not written
// in, naming those it is.
func checkLang(lang string) error {
	langs, err := requirement.Languages(features.All)
	if err != nil {
		return err
	}
	for _, l := range langs {
		if l == requirement.NormLang(lang) {
			return nil
		}
	}
	return fmt.Errorf("--lang %q: the requirement set is written in %s", lang, strings.Join(langs, " and "))
}

// runFailure is the exit code of a run that did not happen: a mistake in the
// configuration is a usage error, anything else means the target could not
// be tested.
func runFailure(err error) int {
	if errors.As(err, new(*runner.ConfigError)) {
		return exitUsage
	}
	return exitUntestable
}

// ofLang is the progress banner's note of the requirement text's language,
// when it is not the set's own.
func ofLang(lang string) string {
	if requirement.NormLang(lang) == requirement.DefaultLang {
		return ""
	}
	return ", requirement text in " + lang
}

// ofShard is the progress banner's note of the slice a shard runs.
func ofShard(part shard.Spec) string {
	if !part.Active() {
		return ""
	}
	return ", shard " + part.String()
}

// exitCode is the run's one decision as the exit code contract states it:
// certified (with or without findings) 0, not certified 1, could not be
// tested 3. A partial run (a filter, an untested claimed role, a shard) in
// which nothing failed exits 0, so that a development run or a shard does not
// break a pipeline for requirements it did not test; every report says it is
// not a certification.
func exitCode(run *result.Run) int {
	switch run.Decision {
	case result.Certified, result.CertifiedWithFindings, result.Partial:
		return exitCertified
	case result.NotCertified:
		return exitNotCertified
	}
	return exitUntestable
}

func parseSeed(s string) (int64, error) {
	if s == "random" {
		return rand.Int64N(1<<31-1) + 1, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("--seed %q: give a non-zero whole number, or 'random'", s)
	}
	return n, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// loadSignKey reads --sign-key; an empty path means no signature.
func loadSignKey(path string) (ed25519.PrivateKey, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	var key ed25519.PrivateKey
	if err == nil {
		key, err = certificate.ParsePrivateKey(b)
	}
	if err != nil {
		return nil, fmt.Errorf("--sign-key %s: %w", path, err)
	}
	return key, nil
}

// loadWaivers reads --waivers; an empty path means none.
func loadWaivers(path string) ([]waiver.Waiver, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	var ws []waiver.Waiver
	if err == nil {
		ws, err = waiver.Parse(path, b)
	}
	if err != nil {
		return nil, fmt.Errorf("--waivers: %w", err)
	}
	return ws, nil
}

// writeReports writes the reports of run into dir, each to a temporary file
// renamed into place, so that a crash never leaves a partial report that
// looks complete. The certificate binds the digests of the other three (the
// evidence bundle); with key it is signed, and also issued as an in-toto
// Statement in a DSSE envelope (certificate.dsse.json).
func writeReports(dir string, run *result.Run, key ed25519.PrivateKey) error {
	bundle := map[string][]byte{}
	for name, write := range map[string]func(io.Writer, *result.Run) error{
		"junit.xml":     junit.Write,
		"cucumber.json": cucumber.Write,
		"report.html":   html.Write,
	} {
		var b bytes.Buffer
		if err := write(&b, run); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		bundle[name] = b.Bytes()
	}
	c := certificate.Build(run)
	c.BindEvidence(bundle)
	if key != nil {
		if err := c.Sign(key); err != nil {
			return err
		}
	}
	writes := map[string]func(io.Writer) error{"certificate.json": c.Write}
	if key != nil {
		writes[certificate.EnvelopeFile] = func(w io.Writer) error { return c.WriteEnvelope(w, key) }
	} else {
		// An envelope from an earlier, signed run must not stand beside
		// this run's unsigned reports.
		os.Remove(filepath.Join(dir, certificate.EnvelopeFile))
	}
	for name, b := range bundle {
		writes[name] = func(w io.Writer) error { _, err := w.Write(b); return err }
	}
	for name, write := range writes {
		if err := writeAtomic(filepath.Join(dir, name), write); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	// CreateTemp makes the file private; reports are for sharing.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
