//go:build race

package runner

import "github.com/hutong-interop/hutong/reference"

// raceDetector is true when the tests run under the race detector, which
// makes every run several times slower.
const raceDetector = true

// swept says whether the i-th violation switch is checked in this test
// binary. Under the race detector the sweeps check three switches — the
// first, one a third of the way and one two thirds — whatever their number
// (the last are the page switches, which only the observed test runs): the
// harness runs the same code for every switch, so three runs exercise its
// paths for data races as well as eighty would, and 'make test' runs the
// full sweeps again without -race, so every switch is still checked every
// time.
func swept(i int) bool {
	n := len(reference.Violations)
	return i == 0 || i == n/3 || i == 2*n/3
}
