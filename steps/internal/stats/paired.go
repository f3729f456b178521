package stats

import (
	"slices"
	"time"
)

// The differential timing rule ACCESS-05 (handoffs) and QR-04 (an
// acquirer's handling of payments) state in the same words: the tail side
// is too slow only if its median exceeds factor times the top median, by
// more than SlackAbsolute, and the sign test over back-to-back pairs agrees
// at SignLevel.

// SlackAbsolute is how much slower than the top side's the tail side's
// median may be whatever the ratio: in-process calls take well under a
// millisecond, where scheduling noise alone can double a median, and a
// loaded CI machine (the suite runs under -race, many certifications at
// once) was seen to add a few milliseconds to one side.
const SlackAbsolute = 10 * time.Millisecond

// SignLevel is the sign test's level: the tail side must be the slower in
// so many of the pairs that chance explains it less than once in a hundred.
const SignLevel = 0.01

// Median is the median of ds, which must not be empty.
func Median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// TooSlow is the rule on the medians: tail more than factor times top and
// more than SlackAbsolute longer.
func TooSlow(tail, top time.Duration, factor float64) bool {
	return float64(tail) > factor*float64(top) && tail-top > SlackAbsolute
}

// SlowerPairs counts the pairs (tail[i], top[i]) in which the tail side took
// longer, and the sign test's p-value for that many; 1 when there is no pair
// to test.
func SlowerPairs(tail, top []time.Duration) (int, float64) {
	wins := 0
	for i := range tail {
		if tail[i] > top[i] {
			wins++
		}
	}
	p, err := SignTest(wins, len(tail))
	if err != nil {
		return wins, 1
	}
	return wins, p
}
