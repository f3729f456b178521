package iti

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The description says what brings each operation into a run: its role, a
// capability announced, a surface named. Every capability it names is one
// the ITI knows, and a call is named by its operation whatever its ids.
func TestOperationsSayWhatBringsThemIn(t *testing.T) {
	v, err := NewValidator()
	require.NoError(t, err)
	by := map[string]Operation{}
	for _, o := range v.Operations() {
		require.NotEmpty(t, o.ID, "%s %s has an operationId", o.Method, o.Path)
		by[o.ID] = o
		if o.Capability != "" {
			assert.Contains(t, []string{CapabilityLogistics, CapabilityPages}, o.Capability, o.ID)
		}
	}
	assert.Equal(t, Operation{ID: "discover", Method: "GET", Path: "/"}, by["discover"])
	assert.Equal(t, "platform", by["checkout"].Role)
	for _, id := range []string{"connectCarrier", "shippingQuote", "ship", "readParcel"} {
		assert.Equal(t, CapabilityLogistics, by[id].Capability, id)
		assert.Equal(t, "platform", by[id].Role, id)
	}
	for _, id := range []string{"placeLink", "readPlacement"} {
		assert.True(t, by[id].PerSurface, id)
		assert.Equal(t, "messenger", by[id].Role, id)
	}

	key, ok := v.Reached("GET", "/sessions/s1/messenger/surfaces/moments_ad/placements/p9?viewer=bob")
	assert.True(t, ok)
	assert.Equal(t, "GET /sessions/{session}/messenger/surfaces/{surface}/placements/{placement} on moments_ad", key)
	key, ok = v.Reached("POST", "/sessions/s1/platform/shipments")
	assert.True(t, ok)
	assert.Equal(t, "POST /sessions/{session}/platform/shipments", key)
	_, ok = v.Reached("GET", "/nowhere")
	assert.False(t, ok)
}

// An answer the harness can use is told to Answered, by its path without
// the query; one without the id later calls need fails, is told to
// Failed, and is not counted as answered.
func TestOnlyUsableAnswersAreAnswered(t *testing.T) {
	body := `{"placement_id": "p1"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(body))
			return
		}
		w.Write([]byte(`{"placement_id": "p1", "surface": "article_ad", "viewer": "bob", "link": {}}`))
	}))
	defer srv.Close()
	cl, err := NewClient(srv.URL, srv.Client())
	require.NoError(t, err)
	var answered []string
	var failed []*Error
	cl.Answered = func(method, path string) { answered = append(answered, method+" "+path) }
	cl.Failed = func(e *Error) { failed = append(failed, e) }
	s := &Session{c: cl, ID: "s1"}

	id, err := s.Place(context.Background(), SurfaceArticleAd, PlacementRequest{Link: "https://x.test/"})
	require.NoError(t, err)
	assert.Equal(t, "p1", id)
	_, err = s.ReadPlacement(context.Background(), SurfaceArticleAd, id, "bob")
	require.NoError(t, err)
	assert.Equal(t, []string{"POST /sessions/s1/messenger/surfaces/article_ad/placements", "GET /sessions/s1/messenger/surfaces/article_ad/placements/p1"}, answered)

	answered, body = nil, `{"placement_id": ""}`
	_, err = s.Place(context.Background(), SurfaceArticleAd, PlacementRequest{Link: "https://x.test/"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the answer gives no placement id")
	assert.Empty(t, answered)
	require.Len(t, failed, 1)
	assert.Equal(t, http.StatusCreated, failed[0].Status)
	assert.True(t, strings.HasPrefix(failed[0].Op, "place a link on article_ad"))
}
