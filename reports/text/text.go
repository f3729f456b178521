// Package text writes the verdict a person reads in a terminal: one row per
// requirement, then the overall decision, in the run's language (its words
// are model/message's).
package text

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/result"
)

// verdictWords and waiverWords are the table's upper-case marks.
var (
	verdictWords = map[result.Verdict]string{result.Pass: message.TextPass, result.Fail: message.TextFail, result.NotRun: message.TextNotRunV, result.Waived: message.TextWaived}
	waiverWords  = map[string]string{result.WaiverApplied: message.TextApplied, result.WaiverUnused: message.TextUnused, result.WaiverExpired: message.TextExpired}
)

// Write prints the verdict table and summary.
func Write(w io.Writer, run *result.Run) error {
	lang := message.Norm(run.Lang)
	say := func(key string, args ...any) string { return message.Say(lang, key, args...) }
	word := func(words map[string]string, k string) string {
		if key, ok := words[k]; ok {
			return message.Word(lang, key)
		}
		return strings.ToUpper(k)
	}
	fmt.Fprint(w, say(message.TextHeader, run.Implementation.Name, run.Implementation.Version, strings.Join(run.RolesTested, ", "), run.Seed))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, message.Word(lang, message.TextColumns))
	for _, r := range run.Requirements {
		stmt := r.Requirement.Statement
		if len([]rune(stmt)) > 70 {
			stmt = string([]rune(stmt)[:69]) + "…"
		}
		v := strings.ToUpper(string(r.Verdict))
		if key, ok := verdictWords[r.Verdict]; ok {
			v = message.Word(lang, key)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Requirement.ID, r.Requirement.Level, strings.Join(r.Requirement.Roles, ","), v, stmt)
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
		fmt.Fprintln(w, message.Word(lang, message.TextWhy))
		for _, r := range failed {
			reason := r.Reason
			if lang != message.English {
				reason = message.String(r.ReasonParts(lang))
			}
			fmt.Fprintf(w, "  %s: %s\n", r.Requirement.ID, reason)
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
		fmt.Fprintln(w, message.Word(lang, message.TextWaivers))
		for _, wv := range run.Waivers {
			fmt.Fprint(w, say(message.TextWaiver, wv.Requirement, word(waiverWords, wv.Status), wv.Approver, wv.Expires, wv.Reason))
		}
	}
	if len(run.ContractFindings) > 0 {
		fmt.Fprintln(w, message.Word(lang, message.TextContract))
		for _, f := range run.ContractFindings {
			fmt.Fprintf(w, "  - %s\n", f)
		}
	}
	if n := run.Count(result.NotRun, ""); n > 0 && run.Decision != result.Partial {
		fmt.Fprint(w, say(message.TextNotRun, n))
	}
	summary := run.Summary
	if lang != message.English {
		summary, _ = run.Explain(lang)
	}
	if _, err := fmt.Fprintf(w, "\n%s\n", summary); err != nil {
		return err
	}
	for _, warning := range run.Warnings {
		if _, err := fmt.Fprint(w, say(message.TextWarning, warning)); err != nil {
			return err
		}
	}
	return nil
}
