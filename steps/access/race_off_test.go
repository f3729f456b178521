//go:build !race

package access_test

// seedsToRun is how many of the 20 seeds a seed sweep runs: all of them
// without the race detector (see race_on_test.go).
const seedsToRun = 20
