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
	"github.com/hutong-interop/hutong/model/evidence"
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

// LINK-07's steps record what they judged on: a placement as a viewer sees
// it is the implementation's word (declared), a placed link the harness
// followed to its page an artefact; the steps that ask and place judge
// nothing. The requirement rests on the weakest.
func TestLINK07StepsRecordWhatTheyJudgedOn(t *testing.T) {
	tg, err := target.InProcess("test", nil)
	require.NoError(t, err)
	sc := link07(t, tg)
	require.Equal(t, result.Passed, sc.Status, sc.Failure)
	got := map[string]string{}
	for _, st := range sc.Steps {
		got[st.Text] = st.Basis
	}
	assert.Equal(t, map[string]string{
		`the messenger is affiliated with the shop "own-mall"`:                                         "",
		`the rival shops "rival-a" and "rival-b" sell products too`:                                    "",
		`a shared list of known malicious links is published`:                                          "",
		`the messenger says which surfaces other than chats it offers`:                                 "",
		`"own-mall", "rival-a" and "rival-b" place links to their stores and products on each of them`: "",
		`Bob sees the link open directly in the app`:                                                   evidence.Declared,
		`Bob needs 1 tap to open it`:                                                                   evidence.Declared,
		`Bob is not told to copy the link or open it in a browser`:                                     evidence.Declared,
		`the link Bob receives is a link he can follow, not a token`:                                   evidence.Artefact,
		`following each placed link leads to the very store or product placed`:                         evidence.Artefact,
	}, got)
	assert.Equal(t, evidence.Declared, sc.Basis())
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
