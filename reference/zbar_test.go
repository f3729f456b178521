package reference_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/barcode/zbar"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/target"
)

// TestZbarReadsReferenceAcquirerCodes has an independent decoder, zbarimg
// from Debian's zbar-tools, read the codes the reference acquirer issues
// through the ITI, so that a fault shared by the reference's encoder and the
// harness's own decoder cannot hide. CI must have it; elsewhere the test
// skips.
func TestZbarReadsReferenceAcquirerCodes(t *testing.T) {
	exe := zbar.Need(t)
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
			got, err := zbar.Read(exe, t.TempDir(), code.PNG)
			require.NoError(t, err)
			assert.Equal(t, code.Payload, got)
		})
	}
}
