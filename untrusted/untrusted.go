// Package untrusted makes text that came from outside the harness safe to
// show: from the implementation under test (its names, problem titles,
// answers) or from an input file (a certificate, a feature file, a code).
// Such text may carry terminal control sequences that repaint a regulator's
// screen (an ESC sequence that hides the line saying "not certified"), line
// breaks that forge a line of output, bidirectional overrides that reorder
// what is read, or sheer size. Every byte of it stays visible, escaped, so
// nothing is hidden by the cleaning either.
//
// Line is for a value shown on one line; Text keeps line breaks (for bodies
// shown as blocks); NewWriter guards a whole output stream as a last line of
// defence.
package untrusted

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Usual bounds for a value from the implementation.
const (
	MaxName   = 200   // a name, version, vendor, id
	MaxReason = 2000  // a problem title or detail, a failure reason
	MaxText   = 16384 // a body shown as a block
)

// Line returns s with every control character, line break, bidirectional
// control and invalid byte written as a visible escape (\x1b, \n, \u202e,
// \xff), cut to at most max bytes of output with a note of how much was cut.
// max <= 0 means no cut.
func Line(s string, max int) string { return clean(s, max, false) }

// Text is Line, but line feeds and tabs stay as they are (a CR does not: it
// could return to the start of a line and overwrite it).
func Text(s string, max int) string { return clean(s, max, true) }

// Safe reports whether s would come out of Line unchanged and uncut.
func Safe(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return false
			}
		}
		if escape(r, false) != "" {
			return false
		}
	}
	return true
}

func clean(s string, max int, keepLines bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var piece string
		switch {
		case r == utf8.RuneError && n == 1:
			piece = fmt.Sprintf(`\x%02x`, s[i])
		default:
			if e := escape(r, keepLines); e != "" {
				piece = e
			} else {
				piece = s[i : i+n]
			}
		}
		if max > 0 && b.Len()+len(piece) > max {
			fmt.Fprintf(&b, "… [%d more bytes cut]", len(s)-i)
			return b.String()
		}
		b.WriteString(piece)
		i += n
	}
	return b.String()
}

// escape returns the visible form of r, or "" when r is shown as it is.
func escape(r rune, keepLines bool) string {
	switch {
	case keepLines && (r == '\n' || r == '\t'):
		return ""
	case r == '\n':
		return `\n`
	case r == '\r':
		return `\r`
	case r == '\t':
		return `\t`
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r)
	case r >= 0x80 && r < 0xa0: // C1 controls, CSI (0x9b) among them
		return fmt.Sprintf(`\u%04x`, r)
	case isFormatControl(r):
		return fmt.Sprintf(`\u%04x`, r)
	}
	return ""
}

// isFormatControl is the bidirectional and invisible formatting characters
// that change how a line reads without being seen (Trojan Source, CVE-2021-42574).
func isFormatControl(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200b, r == 0x200e, r == 0x200f, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// NewWriter returns a writer that passes line feeds and tabs through to w
// and escapes every other control character, C1 control, bidirectional
// control and invalid byte, so that nothing written through it can move the
// cursor, change colours, set a window title or reorder a line on the
// terminal that shows it. A multi-byte character split across writes is
// held back until its end arrives (or Close).
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Writer is NewWriter's guard.
type Writer struct {
	w       io.Writer
	pending []byte
}

// Write escapes p as NewWriter says and always reports len(p) written unless
// the underlying writer fails.
func (g *Writer) Write(p []byte) (int, error) {
	buf := append(g.pending, p...)
	g.pending = nil
	// Hold back an incomplete rune at the end; it may complete next time.
	cut := len(buf)
	for k := 1; k < utf8.UTFMax && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if c < 0x80 {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(buf[len(buf)-k:]) {
				cut = len(buf) - k
			}
			break
		}
	}
	g.pending = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(g.w, Text(string(buf[:cut]), 0)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes out a held-back incomplete character, escaped.
func (g *Writer) Close() error {
	if len(g.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(g.w, Text(string(g.pending), 0))
	g.pending = nil
	return err
}
