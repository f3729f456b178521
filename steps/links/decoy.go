package links

import (
	"context"
	"fmt"
	"sort"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// decoyChat opens a decoy session beside the scenario's (scenario.Decoy)
// with a chat of the same kind and the same members, in which the first
// member sends a link to a product of one of the scenario's shops and the
// second reports it, the message, the product and the reason all carrying
// the marker: a messenger that keeps chats or reports by their members
// rather than by session shows them in the scenario's own answers. It
// returns what waits for the decoy; the chat step defers it.
func decoyChat(ctx context.Context, kind string, members []string) (wait func()) {
	w := scenario.From(ctx)
	var hosts []string
	for _, h := range st(ctx).shops {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	return w.Decoy(ctx, w.Fixtures, func(ctx context.Context, d *scenario.Decoy) error {
		conv, err := d.Session.CreateConversation(ctx, iti.ConversationRequest{Kind: kind, Members: members})
		if err != nil {
			return err
		}
		text := "see " + d.Marker
		if len(hosts) > 0 {
			text += " " + w.URL(hosts[0], "/item/"+d.Marker)
		}
		msg, err := d.Session.PostMessage(ctx, conv, iti.MessageRequest{Sender: members[0], Text: text})
		if err != nil || len(hosts) == 0 {
			return err
		}
		_, err = d.Session.ReportLink(ctx, conv, msg, 0, iti.ReportRequest{Reporter: members[1], Reason: fmt.Sprintf("reported in %s", d.Marker)})
		return err
	})
}
