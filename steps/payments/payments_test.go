package payments

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamesReadsAFeaturesList(t *testing.T) {
	assert.Equal(t, []string{"own-pay", "rival-pay"}, names(`"own-pay" and "rival-pay"`))
	assert.Equal(t, []string{"own-pay", "rival-pay", "small-pay"}, names(`"own-pay", "rival-pay" and "small-pay"`))
}
