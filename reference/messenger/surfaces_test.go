package messenger

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/hutong-interop/hutong/contract/iti"
)

func status(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// A placement holds one link, on a surface the messenger offers, and is read
// back on that surface only.
func TestAPlacementIsOneLinkOnAnOfferedSurface(t *testing.T) {
	none := func(string) bool { return false }
	m := &Messenger{Client: &http.Client{Transport: refuse{}}, Violate: none}
	s := m.NewState(iti.MessengerFixtures{})
	ctx := context.Background()
	same := func(u string) string { return u }
	ok := iti.PlacementRequest{Placer: "rival-a", Caption: "新款", Link: "http://shop.test/item/p1?a=1"}
	id, err := s.Place(ctx, iti.SurfaceMomentsAd, ok, same)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.ReadPlacement(iti.SurfaceMomentsAd, id, "bob")
	if err != nil || p.Link.Access != iti.AccessDirect || p.Link.OpensURL != ok.Link || p.Link.Taps != 1 {
		t.Errorf("read back %+v, %v", p, err)
	}
	if _, err := s.ReadPlacement(iti.SurfaceArticleAd, id, "bob"); status(err) != http.StatusNotFound {
		t.Errorf("a placement read on another surface: %v", err)
	}
	for _, bad := range []string{"", "see http://shop.test/item/p1", "http://a.test/x http://b.test/y", "shop.test/item/p1"} {
		req := ok
		req.Link = bad
		if _, err := s.Place(ctx, iti.SurfaceShortVideo, req, same); status(err) != http.StatusBadRequest {
			t.Errorf("link %q: %v", bad, err)
		}
	}
	if _, err := s.Place(ctx, "live_room", ok, same); status(err) != http.StatusNotFound {
		t.Errorf("an unknown surface: %v", err)
	}
	m.Vary = func(n string) bool { return n == NoSurfaces }
	if _, err := s.Place(ctx, iti.SurfaceMomentsAd, ok, same); status(err) != http.StatusNotFound {
		t.Errorf("a messenger with chats only took a placement: %v", err)
	}
}

// refuse is a transport that reaches nothing: previews are best effort.
type refuse struct{}

func (refuse) RoundTrip(*http.Request) (*http.Response, error) { return nil, errors.New("offline") }
