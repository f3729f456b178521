package money

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]int64{"23.72": 2372, "5": 500, "98.": 9800, "0.5": 50, "-12.50": -1250, "500.00": 50000} {
		got, err := Parse(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", ".5", "1.234", "1,00", "abc", "1.2.3", "-", "1e3", "+1"} {
		_, err := Parse(bad)
		assert.Error(t, err, bad)
	}
	assert.Equal(t, "23.72", Format(2372))
	assert.Equal(t, "-0.05", Format(-5))
	assert.Equal(t, "500.00", Format(50000))
}
