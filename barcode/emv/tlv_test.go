package emv_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/emv"
)

func TestParseAnnexB(t *testing.T) {
	p, err := emv.Parse(annexB)
	require.NoError(t, err)
	assert.Equal(t, annexB, p.Raw)

	var ids []string
	for _, o := range p.Objects {
		ids = append(ids, o.ID)
	}
	assert.Equal(t, []string{"00", "01", "29", "31", "52", "58", "59", "60", "64", "54", "53", "55", "62", "91", "63"}, ids)

	tests := []struct{ path, want string }{
		{"00", "01"},
		{"29.00", "D15600000000"},
		{"29.05", "A93FO3230Q"},
		{"31.03", "12345678"},
		{"59", "BEST TRANSPORT"},
		{"64.00", "ZH"},
		{"64.01", "最佳运输"},
		{"64.02", "北京"},
		{"54", "23.72"},
		{"62.06", "***"},
		{"62.09", "ME"},
		{"91.00", "A011223344998877"},
		{"63", "A13A"},
	}
	for _, tt := range tests {
		o, ok := p.Get(tt.path)
		if assert.True(t, ok, tt.path) {
			assert.Equal(t, tt.want, o.Value, tt.path)
		}
	}
	_, ok := p.Get("57")
	assert.False(t, ok)
	_, ok = p.Get("64.03")
	assert.False(t, ok)
}

func TestParseTemplatesOnlyWhereSpecified(t *testing.T) {
	// ID 15 is reserved for UnionPay and, like all of 02-25, is primitive
	// even when its value happens to look like TLV.
	p, err := emv.Parse("00020115160012D156000000005204411163040000")
	require.NoError(t, err)
	o, ok := p.Get("15")
	require.True(t, ok)
	assert.Nil(t, o.Children)
	assert.Equal(t, "0012D15600000000", o.Value)

	for _, id := range []string{"26", "51", "62", "64", "80", "99"} {
		p, err := emv.Parse(id + "06" + "0002AB")
		require.NoError(t, err, id)
		require.Len(t, p.Objects[0].Children, 1, id)
	}
	for _, id := range []string{"25", "52", "63", "65", "79"} {
		p, err := emv.Parse(id + "06" + "0002AB")
		require.NoError(t, err, id)
		assert.Nil(t, p.Objects[0].Children, id)
	}
}

func TestParseCountsCharactersNotBytes(t *testing.T) {
	p, err := emv.Parse("64200002ZH0104最佳运输0202北京5802CN")
	require.NoError(t, err)
	name, ok := p.Get("64.01")
	require.True(t, ok)
	assert.Equal(t, "最佳运输", name.Value)
	cc, ok := p.Get("58")
	require.True(t, ok)
	assert.Equal(t, "CN", cc.Value)
}

func TestParseErrors(t *testing.T) {
	// Offsets count characters; Annex B has 12 more bytes than characters
	// once past the Chinese text in template 64.
	afterChinese := strings.Index(annexB, "540523.72") - 12

	tests := []struct {
		name     string
		in       string
		offset   int
		id       string
		template string
		reason   string
	}{
		{"truncated ID", "000201" + "5", 6, "", "", "not two digits"},
		{"non-digit ID", "0002015X04abcd", 6, "", "", "not two digits"},
		{"no value at all", "0002015204", 6, "52", "", "only 0 remain"},
		{"length cut short", "00020152", 6, "52", "", "truncated"},
		{"length one char", "000201520", 6, "52", "", "truncated"},
		{"non-digit length", "00020152x44111", 6, "52", "", "not two digits"},
		{"value past end", "00020159254BEST", 6, "59", "", "runs past the end"},
		{"value past end in Chinese", "0002016404最佳运", 6, "64", "", "only 3 remain"},
		{"broken sub-object", "000201620803991234", 10, "03", "62", "runs past the end"},
		{"non-digit sub-ID", "0002018204ABCD", 10, "", "82", "not two digits"},
		{"after Chinese", strings.Replace(annexB, "540523.72", "54x523.72", 1), afterChinese, "54", "", "not two digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := emv.Parse(tt.in)
			require.Error(t, err)
			require.NotNil(t, p, "the readable part is still returned")
			var pe *emv.ParseError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, tt.offset, pe.Offset)
			assert.Equal(t, tt.id, pe.ID)
			assert.Equal(t, tt.template, pe.Template)
			assert.Contains(t, pe.Reason, tt.reason)
			assert.Contains(t, err.Error(), "offset")
			assert.Equal(t, "00", p.Objects[0].ID, "objects before the break are kept")
		})
	}
}

func TestParseEmpty(t *testing.T) {
	p, err := emv.Parse("")
	require.NoError(t, err)
	assert.Empty(t, p.Objects)
}

func TestGetOnNilPayload(t *testing.T) {
	var p *emv.Payload
	_, ok := p.Get("00")
	assert.False(t, ok)
}
