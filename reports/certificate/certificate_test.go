package certificate

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

var (
	runsMu sync.Mutex
	runs   = map[string]*result.Run{}
)

// reference certifies the reference as an implementation of the messenger
// role alone (builtin:reference?roles=messenger) once per filter and
// switches, and hands each test its own copy of the run's top level and
// requirement verdicts, which is all the tests change: a certification under
// -race takes seconds, and these tests need only a handful of distinct runs.
// A certificate says the same of one role's certification as of four's, and
// the messenger's is a ninth of the whole's CPU under -race.
func reference(t *testing.T, tags string, violations ...string) *result.Run {
	t.Helper()
	return runOf(t, "builtin:reference?roles=messenger", nil, tags, violations...)
}

// runOf is reference for the target spec, run for the given roles only
// (nil: every role the target claims).
func runOf(t *testing.T, spec string, roles []string, tags string, violations ...string) *result.Run {
	t.Helper()
	key := spec + "|" + strings.Join(roles, ",") + "|" + tags + "|" + strings.Join(violations, ",")
	runsMu.Lock()
	defer runsMu.Unlock()
	run, ok := runs[key]
	if !ok {
		tg, err := target.Resolve(target.WithViolations(spec, violations...))
		require.NoError(t, err)
		// A run with a switch is there to fail, which it does at any depth:
		// it runs quick; the reference's own run has a certification's.
		depth := result.DepthCertification
		if len(violations) > 0 {
			depth = result.DepthQuick
		}
		run, err = runner.Run(context.Background(), runner.Config{Target: tg, Roles: roles, Concurrency: 4, Seed: 7, Tags: tags, Depth: depth})
		require.NoError(t, err)
		runs[key] = run
	}
	cp := *run
	cp.RolesClaimed = append([]string(nil), run.RolesClaimed...)
	cp.RolesTested = append([]string(nil), run.RolesTested...)
	cp.Waivers = append([]result.Waiver(nil), run.Waivers...)
	cp.Warnings = append([]string(nil), run.Warnings...)
	cp.Requirements = nil
	for _, q := range run.Requirements {
		qc := *q
		cp.Requirements = append(cp.Requirements, &qc)
	}
	return &cp
}

func keys(t *testing.T) (ed25519.PrivateKey, ed25519.PublicKey) {
	t.Helper()
	privPEM, pubPEM, err := GenerateKey()
	require.NoError(t, err)
	priv, err := ParsePrivateKey(privPEM)
	require.NoError(t, err)
	pub, err := ParsePublicKey(pubPEM)
	require.NoError(t, err)
	return priv, pub
}

func signed(t *testing.T, run *result.Run, priv ed25519.PrivateKey) []byte {
	t.Helper()
	c := Build(run)
	require.NoError(t, c.Sign(priv))
	var b bytes.Buffer
	require.NoError(t, c.Write(&b))
	return b.Bytes()
}

func TestCertificateOfTheReference(t *testing.T) {
	run := reference(t, "")
	c := Build(run)
	assert.True(t, c.Certified, c.NotCertifiedBecause)
	assert.Empty(t, c.NotCertifiedBecause)
	assert.Equal(t, run.RequirementSet, c.RequirementSet.SHA256)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, c.RequirementSet.Version, "the embedded set's version, next to its digest")
	assert.Equal(t, run.RequirementSetVersion, c.RequirementSet.Version)
	require.NotEmpty(t, c.RequirementSet.Files)
	assert.Len(t, c.RequirementSet.Files, len(run.RequirementFiles))
	for _, f := range c.RequirementSet.Files {
		assert.Len(t, f.SHA256, 64, f.Path)
	}
	assert.Equal(t, len(run.Requirements), len(c.Requirements))
	assert.Equal(t, "hutong reference implementation", c.Implementation.Name)
	assert.Equal(t, run.Implementation.Roles, c.RolesClaimed)
	assert.Contains(t, c.RolesClaimed, "messenger")
	assert.False(t, c.Started.IsZero() || c.Finished.IsZero())
	assert.Equal(t, int64(7), c.Seed)
	assert.Equal(t, result.DepthCertification, c.Depth)
}

// The certificate says what the implementation announced at discovery, in
// its signed body: the capabilities a verdict was judged with, and the
// surfaces besides chats LINK-07 checked. A messenger that names none says
// so by their absence, and a certificate edited to claim more fails to
// verify.
func TestTheCertificateRecordsWhatWasAnnounced(t *testing.T) {
	c := Build(reference(t, ""))
	assert.Equal(t, []string{"logistics"}, c.Implementation.Capabilities, "the reference offers carriers, and no pages unless asked")
	assert.Equal(t, []string{"article_ad", "moments_ad", "short_video"}, c.Implementation.Surfaces)

	tg, err := target.InProcessVaried("builtin:reference", nil, []string{"no-surfaces"})
	require.NoError(t, err)
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Roles: []string{"messenger"}, Concurrency: 2, Seed: 7, Tags: "@LINK-07"})
	require.NoError(t, err)
	c = Build(run)
	assert.Empty(t, c.Implementation.Surfaces, "chats only")
	var b bytes.Buffer
	require.NoError(t, c.Write(&b))
	assert.NotContains(t, b.String(), `"surfaces"`)

	priv, pub := keys(t)
	doc := signed(t, reference(t, ""), priv)
	assert.Contains(t, string(doc), `"capabilities": [`)
	edited := bytes.Replace(doc, []byte(`"logistics"`), []byte(`"pages"`), 1)
	require.NotEqual(t, doc, edited)
	_, err = Verify(edited, pub)
	require.Error(t, err, "the capabilities are signed")
	assert.Contains(t, err.Error(), "changed after it was signed")
}

