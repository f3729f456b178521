package messenger

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
)

// Links placed outside chats (LINK-07): ads under official-account
// articles, ads in Moments, short-video posts. A placed link is presented
// by the same rules as a link in a chat; only the chat-kind rules (one-to-one,
// group) do not reach it.

// Violation switches of the surfaces other than chats.
const (
	MomentsRivalBlocked = "rival-links-blocked-on-moments-ads"
	VideoTokenAtTimes   = "short-video-links-copy-token-one-in-five"
	SurfaceStoreFront   = "surface-links-land-on-store-front"
)

// Honest variants of the surfaces.
const (
	// NoSurfaces offers chats only: discovery names no other surface, and
	// placing a link anywhere answers 404.
	NoSurfaces = "no-surfaces"
	// AdClickRedirect sends every ad's link through the messenger's own
	// click-counting redirect, as ad platforms do; the redirect leads to
	// the link placed.
	AdClickRedirect = "ad-click-redirect"
)

// OfferedSurfaces are the surfaces besides chats the messenger announces.
func (m *Messenger) OfferedSurfaces() []string {
	if m.vary(NoSurfaces) {
		return nil
	}
	return append([]string{}, iti.Surfaces...)
}

func (m *Messenger) vary(name string) bool { return m.Vary != nil && m.Vary(name) }

type placement struct {
	id      string
	surface string
	placer  string
	caption string
	link    iti.Link
}

func (m *Messenger) offers(surface string) bool {
	for _, s := range m.OfferedSurfaces() {
		if s == surface {
			return true
		}
	}
	return false
}

// Place places a link on a surface and decides, once, how it is presented.
// redirect makes a link on the implementation's own host that redirects to
// its argument.
func (s *State) Place(ctx context.Context, surface string, req iti.PlacementRequest, redirect func(string) string) (string, error) {
	if !s.m.offers(surface) {
		return "", &Error{http.StatusNotFound, "this messenger offers no such surface"}
	}
	raw := strings.TrimSpace(req.Link)
	if found := findLinks(raw); len(found) != 1 || found[0] != raw {
		return "", &Error{http.StatusBadRequest, "the link placed is not one http or https link"}
	}
	if strings.TrimSpace(req.Placer) == "" {
		return "", &Error{http.StatusBadRequest, "no placer"}
	}
	l := s.present(ctx, surface, 0, raw, s.maliciousList(ctx), redirect)
	v := s.m.Violate
	u, err := url.Parse(raw)
	if err == nil && l.Access == iti.AccessDirect {
		rival := !s.isAffiliate(u.Hostname())
		switch {
		case rival && surface == iti.SurfaceMomentsAd && v(MomentsRivalBlocked):
			l.Access, l.Taps, l.OpensURL, l.ShownText = iti.AccessBlocked, 0, "", "[link removed]"
			l.Warning = iti.Warning{Level: iti.WarningDanger, Reason: "Ads in Moments cannot link to this platform"}
		case surface == iti.SurfaceShortVideo && v(VideoTokenAtTimes) && dropsSome(u):
			l.Access, l.Taps, l.OpensURL = iti.AccessCopyToken, 0, ""
			l.ShownText = "￥" + tokenFor(raw) + "￥"
			l.Instruction = "Copy this token and open the shop's app"
		case v(SurfaceStoreFront):
			l.OpensURL = u.Scheme + "://" + u.Host + "/"
		case s.m.vary(AdClickRedirect) && surface != iti.SurfaceShortVideo:
			l.OpensURL = redirect(l.OpensURL)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.placements == nil {
		s.placements = map[string]*placement{}
	}
	p := &placement{id: s.id("p"), surface: surface, placer: req.Placer, caption: req.Caption, link: l}
	s.placements[p.id] = p
	return p.id, nil
}

// ReadPlacement returns a placement as viewer sees it; any user may.
func (s *State) ReadPlacement(surface, id, viewer string) (iti.DeliveredPlacement, error) {
	if strings.TrimSpace(viewer) == "" {
		return iti.DeliveredPlacement{}, &Error{http.StatusBadRequest, "no viewer"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.placements[id]
	if !ok || p.surface != surface {
		return iti.DeliveredPlacement{}, &Error{http.StatusNotFound, "no such placement on this surface"}
	}
	return iti.DeliveredPlacement{PlacementID: p.id, Surface: p.surface, Viewer: viewer, Link: p.link}, nil
}
