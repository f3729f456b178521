package reference_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hutong/conformance/iti"
	"hutong/conformance/target"
)

// TestZbarReadsReferenceAcquirerCodes has an independent decoder, zbarimg
// from Debian's zbar-tools, read the codes the reference acquirer issues
// through the ITI, so that a fault shared by the reference's encoder and the
// harness's own decoder cannot hide. CI must have it; elsewhere the test
// skips.
func TestZbarReadsReferenceAcquirerCodes(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("zbarimg is not on PATH; CI must install zbar-tools (.ci/run does: apt-get install -y zbar-tools)")
		}
		t.Skip("zbarimg not on PATH; install zbar-tools to run the independent-decoder check")
	}
	tg, err := target.InProcess("test", nil)
	require.NoError(t, err)
	c, err := iti.NewClient(tg.ITIBase, &http.Client{Transport: tg.Transport})
	require.NoError(t, err)
	ctx := context.Background()
	sess, err := c.OpenSession(ctx, iti.SessionRequest{Label: "zbar", Acquirer: &iti.AcquirerFixtures{ClearingURL: "https://switch.example.test", GUI: "cn.hutong.test.acq"}})
	require.NoError(t, err)
	defer sess.Close(ctx)

	m := iti.CodeMerchant{ID: "M0001", Name: "Lao Wang Noodles", City: "Beijing", Category: "5814"}
	for _, req := range []iti.CodeRequest{
		{Merchant: m, Kind: iti.CodeStatic},
		{Merchant: m, Kind: iti.CodeDynamic, Amount: "36.80", Currency: "156"},
	} {
		t.Run(req.Kind, func(t *testing.T) {
			code, err := sess.IssueCode(ctx, req)
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "code.png")
			require.NoError(t, os.WriteFile(path, code.PNG, 0o600))
			// -Sbinary prints the symbol's bytes as they are, with no
			// charset guess and no trailing newline.
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(zbar, "--raw", "-q", "-Sbinary", path)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), "zbarimg: %s", stderr.String())
			assert.Equal(t, code.Payload, string(bytes.TrimSuffix(stdout.Bytes(), []byte("\n"))))
		})
	}
}
