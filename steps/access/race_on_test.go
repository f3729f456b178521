//go:build race

package access_test

// seedsToRun is how many of the 20 seeds a seed sweep runs in this test
// binary: under the race detector, which makes each run several times
// slower, none — 'make test' runs the sweeps again without -race, where all
// 20 are run and counted. The default-seed checks run either way.
const seedsToRun = 0
