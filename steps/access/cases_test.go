package access

import (
	"context"
	"math/rand/v2"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/steps/scenario"
)

func TestEveryNameFormIsWrittenAsItSays(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	han := func(s string) bool {
		for _, c := range s {
			if unicode.Is(unicode.Han, c) {
				return true
			}
		}
		return false
	}
	for _, form := range nameForms {
		for _, name := range []string{institutionName(r, form, "pi-abcdef"), merchantName(r, form, "cha-guan")} {
			assert.NotEmpty(t, name, form)
			switch form {
			case nameLatin:
				assert.False(t, han(name), "%s: %q", form, name)
			case nameLong:
				assert.Greater(t, utf8.RuneCountInString(name), 100, "%s: %q", form, name)
			default:
				assert.True(t, han(name), "%s: %q", form, name)
			}
		}
	}
	assert.True(t, han(consumerName(r, nameChinese, 3)))
	assert.NotEqual(t, institutionName(r, nameChinese, "pi-abcdef"), institutionName(r, nameChinese, "pi-abcdef"), "each draw a name of its own")
}

// A case judged by several steps counts once, and fails if any of them
// found it wanting; what is no case's is reported besides.
func TestACaseJudgedTwiceCountsOnce(t *testing.T) {
	w, err := scenario.New(&scenario.Env{ITIBase: "https://iut.test/iti/v1", Network: network.New()}, t.Name())
	require.NoError(t, err)
	t.Cleanup(func() { w.Zone.Close() })
	ctx := scenario.With(context.Background(), w)
	a, b := &accessCase{key: "a", label: "case a"}, &accessCase{key: "b", label: "case b"}
	v := newVerdicts(ctx)
	v.judge(a, "")
	v.judge(b, "too slow")
	v.judge(a, "")
	assert.EqualError(t, v.err("every case should hold", "cases"), "every case should hold: 1 of the 2 cases did not: case b — too slow")
	v.add("the top institution was refused")
	assert.EqualError(t, v.err("every case should hold", "cases"), "every case should hold: 1 of the 2 cases did not: case b — too slow; the top institution was refused")
	cs := w.Log.Cases()
	require.Len(t, cs, 2)
	assert.True(t, cs[0].Held)
	assert.False(t, cs[1].Held)
}
