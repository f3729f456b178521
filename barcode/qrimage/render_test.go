package qrimage_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/qrimage"
)

func TestRenderDecodeRoundTrip(t *testing.T) {
	payloads := map[string]string{
		"Annex B with Chinese": annexB,
		"Pix":                  "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
		"PromptPay":            "00020101021129370016A000000677010111011300668012345675802TH530376463046197",
		"digits only":          "0123456789",
	}
	levels := []qrimage.Level{qrimage.LevelL, qrimage.LevelM, qrimage.LevelQ, qrimage.LevelH}
	for name, payload := range payloads {
		for _, level := range levels {
			t.Run(name+"/"+level.String(), func(t *testing.T) {
				png, err := qrimage.Render(payload, qrimage.Options{Level: level})
				require.NoError(t, err)
				got, err := qrimage.Decode(png)
				require.NoError(t, err)
				assert.Equal(t, payload, got, "exact UTF-8 round trip")
			})
		}
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		opts    qrimage.Options
		want    string
	}{
		{"empty payload", "", qrimage.Options{}, "empty payload"},
		{"too long", strings.Repeat("字", 2000), qrimage.Options{}, "too long"},
		{"negative module size", annexB, qrimage.Options{ModulePx: -1}, "ModulePx"},
		{"huge module size", annexB, qrimage.Options{ModulePx: 1000}, "ModulePx"},
		{"bad quiet zone", annexB, qrimage.Options{QuietZone: -2}, "QuietZone"},
		{"unknown level", annexB, qrimage.Options{Level: 9}, "level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := qrimage.Render(tt.payload, tt.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
