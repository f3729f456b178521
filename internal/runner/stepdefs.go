package runner

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/steps"
	"github.com/hutong-interop/hutong/steps/scenario"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// StepDefinitions returns the expression of every registered step, from every
// family, for lint to check feature files against. It asks godog to list the
// definitions rather than keeping a second registry that could drift.
func StepDefinitions() ([]*regexp.Regexp, error) {
	var out bytes.Buffer
	suite := godog.TestSuite{
		Name: "hutong-definitions",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			steps.Register(sc, &scenario.Env{})
		},
		Options: &godog.Options{ShowStepDefinitions: true, NoColors: true, Output: &out, Format: "progress"},
	}
	suite.Run()
	var defs []*regexp.Regexp
	// godog colours this listing whatever NoColors says.
	listing := ansi.ReplaceAllString(out.String(), "")
	for _, line := range strings.Split(listing, "\n") {
		i := strings.LastIndex(line, " # ")
		if i < 0 {
			continue
		}
		expr := strings.TrimSpace(line[:i])
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("step definition %q: %w", expr, err)
		}
		defs = append(defs, re)
	}
	if len(defs) == 0 {
		return nil, fmt.Errorf("godog listed no step definitions:\n%s", out.String())
	}
	return defs, nil
}

// StepChecks maps the English expression of every step that names Rule
// clauses to the clause IDs it checks (scenario.Step), with every family's
// steps registered, for the catalogue's clause map.
func StepChecks() (map[string][]string, error) {
	if _, err := StepDefinitions(); err != nil {
		return nil, err
	}
	return scenario.Checks(), nil
}
