// Package certificate writes and checks certificate.json: what was certified
// (the implementation as it identified itself, the roles, and the optional
// parts of the contract it announced, which decide the requirements run),
// against what (the SHA-256 of every feature file and of the whole
// requirement set), with what outcome (every requirement's verdict, waivers, the decision and why), when
// and with which seed — optionally signed with Ed25519, so that a regulator
// can check both that the certificate is authentic and that the requirement
// text it was certified against is the text they are reading.
package certificate

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/result"
)

// Format names this document's layout; a verifier refuses layouts it does not
// know rather than guess.
const Format = "hutong-certificate/1"

// Certificate is certificate.json.
type Certificate struct {
	Format         string                    `json:"format"`
	Implementation result.ImplementationInfo `json:"implementation"`
	Target         string                    `json:"target"`
	RolesClaimed   []string                  `json:"roles_claimed"`
	RolesTested    []string                  `json:"roles_tested"`
	Harness        string                    `json:"harness"`
	HarnessVersion string                    `json:"harness_version"`
	RequirementSet RequirementSet            `json:"requirement_set"`
	// Evidence are the report files written with the certificate (junit.xml,
	// cucumber.json, report.html) and their digests: the bundle it vouches for.
	Evidence     []File          `json:"evidence,omitempty"`
	Requirements []Verdict       `json:"requirements"`
	Waivers      []result.Waiver `json:"waivers"`
	Tags         string          `json:"tags,omitempty"`
	Seed         int64           `json:"seed"`
	// Depth is how many cases the run drew (result.DepthCertification,
	// result.DepthQuick): a quick run is never a certification.
	Depth       string    `json:"depth"`
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished"`
	Partial     bool      `json:"partial"`
	Interrupted bool      `json:"interrupted"`
	// Warnings are conditions of the run a reader must know, such as TLS
	// verification of the implementation having been off.
	Warnings []string `json:"warnings,omitempty"`
	// Decision is the run's one decision (result.Decision); Certified and
	// Summary derive from it, never from rules of this package's own.
	Decision  result.Decision `json:"decision"`
	FailOn    string          `json:"fail_on"`
	Certified bool            `json:"certified"`
	// NotCertifiedBecause says in plain words every reason the run is not a
	// plain certification (for certified with findings: the findings).
	NotCertifiedBecause []string   `json:"not_certified_because,omitempty"`
	Summary             string     `json:"summary"`
	Signature           *Signature `json:"signature,omitempty"`
}

// RequirementSet binds the certificate to the requirement text.
type RequirementSet struct {
	SHA256 string `json:"sha256"`
	// Version names the text (result.Run.RequirementSetVersion); the
	// digest, not the name, is what the signature binds the text by.
	Version string `json:"version,omitempty"`
	// Lang is the language of the text (result.Run.Lang): "en", or "zh-CN"
	// for the Chinese twin, whose files Files are, at their paths below
	// zh-CN/ ("" in certificates made before there were twins: English).
	Lang  string `json:"lang,omitempty"`
	Files []File `json:"files"`
}

// File is one feature file's digest.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Verdict is one requirement's outcome.
type Verdict struct {
	ID        string         `json:"id"`
	Level     string         `json:"level"`
	Roles     []string       `json:"roles"`
	Statement string         `json:"statement"`
	Verdict   result.Verdict `json:"verdict"`
	Reason    string         `json:"reason,omitempty"`
	// Cases, Threats and Power say how much the verdict rests on: the
	// cases judged, the attacks tried of them, and the detection power.
	Cases   int      `json:"cases"`
	Threats []string `json:"threats_tried,omitempty"`
	Power   string   `json:"power,omitempty"`
	// Attacks says how many of the threats tried got through: "none of
	// these 14 attacks got through" is what a passed security requirement
	// rests on.
	Attacks string `json:"attacks,omitempty"`
	// Basis is how the verdict was established: "artefact", "observed"
	// (a page seen in a browser) or "declared" (the implementation's word).
	Basis string `json:"basis,omitempty"`
}

