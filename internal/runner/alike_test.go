package runner

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/reference/acquirer"
)

// TestQR04SwitchesAreCaughtAtEverySeed: QR-04 compares tail and top
// wallets' payments drawn from the seed, so each way of treating tail
// wallets differently must fail exactly QR-04 at (nearly) every seed, in
// process and black-box, and the compliant acquirer must pass at every
// seed — the time comparison must not flake. Under -race one seed, in
// process only.
func TestQR04SwitchesAreCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	data, err := fs.ReadFile(features.FS, "barcodes/barcodes.feature")
	require.NoError(t, err)
	fsys := fstest.MapFS{"barcodes/barcodes.feature": {Data: data}}
	seeds := int64(20)
	if raceDetector {
		seeds = 1
	}
	for _, name := range []string{"", acquirer.SlowTailPayments, acquirer.TailConfirmationStep, acquirer.RefuseTailWallets} {
		for _, blackBox := range []bool{false, true} {
			if raceDetector && (blackBox || name == acquirer.RefuseTailWallets) {
				// The sweeps over every switch run each of these once.
				continue
			}
			if blackBox && name == acquirer.RefuseTailWallets {
				// Refusing is no matter of timing: the black-box sweep
				// over every switch shows it at the default seed.
				continue
			}
			t.Run(fmt.Sprintf("switch=%s/blackbox=%v", name, blackBox), func(t *testing.T) {
				// Most of a run is the slow switch's waits: the
				// configurations wait side by side. The pairs alternate
				// which tier pays first, so load from the others falls
				// on both tiers alike.
				t.Parallel()
				var switches, want []string
				if name != "" {
					switches, want = []string{name}, []string{"QR-04"}
				}
				var tg *target.Target
				var err error
				if blackBox {
					srv := serveReference(t, switches...)
					tg, err = target.ResolveWith(srv.URL+"/iti/v1", target.Options{})
				} else {
					tg, err = target.InProcess("test", switches)
				}
				require.NoError(t, err)
				defer tg.Close()
				cfg := Config{Features: fsys, Roles: []string{"acquirer"}, Tags: "@QR-04", Concurrency: 1, Target: tg}
				caught := 0
				var missed []string
				for seed := int64(1); seed <= seeds; seed++ {
					cfg.Seed = seed
					run, err := Run(context.Background(), cfg)
					require.NoError(t, err)
					require.NotEmpty(t, run.Scenarios)
					if assert.ObjectsAreEqual(want, run.Failed()) || (len(want) == 0 && len(run.Failed()) == 0) {
						caught++
					} else {
						missed = append(missed, fmt.Sprintf("seed %d failed %v: %s", seed, run.Failed(), run.Scenarios[0].Failure))
					}
				}
				need := seeds
				if name != "" && seeds == 20 {
					need = 19
				}
				t.Logf("%d of %d seeds judged as they must", caught, seeds)
				assert.GreaterOrEqual(t, int64(caught), need, "%q", missed)
			})
		}
	}
}