func TestNeverCertifiedWhenAMustFailedOrDidNotRunOrTheRunWasCut(t *testing.T) {
	c := Build(reference(t, "", "rival-links-blocked"))
	assert.False(t, c.Certified)
	assert.Contains(t, strings.Join(c.NotCertifiedBecause, "\n"), "MUST requirement LINK-01 failed")

	c = Build(reference(t, "@LINK-04"))
	assert.False(t, c.Certified)
	assert.True(t, c.Partial)
	assert.Contains(t, strings.Join(c.NotCertifiedBecause, "\n"), "MUST requirement LINK-01 was not run")

	run := reference(t, "")
	run.Interrupted = true
	run.Decide()
	c = Build(run)
	assert.False(t, c.Certified)
	assert.Contains(t, c.NotCertifiedBecause, "the run was interrupted before it finished")

	// A quick run is never a certification, and the certificate says why.
	run = reference(t, "")
	run.Depth = result.DepthQuick
	run.Decide()
	c = Build(run)
	assert.Equal(t, result.Partial, c.Decision)
	assert.Equal(t, result.DepthQuick, c.Depth)
	assert.Contains(t, strings.Join(c.NotCertifiedBecause, "\n"), "--depth quick")

	// A claimed role left untested makes the run partial.
	run = reference(t, "")
	run.RolesClaimed = append(run.RolesClaimed, "payee")
	run.Decide()
	c = Build(run)
	assert.Equal(t, result.Partial, c.Decision)
	assert.False(t, c.Certified)
	assert.Contains(t, strings.Join(c.NotCertifiedBecause, "\n"), `"payee", which was not tested`)
}

func TestWaivedMustDoesNotBlockButIsListed(t *testing.T) {
	// The reference's own run, with LINK-01 failed and waived: a switch's
	// run would be quick, and a quick run never certifies, waived or not.
	run := reference(t, "")
	w := result.Waiver{Requirement: "LINK-01", Reason: "r", Approver: "a", Expires: "2099-01-01", Status: result.WaiverApplied}
	for _, q := range run.Requirements {
		if q.Requirement.ID == "LINK-01" {
			q.Verdict, q.Waiver = result.Waived, &w
		}
	}
	run.Waivers = []result.Waiver{w}
	run.Decide()
	c := Build(run)
	assert.True(t, c.Certified, c.NotCertifiedBecause)
	assert.Equal(t, []result.Waiver{w}, c.Waivers)
}

func TestSignedCertificateVerifies(t *testing.T) {
	priv, pub := keys(t)
	doc := signed(t, reference(t, ""), priv)
	c, err := Verify(doc, pub)
	require.NoError(t, err)
	assert.True(t, c.Certified)
	// Canonical form ignores layout: re-indenting does not break it.
	c2, err := Verify(bytes.ReplaceAll(doc, []byte("\n  "), []byte("\n    ")), pub)
	require.NoError(t, err)
	assert.Equal(t, c.Seed, c2.Seed)
}

func TestOneByteChangedIsRejected(t *testing.T) {
	priv, pub := keys(t)
	// Any run with a failed verdict will do; this one other tests share.
	doc := signed(t, reference(t, "", "rival-links-blocked"), priv)
	changes := map[string]func([]byte) []byte{
		"a verdict": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"verdict": "fail"`), []byte(`"verdict": "pass"`), 1)
		},
		"the seed": func(b []byte) []byte { return bytes.Replace(b, []byte(`"seed": 7`), []byte(`"seed": 8`), 1) },
		"a name": func(b []byte) []byte {
			return bytes.Replace(b, []byte("hutong reference"), []byte("hutong referencf"), 1)
		},
		"a new field": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"seed": 7`), []byte(`"seed": 7, "extra": true`), 1)
		},
		"a digest": func(b []byte) []byte {
			i := bytes.Index(b, []byte(`"sha256": "`)) + len(`"sha256": "`)
			out := append([]byte(nil), b...)
			out[i] ^= 1
			return out
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			bad := change(doc)
			require.NotEqual(t, doc, bad, "the test did not change anything")
			_, err := Verify(bad, pub)
			require.Error(t, err)
			assert.True(t, IsInvalid(err))
			assert.Contains(t, err.Error(), "changed after it was signed")
		})
	}
	// Every single byte of the signed content matters: flip each in turn
	// (every flipStride-th under -race), on a small certificate to keep the
	// test quick. Each flip costs a whole Verify (decoding, canonical form,
	// signature), so the certificate is of one role's requirements, the
	// messenger's six rather than every role's 37: a third of the bytes,
	// each Verify quicker too, and still every field a certificate has, a
	// failed verdict and its reason, a partial run's filter, roles claimed
	// and not tested, every feature file's digest, and non-ASCII text.
	doc = signed(t, runOf(t, "builtin:reference", []string{"messenger"}, "@LINK-06", "no-report"), priv)
	body := bytes.Index(doc, []byte(`"signature"`))
	flipped := 0
	for i := 0; i < body; i++ {
		if doc[i] == ' ' || doc[i] == '\n' || doc[i] == ',' {
			continue
		}
		if flipped++; flipped%flipStride != 0 {
			continue
		}
		bad := append([]byte(nil), doc...)
		bad[i] ^= 0x01
		if _, err := Verify(bad, pub); err == nil {
			t.Fatalf("flipping byte %d (%q in %q) was not noticed", i, doc[i], around(doc, i))
		}
	}
}

