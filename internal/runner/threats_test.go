package runner

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/platform"
)

// threatSeeds are the seeds every SEC switch is caught at, and the
// compliant reference clean at: each seed draws other amounts, wallets,
// clock moves and numbers of copies for every threat.
const threatSeeds = 20

// threatsLetThrough is, for every switch that breaks a SEC requirement, the
// threats of features/security that it lets through — and no others. A
// switch that covers a class of threats is proven threat by threat: each of
// them must catch it, and no threat outside the class may, so a row whose
// attack stopped working shows here even when the class's other rows still
// fail the requirement. Threats tried in every wallet's name are named with
// the wallet.
var threatsLetThrough = map[string][]string{
	platform.AcceptUnsignedNotices: {
		"a notice in own-pay's name, signed with a key the attacker made",
		"a notice in rival-pay's name, signed with a key the attacker made",
		"a notice in small-pay's name, signed with a key the attacker made",
		"a notice in the wallet's name, signed with another connected wallet's own genuine key",
		"a notice in the wallet's name with no signature at all",
		"a notice in the wallet's name whose signature comes in another place than the one agreed",
		"a notice in the wallet's name whose signature is unreadable",
		"a notice carrying the wallet's genuine signature, taken from its notice for the attacker's own order",
		"the wallet's genuine notice for the attacker's own order, rewritten as a new notice for this order and amount",
		"a notice sealed with a shared-secret code (HMAC) keyed with the wallet's public key",
		"a notice sealed with a shared-secret code (HMAC) keyed with the platform's public key",
		"a notice that carries a public key of the attacker's own and is signed with it",
	},
	platform.NoticesSignatureOptional: {
		"a notice in the wallet's name with no signature at all",
		"a notice in the wallet's name whose signature comes in another place than the one agreed",
		"a notice in the wallet's name whose signature is unreadable",
	},
	platform.NoticesKeyConfusion: {
		"a notice in the wallet's name, signed with another connected wallet's own genuine key",
		"a notice sealed with a shared-secret code (HMAC) keyed with the wallet's public key",
		"a notice sealed with a shared-secret code (HMAC) keyed with the platform's public key",
		"a notice that carries a public key of the attacker's own and is signed with it",
	},
	platform.NoticesTrustedNames: {
		"a notice in own-pay's name, signed with a key the attacker made",
		"a notice from an institution the platform never connected, signed with that institution's own key",
	},
	platform.NoticesSignatureCache: {
		"a notice carrying the wallet's genuine signature, taken from its notice for the attacker's own order",
		"the wallet's genuine notice for the attacker's own order, rewritten as a new notice for this order and amount",
	},

	platform.CreditReplays: {
		"the notice sent again, twice, just after it was credited",
		"the notice sent again after the platform's clock has moved on by more than a day",
		"the notice duplicated on its way, several copies arriving at the same moment as the original",
		"the notice sent again while a second order of the same amount at the same shop waits to be paid",
		"the notice sent again after the order was refunded",
	},
	platform.ReplayGuardWeak: {
		"the notice sent again after the platform's clock has moved on by more than a day",
		"the notice duplicated on its way, several copies arriving at the same moment as the original",
		"the notice sent again after the order was refunded",
	},
	platform.NoticesMatchedLoosely: {
		"the notice sent again while a second order of the same amount at the same shop waits to be paid",
		"a notice the wallet sent to another platform it serves, for an order there with the same reference",
	},

	platform.HandoffSignaturePartial: {
		"the amount, lowered by one fen",
		"the amount, raised by one fen",
		"the amount, cut to a hundredth, as if fen were yuan",
		"the payee, changed to the attacker's own shop",
		"the amount, lowered, and taken off the list of fields the signature covers",
	},
	platform.NotifiedAmountUnchecked: {
		"the amount, lowered by one fen",
		"the amount, raised by one fen",
		"the amount, cut to a hundredth, as if fen were yuan",
		"the currency, changed to another currency",
		"the payee, changed to the attacker's own shop",
		"the order, changed from a cheaper order of the same customer to this one",
		"the institution, changed to another connected wallet, which it is sent to",
		"the amount, lowered, and taken off the list of fields the signature covers",
	},
	platform.NoticesComparedLoosely: {
		"the amount, lowered by one fen",
		"the amount, raised by one fen",
		"the currency, changed to another currency",
		"the institution, changed to another connected wallet, which it is sent to",
	},
	platform.HandoffSignatureWithoutOrder: {
		"the order, changed from a cheaper order of the same customer to this one",
	},

	platform.OnBehalfNeverExpires: {
		"the link used a few minutes after it expired",
		"the link used after it expired and the customer asked for a new one",
	},
	platform.OnBehalfLatestOrder: {
		"the link used after the customer placed another order at the same shop",
	},
	platform.OnBehalfLinksLenient: {
		"the link used a few minutes after it expired",
		"the link used after it expired and the customer asked for a new one",
		"the link, forwarded, used by a second friend after the first one had paid",
		"the link used after the order was refunded",
	},

	// The corner switches let through no row in every try, only the tries
	// in their corner: alsoThrough says which.
	platform.SmallNoticesUnchecked:        {},
	platform.ReplayGuardForgetsAfterAWeek: {},
	platform.TailHandoffsPayeeUnsigned:    {},
	platform.TailLinksNeverExpire:         {},
}

