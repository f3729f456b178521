//go:build !race

package runner

// raceDetector is true when the tests run under the race detector, which
// makes every run several times slower.
const raceDetector = false

// swept says whether the i-th violation switch is checked: every one, when
// the race detector is off (see race_on_test.go).
func swept(int) bool { return true }
