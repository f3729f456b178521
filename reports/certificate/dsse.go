package certificate

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"
)

// The certificate is also issued as an in-toto Statement in a DSSE envelope
// (certificate.dsse.json), the form supply-chain tools (cosign, in-toto,
// SLSA verifiers) already read: its subjects are the evidence bundle's files
// with their SHA-256, and its predicate is the certificate itself. The
// envelope is signed over DSSE's pre-authentication encoding with the same
// Ed25519 key as certificate.json, so either document can be checked alone.
const (
	// EnvelopeFile is the envelope's name beside certificate.json.
	EnvelopeFile = "certificate.dsse.json"
	// PayloadType is DSSE's payloadType for an in-toto Statement.
	PayloadType = "application/vnd.in-toto+json"
	// StatementType is the in-toto Statement layer, version 1.
	StatementType = "https://in-toto.io/Statement/v1"
	// PredicateType names the hutong certificate as an in-toto predicate.
	PredicateType = "https://github.com/hutong-interop/hutong/certificate/v1"
)

// Statement is an in-toto Statement v1 whose predicate is a certificate.
// The type is written here, not taken from github.com/in-toto/attestation,
// because that module brings protocol buffers for a JSON shape of four
// members.
type Statement struct {
	Type          string       `json:"_type"`
	Subject       []Subject    `json:"subject"`
	PredicateType string       `json:"predicateType"`
	Predicate     *Certificate `json:"predicate"`
}

// Subject is one artefact the statement is about.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// BindEvidence records the SHA-256 of each file of the evidence bundle (the
// reports written beside the certificate) in c, so that the certificate, and
// the statement made of it, vouch for exactly those bytes.
func (c *Certificate) BindEvidence(files map[string][]byte) {
	c.Evidence = make([]File, 0, len(files))
	for name, b := range files {
		sum := sha256.Sum256(b)
		c.Evidence = append(c.Evidence, File{Path: name, SHA256: hex.EncodeToString(sum[:])})
	}
	sort.Slice(c.Evidence, func(i, j int) bool { return c.Evidence[i].Path < c.Evidence[j].Path })
}

type ed25519Signer struct {
	priv ed25519.PrivateKey
	pub  ed25519.PublicKey
}

func (s ed25519Signer) Sign(_ context.Context, data []byte) ([]byte, error) {
	return ed25519.Sign(s.priv, data), nil
}

func (s ed25519Signer) Verify(_ context.Context, data, sig []byte) error {
	if !ed25519.Verify(s.pub, data, sig) {
		return errors.New("the Ed25519 signature does not verify")
	}
	return nil
}

func (s ed25519Signer) KeyID() (string, error)   { return dsse.SHA256KeyID(s.pub) }
func (s ed25519Signer) Public() crypto.PublicKey { return s.pub }

// WriteEnvelope writes c, unsigned form, as an in-toto Statement whose
// subjects are c's evidence files, in a DSSE envelope signed with key.
func (c *Certificate) WriteEnvelope(w io.Writer, key ed25519.PrivateKey) error {
	pred := *c
	pred.Signature = nil
	st := Statement{Type: StatementType, PredicateType: PredicateType, Predicate: &pred, Subject: []Subject{}}
	for _, f := range c.Evidence {
		st.Subject = append(st.Subject, Subject{Name: f.Path, Digest: map[string]string{"sha256": f.SHA256}})
	}
	body, err := json.Marshal(st)
	if err != nil {
		return err
	}
	signer, err := dsse.NewEnvelopeSigner(ed25519Signer{priv: key, pub: key.Public().(ed25519.PublicKey)})
	if err != nil {
		return err
	}
	env, err := signer.SignPayload(context.Background(), PayloadType, body)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(env)
}

// IsEnvelope reports whether doc looks like a DSSE envelope rather than a
// certificate.json.
func IsEnvelope(doc []byte) bool {
	var probe struct {
		PayloadType *string `json:"payloadType"`
	}
	return json.Unmarshal(doc, &probe) == nil && probe.PayloadType != nil
}

// VerifyEnvelope checks that doc is a DSSE envelope signed by pub, holding an
// in-toto Statement of a hutong certificate whose subjects are the
// certificate's own evidence files, and returns the certificate.
func VerifyEnvelope(doc []byte, pub ed25519.PublicKey) (*Certificate, error) {
	if err := noDuplicateMembers(doc); err != nil {
		return nil, &Invalid{[]string{"the envelope " + err.Error()}}
	}
	var env dsse.Envelope
	if err := json.Unmarshal(doc, &env); err != nil {
		return nil, &Invalid{[]string{"the envelope is not valid JSON: " + err.Error()}}
	}
	if env.PayloadType != PayloadType {
		return nil, &Invalid{[]string{fmt.Sprintf("the envelope's payloadType is %.80q; a hutong certificate is %q", env.PayloadType, PayloadType)}}
	}
	v, err := dsse.NewEnvelopeVerifier(ed25519Signer{pub: pub})
	if err != nil {
		return nil, err
	}
	_, body, err := v.VerifyAndDecode(context.Background(), &env)
	if err != nil {
		return nil, &Invalid{[]string{"the envelope's signature does not verify with the key given: " + err.Error()}}
	}
	if err := noDuplicateMembers(body); err != nil {
		return nil, &Invalid{[]string{"the statement " + err.Error()}}
	}
	var st Statement
	if err := json.Unmarshal(body, &st); err != nil {
		return nil, &Invalid{[]string{"the statement is not valid JSON: " + err.Error()}}
	}
	var problems []string
	if st.Type != StatementType {
		problems = append(problems, fmt.Sprintf("the statement's _type is %.80q, not %q", st.Type, StatementType))
	}
	if st.PredicateType != PredicateType {
		problems = append(problems, fmt.Sprintf("the statement's predicateType is %.80q, not %q", st.PredicateType, PredicateType))
	}
	if st.Predicate == nil || st.Predicate.Format != Format {
		problems = append(problems, "the statement's predicate is not a "+Format+" certificate")
	}
	if len(problems) > 0 {
		return nil, &Invalid{problems}
	}
	want := map[string]string{}
	for _, f := range st.Predicate.Evidence {
		want[f.Path] = f.SHA256
	}
	if len(st.Subject) != len(want) {
		problems = append(problems, fmt.Sprintf("the statement has %d subjects; the certificate binds %d evidence files", len(st.Subject), len(want)))
	}
	for _, s := range st.Subject {
		if want[s.Name] == "" || want[s.Name] != s.Digest["sha256"] {
			problems = append(problems, fmt.Sprintf("subject %.80q is not an evidence file the certificate binds with that digest", s.Name))
		}
	}
	if len(problems) > 0 {
		return nil, &Invalid{problems}
	}
	return st.Predicate, nil
}

// CheckEvidence compares the evidence files given (name to bytes; a missing
// file is absent from the map) with the digests c binds, and returns an
// *Invalid naming each file changed or missing.
func (c *Certificate) CheckEvidence(files map[string][]byte) error {
	var problems []string
	for _, f := range c.Evidence {
		b, ok := files[f.Path]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s is missing", f.Path))
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
			problems = append(problems, fmt.Sprintf("%s was changed: its SHA-256 is %s, the certificate binds %s", f.Path, short(got), short(f.SHA256)))
		}
	}
	if len(problems) > 0 {
		return &Invalid{problems}
	}
	return nil
}
