package emv_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
)

func TestBuilderReproducesAnnexB(t *testing.T) {
	s, err := emv.NewBuilder().
		Add("00", "01").
		Add("01", "12").
		AddTemplate("29", obj("00", "D15600000000"), obj("05", "A93FO3230Q")).
		AddTemplate("31", obj("00", "D15600000001"), obj("03", "12345678")).
		Add("52", "4111").
		Add("58", "CN").
		Add("59", "BEST TRANSPORT").
		Add("60", "BEIJING").
		AddTemplate("64", obj("00", "ZH"), obj("01", "最佳运输"), obj("02", "北京")).
		Add("54", "23.72").
		Add("53", "156").
		Add("55", "01").
		AddTemplate("62", obj("03", "1234"), obj("06", "***"), obj("07", "A6008667"), obj("09", "ME")).
		AddTemplate("91", obj("00", "A011223344998877"), obj("07", "12345678")).
		Build()
	require.NoError(t, err)
	assert.Equal(t, annexB, s)
}

func TestBuilderRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		objs []emv.Object
	}{
		{"Chinese name and city", []emv.Object{
			obj("00", "01"),
			obj("15", "6225880012345678"),
			obj("52", "5812"),
			obj("53", "156"),
			obj("58", "CN"),
			obj("59", "LAO BEIJING"),
			obj("60", "BEIJING"),
			{ID: "64", Children: []emv.Object{obj("00", "ZH"), obj("01", "老北京炸酱面馆"), obj("02", "北京市东城区")}},
		}},
		{"99 characters of Chinese", []emv.Object{
			obj("00", "01"),
			{ID: "64", Children: []emv.Object{obj("00", "ZH"), obj("01", "胡同")}},
			obj("80", "0004测试数据"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := emv.NewBuilder()
			for _, o := range tt.objs {
				b.AddObject(o)
			}
			s, err := b.Build()
			require.NoError(t, err)

			p, err := emv.Parse(s)
			require.NoError(t, err)
			require.Len(t, p.Objects, len(tt.objs)+1)
			for i, want := range tt.objs {
				got := p.Objects[i]
				assert.Equal(t, want.ID, got.ID)
				if want.Children != nil {
					assert.Equal(t, want.Children, got.Children)
				} else {
					assert.Equal(t, want.Value, got.Value)
				}
			}
			crc, _ := p.Get("63")
			assert.Equal(t, emv.Validate(s).ExpectedCRC, crc.Value)
			assert.True(t, emv.Validate(s).CRCOK)

			// Re-encoding what was parsed gives back the exact text.
			enc, err := emv.Encode(p.Objects...)
			require.NoError(t, err)
			assert.Equal(t, s, enc)
		})
	}
}

func TestBuilderLengthCountsCharacters(t *testing.T) {
	s, err := emv.NewBuilder().AddTemplate("64", obj("00", "ZH"), obj("01", "最佳运输")).Build()
	require.NoError(t, err)
	// 64, length 14 = "0002ZH" (6) + "0104" (4) + 4 characters.
	assert.Equal(t, "64140002ZH0104最佳运输6304", s[:len(s)-4])
}

func TestBuilderErrors(t *testing.T) {
	long := ""
	for range 100 {
		long += "字"
	}
	tests := []struct {
		name string
		b    *emv.Builder
		want string
	}{
		{"CRC added by hand", emv.NewBuilder().Add("63", "ABCD"), "ID 63"},
		{"ID not two digits", emv.NewBuilder().Add("5", "x"), "not two digits"},
		{"ID with letters", emv.NewBuilder().Add("AB", "x"), "not two digits"},
		{"value of 100 characters", emv.NewBuilder().Add("59", long), "at most 99"},
		{"empty template", emv.NewBuilder().AddTemplate("62"), "no sub-objects"},
		{"bad sub-ID", emv.NewBuilder().AddTemplate("62", obj("x", "1")), "template 62"},
		{"Value disagrees with Children", emv.NewBuilder().AddObject(emv.Object{ID: "62", Value: "0501X", Children: []emv.Object{obj("05", "Y")}}), "disagrees"},
		{"first error is kept", emv.NewBuilder().Add("63", "x").Add("5", "x"), "ID 63"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.b.Build()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
