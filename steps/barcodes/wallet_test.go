package barcodes

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
)

func mvs(amounts ...string) []iti.Movement {
	out := make([]iti.Movement, len(amounts))
	for i, a := range amounts {
		out[i] = iti.Movement{ID: a, Amount: a, Currency: "156"}
	}
	return out
}

// The contract does not say whether the opening balance is a movement: a
// credit of exactly the opening balance, first or last, is the opening
// balance; anything else is money moved.
func TestOpeningBalanceMayBeListedAsAMovement(t *testing.T) {
	const opening = 1000_00
	for _, tt := range []struct {
		name    string
		list    []iti.Movement
		sum     int64
		n       int
		opening int
	}{
		{"not listed", mvs("-18.00"), -18_00, 1, -1},
		{"nothing moved", mvs(), 0, 0, -1},
		{"listed first", mvs("1000.00", "-18.00"), -18_00, 1, 0},
		{"listed last (newest first)", mvs("-18.00", "1000.00"), -18_00, 1, 1},
		{"listed alone", mvs("1000"), 0, 0, 0},
		{"listed in the middle is a movement", mvs("-18.00", "1000.00", "-5.00"), 977_00, 3, -1},
		{"another credit is a movement", mvs("999.00", "-18.00"), 981_00, 2, -1},
		{"a debit of the opening balance is a movement", mvs("-1000.00"), -1000_00, 1, -1},
		{"only one opening balance", mvs("1000.00", "1000.00"), 1000_00, 1, 0},
	} {
		m, err := readMovements(tt.list, opening)
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.sum, m.sum, tt.name)
		assert.Equal(t, tt.n, m.n, tt.name)
		assert.Equal(t, tt.opening, m.opening, tt.name)
		assert.Len(t, m.moved(), tt.n, tt.name)
	}
	m, err := readMovements(mvs("0.00"), 0)
	require.NoError(t, err)
	assert.Equal(t, 1, m.n, "with nothing to open with, no movement is the opening balance")
	_, err = readMovements(mvs("1,000.00"), opening)
	assert.ErrorContains(t, err, "1,000.00")
}

func TestIsCNYTakesEitherISO4217Form(t *testing.T) {
	for _, c := range []string{"156", "CNY", "cny"} {
		assert.True(t, isCNY(c), c)
	}
	for _, c := range []string{"840", "USD", "", "RMB", "元"} {
		assert.False(t, isCNY(c), c)
	}
}
