// Package text writes the verdict a person reads in a terminal: one row per
// requirement, then the overall decision.
package text

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/hutong-interop/hutong/model/result"
)

// Write prints the verdict table and summary.
func Write(w io.Writer, run *result.Run) error {
	fmt.Fprintf(w, "\nImplementation: %s %s   Roles tested: %s   Seed: %d\n\n",
		run.Implementation.Name, run.Implementation.Version, strings.Join(run.RolesTested, ", "), run.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "REQUIREMENT\tLEVEL\tROLE\tVERDICT\tSTATEMENT")
	for _, r := range run.Requirements {
		stmt := r.Requirement.Statement
		if len([]rune(stmt)) > 70 {
			stmt = string([]rune(stmt)[:69]) + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Requirement.ID, r.Requirement.Level, strings.Join(r.Requirement.Roles, ","), strings.ToUpper(string(r.Verdict)), stmt)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var failed []*result.RequirementResult
	for _, r := range run.Requirements {
		if r.Verdict == result.Fail {
			failed = append(failed, r)
		}
	}
	if len(failed) > 0 {
		fmt.Fprintln(w, "\nWhy:")
		for _, r := range failed {
			fmt.Fprintf(w, "  %s: %s\n", r.Requirement.ID, r.Reason)
		}
	}
	var attacked []*result.RequirementResult
	for _, r := range run.Requirements {
		if r.Attacks != "" {
			attacked = append(attacked, r)
		}
	}
	if len(attacked) > 0 {
		fmt.Fprintln(w, "\nAttacks (the threats of each requirement's threat model, each tried and its outcome read back):")
		for _, r := range attacked {
			fmt.Fprintf(w, "  %s %s: %s\n", r.Requirement.ID, strings.ToUpper(string(r.Verdict)), r.Attacks)
		}
	}
	if len(run.Waivers) > 0 {
		fmt.Fprintln(w, "\nWaivers:")
		for _, wv := range run.Waivers {
			fmt.Fprintf(w, "  %s %s: by %s until %s: %s\n", wv.Requirement, strings.ToUpper(wv.Status), wv.Approver, wv.Expires, wv.Reason)
		}
	}
	if len(run.ContractFindings) > 0 {
		fmt.Fprintln(w, "\nContract findings (departures from the ITI's letter that change no meaning; no requirement fails for them):")
		for _, f := range run.ContractFindings {
			fmt.Fprintf(w, "  - %s\n", f)
		}
	}
	if n := run.Count(result.NotRun, ""); n > 0 && run.Decision != result.Partial {
		fmt.Fprintf(w, "\n%d requirement(s) not run: the run ended before they could be judged.\n", n)
	}
	if _, err := fmt.Fprintf(w, "\n%s\n", run.Summary); err != nil {
		return err
	}
	for _, warning := range run.Warnings {
		if _, err := fmt.Fprintf(w, "WARNING: %s\n", warning); err != nil {
			return err
		}
	}
	return nil
}
