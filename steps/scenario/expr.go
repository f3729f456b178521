package scenario

import (
	"regexp"
	"sync"
)

var exprs sync.Map // string -> *regexp.Regexp

// Expr compiles a step expression once per process. godog compiles a string
// expression every time a step is registered, and steps are registered for
// every scenario: with Expr, sc.Step(scenario.Expr(`^...$`), fn) costs a map
// lookup instead, which was the harness's largest cost (see README,
// Performance).
func Expr(s string) *regexp.Regexp {
	if re, ok := exprs.Load(s); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := exprs.LoadOrStore(s, regexp.MustCompile(s))
	return re.(*regexp.Regexp)
}
