package emv_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/barcode/emv"
)

func TestSameCurrencyReadsEitherISO4217Form(t *testing.T) {
	for _, c := range []string{"156", "CNY", "cny", "Cny"} {
		assert.True(t, emv.SameCurrency("156", c), c)
		assert.True(t, emv.SameCurrency(c, "CNY"), c)
	}
	for _, c := range []string{"840", "USD", "usd", "", "15", "1560", "CN", " CNY", "CNY ", "RMB", "XYZ"} {
		assert.False(t, emv.SameCurrency("156", c), "%q is not the yuan", c)
		assert.False(t, emv.SameCurrency(c, "CNY"), "%q is not the yuan", c)
	}
	assert.True(t, emv.SameCurrency("XYZ", "XYZ"), "an unknown code is only itself")
	assert.False(t, emv.SameCurrency("XYZ", "xyz"))

	n, ok := emv.CurrencyNumeric("jpy")
	assert.True(t, ok)
	assert.Equal(t, "392", n)
	_, ok = emv.CurrencyNumeric("RMB")
	assert.False(t, ok)
}
