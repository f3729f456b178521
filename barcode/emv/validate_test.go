package emv_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
)

func TestValidateAnnexB(t *testing.T) {
	assert.Equal(t, annexB, readPayload(t, "testdata/annexb.txt"))
	r := emv.Validate(annexB)
	assert.Empty(t, r.Problems)
	assert.True(t, r.Valid)
	assert.True(t, r.CRCOK)
	assert.Equal(t, "A13A", r.CRC)
	assert.Equal(t, "A13A", r.ExpectedCRC)
	assert.Len(t, r.Fields, 15)
}

func TestValidateOneCharacterChanged(t *testing.T) {
	tests := []struct{ name, from, to string }{
		{"amount digit", "540523.72", "540523.73"},
		{"merchant name letter", "BEST TRANSPORT", "BEST TRANSPORS"},
		{"Chinese character", "最佳运输", "最佳运送"},
		{"CRC digit", "6304A13A", "6304A13B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strings.Replace(annexB, tt.from, tt.to, 1)
			require.NotEqual(t, annexB, s)
			r := emv.Validate(s)
			assert.False(t, r.CRCOK)
			assert.False(t, r.Valid)
			assert.Equal(t, []finding{{"63", emv.RuleCRC}}, findings(r))
			assert.NotEqual(t, r.CRC, r.ExpectedCRC)
			assert.Contains(t, r.Problems[0].Message, "CRC (ID 63)")
		})
	}
}

