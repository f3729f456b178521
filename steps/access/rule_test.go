package access

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestTooSlowNeedsBothTheRatioAndTheAbsoluteGap(t *testing.T) {
	ms := time.Millisecond
	assert.False(t, tooSlow(300*time.Microsecond, 100*time.Microsecond, 1.5), "3x, but only 0.2 ms: scheduling noise")
	assert.False(t, tooSlow(14*ms, 10*ms, 1.5), "4 ms longer, but only 1.4x")
	assert.True(t, tooSlow(13*ms, ms, 1.5))
	assert.True(t, tooSlow(26*ms, 10*ms, 1.5))
	assert.False(t, tooSlow(16*ms, 10*ms, 1.5), "1.6x, but only 6 ms longer")
	assert.False(t, tooSlow(12*ms+ms/2, 10*ms, 1.5), "exactly within the ratio")
}

func TestMedian(t *testing.T) {
	assert.Equal(t, 3*time.Second, median([]time.Duration{5 * time.Second, time.Second, 3 * time.Second}))
	assert.Equal(t, 2*time.Second, median([]time.Duration{4 * time.Second, time.Second, 3 * time.Second, time.Second}))
}

func TestSlowerPairsCountsBackToBackPairs(t *testing.T) {
	ms := time.Millisecond
	tm := &timings{tail: []time.Duration{5 * ms, 5 * ms, 5 * ms, ms}, top: []time.Duration{ms, ms, ms, 2 * ms}}
	wins, p := slowerPairs(tm)
	assert.Equal(t, 3, wins)
	assert.InDelta(t, 5.0/16, p, 1e-12) // P(at least 3 of 4 fair tosses)
}
