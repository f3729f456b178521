// Package money reads and writes amounts as EMV codes and the ITI carry
// them ("23.72"), in fen (hundredths), so that no floating point rounding
// can make two equal amounts differ.
package money

import (
	"fmt"
	"strings"
)

// Parse reads a non-negative amount with at most two decimals, such as
// "23.72", "5" or "98.", into hundredths. A leading "-" is allowed, for
// debits.
func Parse(s string) (int64, error) {
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(body, ".")
	if whole == "" || len(whole) > 12 || (dot && len(frac) > 2) {
		return 0, fmt.Errorf("amount %q: expected digits with at most two decimals, such as \"23.72\"", s)
	}
	var n int64
	for _, c := range whole + (frac + "00")[:2] {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("amount %q: expected digits with at most two decimals, such as \"23.72\"", s)
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, nil
}

// Format writes hundredths as an amount with two decimals: 2372 is "23.72".
func Format(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
