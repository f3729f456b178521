package qrimage_test

import (
	"testing"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

// FuzzImage feeds arbitrary bytes, starting from real renders, to every
// function that reads a PNG: none may panic, whatever the input.
func FuzzImage(f *testing.F) {
	for _, opts := range []qrimage.Options{{ModulePx: 1}, {ModulePx: 2, QuietZone: qrimage.NoQuietZone}} {
		data, err := qrimage.Render("00020101021129370016A000000677010111011300668012345675802TH530376463046197", opts)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = qrimage.Decode(data)
		if _, err := qrimage.Measure(data); err == nil {
			_, _ = qrimage.Scale(data, 3)
		}
	})
}
