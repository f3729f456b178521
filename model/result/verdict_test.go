package result

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The threat-power sentence counts exactly what the cases show.
func TestAttacksSaysHowManyGotThrough(t *testing.T) {
	assert.Equal(t, "", Attacks(0, 0))
	assert.Equal(t, "none of these 14 attacks got through", Attacks(14, 0))
	assert.Equal(t, "3 of these 14 attacks got through", Attacks(14, 3))
	assert.Equal(t, "the one attack tried did not get through", Attacks(1, 0))
	assert.Equal(t, "the one attack tried got through", Attacks(1, 1))
}
