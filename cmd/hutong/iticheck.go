package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
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
with every answer checked against the description's schemas. It reports what
is wrong with the interface, not with compliance: calls the implementation
could not answer as the ITI describes (no answer, not JSON, a server error, a
field of the wrong type) and answers that depart from a schema. Refusals (4xx)
are listed too, but do not fail the check, since a scenario may ask for one.
No report is written.

Exit codes: 0 the ITI answers as described, 1 contract problems found,
2 usage error, 3 the implementation could not be reached or discovered.
`

// contractProblem picks the failed calls that are the interface's fault
// whatever the scenario meant: no answer, a body that is not the JSON the
// ITI describes, a server error.
var contractProblem = regexp.MustCompile(`no answer: |not the JSON the ITI describes|expected a JSON answer|answered 5\d\d|larger than the|no content, where|unusable session id|gives no (conversation|message|placement) id`)

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
	fmt.Fprintf(stdout, "hutong %s checking the ITI of %s\n", runner.Version, cfg.Target.Spec)
	run, err := runner.Run(ctx, cfg)
	if err != nil {
		return fail.exit(runFailure(err), "%v", err)
	}
	fmt.Fprintf(stdout, "Discovery: %s %s, ITI v%s, roles claimed: %s\n", run.Implementation.Name, run.Implementation.Version, iti.Version, strings.Join(run.RolesClaimed, ", "))
	fmt.Fprintf(stdout, "Exercised: %s (%d scenarios)\n", strings.Join(run.RolesTested, ", "), len(run.Scenarios))
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
	if len(problems) > 0 || len(run.ContractFindings) > 0 {
		fmt.Fprintln(stdout, "\nCONTRACT PROBLEMS — fix these before certifying; see docs/implementers-guide.md")
		return exitNotCertified
	}
	fmt.Fprintln(stdout, "\nThe ITI answers as described. Next: hutong certify --target", cfg.Target.Spec)
	return exitOK
}
