//go:build race

package runner

// raceDetector says whether the tests run under -race.
const raceDetector = true
