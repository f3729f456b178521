package iti

import (
	"context"
	"net/http"
	"net/url"
)

// Links outside chats (LINK-07): besides its chats a messenger may offer
// surfaces where a link is placed rather than sent — an ad under an
// official-account article, an ad in Moments, a short-video post — and the
// same no-blocking rules apply there. Which of them it offers is its own
// business, so it says so at discovery, and the harness checks every one it
// names and none it does not.

// Surfaces other than chats a messenger can offer, in the order the
// harness checks them.
const (
	SurfaceArticleAd  = "article_ad"  // an ad under an official-account article
	SurfaceMomentsAd  = "moments_ad"  // an ad in the Moments feed
	SurfaceShortVideo = "short_video" // a short-video (video-account) post with a link
)

// Surfaces lists every surface the ITI knows.
var Surfaces = []string{SurfaceArticleAd, SurfaceMomentsAd, SurfaceShortVideo}

// maxSurfaces bounds the surfaces a discovery answer may name.
const maxSurfaces = 32

// MessengerCapabilities is what a messenger says at discovery about what it
// offers beyond chats. A messenger that omits it offers chats only.
type MessengerCapabilities struct {
	// Surfaces are the surfaces other than chats it offers, from Surfaces.
	Surfaces []string `json:"surfaces"`
}

// OfferedSurfaces splits what the discovery answer names into the surfaces
// the ITI knows, in Surfaces' order and once each, and the names it does
// not know, which a harness reports and does not check.
func (d Discovery) OfferedSurfaces() (known, unknown []string) {
	if d.Messenger == nil {
		return nil, nil
	}
	named := map[string]bool{}
	for _, s := range d.Messenger.Surfaces {
		named[s] = true
	}
	for _, s := range Surfaces {
		if named[s] {
			known = append(known, s)
			delete(named, s)
		}
	}
	seen := map[string]bool{}
	for _, s := range d.Messenger.Surfaces {
		if named[s] && !seen[s] {
			seen[s] = true
			unknown = append(unknown, s)
		}
	}
	return known, unknown
}

// PlacementRequest places a link on a surface: the advertiser's ad with its
// landing link, or a short-video post with the link it carries.
type PlacementRequest struct {
	// Placer is the account that places it: the advertiser, or the
	// video's author.
	Placer string `json:"placer"`
	// Caption is the ad's or the video's text.
	Caption string `json:"caption"`
	// Link is the landing link, written as the placer wrote it.
	Link string `json:"link"`
}

// PlacementCreated answers PlacementRequest.
type PlacementCreated struct {
	PlacementID string `json:"placement_id"`
}

// DeliveredPlacement is a placement as one user sees it on the surface, with
// its link presented as a chat presents one (Link).
type DeliveredPlacement struct {
	PlacementID string `json:"placement_id"`
	Surface     string `json:"surface"`
	Viewer      string `json:"viewer"`
	Link        Link   `json:"link"`
}

// Place places a link on surface and returns the placement's id.
func (s *Session) Place(ctx context.Context, surface string, req PlacementRequest) (string, error) {
	var out PlacementCreated
	err := s.c.do(ctx, "place a link on "+surface, http.MethodPost, s.path("messenger", "surfaces", surface, "placements"), req, http.StatusCreated, &out)
	return out.PlacementID, err
}

func (o *PlacementCreated) unusable() string { return noID(o.PlacementID, "placement id") }

// ReadPlacement returns a placement as viewer sees it.
func (s *Session) ReadPlacement(ctx context.Context, surface, placement, viewer string) (DeliveredPlacement, error) {
	var out DeliveredPlacement
	p := s.path("messenger", "surfaces", surface, "placements", placement) + "?viewer=" + url.QueryEscape(viewer)
	err := s.c.do(ctx, "read a placement on "+surface+" as "+viewer, http.MethodGet, p, nil, http.StatusOK, &out)
	return out, err
}
