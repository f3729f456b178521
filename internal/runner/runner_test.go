package runner

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
)

// certifyRoles certifies the in-process reference for roles (nil: all it
// claims) with the given switches on.
func certifyRoles(t *testing.T, roles []string, violations ...string) *result.Run {
	t.Helper()
	tg, err := target.InProcess("test", violations)
	require.NoError(t, err)
	run, err := Run(context.Background(), Config{Target: tg, Roles: roles, Concurrency: 4, Seed: 7})
	require.NoError(t, err)
	return run
}

var (
	baselineOnce sync.Once
	baselineRun  *result.Run
	baselineErr  error
)

// baseline is the in-process reference, every role, no switch on: certified
// once for the whole package (a certification takes seconds under -race)
// and shared. Callers only read it.
func baseline(t *testing.T) *result.Run {
	t.Helper()
	baselineOnce.Do(func() {
		var tg *target.Target
		if tg, baselineErr = target.InProcess("test", nil); baselineErr == nil {
			baselineRun, baselineErr = Run(context.Background(), Config{Target: tg, Concurrency: 4, Seed: 7})
		}
	})
	require.NoError(t, baselineErr)
	return baselineRun
}

func TestReferenceIsCertified(t *testing.T) {
	t.Parallel()
	run := baseline(t)
	for _, s := range run.Scenarios {
		if s.Status != result.Passed {
			t.Errorf("%s %q: %s", s.Requirement, s.Name, s.Failure)
		}
	}
	assert.True(t, run.Certified, run.Summary)
	assert.Empty(t, run.Failed())
	assert.NotEmpty(t, run.Scenarios)
}

// A run records what the discovery answer announced, each name once in the
// order given, the surfaces the ITI does not know after those it does; and
// every capability and surface the ITI knows has its words in the reports'
// catalogue, so no report shows one as unknown.
func TestTheRunRecordsWhatWasAnnounced(t *testing.T) {
	d := iti.Discovery{Implementation: iti.Implementation{Name: "x", Version: "1"}, Roles: []string{"messenger", "platform"},
		Capabilities: []string{"logistics", "teleport", "logistics", "pages"},
		Messenger:    &iti.MessengerCapabilities{Surfaces: []string{"live_room", "short_video", "article_ad", "short_video"}}}
	info := announced(d)
	assert.Equal(t, []string{"logistics", "teleport", "pages"}, info.Capabilities)
	assert.Equal(t, []string{"article_ad", "short_video", "live_room"}, info.Surfaces)
	assert.Empty(t, announced(iti.Discovery{}).Surfaces, "no messenger object: chats only")

	known := append([]string{iti.CapabilityPages, iti.CapabilityLogistics}, iti.Surfaces...)
	for _, name := range known {
		assert.Contains(t, message.Announced, name)
	}
	assert.Len(t, message.Announced, len(known), "the catalogue names nothing the ITI does not")
}

// TestEveryViolationFailsExactlyItsRequirements is the harness's proof that
// every requirement can fail: each switch breaks the reference in one way, and
// the run must fail exactly the requirements the switch declares — a missing
// one means a scenario that cannot catch the breach, an extra one means a
// scenario that fails for the wrong reason.
//
// This is the proof of "exactly": every scenario of the switch's role runs.
// TestBlackBoxViolationsFailLikeInProcess runs each switch again over the
// network, its declared requirements' scenarios only.
func TestEveryViolationFailsExactlyItsRequirements(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	alone := map[string]bool{}
	for i, v := range reference.Violations {
		if len(v.Breaks) == 1 {
			alone[v.Breaks[0]] = true
		}
		if slices.Equal(v.Breaks, withItsPartner["QR-03"]) {
			alone["QR-03"] = true
		}
		// Only a run that observes pages sees the page switches: the
		// observed test checks them, both ways.
		if !swept(i) || reference.Observed[v.Name] {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			// A switch breaks one role's behaviour; the other roles' scenarios
			// cannot see it, and running them would only slow the proof.
			run := certifyRoles(t, []string{v.Role}, v.Name)
			assert.ElementsMatch(t, v.Breaks, run.Failed(), "switch %q (%s)", v.Name, v.Description)
			assert.False(t, run.Certified && hasMust(run, v.Breaks), "a run failing a MUST requirement was certified")
		})
	}
	set, err := requirement.Load(features.FS)
	require.NoError(t, err)
	for _, r := range set.Requirements {
		assert.True(t, alone[r.ID], "no violation switch breaks %s alone, so nothing proves that it can fail by itself", r.ID)
	}
}

// withItsPartner names the requirements that cannot fail alone, and the
// switch's Breaks that prove they can fail at all. QR-03 asks that every
// connected wallet can pay the acquirer's code, QR-04 that every connected
// wallet's payment of its codes, static and order, is accepted alike: a code
// the clearing switch cannot route to the acquirer is one that no wallet's
// payment reaches it on, so whatever breaks QR-03 breaks QR-04 too. The
// proof is a switch that breaks exactly the two.
var withItsPartner = map[string][]string{"QR-03": {"QR-03", "QR-04"}}

func hasMust(run *result.Run, ids []string) bool {
	for _, r := range run.Requirements {
		for _, id := range ids {
			if r.Requirement.ID == id && r.Requirement.Level == requirement.Must {
				return true
			}
		}
	}
	return false
}