func around(b []byte, i int) string {
	lo, hi := max(0, i-20), min(len(b), i+20)
	return string(b[lo:hi])
}

func TestSignedByAnotherKeyIsRejected(t *testing.T) {
	priv, _ := keys(t)
	_, otherPub := keys(t)
	doc := signed(t, reference(t, ""), priv)
	_, err := Verify(doc, otherPub)
	require.Error(t, err)
	assert.True(t, IsInvalid(err))
	assert.Contains(t, err.Error(), "another key")
}

func TestUnsignedAndMalformedAreRejected(t *testing.T) {
	_, pub := keys(t)
	var b bytes.Buffer
	require.NoError(t, Build(reference(t, "@LINK-01")).Write(&b))
	_, err := Verify(b.Bytes(), pub)
	assert.ErrorContains(t, err, "not signed")
	_, err = Verify([]byte("{"), pub)
	assert.ErrorContains(t, err, "not valid JSON")
	_, err = Verify([]byte(`{"format":"other/9"}`), pub)
	assert.ErrorContains(t, err, "format")
}

func TestChangedFeatureFileIsNamed(t *testing.T) {
	priv, pub := keys(t)
	c, err := Verify(signed(t, reference(t, ""), priv), pub)
	require.NoError(t, err)

	same := copyFS(t, features.FS)
	assert.NoError(t, c.CheckFeatures(same))

	changed := copyFS(t, features.FS)
	f := changed["links/links.feature"]
	f.Data = bytes.Replace(f.Data, []byte("one tap"), []byte("two taps"), 1)
	err = c.CheckFeatures(changed)
	require.Error(t, err)
	assert.True(t, IsInvalid(err))
	assert.Contains(t, err.Error(), "links/links.feature: changed since the certificate was made")

	added := copyFS(t, features.FS)
	added["extra/extra.feature"] = &fstest.MapFile{Data: []byte("Feature: x\n")}
	delete(added, "links/links.feature")
	err = c.CheckFeatures(added)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "extra/extra.feature: added")
	assert.Contains(t, err.Error(), "links/links.feature: removed")
}

func copyFS(t *testing.T, src fs.FS) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	}))
	return out
}

func TestKeysRefuseTheWrongKind(t *testing.T) {
	privPEM, pubPEM, err := GenerateKey()
	require.NoError(t, err)
	_, err = ParsePrivateKey(pubPEM)
	assert.ErrorContains(t, err, "not a PRIVATE KEY")
	_, err = ParsePublicKey(privPEM)
	assert.ErrorContains(t, err, "not a PUBLIC KEY")
	_, err = ParsePublicKey([]byte("hello"))
	assert.ErrorContains(t, err, "not a PEM file")
}

// A certificate made against the Chinese twin records the language and
// binds the Chinese files: it checks against a feature directory's zh-CN/,
// or that directory itself, and not against the English text.
func TestAChineseCertificateBindsTheChineseText(t *testing.T) {
	zh, err := requirement.LoadLang(features.All, "zh-CN")
	require.NoError(t, err)
	run := &result.Run{Harness: "hutong", RequirementSet: zh.Digest(), RequirementSetVersion: zh.VersionLabel(), RequirementFiles: zh.Files, Lang: zh.Lang}
	c := Build(run)
	assert.Equal(t, "zh-CN", c.RequirementSet.Lang)
	assert.NoError(t, c.CheckFeatures(features.All))
	sub, err := fs.Sub(features.All, "zh-CN")
	require.NoError(t, err)
	assert.NoError(t, c.CheckFeatures(sub), "the twin's own directory")
	err = c.CheckFeatures(features.FS)
	require.Error(t, err)
	assert.True(t, IsInvalid(err))
	assert.Contains(t, err.Error(), "the feature files are written in en; the certificate was made against the requirement text in zh-CN")

	en, err := requirement.Load(features.FS)
	require.NoError(t, err)
	old := Build(&result.Run{Harness: "hutong", RequirementSet: en.Digest(), RequirementFiles: en.Files})
	assert.Empty(t, old.RequirementSet.Lang, "a run recording no language is English")
	assert.NoError(t, old.CheckFeatures(features.All), "an English certificate checks the English text beside the twins")
}
