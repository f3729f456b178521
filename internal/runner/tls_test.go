package runner

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reports/certificate"
	"github.com/hutong-interop/hutong/reports/cucumber"
	"github.com/hutong-interop/hutong/reports/html"
	"github.com/hutong-interop/hutong/reports/junit"
	"github.com/hutong-interop/hutong/reports/text"
)

func writePEM(t *testing.T, name, kind string, der []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600))
	return p
}

// serveReferenceTLS serves the reference over TLS with httptest's
// certificate, and returns the server and a CA file that trusts it.
func serveReferenceTLS(t *testing.T, conf *tls.Config) (*httptest.Server, string) {
	t.Helper()
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client})
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(ref)
	srv.TLS = conf
	srv.StartTLS()
	t.Cleanup(func() {
		srv.Close()
		client.CloseIdleConnections()
	})
	return srv, writePEM(t, "ca.pem", "CERTIFICATE", srv.Certificate().Raw)
}

// overTLS is the run of the TLS tests: the messenger role only. TLS is the
// transport's, the same for every exchange with the implementation whatever
// the role; the messenger's scenarios use every path through it (the
// harness's ITI calls, the short links it follows on the implementation's
// host, and the implementation's own calls to the mocks through the
// listener), at a small part of the cost of every role's. Every role over the
// network is TestBlackBoxReferenceIsCertified's.
// Quick depth: what TLS changes is how the implementation is reached.
var overTLS = Config{Roles: []string{"messenger"}, Depth: result.DepthQuick}

func TestTLSWithCustomCA(t *testing.T) {
	t.Parallel()
	srv, ca := serveReferenceTLS(t, nil)
	run, err := certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{CAFile: ca}, overTLS)
	require.NoError(t, err)
	assert.Equal(t, result.Partial, run.Decision, "one role of four: partial, nothing failed: %s", run.Summary)
	assert.Empty(t, run.Failed(), run.Summary)
	assert.Empty(t, run.Warnings)

	// Without the CA the certificate is not trusted, and the run says so.
	_, err = certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{}, overTLS)
	var u *UntestableError
	require.ErrorAs(t, err, &u)
	assert.Contains(t, err.Error(), "certificate")
}

func TestInsecureSkipVerifyIsRecordedInTheReports(t *testing.T) {
	t.Parallel()
	srv, _ := serveReferenceTLS(t, nil)
	run, err := certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{InsecureSkipVerify: true}, overTLS)
	require.NoError(t, err)
	assert.Equal(t, result.Partial, run.Decision, "one role of four: partial, nothing failed: %s", run.Summary)
	assert.Empty(t, run.Failed(), run.Summary)
	require.Equal(t, []string{target.InsecureWarning}, run.Warnings)

	var x, txt bytes.Buffer
	require.NoError(t, junit.Write(&x, run))
	assert.Contains(t, x.String(), `<property name="warning.1" value="TLS certificate verification of the implementation was OFF`)
	require.NoError(t, text.Write(&txt, run))
	assert.Contains(t, txt.String(), "WARNING: TLS certificate verification of the implementation was OFF")
	var page, cj, cert bytes.Buffer
	require.NoError(t, html.Write(&page, run))
	assert.Contains(t, page.String(), "Warning: TLS certificate verification of the implementation was OFF")
	require.NoError(t, cucumber.Write(&cj, run))
	assert.Contains(t, cj.String(), `WARNING: TLS certificate verification of the implementation was OFF`)
	require.NoError(t, certificate.Build(run).Write(&cert))
	assert.Contains(t, cert.String(), `"warnings"`)
	assert.Contains(t, cert.String(), "TLS certificate verification of the implementation was OFF")
}

func TestMutualTLS(t *testing.T) {
	t.Parallel()
	// An in-test CA issues the harness's client certificate.
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test client CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	caCert, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "hutong"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	certFile := writePEM(t, "client.pem", "CERTIFICATE", der)
	keyFile := writePEM(t, "client-key.pem", "EC PRIVATE KEY", keyDER)

	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	srv, ca := serveReferenceTLS(t, &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool})

	run, err := certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{CAFile: ca, ClientCert: certFile, ClientKey: keyFile}, overTLS)
	require.NoError(t, err)
	assert.Equal(t, result.Partial, run.Decision, "one role of four: partial, nothing failed: %s", run.Summary)
	assert.Empty(t, run.Failed(), run.Summary)

	// Without the client certificate the implementation refuses the harness.
	_, err = certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{CAFile: ca}, overTLS)
	var u *UntestableError
	require.ErrorAs(t, err, &u)
	assert.Contains(t, err.Error(), "discovery")
}

func TestBadTLSOptionsAreUsageErrors(t *testing.T) {
	junk := filepath.Join(t.TempDir(), "junk.pem")
	require.NoError(t, os.WriteFile(junk, []byte("not a certificate"), 0o600))
	for name, o := range map[string]target.Options{
		"no PEM certificate": {CAFile: junk},
		"no such file":       {CAFile: filepath.Join(t.TempDir(), "missing.pem")},
		"go together":        {ClientCert: junk},
		"client-key":         {ClientCert: junk, ClientKey: junk},
	} {
		_, err := target.ResolveWith("https://127.0.0.1:1/iti/v1", o)
		var ue *target.UsageError
		require.ErrorAs(t, err, &ue, name)
		assert.Contains(t, err.Error(), name)
	}
}
