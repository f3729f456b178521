package runner

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference"
)

// TestEveryVariantIsCertified is the other half of the sensitivity test
// (issue 13, "no honest behaviour may fail"): each variant changes the
// reference only within what the contract allows, so a run with it on, and
// every role tested, must certify with no requirement failed. A failure
// here is the harness being stricter than the contract.
func TestEveryVariantIsCertified(t *testing.T) {
	// The sweeps run side by side: one that waits (timings, a browser)
	// leaves its core to another.
	t.Parallel()
	if raceDetector {
		// Under -race, TestBlackBoxAllVariantsAtOnceFailNothing runs every
		// variant in one run; 'make test' runs this one without -race.
		t.Skip("each variant alone runs without -race ('make test' runs it so)")
	}
	for _, v := range reference.Variants {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			tg, err := target.InProcessVaried("builtin:reference?vary="+v.Name, nil, []string{v.Name})
			require.NoError(t, err)
			run, err := Run(context.Background(), Config{Target: tg, Concurrency: 4, Seed: 7})
			require.NoError(t, err)
			assertHonest(t, run, v.Name)
		})
	}
}

// assertHonest checks that run certified an implementation whose variants
// break nothing; with created-as-ok the run must also say, as a contract
// finding, where 200 came for 201.
func assertHonest(t *testing.T, run *result.Run, variants ...string) {
	t.Helper()
	for _, s := range run.Scenarios {
		assert.Equal(t, result.Passed, s.Status, "%s %q: %s", s.Requirement, s.Name, s.Failure)
	}
	assert.NotEmpty(t, run.Scenarios)
	assert.Empty(t, run.Failed(), "variants %v are honest: no requirement may fail", variants)
	want := result.Certified
	if run.DepthDrawn() == result.DepthQuick {
		want = result.Partial // and for that reason alone: nothing failed
	}
	assert.Equal(t, want, run.Decision, "%s; %v", run.Summary, run.Reasons)
	created := false
	for _, v := range variants {
		created = created || v == reference.CreatedAsOK
	}
	if !created {
		assert.Empty(t, run.ContractFindings)
		return
	}
	require.NotEmpty(t, run.ContractFindings, "200 where 201 is specified is a contract finding")
	all := strings.Join(run.ContractFindings, "\n")
	assert.Contains(t, all, "201")
	for _, op := range []string{"POST /sessions:", "POST /sessions/{session}/platform/checkouts:"} {
		assert.Contains(t, all, op, "the findings name the operation")
	}
	// Once per operation, whatever the sessions and names of the calls:
	// no more findings than operations the contract answers with 201.
	assert.Equal(t, len(run.ContractFindings), len(uniq(run.ContractFindings)))
	assert.LessOrEqual(t, len(run.ContractFindings), strings.Count(string(iti.OpenAPI), `"201":`), all)
}

func uniq(xs []string) map[string]bool {
	out := map[string]bool{}
	for _, x := range xs {
		out[x] = true
	}
	return out
}

// TestBlackBoxAllVariantsAtOnceFailNothing serves the reference with every
// variant on over real HTTP and certifies it as a black box: the variants
// break nothing together either. Quick depth: each variant alone is
// certified at a certification's depth (TestEveryVariantIsCertified).
func TestBlackBoxAllVariantsAtOnceFailNothing(t *testing.T) {
	t.Parallel()
	srv := serveReferenceVaried(t, reference.VariantNames())
	run, err := certifyURL(t, context.Background(), srv.URL+"/iti/v1", target.Options{}, Config{Depth: result.DepthQuick})
	require.NoError(t, err)
	assertHonest(t, run, reference.VariantNames()...)
}

// serveReferenceVaried is serveReference with honest variants on.
func serveReferenceVaried(t *testing.T, variants []string) *httptest.Server {
	t.Helper()
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client, Variants: variants})
	require.NoError(t, err)
	srv := httptest.NewServer(ref)
	t.Cleanup(func() {
		srv.Close()
		client.CloseIdleConnections()
	})
	return srv
}
