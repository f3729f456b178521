package certificate

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"

	"github.com/hutong-interop/hutong/model/requirement"
)

// Invalid is a certificate that must not be trusted, and why.
type Invalid struct{ Reasons []string }

func (e *Invalid) Error() string {
	if len(e.Reasons) == 1 {
		return e.Reasons[0]
	}
	s := "the certificate is not valid:"
	for _, r := range e.Reasons {
		s += "\n  - " + r
	}
	return s
}

// Verify checks that doc, the bytes of a certificate.json, carries a valid
// signature by pub. It returns the certificate when it does, and an *Invalid
// naming what is wrong when it does not.
func Verify(doc []byte, pub ed25519.PublicKey) (*Certificate, error) {
	// A member given twice is read differently by different readers (Go
	// takes the last, others the first), so a signed document could say
	// "certified" to one verifier and not to another. None is accepted.
	if err := noDuplicateMembers(doc); err != nil {
		return nil, &Invalid{[]string{"the certificate " + err.Error()}}
	}
	var c Certificate
	if err := json.Unmarshal(doc, &c); err != nil {
		return nil, &Invalid{[]string{"the certificate is not valid JSON: " + err.Error()}}
	}
	if c.Format != Format {
		return nil, &Invalid{[]string{fmt.Sprintf("the certificate's format is %q; this hutong reads %q", c.Format, Format)}}
	}
	if c.Signature == nil {
		return &c, &Invalid{[]string{"the certificate is not signed"}}
	}
	if c.Signature.Algorithm != Algorithm {
		return &c, &Invalid{[]string{fmt.Sprintf("the signature algorithm is %q; only %s is accepted", c.Signature.Algorithm, Algorithm)}}
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature.Value)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return &c, &Invalid{[]string{"the signature value is not a base64 Ed25519 signature"}}
	}
	msg, err := canonicalJSON(doc)
	if err != nil {
		return &c, &Invalid{[]string{"the certificate " + err.Error()}}
	}
	if !ed25519.Verify(pub, msg, sig) {
		if signer, err := base64.StdEncoding.DecodeString(c.Signature.PublicKey); err == nil && !ed25519.PublicKey(signer).Equal(pub) {
			return &c, &Invalid{[]string{"the signature does not verify: the certificate says it was signed by another key than the one given (or it was changed after signing)"}}
		}
		return &c, &Invalid{[]string{"the signature does not verify: the certificate was changed after it was signed"}}
	}
	return &c, nil
}

// CheckFeatures compares the requirement text under fsys with the text the
// certificate was made against, file by file, in the certificate's language:
// fsys is a requirement set, whose twin in that language is checked (its
// zh-CN/ for a Chinese certificate), or that language's text itself. It
// returns an *Invalid naming every changed, added and removed feature file.
func (c *Certificate) CheckFeatures(fsys fs.FS) error {
	lang := requirement.NormLang(c.RequirementSet.Lang)
	sel, err := requirement.ForLang(fsys, lang)
	switch {
	case errors.Is(err, requirement.ErrNoLang):
		sel = fsys // the twin's own directory
	case err != nil:
		return fmt.Errorf("reading the feature files: %w", err)
	}
	set, err := requirement.Load(sel)
	if set == nil {
		return fmt.Errorf("reading the feature files: %w", err)
	}
	if set.Lang != lang {
		return &Invalid{[]string{fmt.Sprintf("the feature files are written in %s; the certificate was made against the requirement text in %s", set.Lang, lang)}}
	}
	then := map[string]string{}
	for _, f := range c.RequirementSet.Files {
		then[f.Path] = f.SHA256
	}
	var problems []string
	now := map[string]bool{}
	for _, f := range set.Files {
		now[f.Path] = true
		was, ok := then[f.Path]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: added since the certificate was made", f.Path))
		case was != f.SHA256:
			problems = append(problems, fmt.Sprintf("%s: changed since the certificate was made (sha256 then %s, now %s)", f.Path, short(was), short(f.SHA256)))
		}
	}
	for p := range then {
		if !now[p] {
			problems = append(problems, fmt.Sprintf("%s: removed since the certificate was made", p))
		}
	}
	sort.Strings(problems)
	if len(problems) == 0 && set.Digest() != c.RequirementSet.SHA256 {
		problems = append(problems, fmt.Sprintf("the requirement set's digest is %s, the certificate's %s", short(set.Digest()), short(c.RequirementSet.SHA256)))
	}
	if len(problems) > 0 {
		return &Invalid{problems}
	}
	return nil
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// IsInvalid reports whether err says the certificate is not to be trusted
// (as opposed to the check being impossible).
func IsInvalid(err error) bool {
	var inv *Invalid
	return errors.As(err, &inv)
}

// noDuplicateMembers walks doc's tokens and fails on the first object that
// names a member twice, at any depth, saying where.
func noDuplicateMembers(doc []byte) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	type frame struct {
		object bool
		seen   map[string]bool
		key    bool // the next string token is a member name
	}
	var stack []*frame
	path := func() string {
		return fmt.Sprintf("at byte %d", dec.InputOffset())
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("is not valid JSON: %v", err)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.key {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			name, _ := tok.(string)
			if top.seen[name] {
				return fmt.Errorf("names the member %q twice in one object (%s): which one a reader takes depends on the reader", name, path())
			}
			top.seen[name] = true
			top.key = false
			continue
		}
		if top != nil && top.object {
			top.key = true // this token is the member's value
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, seen: map[string]bool{}, key: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim(']'), json.Delim('}'):
			stack = stack[:len(stack)-1]
		}
	}
}
