package scenario

import (
	"errors"
	"fmt"
	"strings"
)

// Findings gathers what one step found wrong, so that a step checking several
// things reports every problem at once rather than only the first: an
// auditor reading the report then sees the whole of what the implementation
// did, as with testing/fstest.TestFS, which returns one error listing each
// misbehaviour.
//
// A step's error is its only way to fail, and the error's text is what the
// report shows, so each finding is written as plain words about what was
// seen. Use it like this:
//
//	var f scenario.Findings
//	f.Check(o.Status == iti.OrderPaid, "the platform records the order as %s", o.Status)
//	if !f.Check(len(ps) == 1, "the ledger holds %d payments", len(ps)) {
//		return f.Err() // the checks below read ps[0]
//	}
//	f.Check(ps[0].Amount == want, "...")
//	return f.Err()
//
// The zero value is ready to use.
type Findings struct {
	list []string
}

// Add records a finding, formatted as by fmt.Sprintf. Each finding becomes
// one line of the report whatever the values in it hold — a page's text, an
// empty detail at the end — so runs of white space are squeezed to one
// space.
func (f *Findings) Add(format string, args ...any) {
	f.list = append(f.list, strings.Join(strings.Fields(fmt.Sprintf(format, args...)), " "))
}

// Check records the finding unless ok holds, and returns ok, so that a step
// can stop when its later checks make sense only if this one passed. The
// arguments are evaluated either way.
func (f *Findings) Check(ok bool, format string, args ...any) bool {
	if !ok {
		f.Add(format, args...)
	}
	return ok
}

// Err returns nil if nothing was found, and otherwise one error whose text is
// every finding, in the order found, joined by "; ".
func (f *Findings) Err() error {
	if len(f.list) == 0 {
		return nil
	}
	return errors.New(strings.Join(f.list, "; "))
}

// CasesFailed is the error of a step that judged total cases, one by one,
// of which bad ("case — finding" each) did not hold: nil when none did, and
// otherwise what the step asks, how many failed of how many nouns, and the
// first shown of them, so that a step over dozens of generated cases says
// how widespread a failure is without a line per case (the evidence holds
// each case).
func CasesFailed(what string, total int, noun string, bad []string, shown int) error {
	if len(bad) == 0 {
		return nil
	}
	n, more := len(bad), ""
	if n > shown {
		more = fmt.Sprintf("; and %d more", n-shown)
		bad = bad[:shown]
	}
	if noun != "" {
		noun = " " + noun
	}
	return fmt.Errorf("%s: %d of the %d%s did not: %s%s", what, n, total, noun, strings.Join(bad, "; "), more)
}
