// Command hutong certifies an implementation against the interoperability
// requirements placed on Chinese internet and payment platforms.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hutong-interop/hutong/untrusted"
)

// Exit codes. They are the contract with CI pipelines.
const (
	exitOK           = 0 // success, for every command but certify
	exitCertified    = 0 // certify: certified
	exitNotCertified = 1 // requirements failed: not compliant
	exitUsage        = 2 // usage or configuration error
	exitUntestable   = 3 // the target could not be tested
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	// In the order a user meets them: certify and its results first, then
	// the requirement set, then the tools around them.
	commands = []command{
		{"certify", "certify an implementation and write the reports", certify},
		{"report", "work on written results: 'report merge' joins the shards of a run", report},
		{"verify", "check a certificate's signature and, optionally, its requirement text", verify},
		{"keygen", "make an Ed25519 key pair for signing certificates", keygen},
		{"catalog", "print the requirement catalogue and source traceability (md, html, json)", catalogCmd},
		{"lint", "check feature files: tags, IDs, sources' status, step definitions", lintCmd},
		{"serve", "serve the reference implementation over HTTP (black-box demos)", serve},
		{"violations", "list the reference's violation switches and what each breaks", violations},
		{"barcode", "inspect an EMV payment code (payload or QR picture), or render one as a PNG", barcode},
		{"iti", "print the ITI (the test interface an implementation exposes) as OpenAPI; 'iti check' tries an implementation's ITI", itiCmd},
		{"version", "print the harness version", version},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command args names. Every command prints text that came from
// outside: an implementation's names and answers, a certificate, a feature
// file, a code. The guard on both streams makes any control sequence in it
// visible instead of obeyed, whatever path it took to the terminal.
func run(args []string, stdout, stderr io.Writer) int {
	so, se := untrusted.NewWriter(stdout), untrusted.NewWriter(stderr)
	defer so.Close()
	defer se.Close()
	return dispatch(args, so, se)
}

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "hutong: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// parseFlags parses a command's flags. done means the command stops with
// code: 0 for --help, failCode for a flag the flag package has already
// reported on the command's standard error.
func parseFlags(fs *flag.FlagSet, args []string, failCode int) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, flag.ErrHelp):
		return exitOK, true
	default:
		return failCode, true
	}
}

// failer writes a command's error messages to its standard error, each on
// a line of its own as "hutong CMD: message", and returns the exit code the
// command stops with, so that reporting and stopping are one statement:
//
//	return fail.usage("--fail-on %q: accepted values are 'must' and 'should'", f.failOn)
type failer struct {
	stderr io.Writer
	cmd    string // as the user types it: "certify", "report merge"
}

// usage reports a usage or configuration error: exit code 2.
func (f failer) usage(format string, args ...any) int {
	return f.exit(exitUsage, format, args...)
}

// exit reports an error that stops the command with code.
func (f failer) exit(code int, format string, args ...any) int {
	fmt.Fprintf(f.stderr, "hutong %s: %s\n", f.cmd, fmt.Sprintf(format, args...))
	return code
}

func usage(w io.Writer) {
	fmt.Fprint(w, `hutong — interoperability compliance test harness (互通)

Usage:
  hutong <command> [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'hutong <command> --help' for a command's flags.

Exit codes (certify and report merge), one decision behind each and every
report saying the same:
  0  certified: every MUST requirement of every role the implementation
     claims passed, and no requirement at the --fail-on level failed
     (with --fail-on must, SHOULD failures are findings of a certified
     run); also a partial run (a --tags filter, --roles leaving out a
     claimed role, a shard, --depth quick) in which nothing failed:
     every report marks it PARTIAL, never a certification
  1  not certified: a requirement at the --fail-on level failed
  2  usage or configuration error (including a filter that selects nothing)
  3  could not be tested: unreachable, contract broken at discovery,
     stopped answering mid-run, interrupted, or --run-timeout reached
For verify: 0 valid, 1 not valid, 2 usage. For lint: 0 no problems,
1 problems found, 2 usage. For barcode inspect: 0 valid code, 1 invalid
code, 2 unreadable input.
`)
}