// letsThrough is what a switch must let through besides its rows: the
// cases, tried with dimensions drawn from the seed, that meet when.
type letsThrough struct {
	when func(requirement string, c evidence.Case) bool
}

var alsoThrough = map[string]letsThrough{
	// Every forgery in the name of the platform's own wallet — the rows
	// whose wallet is drawn from the seed, at the seeds that draw it.
	platform.NoticesTrustedNames: {func(req string, c evidence.Case) bool { return req == "SEC-01" && c.Dims["wallet"] == "own-pay" }},

	// Every forgery in a connected wallet's name for an order under a
	// yuan: the unconnected institution's is refused before any
	// signature is looked at.
	platform.SmallNoticesUnchecked: {func(req string, c evidence.Case) bool {
		return req == "SEC-01" && (c.Dims["amount"] == "one fen" || c.Dims["amount"] == "under a yuan") &&
			c.Name != "a notice from an institution the platform never connected, signed with that institution's own key"
	}},
	// The late replays whose clock moved on by a week or more.
	platform.ReplayGuardForgetsAfterAWeek: {func(req string, c evidence.Case) bool {
		var days int
		fmt.Sscanf(c.Dims["clock moved by"], "%d day", &days)
		return req == "SEC-02" && c.Name == "the notice sent again after the platform's clock has moved on by more than a day" && days >= 7
	}},
	// The payee altered in a handoff to the tail wallet.
	platform.TailHandoffsPayeeUnsigned: {func(req string, c evidence.Case) bool {
		return req == "SEC-03" && c.Name == "the payee, changed to the attacker's own shop" && c.Dims["wallet"] == "small-pay"
	}},
	// An expired link used by a friend who pays with the tail wallet.
	platform.TailLinksNeverExpire: {func(req string, c evidence.Case) bool {
		return req == "SEC-04" && c.Dims["friend's wallet"] == "small-pay" &&
			(c.Name == "the link used a few minutes after it expired" || c.Name == "the link used after it expired and the customer asked for a new one")
	}},
}

