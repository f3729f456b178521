package barcodes

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/acquirer"
)

// TestTamperingBreaksExactlyTheNamedRule keeps QR-06's threats honest: each
// row must break the rule it names, and a row that computes the check
// digits again breaks nothing else, so a wallet that skips one check cannot
// pass by catching another.
func TestTamperingBreaksExactlyTheNamedRule(t *testing.T) {
	a := acquirer.New("a", "cn.test.a")
	want := map[string][]string{
		"one letter of the merchant name changed, the check digits left as they were":                     {emv.RuleCRC},
		"the amount of an order code changed, the check digits left as they were":                         {emv.RuleCRC},
		"a length that no longer matches its value, the check digits computed again":                      {emv.RuleTLV},
		"the format indicator moved from the start":                                                       {emv.RulePosition},
		"the check digits moved from the end":                                                             {emv.RulePosition},
		"the merchant name given twice, the check digits computed again":                                  {emv.RuleDuplicate},
		"the merchant name taken out, the check digits computed again":                                    {emv.RuleMandatory},
		"the merchant account stripped of the identifier that routes it, the check digits computed again": {emv.RuleMandatory},
	}
	require.Len(t, damages, len(want), "a threat without its rule here, or a rule without its threat")
	// Every form of merchant the tries draw, and every amount.
	for form, f := range payeeForms {
		m := iti.CodeMerchant{ID: "M1", Name: f.name, City: "Beijing", Category: "5814"}
		static, err := a.IssueLocal(m, f.local, iti.CodeStatic, "", "156")
		require.NoError(t, err)
		require.True(t, emv.Validate(static).Valid, form)
		for _, amount := range tamperAmounts {
			for row, rules := range want {
				code := static
				if damages[row].dynamic {
					code, err = a.IssueLocal(m, f.local, iti.CodeDynamic, amount, "156")
					require.NoError(t, err)
					require.True(t, emv.Validate(code).Valid, form)
				}
				out, err := tampered(code, row)
				require.NoError(t, err, row)
				rep := emv.Validate(out)
				var got []string
				for _, p := range rep.Problems {
					got = append(got, p.Rule)
				}
				assert.Equal(t, rules, got, "%s, merchant %s, CNY %s: %v", row, form, amount, rep.Problems)
			}
		}
		_, err = tampered(static, "gently")
		assert.ErrorContains(t, err, "no tampering is written")
	}
}