// TestValidateRules shows each rule firing, alone, with the right ID.
// Every payload but the hand-made ones gets a correct CRC, so that only
// the rule under test is broken.
func TestValidateRules(t *testing.T) {
	lowerCRC := annexB[:len(annexB)-4] + strings.ToLower("A13A")
	body := annexB[:len(annexB)-8]
	crcNotLast := body + "6304" + crcOf(body+"6304") + "610510000"
	crcTooLong := body + "6305A13A0"
	noCRC := body
	letters := strings.Repeat("A", 26)

	tests := []struct {
		name string
		in   string
		want []finding
	}{
		// 00 and 63: place and value.
		{"00 not first", build(t, annexB, moveFirst("01")), []finding{{"00", "position"}}},
		{"00 not 01", build(t, annexB, set("00", "02")), []finding{{"00", "format"}}},
		{"00 missing", build(t, annexB, drop("00")), []finding{{"00", "mandatory"}}},
		{"63 not last", crcNotLast, []finding{{"63", "position"}}},
		{"63 not four characters", crcTooLong, []finding{{"63", "length"}, {"63", "crc"}}},
		{"63 in lowercase", lowerCRC, []finding{}},
		{"63 mixed case", annexB[:len(annexB)-4] + "a13A", []finding{}},
		{"63 not hexadecimal", annexB[:len(annexB)-4] + "A13G", []finding{{"63", "format"}, {"63", "crc"}}},
		{"63 lowercase but wrong", annexB[:len(annexB)-4] + "a13b", []finding{{"63", "crc"}}},
		{"63 missing", noCRC, []finding{{"63", "mandatory"}}},

		// Mandatory objects.
		{"no merchant account information", build(t, annexB, drop("29"), drop("31")), []finding{{"02-51", "mandatory"}}},
		{"52 missing", build(t, annexB, drop("52")), []finding{{"52", "mandatory"}}},
		{"53 missing", build(t, annexB, drop("53")), []finding{{"53", "mandatory"}}},
		{"58 missing", build(t, annexB, drop("58")), []finding{{"58", "mandatory"}}},
		{"59 missing", build(t, annexB, drop("59")), []finding{{"59", "mandatory"}}},
		{"60 missing", build(t, annexB, drop("60")), []finding{{"60", "mandatory"}}},
		{"01 optional", build(t, annexB, drop("01")), []finding{}},

		// Values of the root objects.
		{"01 not 11 or 12", build(t, annexB, set("01", "13")), []finding{{"01", "format"}}},
		{"01 static", build(t, annexB, set("01", "11")), []finding{}},
		{"52 three digits", build(t, annexB, set("52", "411")), []finding{{"52", "length"}}},
		{"52 not digits", build(t, annexB, set("52", "41A1")), []finding{{"52", "format"}}},
		{"53 not ISO 4217", build(t, annexB, set("53", "000")), []finding{{"53", "format"}}},
		{"53 alphabetic code", build(t, annexB, set("53", "CNY")), []finding{{"53", "format"}}},
		{"53 two digits", build(t, annexB, set("53", "15")), []finding{{"53", "length"}}},
		{"54 comma", build(t, annexB, set("54", "23,72")), []finding{{"54", "format"}}},
		{"54 negative", build(t, annexB, set("54", "-23.72")), []finding{{"54", "format"}}},
		{"54 plus sign", build(t, annexB, set("54", "+23.72")), []finding{{"54", "format"}}},
		{"54 space", build(t, annexB, set("54", "23 72")), []finding{{"54", "format"}}},
		{"54 two dots", build(t, annexB, set("54", "1.2.3")), []finding{{"54", "format"}}},
		{"54 three decimals", build(t, annexB, set("54", "23.725")), []finding{{"54", "format"}}},
		{"54 no integer digit", build(t, annexB, set("54", ".72")), []finding{{"54", "format"}}},
		{"54 empty", build(t, annexB, set("54", "")), []finding{{"54", "length"}}},
		{"54 fourteen characters", build(t, annexB, set("54", "12345678901.23")), []finding{{"54", "length"}}},
		{"54 thirteen characters", build(t, annexB, set("54", "1234567890.23")), []finding{}},
		{"54 trailing dot", build(t, annexB, set("54", "23.")), []finding{}},
		{"54 integer", build(t, annexB, set("54", "23")), []finding{}},
		{"54 decimals for yen", build(t, annexB, set("53", "392"), set("54", "100.5")), []finding{{"54", "format"}}},
		{"54 yen", build(t, annexB, set("53", "392"), set("54", "100")), []finding{}},
		{"54 three decimals for dinar", build(t, annexB, set("53", "414"), set("54", "1.250")), []finding{}},
		{"55 unknown", build(t, annexB, set("55", "04")), []finding{{"55", "format"}}},
		{"55 02 without 56", build(t, annexB, set("55", "02")), []finding{{"56", "conditional"}}},
		{"55 02 with 56", build(t, annexB, set("55", "02"), set("56", "1.00")), []finding{}},
		{"55 02 with 57", build(t, annexB, set("55", "02"), set("56", "1.00"), set("57", "3")), []finding{{"57", "conditional"}}},
		{"55 03 without 57", build(t, annexB, set("55", "03")), []finding{{"57", "conditional"}}},
		{"55 03 with 57", build(t, annexB, set("55", "03"), set("57", "3.5")), []finding{}},
		{"55 03 with 56", build(t, annexB, set("55", "03"), set("57", "3.5"), set("56", "1")), []finding{{"56", "conditional"}}},
		{"56 with 55 01", build(t, annexB, set("56", "1.00")), []finding{{"56", "conditional"}}},
		{"57 without 55", build(t, annexB, drop("55"), set("57", "3")), []finding{{"57", "conditional"}}},
		{"56 badly formed", build(t, annexB, set("55", "02"), set("56", "1,00")), []finding{{"56", "format"}}},
		{"57 zero", build(t, annexB, set("55", "03"), set("57", "0.00")), []finding{{"57", "format"}}},
		{"57 lowest", build(t, annexB, set("55", "03"), set("57", "00.01")), []finding{}},
		{"57 highest", build(t, annexB, set("55", "03"), set("57", "99.99")), []finding{}},
		{"57 over 99.99", build(t, annexB, set("55", "03"), set("57", "100")), []finding{{"57", "format"}}},
		{"57 percent sign", build(t, annexB, set("55", "03"), set("57", "3%")), []finding{{"57", "format"}}},
		{"57 six characters", build(t, annexB, set("55", "03"), set("57", "03.500")), []finding{{"57", "length"}}},
		{"58 not ISO 3166", build(t, annexB, set("58", "XX")), []finding{{"58", "format"}}},
		{"58 lowercase", build(t, annexB, set("58", "cn")), []finding{{"58", "format"}}},
		{"58 alpha-3", build(t, annexB, set("58", "CHN")), []finding{{"58", "length"}}},
		{"59 26 characters", build(t, annexB, set("59", letters)), []finding{{"59", "length"}}},
		{"59 25 characters", build(t, annexB, set("59", letters[1:])), []finding{}},
		{"59 Chinese outside template 64", build(t, annexB, set("59", "最佳运输")), []finding{{"59", "format"}}},
		{"60 16 characters", build(t, annexB, set("60", letters[:16])), []finding{{"60", "length"}}},
		{"61 11 characters", build(t, annexB, set("61", "12345678901")), []finding{{"61", "length"}}},
		{"61 10 characters", build(t, annexB, set("61", "1234567890")), []finding{}},
		{"59 empty", build(t, annexB, set("59", "")), []finding{{"59", "length"}}},
		{"65 reserved", build(t, annexB, set("65", "X")), []finding{{"65", "reserved"}}},
		{"79 reserved", build(t, annexB, set("79", "X")), []finding{{"79", "reserved"}}},
		{"duplicate 52", build(t, annexB, add(obj("52", "4111"))), []finding{{"52", "duplicate"}}},

		// Card scheme IDs 02-25 are primitive and count as account information.
		{"UnionPay 15 alone", build(t, annexB, drop("29"), drop("31"), moveFirst("15"), moveFirst("01"), moveFirst("00"), set("15", "6225880012345678")), []finding{}},
		{"Visa 02 with non-ASCII", build(t, annexB, set("02", "4111é")), []finding{{"02", "format"}}},

		// Merchant account and unreserved templates.
		{"29 without GUI", build(t, annexB, children("29", obj("05", "A93FO3230Q"))), []finding{{"29.00", "mandatory"}}},
		{"29 GUI not first", build(t, annexB, children("29", obj("05", "A93FO3230Q"), obj("00", "D15600000000"))), []finding{{"29.00", "position"}}},
		{"29 GUI 33 characters", build(t, annexB, children("29", obj("00", strings.Repeat("A", 33)))), []finding{{"29.00", "length"}}},
		{"29 GUI 32 characters", build(t, annexB, children("29", obj("00", strings.Repeat("A", 32)))), []finding{}},
		{"31 duplicate sub-ID", build(t, annexB, children("31", obj("00", "D15600000001"), obj("03", "1"), obj("03", "2"))), []finding{{"31.03", "duplicate"}}},
		{"31 sub-object in Chinese", build(t, annexB, children("31", obj("00", "D15600000001"), obj("03", "北京"))), []finding{{"31.03", "format"}}},
		{"91 without GUI", build(t, annexB, children("91", obj("07", "12345678"))), []finding{{"91.00", "mandatory"}}},
		{"29 empty", build(t, annexB, set("29", "")), []finding{{"29", "length"}}},

		// Additional data template 62.
		{"62.09 not A, M, E", build(t, annexB, children("62", obj("09", "MX"))), []finding{{"62.09", "format"}}},
		{"62.09 repeated letter", build(t, annexB, children("62", obj("09", "MM"))), []finding{{"62.09", "format"}}},
		{"62.09 four letters", build(t, annexB, children("62", obj("09", "AMEA"))), []finding{{"62.09", "length"}}},
		{"62.05 26 characters", build(t, annexB, children("62", obj("05", letters))), []finding{{"62.05", "length"}}},
		{"62 duplicate sub-ID", build(t, annexB, children("62", obj("05", "A"), obj("05", "B"))), []finding{{"62.05", "duplicate"}}},
		{"62.01 empty", build(t, annexB, children("62", obj("01", ""), obj("05", "B"))), []finding{{"62.01", "length"}}},

		// Language template 64.
		{"64 without language", build(t, annexB, children("64", obj("01", "最佳运输"))), []finding{{"64.00", "mandatory"}}},
		{"64 without name", build(t, annexB, children("64", obj("00", "ZH"), obj("02", "北京"))), []finding{{"64.01", "mandatory"}}},
		{"64 three-letter language", build(t, annexB, children("64", obj("00", "ZHO"), obj("01", "最佳运输"))), []finding{{"64.00", "length"}}},
		{"64 name 26 characters", build(t, annexB, children("64", obj("00", "ZH"), obj("01", strings.Repeat("佳", 26)))), []finding{{"64.01", "length"}}},
		{"64 city 16 characters", build(t, annexB, children("64", obj("00", "ZH"), obj("01", "最佳运输"), obj("02", strings.Repeat("京", 16)))), []finding{{"64.02", "length"}}},
		{"64 name 25 Chinese characters", build(t, annexB, children("64", obj("00", "ZH"), obj("01", strings.Repeat("佳", 25)))), []finding{}},

		// Broken TLV.
		{"broken sub-object in 62", build(t, annexB, set("62", "0399")), []finding{{"62.03", "tlv"}}},
		{"unreadable sub-ID in 91", build(t, annexB, set("91", "XX01A")), []finding{{"91", "tlv"}}},
		{"top-level break, CRC still checked", withCRC(strings.Replace(body, "52044111", "52X44111", 1)), []finding{{"52", "tlv"}}},
		{"top-level break, CRC wrong", strings.Replace(annexB, "52044111", "52X44111", 1), []finding{{"52", "tlv"}, {"63", "crc"}}},
		{"top-level break hides a required fee", withCRC(strings.Replace(build(t, annexB, set("55", "02"))[:len(annexB)-8], "9132", "91x2", 1)), []finding{{"91", "tlv"}}},
		{"top-level break before 55", withCRC("000201" + "5604" + "1.00" + "52x4"), []finding{{"52", "tlv"}}},
		{"garbage", "hello, world", []finding{{"", "tlv"}}},

		// Nothing at all.
		{"empty payload", "", []finding{{"00", "mandatory"}, {"02-51", "mandatory"}, {"52", "mandatory"}, {"53", "mandatory"}, {"58", "mandatory"}, {"59", "mandatory"}, {"60", "mandatory"}, {"63", "mandatory"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := emv.Validate(tt.in)
			assert.Equal(t, tt.want, findings(r), "payload %s", tt.in)
			assert.Equal(t, len(tt.want) == 0, r.Valid)
			for _, p := range r.Problems {
				assert.NotEmpty(t, p.Message)
				if p.ID != "" && p.ID != "02-51" {
					// Messages name the object by its ID ("ID 05 of template 62").
					top, sub, nested := strings.Cut(p.ID, ".")
					if nested {
						assert.Contains(t, p.Message, "template "+top, p.Message)
						if p.Rule != emv.RuleTLV {
							assert.Contains(t, p.Message, "ID "+sub, p.Message)
						}
					} else {
						assert.Contains(t, p.Message, "ID "+top, p.Message)
					}
				}
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	s := build(t, annexB,
		set("00", "02"), set("01", "21"), drop("52"), set("53", "999X"), set("54", "1,5"),
		set("58", "ZZ"), set("59", strings.Repeat("N", 30)), drop("60"), add(obj("58", "CN")),
		children("64", obj("02", "北京")), set("70", "R"))
	r := emv.Validate(s)
	assert.True(t, r.CRCOK)
	assert.ElementsMatch(t, []finding{
		{"00", "format"}, {"01", "format"}, {"52", "mandatory"}, {"53", "length"}, {"54", "format"},
		{"58", "format"}, {"58", "duplicate"}, {"59", "length"}, {"60", "mandatory"},
		{"64.00", "mandatory"}, {"64.01", "mandatory"}, {"70", "reserved"},
	}, findings(r))
}

func TestValidateBrokenTLVReportsOffsetAndCRC(t *testing.T) {
	body := annexB[:len(annexB)-8]
	s := withCRC(strings.Replace(body, "540523.72", "54x523.72", 1))
	r := emv.Validate(s)
	require.Len(t, r.Problems, 1)
	off := strings.Index(s, "54x5") - 12 // 12 more bytes than characters in 64
	assert.Contains(t, r.Problems[0].Message, "character offset "+itoa(off))
	assert.Contains(t, r.Problems[0].Message, "Transaction Amount (ID 54)")
	assert.True(t, r.CRCOK, "the CRC is still checked from the payload's tail")
	assert.Equal(t, r.ExpectedCRC, r.CRC)
	assert.Len(t, r.Fields, 9, "objects before the break are reported")
}

// TestValidateSchemes runs the public national-scheme examples in
// testdata/schemes (each file names its source). Several schemes leave
// out objects EMVCo makes mandatory; the validator must say so.
func TestValidateSchemes(t *testing.T) {
	want := map[string][]finding{
		"pix_bcb_static":    {},
		"pix_amount_txid":   {{"60", "length"}},
		"promptpay_phone":   {{"52", "mandatory"}, {"59", "mandatory"}, {"60", "mandatory"}},
		"promptpay_amount":  {{"52", "mandatory"}, {"59", "mandatory"}, {"60", "mandatory"}},
		"qris_shopee":       {{"52", "mandatory"}},
		"qris_gojek_readme": {{"63", "format"}, {"63", "crc"}},
		"vietqr_static":     {{"52", "mandatory"}, {"59", "mandatory"}, {"60", "mandatory"}},
		"vietqr_dynamic":    {{"52", "mandatory"}, {"59", "mandatory"}, {"60", "mandatory"}},
		"paynow_uen":        {},
		"hkfps_mobile":      {},
		"duitnow_mae":       {{"00", "format"}},
		"duitnow_gintell":   {{"82", "tlv"}, {"00", "format"}},
	}
	payloads := schemePayloads(t)
	require.Len(t, payloads, len(want), "every example in testdata/schemes has expectations here")
	for name, s := range payloads {
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			require.True(t, ok, "no expectation for %s", name)
			r := emv.Validate(s)
			assert.Equal(t, w, findings(r))
			assert.Equal(t, len(w) == 0, r.Valid)
			// Only the QRIS README example carries a wrong CRC.
			assert.Equal(t, name != "qris_gojek_readme", r.CRCOK, "CRC %s, expected %s", r.CRC, r.ExpectedCRC)
		})
	}
}

func withCRC(body string) string {
	s := body + "6304"
	return s + crcOf(s)
}

func crcOf(s string) string {
	const hex = "0123456789ABCDEF"
	c := emv.CRC16([]byte(s))
	return string([]byte{hex[c>>12], hex[c>>8&0xF], hex[c>>4&0xF], hex[c&0xF]})
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// EMVCo asks for the CRC as four hexadecimal characters and does not fix
// their case: a lowercase CRC with the right digits is valid, Build and
// ExpectedCRC still write capitals, and a wrong CRC is wrong in either case.
func TestValidateReadsTheCRCInEitherCase(t *testing.T) {
	body := annexB[:len(annexB)-4]
	for _, crc := range []string{"a13a", "A13a", "a13A"} {
		r := emv.Validate(body + crc)
		assert.True(t, r.Valid, "%s: %v", crc, r.Problems)
		assert.True(t, r.CRCOK, crc)
		assert.Equal(t, crc, r.CRC, "the CRC is reported as found")
		assert.Equal(t, "A13A", r.ExpectedCRC, "the expected CRC is written in capitals")
	}
	for _, crc := range []string{"a13b", "b13a", "A13B", "0000"} {
		r := emv.Validate(body + crc)
		assert.False(t, r.Valid, crc)
		assert.False(t, r.CRCOK, crc)
		assert.Equal(t, []finding{{"63", emv.RuleCRC}}, findings(r), crc)
	}
	tampered := strings.Replace(annexB, "BEST TRANSPORT", "BEST TRANSPORS", 1)
	r := emv.Validate(tampered[:len(tampered)-4] + "a13a")
	assert.False(t, r.Valid, "a changed letter is caught whatever the case of the old CRC")
	assert.Equal(t, []finding{{"63", emv.RuleCRC}}, findings(r))
}
