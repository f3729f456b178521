// Package links defines the steps of the LINK family: a messenger must not
// block, degrade or discriminate against links to other platforms.
package links

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/blocklist"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// category is the one type of product every mock shop sells, so that links
// from different shops are links to the same type of product.
const category = "phone case"

type state struct {
	shops     map[string]string // shop name -> host
	blocklist *blocklist.Publisher
	conv      string
	// sent are the links posted, in order, with the message each went in.
	sent []sentLink
	// next are the URLs prepared by a Given step for the next message.
	next    []sentLink
	nextID  int
	reports []iti.LinkReport
	gen     *gen.Gen
	// batch numbers the When steps that sent links; each sent link
	// carries the number of its step.
	batch int
	// read are the messages read, by message id and viewer.
	read map[string]iti.DeliveredMessage
	// surfaces are the surfaces besides chats the messenger offers, once
	// asked (surfacesKnown).
	surfaces      []string
	surfacesKnown bool
}

type sentLink struct {
	shop    string
	product string
	url     string
	message string
	text    string              // the message the link went in
	seen    map[string]iti.Link // viewer -> link as delivered
	dims    gen.Case            // the case drawn: how it was written and placed
	batch   int
	// views are the link's journeys in the browser, by viewer.
	views map[string]*view
	// target is "store" for a link to a store's front page; otherwise the
	// link is to a product.
	target string
	// surface and placement, for a link placed outside chats (LINK-07),
	// say where it was placed; message is then empty.
	surface, placement string
}

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	scenario.Step(sc, `^the messenger is affiliated with the shop "([^"]+)"$`, affiliatedShop)
	scenario.Step(sc, `^the rival shops "([^"]+)" and "([^"]+)" sell products too$`, rivalShops)
	scenario.Step(sc, `^a shared list of known malicious links is published$`, publishBlocklist)
	scenario.Step(sc, `^(\w+) and (\w+) have a one-to-one chat$`, directChat)
	scenario.Step(sc, `^(\w+), (\w+) and (\w+) are in a group chat$`, groupChat)
	scenario.Step(sc, `^(\w+) sends (\w+) a link to a product of "([^"]+)"$`, sendProductLink, "LINK-01.3", "LINK-01.4", "LINK-01.5", "LINK-05.6", "LINK-06.2")
	scenario.Step(sc, `^(\w+) posts a link to a product of "([^"]+)" in the group$`, postProductLink, "LINK-04.4")
	scenario.Step(sc, `^(\w+) sends (\w+) links to the same type of product from these shops:$`, sendLinksFromShops, "LINK-02.5")
	scenario.Step(sc, `^(\w+) sends (\w+) an? (plain|campaign-tagged|very long|Chinese-named) link to a product of "([^"]+)"$`, sendShapedLink, "LINK-03.8")
	scenario.Step(sc, `^a page of "([^"]+)" is on the shared malicious list$`, listPage)
	scenario.Step(sc, `^(\w+) sends (\w+) a link to that page$`, sendPreparedLink, "LINK-05.6")
	scenario.Step(sc, `^the messenger says which surfaces other than chats it offers$`, offeredSurfaces, "LINK-07.3")
	scenario.Step(sc, `^"([^"]+)", "([^"]+)" and "([^"]+)" place links to their stores and products on each of them$`, placeOnSurfaces, "LINK-07.2", "LINK-07.4", "LINK-07.9")

	scenario.Step(sc, `^(\w+) sees the link open directly in the app$`, opensDirectly, "LINK-01.1", "LINK-01.5", "LINK-04.1", "LINK-04.3", "LINK-04.4", "LINK-07.1", "LINK-07.6", "LINK-07.9")
	scenario.Step(sc, `^(\w+) needs (\d+) taps? to open it$`, needsTaps, "LINK-01.1", "LINK-01.5", "LINK-04.1", "LINK-04.4", "LINK-07.1", "LINK-07.6", "LINK-07.9")
	scenario.Step(sc, `^(\w+) is not told to copy the link or open it in a browser$`, noDetour, "LINK-01.2", "LINK-01.5", "LINK-07.7", "LINK-07.9")
	scenario.Step(sc, `^every link is opened the same way, with the same number of taps$`, sameAccess, "LINK-02.1", "LINK-02.2", "LINK-02.5")
	scenario.Step(sc, `^every link carries the same warning level$`, sameWarning, "LINK-02.1", "LINK-02.3", "LINK-02.5")
	scenario.Step(sc, `^every link shows the same preview fields$`, samePreview, "LINK-02.1", "LINK-02.4", "LINK-02.5")
	scenario.Step(sc, `^the link (\w+) receives is a link he can follow, not a token$`, followable, "LINK-03.1", "LINK-03.5", "LINK-03.8", "LINK-07.7", "LINK-07.9")
	scenario.Step(sc, `^following it leads to the very product (\w+) shared$`, leadsToProduct, "LINK-03.1", "LINK-03.3", "LINK-03.4", "LINK-03.6", "LINK-03.7", "LINK-03.8")
	scenario.Step(sc, `^following each placed link leads to the very store or product placed$`, leadsToPlaced, "LINK-07.1", "LINK-07.8", "LINK-07.9")
	scenario.Step(sc, `^(\w+) is warned about the link or it is blocked$`, warnedOrBlocked, "LINK-05.1", "LINK-05.2", "LINK-05.5", "LINK-05.6")
	scenario.Step(sc, `^(\w+) is shown the reason$`, reasonShown, "LINK-05.3", "LINK-05.6")
	scenario.Step(sc, `^(\w+) sees no warning on the link$`, noWarning, "LINK-05.1", "LINK-05.4", "LINK-05.6")
	scenario.Step(sc, `^the link is not blocked$`, notBlocked, "LINK-05.1", "LINK-05.4", "LINK-05.6")
	scenario.Step(sc, `^(\w+) is offered a way to report the link$`, reportOffered, "LINK-06.1", "LINK-06.2")
	scenario.Step(sc, `^(\w+) reports the link$`, reportLink, "LINK-06.1", "LINK-06.2")
	scenario.Step(sc, `^the messenger records (\w+)'s report$`, reportRecorded, "LINK-06.1", "LINK-06.2")
}

