package links_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/reference/messenger"
)

// link07 certifies LINK-07 alone against tg and returns its one scenario.
func link07(t *testing.T, tg *target.Target) *result.Scenario {
	t.Helper()
	defer tg.Close()
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Roles: []string{"messenger"}, Tags: "@LINK-07", Seed: 3, Concurrency: 2})
	require.NoError(t, err)
	require.Len(t, run.Scenarios, 1)
	return run.Scenarios[0]
}

// surfacesJudged counts the cases of sc by the surface each was placed on.
func surfacesJudged(sc *result.Scenario) map[string]int {
	out := map[string]int{}
	seen := map[string]bool{}
	for _, c := range sc.Cases {
		if !seen[c.Name] {
			seen[c.Name] = true
			out[c.Dims["surface"]]++
		}
	}
	return out
}

func noteTitled(sc *result.Scenario, title string) string {
	for _, n := range sc.Notes {
		if n.Title == title {
			return n.Text
		}
	}
	return ""
}

// A messenger that offers chats only is not failed for it: LINK-07 is judged
// on the same links sent in a one-to-one chat, and the evidence says so. It
// is judged there for real: rival links blocked in chats fail it.
func TestAMessengerWithChatsOnlyIsJudgedOnAOneToOneChat(t *testing.T) {
	tg, err := target.InProcessVaried("test", nil, []string{messenger.NoSurfaces})
	require.NoError(t, err)
	sc := link07(t, tg)
	assert.Equal(t, result.Passed, sc.Status, sc.Failure)
	assert.Equal(t, map[string]int{"a one-to-one chat": 24}, surfacesJudged(sc))
	assert.Contains(t, noteTitled(sc, "Chats only"), "judged on a one-to-one chat alone")

	tg, err = target.InProcessVaried("test", []string{messenger.RivalLinksBlocked}, []string{messenger.NoSurfaces})
	require.NoError(t, err)
	sc = link07(t, tg)
	assert.Equal(t, result.Failed, sc.Status)
	assert.Contains(t, sc.Failure, `presented with access "blocked"`)
}

// announcing rewrites the reference's discovery answer to name surfaces.
func announcing(surfaces ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || strings.TrimSuffix(r.URL.Path, "/") != "/iti/v1" {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var d map[string]any
			if json.Unmarshal(rec.Body.Bytes(), &d) != nil {
				w.WriteHeader(http.StatusInternalServerError) // not the reference's discovery answer
				return
			}
			d["messenger"] = map[string]any{"surfaces": surfaces}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(d)
		})
	}
}

// Only the surfaces the messenger names are checked, each once however
// often it is named; names the ITI does not know are shown, made harmless,
// and not checked.
func TestOnlyTheSurfacesNamedAreCheckedAndUnknownNamesAreShownHarmlessly(t *testing.T) {
	tg, err := target.InProcessWrapped("test", nil, announcing(iti.SurfaceShortVideo, "live_room\x1b[2J", iti.SurfaceShortVideo))
	require.NoError(t, err)
	sc := link07(t, tg)
	assert.Equal(t, result.Passed, sc.Status, sc.Failure)
	assert.Equal(t, map[string]int{"a short-video post": 24}, surfacesJudged(sc))
	assert.Contains(t, noteTitled(sc, "Surfaces checked"), "a short-video post")
	unknown := noteTitled(sc, "Surfaces the ITI does not know")
	assert.Contains(t, unknown, "live_room")
	assert.NotContains(t, unknown, "\x1b")

	// A surface switched to break is caught only where it is checked.
	tg, err = target.InProcessWrapped("test", []string{messenger.MomentsRivalBlocked}, announcing(iti.SurfaceShortVideo))
	require.NoError(t, err)
	assert.Equal(t, result.Passed, link07(t, tg).Status, "Moments ads are not offered, so not checked")
	tg, err = target.InProcessWrapped("test", []string{messenger.MomentsRivalBlocked}, announcing(iti.SurfaceMomentsAd))
	require.NoError(t, err)
	assert.Equal(t, result.Failed, link07(t, tg).Status)
}
