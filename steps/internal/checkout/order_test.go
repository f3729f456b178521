package checkout

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMoneyReadsAmountsAndSaysWhatIsWrong(t *testing.T) {
	for in, want := range map[string]int64{"88.00 CNY": 8800, "520 CNY": 52000, "0.5 CNY": 50, "1.05 CNY": 105} {
		got, cur, err := Money(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		assert.Equal(t, "CNY", cur, in)
	}
	for _, bad := range []string{"88.00", "88.001 CNY", "-1.00 CNY", "abc CNY", "1.x CNY"} {
		_, _, err := Money(bad)
		assert.ErrorContains(t, err, bad)
	}
	assert.Equal(t, "88.00 CNY", Show(8800, "CNY"))
	assert.Equal(t, "-0.01 CNY", Show(-1, "CNY"))
}
