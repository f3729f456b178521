package access_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/platform"
)

var (
	connectPath = regexp.MustCompile(`^/iti/v1/sessions/[^/]+/platform/institutions/([^/]+)$`)
	noticePath  = regexp.MustCompile(`^(/pay/[^/]+/notify)/[^/]+$`)
)

// noticeAddresses gives each institution its own notice address: the
// reference's, with the segment part(id, tier) added, which the wrapped
// reference serves as its own.
func noticeAddresses(part func(id, tier string) string) func(http.Handler) http.Handler {
	// A connection's answer gets the notice address of its own.
	connectionsEdit := target.Rewriting(func(r *http.Request) func([]byte) []byte {
		m := connectPath.FindStringSubmatch(r.URL.Path)
		if m == nil || r.Method != http.MethodPut {
			return nil
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var req iti.InstitutionRequest
		json.Unmarshal(body, &req)
		return func(out []byte) []byte {
			var c iti.InstitutionConnection
			if json.Unmarshal(out, &c) == nil && c.NotifyURL != "" {
				c.NotifyURL += "/" + part(m[1], req.Tier)
				out, _ = json.Marshal(c)
			}
			return out
		}
	})
	return func(next http.Handler) http.Handler {
		connections := connectionsEdit(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if m := noticePath.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodPost {
				r.URL.Path, r.URL.RawPath = m[1], ""
				next.ServeHTTP(w, r)
				return
			}
			connections.ServeHTTP(w, r)
		})
	}
}

// secret is an opaque per-institution token, as webhook addresses carry.
func secret(id, _ string) string {
	h := sha256.Sum256([]byte("notice secret of " + id))
	return hex.EncodeToString(h[:12])
}

func accessVerdicts(t *testing.T, tags string, wrap func(http.Handler) http.Handler, violations ...string) map[string]result.Verdict {
	t.Helper()
	tg, err := target.InProcessWrapped("test", violations, wrap)
	require.NoError(t, err)
	defer tg.Close()
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Tags: tags, Seed: certifySeed, Concurrency: 4})
	require.NoError(t, err)
	out := map[string]result.Verdict{}
	for _, r := range run.Requirements {
		if r.Verdict != result.NotRun {
			out[r.Requirement.ID] = r.Verdict
		}
	}
	for _, s := range run.Scenarios {
		if s.Status != result.Passed {
			t.Logf("%s %q: %s", s.Requirement, s.Name, s.Failure)
		}
	}
	return out
}

func TestPerInstitutionSecretNoticeAddressesAreTheSameInterface(t *testing.T) {
	assert.Equal(t, map[string]result.Verdict{"ACCESS-01": result.Pass}, accessVerdicts(t, "@ACCESS-01", noticeAddresses(secret)))
	// Payments still reach the platform at those addresses.
	assert.Equal(t, map[string]result.Verdict{"PAY-04": result.Pass}, accessVerdicts(t, "@PAY-04", noticeAddresses(secret)))
	for _, v := range []string{platform.TailHigherFees, platform.TailExtraConditions, platform.BigOnlyOnboarding} {
		assert.Equal(t, result.Fail, accessVerdicts(t, "@ACCESS-01", noticeAddresses(secret), v)["ACCESS-01"], v)
	}
}

func TestNoticeAddressesByTierAreNotTheSameInterface(t *testing.T) {
	byTier := func(_, tier string) string { return tier }
	assert.Equal(t, map[string]result.Verdict{"ACCESS-01": result.Fail}, accessVerdicts(t, "@ACCESS-01", noticeAddresses(byTier)))
}
