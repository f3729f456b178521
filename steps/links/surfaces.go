package links

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/untrusted"
)

// LINK-07: links placed outside chats — ads under official-account
// articles, ads in Moments, short-video posts — open as a link in a chat
// does. The surfaces checked are those the messenger names at discovery;
// one that names none is judged on a one-to-one chat, and the evidence says
// so.

// perSurface is how many links one "place links" step places on each
// surface, as many as a "sends a link" step sends in a chat (minLinks), so
// that every surface is judged as closely as a chat is: a violation that
// hits one link in five on one surface goes unseen with probability
// 0.8²⁴ < 0.5 %.
const perSurface = minLinks

// surfaceNames say what each surface is, in a reader's words.
var surfaceNames = map[string]string{
	iti.SurfaceArticleAd:  "an ad under an official-account article",
	iti.SurfaceMomentsAd:  "an ad in Moments",
	iti.SurfaceShortVideo: "a short-video post",
}

// chatOnly stands for the surface of a messenger that offers none besides
// chats: the links go into a one-to-one chat instead.
const chatOnly = "a one-to-one chat"

// offeredSurfaces reads, from the messenger's own discovery answer, which
// surfaces besides chats it offers.
func offeredSurfaces(ctx context.Context) error {
	w := scenario.From(ctx)
	d, err := w.Discover(ctx)
	if err != nil {
		return err
	}
	known, unknown := d.OfferedSurfaces()
	s := st(ctx)
	s.surfaces, s.surfacesKnown = known, true
	if len(unknown) > 0 {
		var shown []string
		for i, u := range unknown {
			if i == 4 {
				shown = append(shown, fmt.Sprintf("and %d more", len(unknown)-i))
				break
			}
			shown = append(shown, fmt.Sprintf("%q", untrusted.Line(u, untrusted.MaxName)))
		}
		w.Log.Note("Surfaces the ITI does not know", "The messenger names surfaces the ITI does not describe, which are not checked: "+strings.Join(shown, ", "))
	}
	if len(known) == 0 {
		w.Log.Note("Chats only", "The messenger names no surface besides chats (ads under official-account articles, ads in Moments, short-video posts): LINK-07 is judged on a one-to-one chat alone.")
		return nil
	}
	var names []string
	for _, k := range known {
		names = append(names, surfaceNames[k])
	}
	w.Log.Note("Surfaces checked", "The messenger offers "+strings.Join(names, ", ")+"; links are placed on each of them.")
	return nil
}

// placeOnSurfaces places, on every surface offered, links drawn from the
// space of links — to a store or a product of each shop in turn — and makes
// each a case of the batch the Then steps judge.
func placeOnSurfaces(ctx context.Context, a, b, c string) error {
	s := st(ctx)
	if !s.surfacesKnown {
		return fmt.Errorf("no earlier step asked the messenger which surfaces it offers")
	}
	shops := []string{a, b, c}
	surfaces := s.surfaces
	if len(surfaces) == 0 {
		if err := directChat(ctx, "Alice", "Bob"); err != nil {
			return err
		}
		surfaces = []string{chatOnly}
	}
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	g := generator(ctx)
	s.batch++
	sch := schemes
	if scenario.From(ctx).Env.Network.Scheme() == "http" {
		sch = []string{"http"} // as in sendBatch: black-box mocks speak http only
	}
	for _, surface := range surfaces {
		cases := g.Cases(perSurface,
			gen.Dim{Name: "target", Values: []string{"product", "store"}}, gen.Dim{Name: "scheme", Values: sch},
			gen.Dim{Name: "host", Values: hostCases}, gen.Dim{Name: "port", Values: ports}, gen.Dim{Name: "path", Values: paths},
			gen.Dim{Name: "query", Values: keys(queries)}, gen.Dim{Name: "fragment", Values: fragments})
		for i, cs := range cases {
			shopName := shops[i%len(shops)]
			cs["shop"], cs["surface"] = shopName, surfaceLabel(surface)
			page, link, err := writeLink(ctx, shopName, cs)
			if err != nil {
				return err
			}
			sl := sentLink{shop: shopName, product: page, url: link, dims: cs, batch: s.batch, target: cs["target"]}
			if surface == chatOnly {
				cs["in message"], cs["place"] = "link 1 of 1", "alone"
				if err := post(ctx, "Alice", link, []sentLink{sl}); err != nil {
					return err
				}
				continue
			}
			id, err := sess.Place(ctx, surface, iti.PlacementRequest{Placer: shopName, Caption: "新款" + category + "，限时优惠", Link: link})
			if err != nil {
				return err
			}
			sl.surface, sl.placement, sl.seen = surface, id, map[string]iti.Link{}
			s.sent = append(s.sent, sl)
		}
	}
	return nil
}

func surfaceLabel(surface string) string {
	if n, ok := surfaceNames[surface]; ok {
		return n
	}
	return surface
}

// seenPlaced returns what viewer sees of a link placed on a surface.
func seenPlaced(ctx context.Context, sl *sentLink, viewer string) (iti.Link, error) {
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return iti.Link{}, err
	}
	p, err := sess.ReadPlacement(ctx, sl.surface, sl.placement, viewer)
	if err != nil {
		return iti.Link{}, err
	}
	if !sameLink(p.Link.OriginalURL, sl.url) {
		return iti.Link{}, &missingLink{fmt.Sprintf("%s's view of %s does not carry the link placed, %s, but %q; a link that vanishes from what was placed is blocked",
			viewer, surfaceLabel(sl.surface), sl.url, untrusted.Line(p.Link.OriginalURL, 300))}
	}
	return p.Link, nil
}

func leadsToPlaced(ctx context.Context) error {
	return leadsTo(ctx, "was placed")
}
