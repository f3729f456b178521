package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTagExpressionsOfCucumberAndGodog(t *testing.T) {
	tags := tagSet([]string{"@LINK-01", "@must", "@role:messenger"})
	for expr, want := range map[string]bool{
		"@LINK-01":                             true,
		"@link-01":                             false, // exact, as Cucumber matches
		"@LINK-01 or @LINK-02":                 true,
		"@LINK-02 or @LINK-03":                 false,
		"@must and not @LINK-01":               false,
		"not @LINK-02":                         true,
		"(@LINK-02 or @LINK-01) and @must":     true,
		"@LINK-02 or (@LINK-01 and not @must)": false,
		"@LINK-01,@LINK-02":                    true,
		"@must && ~@LINK-01":                   false,
		"@must && ~@LINK-02":                   true,
		"not not @must":                        true,
	} {
		x, err := parseTags(expr)
		require.NoError(t, err, expr)
		assert.Equal(t, want, x.eval(tags), expr)
	}
	x, err := parseTags("  ")
	assert.NoError(t, err)
	assert.Nil(t, x)
}

func TestBadTagExpressionsSayWhatIsWrong(t *testing.T) {
	for expr, want := range map[string]string{
		"@LINK-01 &&":  "a tag is missing at the end",
		"LINK-01":      `"LINK-01" is not a tag`,
		"(@a or @b":    "'(' is not closed",
		"@a @b":        `unexpected "@b"`,
		"@a or and @b": `a tag is missing before "and"`,
		"@a)":          `unexpected ")"`,
	} {
		_, err := parseTags(expr)
		if assert.Error(t, err, expr) {
			assert.Contains(t, err.Error(), want, expr)
			assert.Contains(t, err.Error(), "'@a or @b'", expr)
		}
	}
}
