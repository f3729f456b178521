package scenario

import (
	"regexp"
	"sync"

	"github.com/cucumber/godog"
)

var exprs sync.Map // string -> *regexp.Regexp

// Expr compiles a step expression once per process. godog compiles a string
// expression every time a step is registered, and steps are registered for
// every scenario: with Expr, scenario.Step(sc, `^...$`, fn) costs a map
// lookup instead, which was the harness's largest cost (see README,
// Performance).
func Expr(s string) *regexp.Regexp {
	if re, ok := exprs.Load(s); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := exprs.LoadOrStore(s, regexp.MustCompile(s))
	return re.(*regexp.Regexp)
}

// Step binds the step expression en, and its twin in every other language
// of the requirement set (Twins), to fn: one function behind the words of
// each language, so that a requirement runs the same whichever text a
// regulator reads.
func Step(sc *godog.ScenarioContext, en string, fn any) {
	sc.Step(Expr(en), fn)
	for _, twins := range Twins {
		if tw, ok := twins[en]; ok {
			sc.Step(Expr(tw), fn)
		}
	}
}

// Twins maps, per language, each English step expression to its twin. A
// twin must capture the same values, in the same order, as its English
// expression; lint checks every step of every language's feature files
// matches exactly one expression.
var Twins = map[string]map[string]string{}
