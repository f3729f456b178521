package emv

// currency is what the validator needs to know about an ISO 4217 code.
// The tables themselves are in iso_tables.go, written by gen_tables.go.
type currency struct {
	alpha string
	// minor is the number of decimals the currency uses, or -1 for codes
	// without a minor unit (funds, precious metals).
	minor int
}
