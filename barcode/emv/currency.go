package emv

import (
	"strings"
	"sync"
)

// byAlpha maps ISO 4217 alphabetic codes to the numeric ones.
var byAlpha = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(currencies))
	for n, c := range currencies {
		m[c.alpha] = n
	}
	return m
})

// CurrencyNumeric returns the ISO 4217 numeric code of a currency written
// either as its numeric code ("156") or as its alphabetic code in any
// letter case ("CNY", "cny"), and whether the code is a known one. ID 53
// carries the numeric form; the messages about a payment made on a code
// (a clearing switch's, an acquirer's) may carry either.
func CurrencyNumeric(code string) (string, bool) {
	if _, ok := currencies[code]; ok {
		return code, true
	}
	n, ok := byAlpha()[strings.ToUpper(code)]
	return n, ok
}

// SameCurrency reports whether a and b name the same currency: the same
// known ISO 4217 currency, each in either form ("156" and "CNY" are the
// same), or, for codes ISO 4217 does not know, the same text.
func SameCurrency(a, b string) bool {
	x, okA := CurrencyNumeric(a)
	y, okB := CurrencyNumeric(b)
	if okA && okB {
		return x == y
	}
	return !okA && !okB && a == b
}
