package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/platform"
)

const logTags = "@LOG-01 or @LOG-02 or @LOG-03"

// TestLogisticsCasesHoldAtEverySeed is the proof that the LOG family's drawn
// merchants cover what its Rules range over: the compliant reference passes
// LOG-01..03 at seeds 1–20 and the default seed, and the switch that leaves
// off only one rival carrier in three fails exactly LOG-01 and LOG-02 at
// every one of those seeds. Under -race it runs the default seed alone.
func TestLogisticsCasesHoldAtEverySeed(t *testing.T) {
	t.Parallel()
	seeds := []int64{defaultSeed}
	for s := int64(1); s <= 20 && !raceDetector; s++ {
		seeds = append(seeds, s)
	}
	for _, on := range []string{"", platform.RivalCarrierUnlistedOdd} {
		label := on
		if on == "" {
			label = "compliant"
		}
		t.Run(label, func(t *testing.T) {
			t.Parallel()
			var switches []string
			if on != "" {
				switches = []string{on}
			}
			tg, err := target.InProcess("test", switches)
			require.NoError(t, err)
			for _, seed := range seeds {
				run, err := Run(context.Background(), Config{Target: tg, Roles: []string{"platform"}, Tags: logTags, Concurrency: 3, Seed: seed})
				require.NoError(t, err)
				want := []string(nil)
				if on != "" {
					want = []string{"LOG-01", "LOG-02"}
				}
				assert.ElementsMatch(t, want, run.Failed(), "seed %d", seed)
				for _, r := range run.Requirements {
					if strings.HasPrefix(r.Requirement.ID, "LOG-") {
						assert.Equal(t, 12, r.Cases, "seed %d: %s judged every drawn merchant", seed, r.Requirement.ID)
					}
				}
			}
		})
	}
}

// TestLogisticsNotAnnouncedIsNotRun: a platform that does not announce the
// logistics capability at discovery is not failed on the LOG requirements —
// they could not be tested, so they are not run, each saying why — and,
// being SHOULD, their not running leaves the rest of the run's decision as
// it is.
func TestLogisticsNotAnnouncedIsNotRun(t *testing.T) {
	srv := serveReference(t)
	quiet := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.TrimSuffix(r.URL.Path, "/") == "/iti/v1" {
			resp, err := http.Get(srv.URL + "/iti/v1")
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			defer resp.Body.Close()
			var d iti.Discovery
			body, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(body, &d); err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			d.Capabilities = nil
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(d)
			return
		}
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, srv.URL+r.URL.RequestURI(), r.Body)
		req.Header = r.Header.Clone()
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		var buf bytes.Buffer
		io.Copy(&buf, resp.Body)
		w.Write(buf.Bytes())
	}))
	t.Cleanup(quiet.Close)

	run, err := certifyURL(t, context.Background(), quiet.URL+"/iti/v1", target.Options{}, Config{Roles: []string{"platform"}, Tags: logTags + " or @PAY-01"})
	require.NoError(t, err)
	assert.Empty(t, run.Failed())
	for _, r := range run.Requirements {
		switch {
		case strings.HasPrefix(r.Requirement.ID, "LOG-"):
			assert.Equal(t, result.NotRun, r.Verdict, r.Requirement.ID)
			assert.Contains(t, r.Reason, `does not announce the capability "logistics"`, r.Requirement.ID)
		case r.Requirement.ID == "PAY-01":
			assert.Equal(t, result.Pass, r.Verdict, "the rest of the platform role is judged as ever")
		}
	}
	for _, s := range run.Scenarios {
		if strings.HasPrefix(s.Requirement, "LOG-") {
			assert.Equal(t, result.NotRunStatus, s.Status, s.Name)
		}
	}
}