// TestEveryThreatSwitchIsCaughtAtEverySeed is the threat models' proof, at
// seeds 1 to 20: the compliant reference tries every threat of every SEC
// requirement and none gets through; each SEC switch fails exactly the
// requirements it declares, through exactly the threats it lets through.
// Only the security feature is loaded, and a switch's run only its own
// requirements' scenarios (the sensitivity test checks it against all the
// others), so each run costs tens of milliseconds. Under the race detector,
// which makes every run several times slower, the seed is 1 alone — the
// sensitivity tests run every switch at seed 7 besides — so that make test
// stays fast; 'go test ./internal/runner' proves all 20.
func TestEveryThreatSwitchIsCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	secOnly := securityFeatures(t)
	seeds := int64(threatSeeds)
	if raceDetector {
		seeds = 1
	}
	configs := []string{""}
	for _, v := range reference.Violations {
		// The per-threat switches have a proof of their own (holes_test.go),
		// and so do the session leaks (leak_test.go).
		if _, hole := holesLetThrough[v.Name]; hole || slices.Contains(leakSwitches, v.Name) {
			continue
		}
		if slices.ContainsFunc(v.Breaks, func(id string) bool { return strings.HasPrefix(id, "SEC-") }) {
			configs = append(configs, v.Name)
			_, ok := threatsLetThrough[v.Name]
			assert.True(t, ok, "switch %q breaks %v, but threatsLetThrough does not say which threats it lets through", v.Name, v.Breaks)
		}
	}
	for name := range threatsLetThrough {
		assert.Contains(t, configs, name, "threatsLetThrough names %q, which is no SEC switch", name)
	}
	every := listedThreats(t, secOnly)
	for _, name := range configs {
		t.Run("switch="+name, func(t *testing.T) {
			t.Parallel()
			cfg := Config{Features: secOnly, Roles: []string{"platform"}, Concurrency: 4}
			var switches, breaks []string
			if name != "" {
				v, _ := reference.Lookup(name)
				// Only the security feature runs: another family's
				// requirement the switch breaks too (PAY-06's "that order
				// only") is proved by the other sweeps.
				switches = []string{name}
				for _, id := range v.Breaks {
					if strings.HasPrefix(id, "SEC-") {
						breaks = append(breaks, id)
					}
				}
				cfg.Tags = "@" + strings.Join(breaks, " or @")
			}
			tg, err := target.InProcess("test", switches)
			require.NoError(t, err)
			cfg.Target = tg
			for seed := int64(1); seed <= seeds; seed++ {
				cfg.Seed = seed
				run, err := Run(context.Background(), cfg)
				require.NoError(t, err)
				tried, failed, expected := threatOutcomes(run, name)
				if name == "" {
					assert.ElementsMatch(t, every, tried, "seed %d: the threats tried are not the threats the feature lists", seed)
				}
				assert.ElementsMatch(t, expected, failed, "seed %d: the threats that got through", seed)
				assert.ElementsMatch(t, breaks, run.Failed(), "seed %d: the requirements failed", seed)
				if t.Failed() {
					return
				}
			}
		})
	}
}

// securityFeatures is the requirement set with only the security feature.
func securityFeatures(t *testing.T) fs.FS {
	data, err := fs.ReadFile(features.FS, "security/security.feature")
	require.NoError(t, err)
	return fstest.MapFS{"security/security.feature": {Data: data}}
}

// listedThreats are the threats the feature's tables list, as the cases
// trying them are named: a row tried in each connected wallet's name once
// for each of the Background's wallets.
func listedThreats(t *testing.T, fsys fs.FS) []string {
	data, err := fs.ReadFile(fsys, "security/security.feature")
	require.NoError(t, err)
	doc, errs := requirement.ParseDocument("security.feature", data)
	require.Nil(t, errs)
	var out []string
	for _, child := range doc.Feature.Children {
		if child.Rule == nil {
			continue
		}
		for _, rc := range child.Rule.Children {
			if rc.Scenario == nil {
				continue
			}
			for _, step := range rc.Scenario.Steps {
				dt := step.DataTable
				if dt == nil || len(dt.Rows) < 2 || dt.Rows[0].Cells[0].Value != "threat" {
					continue
				}
				for _, r := range dt.Rows[1:] {
					row := r.Cells[0].Value
					if !strings.Contains(row, "each connected wallet's") {
						out = append(out, row)
						continue
					}
					for _, w := range []string{"own-pay", "rival-pay", "small-pay"} {
						out = append(out, strings.Replace(row, "each connected wallet's", w+"'s", 1))
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// threatOutcomes lists the threats a run tried, those that got through and
// those the switch name should have let through, each once, sorted.
func threatOutcomes(run *result.Run, name string) (tried, failed, expected []string) {
	add := func(list []string, s string) []string {
		if slices.Contains(list, s) {
			return list
		}
		return append(list, s)
	}
	for _, s := range run.Scenarios {
		for _, c := range s.Cases {
			if c.Kind != evidence.CaseThreat {
				continue
			}
			tried = add(tried, c.Name)
			if !c.Held {
				failed = add(failed, c.Name)
			}
			if slices.Contains(threatsLetThrough[name], c.Name) || (alsoThrough[name].when != nil && alsoThrough[name].when(s.Requirement, c)) {
				expected = add(expected, c.Name)
			}
		}
	}
	sort.Strings(tried)
	sort.Strings(failed)
	sort.Strings(expected)
	return tried, failed, expected
}
