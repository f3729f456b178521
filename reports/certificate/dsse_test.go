package certificate

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envelopeOf(t *testing.T, priv ed25519.PrivateKey) (*Certificate, []byte, map[string][]byte) {
	t.Helper()
	files := map[string][]byte{"junit.xml": []byte("<testsuites/>"), "cucumber.json": []byte("[]"), "report.html": []byte("<html></html>")}
	c := &Certificate{Format: Format, Certified: true, Decision: "certified", Summary: "CERTIFIED — every requirement passed",
		RolesClaimed: []string{"messenger"}, RolesTested: []string{"messenger"}}
	c.BindEvidence(files)
	var b bytes.Buffer
	require.NoError(t, c.WriteEnvelope(&b, priv))
	return c, b.Bytes(), files
}

func TestEnvelopeVerifiesAndBindsTheEvidence(t *testing.T) {
	priv, pub := keys(t)
	_, doc, files := envelopeOf(t, priv)
	assert.True(t, IsEnvelope(doc))
	c, err := VerifyEnvelope(doc, pub)
	require.NoError(t, err)
	assert.True(t, c.Certified)
	require.Len(t, c.Evidence, 3)
	assert.NoError(t, c.CheckEvidence(files))

	files["report.html"] = []byte("<html>edited</html>")
	delete(files, "junit.xml")
	err = c.CheckEvidence(files)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "report.html was changed")
	assert.Contains(t, err.Error(), "junit.xml is missing")

	_, other := keys(t)
	_, err = VerifyEnvelope(doc, other)
	assert.ErrorContains(t, err, "does not verify")
}

// The payload is the signed bytes: flipping the decision inside it breaks
// the signature, and so does a subject digest swapped for another's.
func TestEditedEnvelopeIsRejected(t *testing.T) {
	priv, pub := keys(t)
	_, doc, _ := envelopeOf(t, priv)
	var env struct {
		PayloadType string            `json:"payloadType"`
		Payload     string            `json:"payload"`
		Signatures  []json.RawMessage `json:"signatures"`
	}
	require.NoError(t, json.Unmarshal(doc, &env))
	body, err := base64.StdEncoding.DecodeString(env.Payload)
	require.NoError(t, err)
	edited := bytes.Replace(body, []byte(`"certified":true`), []byte(`"certified":false`), 1)
	require.NotEqual(t, body, edited)
	env.Payload = base64.StdEncoding.EncodeToString(edited)
	b, _ := json.Marshal(env)
	_, err = VerifyEnvelope(b, pub)
	assert.ErrorContains(t, err, "does not verify")
}

// An independent implementation checks the envelope: openssl verifies the
// Ed25519 signature over DSSE's pre-authentication encoding, built here by
// hand from the DSSE protocol text, not by the library that signed it.
func TestOpenSSLVerifiesTheEnvelope(t *testing.T) {
	exe, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is not on PATH; CI must have it (.ci/run installs openssl)")
		}
		t.Skip("openssl not on PATH")
	}
	priv, _ := keys(t)
	_, doc, _ := envelopeOf(t, priv)
	var env struct {
		PayloadType string `json:"payloadType"`
		Payload     string `json:"payload"`
		Signatures  []struct {
			Sig string `json:"sig"`
		} `json:"signatures"`
	}
	require.NoError(t, json.Unmarshal(doc, &env))
	require.Len(t, env.Signatures, 1)
	body, err := base64.StdEncoding.DecodeString(env.Payload)
	require.NoError(t, err)
	sig, err := base64.StdEncoding.DecodeString(env.Signatures[0].Sig)
	require.NoError(t, err)
	pae := fmt.Sprintf("DSSEv1 %d %s %d %s", len(env.PayloadType), env.PayloadType, len(body), body)

	dir := t.TempDir()
	der, err := x509.MarshalPKIXPublicKey(priv.Public())
	require.NoError(t, err)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o600))
		return p
	}
	pubPath := write("pub.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	paePath := write("pae.bin", []byte(pae))
	sigPath := write("sig.bin", sig)
	out, err := exec.Command(exe, "pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", paePath, "-sigfile", sigPath).CombinedOutput()
	require.NoError(t, err, "openssl: %s", out)
	assert.Contains(t, string(out), "Signature Verified Successfully")

	// And refuses the same signature over one changed byte.
	paePath = write("pae2.bin", []byte(pae[:len(pae)-1]+" "))
	out, err = exec.Command(exe, "pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", paePath, "-sigfile", sigPath).CombinedOutput()
	assert.Error(t, err, "openssl accepted an altered payload: %s", out)
}
