package qrimage_test

import (
	"testing"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

func BenchmarkRender(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := qrimage.Render(annexB, qrimage.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	data, err := qrimage.Render(annexB, qrimage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := qrimage.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMeasure(b *testing.B) {
	data, err := qrimage.Render(annexB, qrimage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := qrimage.Measure(data); err != nil {
			b.Fatal(err)
		}
	}
}
