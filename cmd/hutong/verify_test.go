package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyFeatures copies the repository's feature files, for tests that change
// the requirement text after certifying.
func copyFeatures(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "..", "features")
	require.NoError(t, filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".feature" {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		require.NoError(t, os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755))
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	}))
	return dst
}

func TestKeygenCertifyVerify(t *testing.T) {
	dir := t.TempDir()
	// keygen, then certify --sign-key: shared with
	// TestCertifyReferenceExitsZeroAndWritesReports.
	c := certifiedAndSigned(t)
	prefix := c.key
	assert.Contains(t, c.keygen.out, prefix+".key")
	st, err := os.Stat(prefix + ".key")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the private key is readable only by its owner")
	code, _, errOut := hutong(t, "keygen", "--out", prefix)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "not overwriting")

	require.Equal(t, 0, c.certify.code, c.certify.out)
	certPath := filepath.Join(c.reports, "certificate.json")
	feats := copyFeatures(t)

	code, out, _ := hutong(t, "verify", certPath, "--pub", prefix+".pub", "--features", feats)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "VALID")
	assert.Contains(t, out, "Certified: true")

	t.Run("one byte changed", func(t *testing.T) {
		doc, err := os.ReadFile(certPath)
		require.NoError(t, err)
		bad := bytes.Replace(doc, []byte(`"seed": 20210917`), []byte(`"seed": 20210918`), 1)
		require.NotEqual(t, doc, bad)
		p := filepath.Join(t.TempDir(), "certificate.json")
		require.NoError(t, os.WriteFile(p, bad, 0o644))
		code, out, _ := hutong(t, "verify", p, "--pub", prefix+".pub")
		assert.Equal(t, exitNotCertified, code)
		assert.Contains(t, out, "INVALID")
		assert.Contains(t, out, "changed after it was signed")
	})
	t.Run("signed by another key", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other")
		code, _, _ := hutong(t, "keygen", "--out", other)
		require.Equal(t, 0, code)
		code, out, _ := hutong(t, "verify", "--pub", other+".pub", certPath)
		assert.Equal(t, exitNotCertified, code)
		assert.Contains(t, out, "another key")
	})
	t.Run("feature file changed since", func(t *testing.T) {
		p := filepath.Join(feats, "links", "links.feature")
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, bytes.Replace(b, []byte("one tap"), []byte("two taps"), 1), 0o644))
		code, out, _ := hutong(t, "verify", certPath, "--pub", prefix+".pub", "--features", feats)
		assert.Equal(t, exitNotCertified, code)
		assert.Contains(t, out, "links/links.feature: changed since the certificate was made")
	})
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"verify", certPath},
			{"verify", "--pub", prefix + ".pub"},
			{"verify", filepath.Join(dir, "missing.json"), "--pub", prefix + ".pub"},
			{"verify", certPath, "--pub", prefix + ".key"},
			{"verify", certPath, "--pub", prefix + ".pub", "--features", filepath.Join(dir, "nope")},
			{"certify", "--sign-key", prefix + ".pub", "--report-dir", t.TempDir()},
			{"keygen"},
		} {
			code, _, errOut := hutong(t, args...)
			assert.Equal(t, exitUsage, code, "%v: %s", args, errOut)
			assert.NotEmpty(t, errOut, "%v says why", args)
		}
	})
}

