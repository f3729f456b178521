package emv

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Object is one data object. For templates (IDs 26-51, 62, 64 and 80-99
// at the top level) Value is the encoded template and Children holds the
// sub-objects decoded from it; for primitive objects Children is nil.
type Object struct {
	ID       string
	Value    string
	Children []Object
}

// Child returns the first sub-object of a template with the given ID.
func (o Object) Child(id string) (Object, bool) {
	for _, c := range o.Children {
		if c.ID == id {
			return c, true
		}
	}
	return Object{}, false
}

// Payload is a decoded payload: its top-level objects in the order they
// appear, and the string they were decoded from.
type Payload struct {
	Objects []Object
	Raw     string
}

// Get returns the first top-level object with the given ID. A dotted path
// such as "62.05" or "64.01" reaches a sub-object of a template.
func (p *Payload) Get(id string) (Object, bool) {
	if p == nil {
		return Object{}, false
	}
	top, sub, nested := strings.Cut(id, ".")
	for _, o := range p.Objects {
		if o.ID != top {
			continue
		}
		if !nested {
			return o, true
		}
		return o.Child(sub)
	}
	return Object{}, false
}

// ParseError describes a break in the TLV structure.
type ParseError struct {
	// Offset is the character offset, from the start of the whole
	// payload, of the object that could not be decoded.
	Offset int
	// ID is the ID of that object, or "" when the ID itself is
	// unreadable.
	ID string
	// Template is the ID of the enclosing template, or "" at top level.
	Template string
	// Reason says what is wrong, in plain English.
	Reason string
}

func (e *ParseError) Error() string {
	where := "top level"
	if e.Template != "" {
		where = "inside template " + e.Template
	}
	id := "unreadable ID"
	if e.ID != "" {
		id = "ID " + e.ID
	}
	return fmt.Sprintf("emv: broken TLV at character offset %d (%s, %s): %s", e.Offset, id, where, e.Reason)
}

// Parse decodes a payload, including the sub-objects of templates. It
// returns a *ParseError at the first object it cannot decode; the Payload
// it returns then is never nil and holds the objects decoded before the
// break, so callers can still show what was readable. Parse checks
// structure only: use Validate for the rules of the specification.
func Parse(s string) (*Payload, error) {
	p := &Payload{Raw: s}
	objs, pos, perr := decodeLevel(s, 0, 0, "")
	for i := range objs {
		if !isTemplate(objs[i].ID) {
			continue
		}
		kids, _, kerr := decodeLevel(objs[i].Value, pos[i].valueChar, pos[i].valueByte, objs[i].ID)
		if kerr != nil {
			p.Objects = objs[:i+1]
			return p, kerr
		}
		objs[i].Children = kids
	}
	p.Objects = objs
	if perr != nil {
		return p, perr
	}
	return p, nil
}

// position records where an object sits in the whole payload, so that
// errors can name absolute offsets and the CRC can cover exact bytes.
type position struct {
	char, byte_          int // start of the ID
	valueChar, valueByte int // start of the value
}

// decodeLevel decodes one level of TLV. baseChar and baseByte are the
// offsets of s within the whole payload. It returns the objects decoded
// before any break.
func decodeLevel(s string, baseChar, baseByte int, template string) ([]Object, []position, *ParseError) {
	var (
		objs []Object
		pos  []position
		i, c int // byte and character offsets within s
	)
	fail := func(id, format string, args ...any) *ParseError {
		return &ParseError{Offset: baseChar + c, ID: id, Template: template, Reason: fmt.Sprintf(format, args...)}
	}
	for i < len(s) {
		if len(s)-i < 2 || !isDigits(s[i:i+2]) {
			return objs, pos, fail("", "ID %q is not two digits", headChars(s[i:], 2))
		}
		id := s[i : i+2]
		if len(s)-i < 4 {
			return objs, pos, fail(id, "length %q is truncated", headChars(s[i+2:], 2))
		}
		if !isDigits(s[i+2 : i+4]) {
			return objs, pos, fail(id, "length %q is not two digits", headChars(s[i+2:], 2))
		}
		n := int(s[i+2]-'0')*10 + int(s[i+3]-'0')
		start := i + 4
		end := start
		for k := 0; k < n; k++ {
			if end >= len(s) {
				return objs, pos, fail(id, "value runs past the end: length says %d characters, only %d remain", n, k)
			}
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
		objs = append(objs, Object{ID: id, Value: s[start:end]})
		pos = append(pos, position{
			char: baseChar + c, byte_: baseByte + i,
			valueChar: baseChar + c + 4, valueByte: baseByte + start,
		})
		i = end
		c += 4 + n
	}
	return objs, pos, nil
}

// isTemplate reports whether a top-level ID holds nested TLV.
func isTemplate(id string) bool {
	n, ok := idNumber(id)
	if !ok {
		return false
	}
	return (n >= 26 && n <= 51) || n == 62 || n == 64 || n >= 80
}

// idNumber converts a two-digit ID to its number.
func idNumber(id string) (int, bool) {
	if len(id) != 2 || !isDigits(id) {
		return 0, false
	}
	return int(id[0]-'0')*10 + int(id[1]-'0'), true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// headChars returns up to n characters from the start of s, for quoting
// the offending text in an error.
func headChars(s string, n int) string {
	end := 0
	for k := 0; k < n && end < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	return s[:end]
}
