//go:build race

package runner

import "github.com/hutong-interop/hutong/reference"

// raceDetector is true when the tests run under the race detector, which
// makes every run several times slower.
const raceDetector = true

// swept says whether the i-th violation switch is checked in this test
// binary. Under the race detector the sweeps check three switches — the
// first, the middle and the last — whatever their number: the harness runs
// the same code for every switch, so three runs exercise its paths for data
// races as well as sixty would, and 'make test' runs the full sweeps again
// without -race, so every switch is still checked every time.
func swept(i int) bool {
	n := len(reference.Violations)
	return i == 0 || i == n/2 || i == n-1
}
