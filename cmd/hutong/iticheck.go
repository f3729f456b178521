package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/untrusted"
)

// itiCmd prints the ITI description, or with 'check' tries an
// implementation's ITI before a certification is attempted.
func itiCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "check" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return itiCheck(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprint(stdout, itiUsage)
		return exitOK
	}
	if len(args) > 0 {
		return failer{stderr, "iti"}.usage("unknown argument %q; 'hutong iti' prints the description, 'hutong iti check --target URL' tries an implementation", args[0])
	}
	stdout.Write(iti.OpenAPI)
	return exitOK
}

const itiUsage = `Usage: hutong iti                      print the ITI description (OpenAPI 3)
       hutong iti check --target URL  [certify's flags]

'iti check' tries an implementation's ITI before a certification: discovery,
sessions, and every operation of each claimed role, as the scenarios use them,
with every answer checked against the description's schemas. The operations of
what discovery announces are tried too: those of each capability (logistics),
and those offered per surface on each surface besides chats the messenger
names. It reports what is wrong with the interface, not with compliance: calls
the implementation could not answer as the ITI describes (no answer, not JSON,
a server error, a field of the wrong type, no id where one is needed), answers
that depart from a schema, and operations the roles and the announcements
bring in that no call reached. Refusals (4xx) are listed too, but do not fail
the check, since a scenario may ask for one. No report is written.

Exit codes: 0 the ITI answers as described in every operation it brings in,
1 contract problems found, or operations never reached, 2 usage error,
3 the implementation could not be reached or discovered.
`

// contractProblem picks the failed calls that are the interface's fault
// whatever the scenario meant: no answer, a body that is not the JSON the
// ITI describes, a server error, an answer without what later calls need.
var contractProblem = regexp.MustCompile(`no answer: |not the JSON the ITI describes|expected a JSON answer|answered 5\d\d|larger than the|no content, where|unusable session id|the answer gives no |is none of paid`)

func itiCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fail := failer{stderr, "iti check"}
	f, code, done := parseCertifyFlags(args, stderr)
	if done {
		return code
	}
	cfg, _, err := f.check()
	if err != nil {
		return fail.usage("%v", err)
	}
	if cfg.Target, err = target.ResolveWith(f.target, f.targetOpts); err != nil {
		return fail.usage("%v", err)
	}
	defer cfg.Target.Close()
	// Quick depth: a check of the interface tries each operation the way
	// the scenarios use it, which a few cases of each do as well as a
	// certification's many (every value of every dimension is drawn at
	// either depth), in a fraction of the time.
	cfg.Depth = result.DepthQuick
	fmt.Fprintf(stdout, "hutong %s checking the ITI of %s\n", runner.Version, cfg.Target.Spec)
	run, err := runner.Run(ctx, cfg)
	if err != nil {
		return fail.exit(runFailure(err), "%v", err)
	}
	impl := run.Implementation
	fmt.Fprintf(stdout, "Discovery: %s %s, ITI v%s, roles claimed: %s\n", impl.Name, impl.Version, iti.Version, strings.Join(run.RolesClaimed, ", "))
	fmt.Fprintf(stdout, "Announced: capabilities %s; surfaces besides chats %s\n", noneOr(impl.Capabilities), noneOr(impl.Surfaces))
	fmt.Fprintf(stdout, "Exercised: %s (%d scenarios)\n", strings.Join(run.RolesTested, ", "), len(run.Scenarios))
	ops := broughtIn(run)
	var unreached []string
	reached := map[string]bool{}
	for _, k := range run.Reached {
		reached[k] = true
	}
	for _, o := range ops {
		if !reached[o.key] {
			unreached = append(unreached, o.String())
		}
	}
	fmt.Fprintf(stdout, "Operations reached: %d of the %d the roles tested and the announcements bring in\n", len(ops)-len(unreached), len(ops))
	var problems, refusals []string
	for _, c := range run.FailedCalls {
		if contractProblem.MatchString(c) {
			problems = append(problems, c)
		} else {
			refusals = append(refusals, c)
		}
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(stdout, "\n%s (%d):\n", title, len(lines))
		for _, l := range lines {
			fmt.Fprintf(stdout, "  - %s\n", l)
		}
	}
	section("Calls the implementation did not answer as the ITI describes", problems)
	section("Answers that depart from the description's schemas", run.ContractFindings)
	section("Refusals (4xx; a scenario may have asked for them)", refusals)
	// A filter leaves out scenarios, and with them the only calls of some
	// operations: those are not a finding, and listing them would hide
	// the ones that are.
	filtered := cfg.Tags != "" || cfg.Shard.Active()
	if filtered && len(unreached) > 0 {
		fmt.Fprintf(stdout, "\n%d operation(s) not reached: the filter (--tags, --shard) left out the scenarios that use them.\n", len(unreached))
	} else {
		section("Operations the roles tested and the announcements bring in that no call reached", unreached)
	}
	if unknown := notInTheITI(impl); len(unknown) > 0 {
		fmt.Fprintf(stdout, "\nAnnounced, but not in the ITI, so not tried: %s\n", strings.Join(unknown, ", "))
	}
	if len(problems) > 0 || len(run.ContractFindings) > 0 {
		fmt.Fprintln(stdout, "\nCONTRACT PROBLEMS — fix these before certifying; see docs/implementers-guide.md")
		return exitNotCertified
	}
	if len(unreached) > 0 && !filtered {
		section("Scenarios that stopped at a failed step, before the calls that come after it", stopped(run, 10))
		fmt.Fprintln(stdout, "\nNOT ALL TRIED — no call reached the operations listed: the scenarios that use them stopped before, at a call that failed or was refused or at a failed check, so whether they answer as described is unknown")
		return exitNotCertified
	}
	if len(unreached) > 0 {
		fmt.Fprintln(stdout, "\nThe ITI answers as described in every operation reached. Without the filter, every operation would be tried.")
		return exitOK
	}
	fmt.Fprintln(stdout, "\nThe ITI answers as described. Next: hutong certify --target", cfg.Target.Spec)
	return exitOK
}

