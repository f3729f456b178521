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

func TestOfferedSurfacesAreTheKnownOnesOnceEachInTheITIsOrder(t *testing.T) {
	known, unknown := Discovery{}.OfferedSurfaces()
	assert.Empty(t, known, "no messenger object: chats only")
	assert.Empty(t, unknown)

	d := Discovery{Messenger: &MessengerCapabilities{Surfaces: []string{"short_video", "live_room", "article_ad", "short_video", "live_room", "Moments_Ad"}}}
	known, unknown = d.OfferedSurfaces()
	assert.Equal(t, []string{SurfaceArticleAd, SurfaceShortVideo}, known)
	assert.Equal(t, []string{"live_room", "Moments_Ad"}, unknown, "a name is the ITI's exactly or not at all")
}

// The surfaces a discovery answer names reach the report: each is made
// harmless, and a list no messenger could mean is refused, as too many
// roles are.
func TestDiscoveryBoundsTheSurfacesNamed(t *testing.T) {
	answer := `{"iti_version": "1", "implementation": {"name": "x", "version": "1"}, "roles": ["messenger"], "messenger": {"surfaces": [SURFACES]}}`
	discover := func(surfaces string) (Discovery, error) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(strings.Replace(answer, "SURFACES", surfaces, 1)))
		}))
		defer srv.Close()
		cl, err := NewClient(srv.URL, srv.Client())
		require.NoError(t, err)
		return cl.Discover(context.Background())
	}
	d, err := discover(`"moments_ad", "\u001b[2Jlive\r\nroom"`)
	require.NoError(t, err)
	assert.Equal(t, "moments_ad", d.Messenger.Surfaces[0])
	assert.NotContains(t, d.Messenger.Surfaces[1], "\x1b")
	assert.NotContains(t, d.Messenger.Surfaces[1], "\n")

	_, err = discover(strings.TrimSuffix(strings.Repeat(`"article_ad",`, maxSurfaces+1), ","))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "names 33 surfaces besides chats")
}
