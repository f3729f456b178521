package emv

import "fmt"

// amountProblem checks the form of a Transaction Amount (54) or fixed
// convenience fee (56) and returns "" when it is well formed, else what
// is wrong. The specification allows only digits and at most one "." as
// the decimal mark: no sign, no thousands separator, no comma. The "."
// may end the value ("98."), and the decimals may not outnumber the minor
// unit of the currency.
func amountProblem(s string, maxDecimals int) string {
	intDigits, decimals, dots := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dots++
			if dots > 1 {
				return "it may contain only one \".\""
			}
		case c >= '0' && c <= '9':
			if dots == 0 {
				intDigits++
			} else {
				decimals++
			}
		default:
			return "it may contain only digits and one \".\" as the decimal mark (no sign, separators or spaces)"
		}
	}
	if intDigits == 0 {
		return "it must start with at least one digit"
	}
	if decimals > maxDecimals {
		return fmt.Sprintf("it has %d decimals; the currency allows at most %d", decimals, maxDecimals)
	}
	return ""
}

// percentageProblem checks a Value of Convenience Fee Percentage (57):
// a number from 00.01 to 99.99 with at most two decimals and no "%".
func percentageProblem(s string) string {
	if msg := amountProblem(s, 2); msg != "" {
		return msg
	}
	// Work in hundredths so no floating point rounding can move a bound.
	hundredths, scale, seenDot := 0, 100, false
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			seenDot = true
			continue
		}
		d := int(s[i] - '0')
		if !seenDot {
			hundredths = hundredths*10 + d*100
			continue
		}
		scale /= 10
		hundredths += d * scale
	}
	if hundredths < 1 || hundredths > 9999 {
		return "it must be between 00.01 and 99.99"
	}
	return ""
}
