package stats

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestTooSlowNeedsBothTheRatioAndTheAbsoluteGap(t *testing.T) {
	ms := time.Millisecond
	assert.False(t, TooSlow(300*time.Microsecond, 100*time.Microsecond, 1.5), "3x, but only 0.2 ms: scheduling noise")
	assert.False(t, TooSlow(14*ms, 10*ms, 1.5), "4 ms longer, but only 1.4x")
	assert.True(t, TooSlow(13*ms, ms, 1.5))
	assert.True(t, TooSlow(26*ms, 10*ms, 1.5))
	assert.False(t, TooSlow(16*ms, 10*ms, 1.5), "1.6x, but only 6 ms longer")
	assert.False(t, TooSlow(12*ms+ms/2, 10*ms, 1.5), "exactly within the ratio")
}

func TestMedian(t *testing.T) {
	assert.Equal(t, 3*time.Second, Median([]time.Duration{5 * time.Second, time.Second, 3 * time.Second}))
	assert.Equal(t, 2*time.Second, Median([]time.Duration{4 * time.Second, time.Second, 3 * time.Second, time.Second}))
}

func TestSlowerPairsCountsBackToBackPairs(t *testing.T) {
	ms := time.Millisecond
	wins, p := SlowerPairs([]time.Duration{5 * ms, 5 * ms, 5 * ms, ms}, []time.Duration{ms, ms, ms, 2 * ms})
	assert.Equal(t, 3, wins)
	assert.InDelta(t, 5.0/16, p, 1e-12) // P(at least 3 of 4 fair tosses)
	wins, p = SlowerPairs(nil, nil)
	assert.Zero(t, wins)
	assert.Equal(t, 1.0, p, "no pair: nothing shows the tail slower")
}
