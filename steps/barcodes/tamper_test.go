package barcodes

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/acquirer"
)

// TestTamperingBreaksExactlyTheNamedRule keeps QR-06's examples honest: each
// damage must break the rule it names, and the order damages nothing else,
// so a wallet that skips one check cannot pass by catching another.
func TestTamperingBreaksExactlyTheNamedRule(t *testing.T) {
	code, err := acquirer.New("a", "cn.test.a").Issue(iti.CodeMerchant{ID: "M1", Name: "Lao Wang Noodles", City: "Beijing", Category: "5814"}, iti.CodeStatic, "", "156")
	require.NoError(t, err)
	require.True(t, emv.Validate(code).Valid)
	for damage, want := range map[string]string{
		"one letter of the merchant name changed":   emv.RuleCRC,
		"a broken length":                           emv.RuleTLV,
		"the format indicator moved from the start": emv.RulePosition,
		"the check digits moved from the end":       emv.RulePosition,
	} {
		out, err := tampered(code, damage)
		require.NoError(t, err, damage)
		rep := emv.Validate(out)
		require.NotEmpty(t, rep.Problems, damage)
		var rules []string
		for _, p := range rep.Problems {
			rules = append(rules, p.Rule)
		}
		assert.Contains(t, rules, want, damage)
		if want == emv.RulePosition {
			assert.Equal(t, []string{emv.RulePosition}, rules, "%s: %v", damage, rep.Problems)
		}
	}
	_, err = tampered(code, "gently")
	assert.ErrorContains(t, err, "unknown damage")
}
