package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/reference"
)

func violations(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] != "--help" && args[0] != "-h" {
		return failer{stderr, "violations"}.usage("takes no arguments")
	}
	fmt.Fprintln(stdout, "Violation switches of the reference implementation. Use them as")
	fmt.Fprintln(stdout, "  hutong certify --target 'builtin:reference?violate=NAME[,NAME...]'")
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SWITCH\tROLE\tBREAKS\tWHAT IT DOES")
	for _, v := range reference.Violations {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.Name, v.Role, strings.Join(v.Breaks, ","), v.Description)
	}
	tw.Flush()
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "Honest variants of the reference: behaviour the contract allows, so each")
	fmt.Fprintln(stdout, "breaks nothing and the reference must still certify. Use them as")
	fmt.Fprintln(stdout, "  hutong certify --target 'builtin:reference?vary=NAME[,NAME...]'")
	fmt.Fprintln(stdout, "(they combine with violate=).")
	fmt.Fprintln(stdout)
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIANT\tROLE\tWHAT IT DOES")
	for _, v := range reference.Variants {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", v.Name, v.Role, v.Description)
	}
	tw.Flush()
	return exitOK
}

func version(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stdout, "hutong %s (ITI v%s)\n", runner.Version, iti.Version)
	return exitOK
}
