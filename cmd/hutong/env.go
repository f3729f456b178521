package main

import (
	"flag"
	"fmt"
	"strings"
)

// envName is the environment variable that sets flag name: HUTONG_ and the
// name in capitals with '_' for '-' (--report-dir is HUTONG_REPORT_DIR).
func envName(name string) string {
	return "HUTONG_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// flagsFromEnv sets each flag of fs whose variable is set in the
// environment, before the command line is parsed, so that a flag given on
// the command line wins over its variable, and the variable over the
// default (the OCI distribution-spec conformance suite's order). A value a
// flag refuses is an error naming the variable.
func flagsFromEnv(fs *flag.FlagSet, getenv func(string) string) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil {
			return
		}
		v := getenv(envName(f.Name))
		if v == "" {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = fmt.Errorf("%s=%q (the --%s flag): %v", envName(f.Name), v, f.Name, e)
		}
	})
	return err
}
