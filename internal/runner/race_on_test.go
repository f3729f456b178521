//go:build race

package runner

// raceDetector is true when the tests run under the race detector, which
// makes every run several times slower.
const raceDetector = true

// swept says whether the i-th violation switch is checked in this test
// binary. Under the race detector the sweeps check one switch in eight, which
// exercises every path of the harness for data races at an eighth of the
// cost; 'make test' runs the full sweeps again without -race, so every
// switch is still checked every time.
func swept(i int) bool { return i%8 == 0 }