func st(ctx context.Context) *state {
	s := scenario.State[state](ctx)
	if s.shops == nil {
		s.shops = map[string]string{}
	}
	return s
}

func user(name string) string { return strings.ToLower(name) }

func fixtures(ctx context.Context) *iti.MessengerFixtures {
	w := scenario.From(ctx)
	if w.Fixtures.Messenger == nil {
		w.Fixtures.Messenger = &iti.MessengerFixtures{AffiliatedHosts: []string{}}
	}
	return w.Fixtures.Messenger
}

// seen returns link i of what viewer sees, reading the message once.
func seen(ctx context.Context, viewer string, i int) (iti.Link, error) {
	s := st(ctx)
	if i >= len(s.sent) {
		return iti.Link{}, fmt.Errorf("no link was sent")
	}
	sl := &s.sent[i]
	v := user(viewer)
	if l, ok := sl.seen[v]; ok {
		return l, nil
	}
	if sl.surface != "" {
		l, err := seenPlaced(ctx, sl, v)
		if err == nil {
			sl.seen[v] = l
		}
		return l, err
	}
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return iti.Link{}, err
	}
	// A message of several links is read once per viewer, not per link.
	key := sl.message + "\x00" + v
	msg, ok := s.read[key]
	if !ok {
		msg, err = sess.ReadMessage(ctx, s.conv, sl.message, v)
		if err != nil {
			return iti.Link{}, err
		}
		if s.read == nil {
			s.read = map[string]iti.DeliveredMessage{}
		}
		s.read[key] = msg
	}
	var found *iti.Link
	for j := range msg.Links {
		if sameLink(msg.Links[j].OriginalURL, sl.url) {
			found = &msg.Links[j]
		}
	}
	if found == nil {
		var listed []string
		for _, l := range msg.Links {
			listed = append(listed, fmt.Sprintf("%q", l.OriginalURL))
		}
		return iti.Link{}, &missingLink{fmt.Sprintf("%s's view of the message does not list the link %s at all (it lists %d link(s)%s); a link that vanishes from the message is blocked", viewer, sl.url, len(msg.Links), prefixed(": ", strings.Join(listed, ", ")))}
	}
	sl.seen[v] = *found
	return *found, nil
}

// missingLink is the finding that a message's view lacks a link sent in it.
type missingLink struct{ finding string }

func (m *missingLink) Error() string { return m.finding }

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func last(ctx context.Context, viewer string) (iti.Link, error) {
	return seen(ctx, viewer, len(st(ctx).sent)-1)
}

func describe(l iti.Link) string {
	d := fmt.Sprintf("access %q, %d tap(s), warning %q", l.Access, l.Taps, l.Warning.Level)
	if l.Instruction != "" {
		d += fmt.Sprintf(", instruction %q", l.Instruction)
	}
	return d
}