func TestUnsignedCertificateOfAFailedRunSaysNotCertified(t *testing.T) {
	dir := t.TempDir()
	// The run of LINK-01 alone: the switch breaks it; the certificate must
	// name the failure whatever else keeps it from certifying.
	code, _, _ := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-01", "--report-dir", dir, "--target", "builtin:reference?violate=rival-links-blocked")
	require.Equal(t, exitNotCertified, code)
	var c struct {
		Certified bool     `json:"certified"`
		Because   []string `json:"not_certified_because"`
		Signature any      `json:"signature"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "certificate.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &c))
	assert.False(t, c.Certified)
	assert.Contains(t, c.Because, "MUST requirement LINK-01 failed")
	assert.Nil(t, c.Signature)
	for _, f := range []string{"junit.xml", "cucumber.json", "report.html"} {
		_, err := os.Stat(filepath.Join(dir, f))
		assert.NoError(t, err, f)
	}
}

// A certificate made against the Chinese text is bound to the Chinese files:
// verify --features checks them, whether given the feature directory or its
// zh-CN/ itself, and an English certificate is not taken for a Chinese one.
func TestChineseCertificateVerifiesAgainstTheChineseText(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "signing")
	code, _, errOut := hutong(t, "keygen", "--out", prefix)
	require.Equal(t, 0, code, errOut)
	t.Setenv("HUTONG_LANG", "zh-CN") // the variable works as the flag does
	zhReports := filepath.Join(dir, "zh")
	// LINK-04 alone, whose verdict is read in Chinese: a certificate binds
	// every feature file of its text, whatever the run selected.
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-04", "--sign-key", prefix+".key", "--report-dir", zhReports)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "requirement text in zh-CN")
	assert.Contains(t, out, "群聊中的电商链接可直接打开", "the verdicts read in Chinese")
	var c struct {
		Set struct {
			Lang    string `json:"lang"`
			Version string `json:"version"`
			Files   []struct {
				Path string `json:"path"`
			} `json:"files"`
		} `json:"requirement_set"`
	}
	b, err := os.ReadFile(filepath.Join(zhReports, "certificate.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &c))
	assert.Equal(t, "zh-CN", c.Set.Lang)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, c.Set.Version, "the twin's text is the one its version records")
	require.NotEmpty(t, c.Set.Files)
	assert.Equal(t, "access/access.feature", c.Set.Files[0].Path)

	t.Setenv("HUTONG_LANG", "")
	enReports := filepath.Join(dir, "en")
	code, out, _ = hutong(t, "certify", "--quiet", "--depth", "quick", "--roles", "messenger", "--tags", "@LINK-04", "--sign-key", prefix+".key", "--report-dir", enReports)
	require.Equal(t, 0, code, out)
	feats := copyFeatures(t)
	zhCert, enCert := filepath.Join(zhReports, "certificate.json"), filepath.Join(enReports, "certificate.json")
	for _, dir := range []string{feats, filepath.Join(feats, "zh-CN")} {
		code, out, _ = hutong(t, "verify", zhCert, "--pub", prefix+".pub", "--features", dir)
		assert.Equal(t, 0, code, out)
		assert.Contains(t, out, "the zh-CN text", dir)
	}
	code, out, _ = hutong(t, "verify", enCert, "--pub", prefix+".pub", "--features", feats)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "the English text")
	code, out, _ = hutong(t, "verify", enCert, "--pub", prefix+".pub", "--features", filepath.Join(feats, "zh-CN"))
	assert.Equal(t, exitNotCertified, code)
	assert.Contains(t, out, "the feature files are written in zh-CN; the certificate was made against the requirement text in en")

	p := filepath.Join(feats, "zh-CN", "links", "links.feature")
	b, err = os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, bytes.Replace(b, []byte("点击一次"), []byte("点击两次"), 1), 0o644))
	code, out, _ = hutong(t, "verify", zhCert, "--pub", prefix+".pub", "--features", feats)
	assert.Equal(t, exitNotCertified, code)
	assert.Contains(t, out, "links/links.feature: changed since the certificate was made")
	code, out, _ = hutong(t, "verify", enCert, "--pub", prefix+".pub", "--features", feats)
	assert.Equal(t, 0, code, "a change to the Chinese text is no change to the English: %s", out)
}

func TestAnUnknownLanguageIsAUsageError(t *testing.T) {
	code, _, errOut := hutong(t, "certify", "--lang", "fr", "--report-dir", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `--lang "fr": the requirement set is written in en and zh-CN`)
	code, _, errOut = hutong(t, "catalog", "--lang", "fr")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "the requirement set is written in en and zh-CN")
	code, out, errOut := hutong(t, "catalog", "--lang", "zh-CN")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "在一对一聊天中发送的指向其他平台商品的合法链接")
	code, out, errOut = hutong(t, "catalog", "--lang", "zh-CN", "--features", filepath.Join(copyFeatures(t), "zh-CN"))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "在一对一聊天中发送的指向其他平台商品的合法链接", "a twin's own directory")
}
