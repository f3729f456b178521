package runner

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/acquirer"
	"github.com/hutong-interop/hutong/reference/messenger"
	"github.com/hutong-interop/hutong/reference/platform"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// In every family, a flow the implementation broke is laid at the
// implementation, with an exchange it took part in; the scenarios that
// passed are laid at nobody. (Faults of the harness's doubles and of the
// network are model/result's tests: the reference's switches break only
// the implementation.)
func TestAFailedFlowInEveryFamilyNamesWhoFailed(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ family, tags, violation string }{
		{"links", "@LINK-01", messenger.RivalLinksBlocked},
		{"payments", "@PAY-02", platform.QRScreenshotDetour},
		{"security", "@SEC-01", platform.AcceptUnsignedNotices},
		{"barcodes, acquirer", "@QR-01", acquirer.BadCRC},
		{"barcodes, wallet", "@QR-06", wallet.PayTamperedCode},
		{"access", "@ACCESS-02", platform.RefusalWithoutReason},
		{"logistics", "@LOG-03", platform.RivalTrackingHidden},
		{"links outside chats", "@LINK-07", messenger.MomentsRivalBlocked},
	} {
		t.Run(c.family, func(t *testing.T) {
			t.Parallel()
			tg, err := target.InProcess("test", []string{c.violation})
			require.NoError(t, err)
			run, err := Run(context.Background(), Config{Target: tg, Concurrency: 2, Seed: 7, Tags: c.tags})
			require.NoError(t, err)
			failed := 0
			for _, s := range run.Scenarios {
				if s.Status != result.Failed {
					assert.Nil(t, s.Responsible, "%s passed and is laid at nobody", s.Name)
					continue
				}
				failed++
				r := s.Responsible
				require.NotNil(t, r, "%s failed and names who failed", s.Name)
				assert.Equal(t, result.PartyImplementation, r.Party, "%s: %s", s.Name, r.Why)
				require.GreaterOrEqual(t, r.Exchange, 0, "%s: %s", s.Name, r.Why)
				require.Less(t, r.Exchange, len(s.Evidence))
				x := s.Evidence[r.Exchange]
				assert.True(t, x.To == target.ReferenceHost || x.From == "implementation",
					"%s: the exchange that shows it involves the implementation, not %s → %s", s.Name, x.From, x.To)
			}
			assert.Positive(t, failed, "switch %s fails %s", c.violation, c.tags)
		})
	}
}
