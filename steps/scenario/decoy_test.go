package scenario_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// reportsITI is a messenger's ITI cut down to what the test needs: sessions,
// filing a link report, listing reports. Leaky, it lists every session's
// reports by reporter, as a moderation queue kept per user would; clean, it
// lists the session's own.
type reportsITI struct {
	leaky bool

	mu      sync.Mutex
	next    int
	reports map[string][]iti.LinkReport // session -> reports
	closed  []string
}

func (f *reportsITI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/iti/v1/sessions"), "/")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && len(parts) == 1:
		f.next++
		id := "s" + string(rune('0'+f.next))
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(iti.SessionCreated{SessionID: id})
	case r.Method == http.MethodDelete:
		f.closed = append(f.closed, parts[1])
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/reports"):
		var req iti.ReportRequest
		json.NewDecoder(r.Body).Decode(&req)
		rep := iti.LinkReport{ReportID: "r1", Reporter: req.Reporter, Reason: req.Reason, Status: "received"}
		f.reports[parts[1]] = append(f.reports[parts[1]], rep)
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(rep)
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/messenger/reports"):
		out := append([]iti.LinkReport{}, f.reports[parts[1]]...)
		if f.leaky {
			for sid, rs := range f.reports {
				for _, rep := range rs {
					if sid != parts[1] && rep.Reporter == "carol" {
						out = append(out, rep)
					}
				}
			}
		}
		json.NewEncoder(w).Encode(iti.LinkReports{Reports: out})
	default:
		http.NotFound(w, r)
	}
}

// withDecoy runs what a Given step and a later step of a scenario do: the
// Given step files carol's report in its own session while a decoy files
// one of carol's with the marker; the later step lists the reports. It
// returns what the later step's leak check says.
func withDecoy(t *testing.T, f *reportsITI) (leak error, w *scenario.World) {
	t.Helper()
	f.reports = map[string][]iti.LinkReport{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	v, err := iti.NewValidator()
	require.NoError(t, err)
	w, err = scenario.New(&scenario.Env{ITIBase: srv.URL + "/iti/v1", Transport: http.DefaultTransport, Network: network.New(), Timeout: 5 * time.Second, Validator: v}, "reports")
	require.NoError(t, err)
	ctx := context.Background()

	w.NextStep()
	wait := w.Decoy(ctx, w.Fixtures, func(ctx context.Context, d *scenario.Decoy) error {
		_, err := d.Session.ReportLink(ctx, "c1", "m1", 0, iti.ReportRequest{Reporter: "carol", Reason: "spam from " + d.Marker})
		return err
	})
	s, err := w.Session(ctx)
	require.NoError(t, err)
	_, err = s.ReportLink(ctx, "c1", "m1", 0, iti.ReportRequest{Reporter: "carol", Reason: "spam"})
	require.NoError(t, err)
	wait()
	require.NoError(t, w.Leaked(), "the decoy's own answers carry the marker and are not scanned")

	w.NextStep()
	_, err = s.Reports(ctx)
	require.NoError(t, err, "a leak fails the step, not the call")
	leak = w.Leaked()
	require.NoError(t, w.Close(ctx))
	assert.Len(t, f.closed, 2, "the scenario's session and its decoy are both closed")
	return leak, w
}

func TestDecoyMarkerShownInOwnSessionFailsTheStep(t *testing.T) {
	leak, w := withDecoy(t, &reportsITI{leaky: true})
	require.Error(t, leak)
	assert.Contains(t, leak.Error(), "state of another session showed in this one: GET /sessions/{session}/messenger/reports answered")
	assert.Contains(t, leak.Error(), "spam from "+scenario.MarkerShown)
	assert.NotContains(t, leak.Error(), w.Marker(), "the finding reads the same in every run")
	var decoyCalls int
	for _, x := range w.Log.Exchanges() {
		if x.From == "harness (decoy session)" {
			decoyCalls++
		}
	}
	assert.Equal(t, 3, decoyCalls, "the decoy's open, report and close are in the evidence as the decoy's")
}

func TestCleanSessionsPassTheMarkerScan(t *testing.T) {
	leak, _ := withDecoy(t, &reportsITI{})
	assert.NoError(t, leak)
}

func TestMarkersAreUnguessable(t *testing.T) {
	a, b := scenario.NewMarker(), scenario.NewMarker()
	assert.Len(t, a, 20)
	assert.NotEqual(t, a, b)
}
