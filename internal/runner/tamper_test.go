package runner

import (
	"context"
	"io/fs"
	"slices"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/catalog"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// tampersLetThrough is, for every switch that breaks QR-06, the threats of
// its table that it lets through — and no others. Each per-threat switch
// lets through its one row, so every row is shown able to fail the
// requirement by itself; pay-tampered-code, which skips every check of the
// format, lets through all but the two rows whose codes it cannot read or
// route.
var tampersLetThrough = map[string][]string{
	wallet.StaticCRCUnchecked:      {"one letter of the merchant name changed, the check digits left as they were"},
	wallet.DynamicCRCUnchecked:     {"the amount of an order code changed, the check digits left as they were"},
	wallet.LengthsUnchecked:        {"a length that no longer matches its value, the check digits computed again"},
	wallet.FormatIndicatorAnywhere: {"the format indicator moved from the start"},
	wallet.CRCAnywhere:             {"the check digits moved from the end"},
	wallet.DuplicatesUnchecked:     {"the merchant name given twice, the check digits computed again"},
	wallet.MerchantNameOptional:    {"the merchant name taken out, the check digits computed again"},
	wallet.AccountIDOptional:       {"the merchant account stripped of the identifier that routes it, the check digits computed again"},
	wallet.PayTamperedCode: {
		"one letter of the merchant name changed, the check digits left as they were",
		"the amount of an order code changed, the check digits left as they were",
		"the format indicator moved from the start",
		"the check digits moved from the end",
		"the merchant name given twice, the check digits computed again",
		"the merchant name taken out, the check digits computed again",
	},
	// Only on tail acquirers' codes, which every threat meets at
	// certification depth.
	wallet.TailCodesCRCUnchecked: {
		"one letter of the merchant name changed, the check digits left as they were",
		"the amount of an order code changed, the check digits left as they were",
	},
}

// tampersSometimes are the QR-06 switches that let a threat through on
// some of its codes only — which threats, the seed decides — and the
// threats they may let through: some of them, never another.
var tampersSometimes = map[string][]string{
	wallet.ChecksSkippedAtTimes: tampersLetThrough[wallet.PayTamperedCode],
}

// inCorners are the QR-06 switches that let threats through in one corner
// of the codes' space only: run at certification depth, where every threat
// meets every acquirer and form. The others are run at quick depth, each
// threat tried once, as that is all they need.
var inCorners = map[string]bool{wallet.TailCodesCRCUnchecked: true, wallet.ChecksSkippedAtTimes: true}

// TestEveryTamperSwitchIsCaughtAtEverySeed is QR-06's threat model's proof,
// at seeds 1 to 20 (1 under the race detector, as the SEC proof): the
// compliant wallet refuses every threat of the table; each QR-06 switch
// fails exactly QR-06, through exactly the threats it lets through (or,
// for one that lets them through on some codes only, through some of
// them). Only the barcodes feature's QR-06 scenario runs, so each run is
// one scenario, at quick depth — every threat tried once — but for the
// switches confined to a corner of the codes (inCorners).
func TestEveryTamperSwitchIsCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	// Each threat is tried again and again at certification depth, on
	// every acquirer and form; the names of its tries are the threat's.
	distinct := func(xs []string) []string {
		sort.Strings(xs)
		return slices.Compact(xs)
	}
	data, err := fs.ReadFile(features.FS, "barcodes/barcodes.feature")
	require.NoError(t, err)
	fsys := fstest.MapFS{"barcodes/barcodes.feature": {Data: data}}
	set, err := requirement.Load(fsys)
	require.NoError(t, err)
	tm := catalog.Build(set).ThreatModelOf("QR-06")
	require.NotNil(t, tm, "QR-06 states no threat model")
	rows := append([]string(nil), tm.Threats...)
	sort.Strings(rows)

	seeds := int64(threatSeeds)
	if raceDetector {
		seeds = 1
	}
	configs := []string{""}
	for _, v := range reference.Violations {
		// A page switch shows only on the wallet's screen, which only an
		// observed run looks at: TestPageSwitchesAreCaughtOnlyObserved
		// proves those, both ways.
		if slices.Contains(v.Breaks, "QR-06") && !reference.Observed[v.Name] {
			configs = append(configs, v.Name)
			_, ok := tampersLetThrough[v.Name]
			_, some := tampersSometimes[v.Name]
			assert.True(t, ok || some, "switch %q breaks QR-06, but tampersLetThrough does not say which threats it lets through", v.Name)
		}
	}
	for _, name := range wallet.TamperSwitches() {
		assert.Contains(t, tampersLetThrough, name, "the wallet's per-threat switch %q is not proven here", name)
	}
	each := map[string]int{}
	for name, through := range tampersLetThrough {
		assert.Contains(t, configs, name, "tampersLetThrough names %q, which is no QR-06 switch", name)
		for _, row := range through {
			assert.Contains(t, rows, row, "%s: no such threat in QR-06's table", name)
		}
		if len(through) == 1 {
			each[through[0]]++
		}
	}
	for _, row := range rows {
		assert.Equal(t, 1, each[row], "the threat %q has %d switches of its own, not one", row, each[row])
	}
	for _, name := range configs {
		t.Run("switch="+name, func(t *testing.T) {
			t.Parallel()
			var switches, breaks []string
			if name != "" {
				switches, breaks = []string{name}, []string{"QR-06"}
			}
			tg, err := target.InProcess("test", switches)
			require.NoError(t, err)
			cfg := Config{Features: fsys, Roles: []string{"wallet"}, Tags: "@QR-06", Concurrency: 1, Target: tg, Depth: result.DepthQuick}
			if inCorners[name] {
				cfg.Depth = result.DepthCertification
			}
			want := append([]string(nil), tampersLetThrough[name]...)
			sort.Strings(want)
			may, some := tampersSometimes[name]
			for seed := int64(1); seed <= seeds; seed++ {
				cfg.Seed = seed
				run, err := Run(context.Background(), cfg)
				require.NoError(t, err)
				var tried, through []string
				for _, s := range run.Scenarios {
					for _, c := range s.Cases {
						if c.Kind != evidence.CaseThreat {
							continue
						}
						tried = append(tried, c.Name)
						if !c.Held {
							through = append(through, c.Name)
						}
					}
				}
				tried, through = distinct(tried), distinct(through)
				assert.Equal(t, rows, tried, "seed %d: the threats tried are not the threats the table lists", seed)
				if some {
					assert.NotEmpty(t, through, "seed %d: no threat got through", seed)
					assert.Subset(t, may, through, "seed %d: the threats that got through", seed)
				} else {
					assert.Equal(t, want, through, "seed %d: the threats that got through", seed)
				}
				assert.ElementsMatch(t, breaks, run.Failed(), "seed %d: the requirements failed", seed)
				if t.Failed() {
					return
				}
			}
		})
	}
}
