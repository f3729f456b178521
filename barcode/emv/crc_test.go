package emv_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/barcode/emv"
)

func TestCRC16(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want uint16
	}{
		// The catalogued check value of CRC-16/CCITT-FALSE.
		{"check value", "123456789", 0x29B1},
		{"empty is the initial value", "", 0xFFFF},
		// The CRC covers the UTF-8 bytes up to and including "6304".
		{"Annex B", annexB[:len(annexB)-4], 0xA13A},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := emv.CRC16([]byte(tt.in))
			assert.Equal(t, tt.want, got, "got %04X", got)
		})
	}
	assert.Equal(t, "A13A", fmt.Sprintf("%04X", emv.CRC16([]byte(annexB[:len(annexB)-4]))))
}