// Signature is an Ed25519 signature over the canonical form of the
// certificate without its signature field.
type Signature struct {
	Algorithm string `json:"algorithm"`
	// PublicKey is the signer's key, base64; informational only: a verifier
	// checks against the key it was given, never against this one.
	PublicKey string `json:"public_key"`
	Value     string `json:"value"`
}

// Algorithm is the only signature algorithm.
const Algorithm = "Ed25519"

// Build makes the certificate of run. It takes the run's decision as it is:
// the decision is made once (result.Run.Decide), so the certificate, the exit
// code and every other report say the same.
func Build(run *result.Run) *Certificate {
	c := &Certificate{
		Format: Format, Implementation: run.Implementation, Target: run.Target,
		RolesClaimed: nonNil(run.RolesClaimed), RolesTested: nonNil(run.RolesTested),
		Harness: run.Harness, HarnessVersion: run.HarnessVersion,
		RequirementSet: RequirementSet{SHA256: run.RequirementSet, Version: run.RequirementSetVersion, Lang: run.Lang, Files: []File{}},
		Requirements:   []Verdict{}, Waivers: append([]result.Waiver{}, run.Waivers...),
		Tags: run.Tags, Seed: run.Seed, Depth: run.DepthDrawn(), Started: run.Started.UTC(), Finished: run.Finished.UTC(),
		Partial: run.Partial, Interrupted: run.Interrupted, Summary: run.Summary,
		Decision: run.Decision, FailOn: run.FailOn, Certified: run.Certified,
		NotCertifiedBecause: append([]string(nil), run.Reasons...),
		Warnings:            append([]string(nil), run.Warnings...),
	}
	for _, f := range run.RequirementFiles {
		c.RequirementSet.Files = append(c.RequirementSet.Files, File{Path: f.Path, SHA256: f.SHA256})
	}
	for _, q := range run.Requirements {
		c.Requirements = append(c.Requirements, Verdict{ID: q.Requirement.ID, Level: q.Requirement.Level,
			Roles: q.Requirement.Roles, Statement: q.Requirement.Statement, Verdict: q.Verdict, Reason: q.Reason,
			Cases: q.Cases, Threats: threatsTried(q), Power: q.Power, Attacks: q.Attacks, Basis: q.Basis})
	}
	return c
}

// threatsTried lists each threat a requirement's scenarios tried, with its
// outcome, once.
func threatsTried(q *result.RequirementResult) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range q.Scenarios {
		for _, c := range s.Cases {
			if c.Kind != evidence.CaseThreat {
				continue
			}
			line := c.Name + ": held"
			if !c.Held {
				line = c.Name + ": NOT held — " + c.Detail
			}
			if !seen[line] {
				seen[line] = true
				out = append(out, line)
			}
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Sign signs c with key, replacing any earlier signature.
func (c *Certificate) Sign(key ed25519.PrivateKey) error {
	c.Signature = nil
	msg, err := Canonical(c)
	if err != nil {
		return err
	}
	c.Signature = &Signature{
		Algorithm: Algorithm,
		PublicKey: base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)),
		Value:     base64.StdEncoding.EncodeToString(ed25519.Sign(key, msg)),
	}
	return nil
}

// Write writes c as indented JSON.
func (c *Certificate) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// Canonical is the signed form of a certificate: its JSON, without the
// "signature" member, parsed and re-encoded with object members in sorted
// order, no insignificant white space, and numbers exactly as written. It
// works on the document as a whole, not on the Certificate type, so that a
// member added to a signed file breaks the signature like any other change.
func Canonical(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return canonicalJSON(b)
}

func canonicalJSON(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if dec.More() {
		return nil, errors.New("not a JSON object: something follows it")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not a JSON object: something follows it")
	}
	delete(m, "signature")
	return json.Marshal(m)
}
