package untrusted

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLineMakesEveryControlVisible(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "hutong reference 0.1", "hutong reference 0.1"},
		{"chinese", "互通 参考实现", "互通 参考实现"},
		{"ESC hide", "Acme\x1b[8m", `Acme\x1b[8m`},
		{"OSC title", "\x1b]0;owned\x07", `\x1b]0;owned\x07`},
		{"NUL", "a\x00b", `a\x00b`},
		{"CR-LF forged line", "name\r\nCertified: true", `name\r\nCertified: true`},
		{"C1 CSI", "a\u009b31mb", `a\u009b31mb`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"isolate", "x\u2066y\u2069", `x\u2066y\u2069`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
	}
	for _, c := range cases {
		got := Line(c.in, 0)
		assert.Equal(t, c.want, got, c.name)
		assert.True(t, Safe(got), "%s: the cleaned form is itself safe", c.name)
		assert.Equal(t, got == c.in, Safe(c.in), c.name)
	}
}

func TestTextKeepsLineFeedsButNotCarriageReturns(t *testing.T) {
	assert.Equal(t, "a\n\tb\\r\\x1b[2J", Text("a\n\tb\r\x1b[2J", 0))
}

func TestLineIsBounded(t *testing.T) {
	long := strings.Repeat("名", 10_000_000/3)
	got := Line(long, MaxName)
	assert.LessOrEqual(t, len(got), MaxName+40)
	assert.Contains(t, got, "more bytes cut]")
	assert.True(t, strings.HasPrefix(got, "名名"))
	// An escape is never split by the cut.
	got = Line(strings.Repeat("\x1b", 100), 10)
	assert.True(t, strings.HasPrefix(got, `\x1b\x1b… [`), got)
}

func TestWriterGuardsAStream(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	in := "ok line\n\x1b[8mhidden\x1b[0m\n互"
	// A multi-byte character split across writes stays whole.
	b := []byte(in + "通\n")
	for _, chunk := range [][]byte{b[:10], b[10 : len(b)-3], b[len(b)-3 : len(b)-2], b[len(b)-2:]} {
		n, err := w.Write(chunk)
		assert.NoError(t, err)
		assert.Equal(t, len(chunk), n)
	}
	assert.NoError(t, w.Close())
	assert.Equal(t, "ok line\n\\x1b[8mhidden\\x1b[0m\n互通\n", out.String())

	out.Reset()
	w = NewWriter(&out)
	w.Write([]byte{'a', 0xe4, 0xba})
	w.Close()
	assert.Equal(t, `a\xe4\xba`, out.String())
}
