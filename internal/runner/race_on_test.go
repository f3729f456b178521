//go:build race

package runner

// raceDetector is true when the tests run under the race detector, which
// makes every run several times slower.
const raceDetector = true
