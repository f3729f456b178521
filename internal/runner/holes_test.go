package runner

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/catalog"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/platform"
)

// holesLetThrough is, for every per-threat switch of the SEC threat models,
// the one row of its requirement's table it lets through. A row tried in
// each connected wallet's name is let through in every wallet's name.
var holesLetThrough = map[string]string{
	platform.ForgedAttackersKey:    "a notice in each connected wallet's name, signed with a key the attacker made",
	platform.ForgedOtherWalletsKey: "a notice in the wallet's name, signed with another connected wallet's own genuine key",
	platform.ForgedUnconnected:     "a notice from an institution the platform never connected, signed with that institution's own key",
	platform.ForgedUnsigned:        "a notice in the wallet's name with no signature at all",
	platform.ForgedSignedElsewhere: "a notice in the wallet's name whose signature comes in another place than the one agreed",
	platform.ForgedUnreadable:      "a notice in the wallet's name whose signature is unreadable",
	platform.ForgedLiftedSignature: "a notice carrying the wallet's genuine signature, taken from its notice for the attacker's own order",
	platform.ForgedRewritten:       "the wallet's genuine notice for the attacker's own order, rewritten as a new notice for this order and amount",
	platform.ForgedHMACWalletKey:   "a notice sealed with a shared-secret code (HMAC) keyed with the wallet's public key",
	platform.ForgedHMACPlatformKey: "a notice sealed with a shared-secret code (HMAC) keyed with the platform's public key",
	platform.ForgedCarriedKey:      "a notice that carries a public key of the attacker's own and is signed with it",

	platform.ReplayedAtOnce:        "the notice sent again, twice, just after it was credited",
	platform.ReplayedDayLater:      "the notice sent again after the platform's clock has moved on by more than a day",
	platform.ReplayedInFlight:      "the notice duplicated on its way, several copies arriving at the same moment as the original",
	platform.ReplayedForAnother:    "the notice sent again while a second order of the same amount at the same shop waits to be paid",
	platform.ReplayedAfterRefund:   "the notice sent again after the order was refunded",
	platform.ReplayedFromElsewhere: "a notice the wallet sent to another platform it serves, for an order there with the same reference",

	platform.AlteredAmountFenLess:  "the amount, lowered by one fen",
	platform.AlteredAmountFenMore:  "the amount, raised by one fen",
	platform.AlteredAmountInYuan:   "the amount, cut to a hundredth, as if fen were yuan",
	platform.AlteredCurrency:       "the currency, changed to another currency",
	platform.AlteredPayee:          "the payee, changed to the attacker's own shop",
	platform.AlteredInstitution:    "the institution, changed to another connected wallet, which it is sent to",
	platform.AlteredAmountUnlisted: "the amount, lowered, and taken off the list of fields the signature covers",

	platform.LinkMinutesLate:  "the link used a few minutes after it expired",
	platform.LinkRenewed:      "the link used after it expired and the customer asked for a new one",
	platform.LinkSecondFriend: "the link, forwarded, used by a second friend after the first one had paid",
	platform.LinkAfterRefund:  "the link used after the order was refunded",
}

// caseNames are the names of the cases that try row: one per connected
// wallet for a row tried in each one's name.
func caseNames(row string) []string {
	if !strings.Contains(row, "each connected wallet's") {
		return []string{row}
	}
	var out []string
	for _, w := range []string{"own-pay", "rival-pay", "small-pay"} {
		out = append(out, strings.Replace(row, "each connected wallet's", w+"'s", 1))
	}
	return out
}

// TestEverySecThreatHasASwitchCaughtAtEverySeed proves, at seeds 1 to 20,
// that every threat of every SEC table can fail its requirement by itself:
// each row has exactly one switch of its own — a per-threat switch, or a
// class switch that lets through that row alone — and each per-threat
// switch fails exactly its requirement, through exactly its row. The
// compliant reference's 20 seeds are TestEveryThreatSwitchIsCaughtAtEverySeed's.
// Only the security feature is loaded and only the switch's requirement
// runs. Under the race detector it does not run: the sweep of every switch
// runs without it too, and make test runs this again without -race.
func TestEverySecThreatHasASwitchCaughtAtEverySeed(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	secOnly := securityFeatures(t)
	set, err := requirement.Load(secOnly)
	require.NoError(t, err)
	cat := catalog.Build(set)
	rowOf := map[string]string{}
	for _, id := range []string{"SEC-01", "SEC-02", "SEC-03", "SEC-04"} {
		tm := cat.ThreatModelOf(id)
		require.NotNil(t, tm, "%s states no threat model", id)
		for _, row := range tm.Threats {
			rowOf[row] = id
		}
	}

	own := map[string][]string{}
	for name, row := range holesLetThrough {
		v, ok := reference.Lookup(name)
		if !assert.True(t, ok, "%q is no registered violation switch", name) {
			continue
		}
		assert.Equal(t, []string{rowOf[row]}, v.Breaks, "%s lets through a threat of %s", name, rowOf[row])
		own[row] = append(own[row], name)
	}
	for name, through := range threatsLetThrough {
		var rows []string
		for _, c := range through {
			for row := range rowOf {
				if slices.Contains(caseNames(row), c) && !slices.Contains(rows, row) {
					rows = append(rows, row)
				}
			}
		}
		if len(rows) == 1 && len(through) == len(caseNames(rows[0])) && alsoThrough[name].when == nil {
			own[rows[0]] = append(own[rows[0]], name)
		}
	}
	for row, id := range rowOf {
		assert.Len(t, own[row], 1, "the %s threat %q has switches %v of its own, not one", id, row, own[row])
	}
	for _, name := range platform.HoleSwitches() {
		assert.Contains(t, holesLetThrough, name, "the per-threat switch %q is not proven here", name)
	}
	if raceDetector {
		t.Skip("20 seeds of 28 switches are for the run without -race")
	}
	for _, name := range platform.HoleSwitches() {
		row := holesLetThrough[name]
		t.Run("switch="+name, func(t *testing.T) {
			t.Parallel()
			v, _ := reference.Lookup(name)
			tg, err := target.InProcess("test", []string{name})
			require.NoError(t, err)
			// At quick depth each threat is still tried, through every
			// wallet (see TestEveryThreatSwitchIsCaughtAtEverySeed).
			cfg := Config{Features: secOnly, Roles: []string{"platform"}, Concurrency: 4, Target: tg, Tags: "@" + rowOf[row], Depth: result.DepthQuick}
			want := caseNames(row)
			sort.Strings(want)
			for seed := int64(1); seed <= threatSeeds; seed++ {
				cfg.Seed = seed
				run, err := Run(context.Background(), cfg)
				require.NoError(t, err)
				_, failed, _ := threatOutcomes(run, name)
				assert.Equal(t, want, failed, "seed %d: the threats that got through", seed)
				assert.ElementsMatch(t, v.Breaks, run.Failed(), "seed %d: the requirements failed", seed)
				if t.Failed() {
					return
				}
			}
		})
	}
}
