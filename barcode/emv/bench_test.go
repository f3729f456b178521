package emv_test

import (
	"testing"

	"github.com/hutong-interop/hutong/barcode/emv"
)

func BenchmarkParseValidateAnnexB(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(annexB)))
	for b.Loop() {
		if _, err := emv.Parse(annexB); err != nil {
			b.Fatal(err)
		}
		if r := emv.Validate(annexB); !r.Valid {
			b.Fatal(r.Problems)
		}
	}
}

func BenchmarkCRC16(b *testing.B) {
	data := []byte(annexB)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		emv.CRC16(data)
	}
}
