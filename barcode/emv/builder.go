package emv

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Builder assembles a payload from objects in the order they are added
// and finishes it with the CRC (ID 63). It checks only that every object
// can be written as TLV; it deliberately lets through payloads that break
// other rules, so that a test harness can build faulty codes on purpose.
// Run Validate on the result to check the rules.
//
// The methods chain; the first error is kept and returned by Build.
type Builder struct {
	objects []Object
	err     error
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{} }

// Add appends a primitive object.
func (b *Builder) Add(id, value string) *Builder {
	return b.AddObject(Object{ID: id, Value: value})
}

// AddTemplate appends a template whose value is the encoding of children.
func (b *Builder) AddTemplate(id string, children ...Object) *Builder {
	if len(children) == 0 {
		return b.fail(fmt.Errorf("emv: template %s has no sub-objects", id))
	}
	return b.AddObject(Object{ID: id, Children: children})
}

// AddObject appends an object as Encode would write it.
func (b *Builder) AddObject(o Object) *Builder {
	if o.ID == "63" {
		return b.fail(fmt.Errorf("emv: ID 63 (CRC) is added by Build, not by the caller"))
	}
	b.objects = append(b.objects, o)
	return b
}

func (b *Builder) fail(err error) *Builder {
	if b.err == nil {
		b.err = err
	}
	return b
}

// Build encodes the objects, appends "6304" and the CRC over everything
// before it, and returns the payload.
func (b *Builder) Build() (string, error) {
	if b.err != nil {
		return "", b.err
	}
	body, err := Encode(b.objects...)
	if err != nil {
		return "", err
	}
	body += "6304"
	return body + crcHex(body), nil
}

// Encode writes objects as TLV, without adding a CRC. An object with
// Children is written from its children; if it also has a Value, the two
// must agree, so that a decoded Object re-encodes to the same text.
func Encode(objects ...Object) (string, error) {
	var sb strings.Builder
	for _, o := range objects {
		if err := encodeObject(&sb, o); err != nil {
			return "", err
		}
	}
	return sb.String(), nil
}

func encodeObject(sb *strings.Builder, o Object) error {
	if len(o.ID) != 2 || !isDigits(o.ID) {
		return fmt.Errorf("emv: ID %q is not two digits", o.ID)
	}
	value := o.Value
	if len(o.Children) > 0 {
		enc, err := Encode(o.Children...)
		if err != nil {
			return fmt.Errorf("emv: template %s: %w", o.ID, err)
		}
		if o.Value != "" && o.Value != enc {
			return fmt.Errorf("emv: template %s: Value %q disagrees with its Children (%q)", o.ID, o.Value, enc)
		}
		value = enc
	}
	// The length field counts characters, so a Chinese name of four
	// characters is "04" although it takes twelve bytes.
	n := utf8.RuneCountInString(value)
	if n > 99 {
		return fmt.Errorf("emv: ID %s: value is %d characters long, TLV allows at most 99", o.ID, n)
	}
	fmt.Fprintf(sb, "%s%02d%s", o.ID, n, value)
	return nil
}
