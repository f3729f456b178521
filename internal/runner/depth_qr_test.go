package runner

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/reference/acquirer"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// TestDepthQRSwitchesAreCaughtAtEverySeed is the proof that the QR
// family's generated cases cover what its Rules range over. Each switch
// breaks its requirement in one corner of that space — one tier, a
// boundary, a way of writing a name, a merchant's later codes, an order
// scanned twice at once, again after another, or from another picture — or
// in some of the cases only (one code in four or five, by a hash of its
// text). Each must fail exactly its Breaks at the default seed and at no
// fewer than 19 of seeds 1–20, at certification depth; the compliant
// reference must pass QR-01 to QR-07 at all 21 seeds. Only the QR
// scenarios a switch can break are run.
//
// Some 300 runs of two to four scenarios: a minute of CPU, and nothing the
// race detector would add (the sweeps over every switch run the same
// scenarios under -race), so it is skipped there; `make test` runs it
// without.
func TestDepthQRSwitchesAreCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	if raceDetector {
		t.Skip("a sweep over seeds; make test runs it without -race")
	}
	switches := []string{
		acquirer.TypographicApostrophe, acquirer.CRCWrongAtTimes, acquirer.LongNamesSmallModules,
		acquirer.LaterCodesOwnApp, acquirer.TailLargeRefused,
		wallet.TailStaticSmallOnly, wallet.LanguageTemplateRefused, wallet.TailCodesCRCUnchecked,
		wallet.ChecksSkippedAtTimes, wallet.OrderGuardSetLate, wallet.PaidOrdersByPicture,
		wallet.LastOrderOnly, wallet.OrderPaidAgainAtTimes,
	}
	certify := func(t *testing.T, tg *target.Target, role string, tags string, seed int64) []string {
		run, err := Run(context.Background(), Config{Target: tg, Roles: []string{role}, Tags: tags, Concurrency: 4, Seed: seed})
		require.NoError(t, err)
		require.NotEmpty(t, run.Scenarios, "--tags %s ran nothing", tags)
		return run.Failed()
	}
	for _, name := range switches {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assertCaughtAtEverySeed(t, name, "", true)
		})
	}
	for _, role := range []string{"acquirer", "wallet"} {
		t.Run("compliant "+role, func(t *testing.T) {
			t.Parallel()
			tg, err := target.InProcess("test", nil)
			require.NoError(t, err)
			tags := "@QR-01 or @QR-02 or @QR-03 or @QR-04"
			if role == "wallet" {
				tags = "@QR-05 or @QR-06 or @QR-07"
			}
			for seed := int64(1); seed <= 21; seed++ {
				if seed == 21 {
					seed = defaultSeed
				}
				assert.Empty(t, certify(t, tg, role, tags, seed), "seed %d: the compliant reference fails", seed)
			}
		})
	}
}