// operation is one operation a run should reach, and its key in
// result.Run.Reached.
type operation struct {
	iti.Operation
	key, surface string
}

func (o operation) String() string {
	s := o.ID
	if o.surface != "" {
		s += " on " + o.surface
	}
	s += ": " + o.Method + " " + o.Path
	switch {
	case o.Capability != "":
		s += " (capability " + o.Capability + ")"
	case o.PerSurface:
		s += " (a surface the messenger names)"
	}
	return s
}

// broughtIn are the operations of the description that run should have
// reached: discovery and sessions; each operation of a role tested that
// needs nothing announced; each of a capability announced; and each offered
// per surface, on every surface the messenger names that the ITI knows.
// What is not announced is not expected, as its requirements are not run.
func broughtIn(run *result.Run) []operation {
	v, err := iti.NewValidator()
	if err != nil {
		return nil // a test proves the embedded description loads
	}
	announced := func(c string) bool { return slices.Contains(run.Implementation.Capabilities, c) }
	var surfaces []string
	for _, s := range run.Implementation.Surfaces {
		if slices.Contains(iti.Surfaces, s) {
			surfaces = append(surfaces, s)
		}
	}
	var out []operation
	for _, o := range v.Operations() {
		if o.Role != "" && !slices.Contains(run.RolesTested, o.Role) {
			continue
		}
		switch {
		case o.PerSurface:
			for _, s := range surfaces {
				out = append(out, operation{Operation: o, key: o.Key(s), surface: s})
			}
		case o.Capability == "" || announced(o.Capability):
			out = append(out, operation{Operation: o, key: o.Key("")})
		}
	}
	return out
}

// stopped names the scenarios that failed, at most max of them and how many
// more: a failed step skips the rest, and with it the calls that would have
// reached an operation.
func stopped(run *result.Run, max int) []string {
	var out []string
	n := 0
	for _, s := range run.Scenarios {
		if s.Status != result.Failed {
			continue
		}
		if n++; n <= max {
			out = append(out, fmt.Sprintf("%s %q: %s", s.Requirement, s.Name, untrusted.Line(s.Failure, 200)))
		}
	}
	if n > max {
		out = append(out, fmt.Sprintf("and %d more", n-max))
	}
	return out
}

// notInTheITI are the capabilities and surfaces announced that the ITI
// does not know.
func notInTheITI(impl result.ImplementationInfo) []string {
	var out []string
	for _, c := range impl.Capabilities {
		if c != iti.CapabilityPages && c != iti.CapabilityLogistics {
			out = append(out, fmt.Sprintf("capability %q", c))
		}
	}
	for _, s := range impl.Surfaces {
		if !slices.Contains(iti.Surfaces, s) {
			out = append(out, fmt.Sprintf("surface %q", s))
		}
	}
	return out
}

func noneOr(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
