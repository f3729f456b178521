package institution

import (
	"fmt"
	"net/http"
)

// Batch makes one institution of tier per id, each with a key of its own.
// client makes each institution's client for its payment notices, so that
// evidence can name the institution that sent them.
//
// The ids are the caller's: a harness that judges how a platform treats
// tiers must give ids that say nothing of the tier or of an order (see
// SerialIDs for when that does not matter).
func Batch(ids []string, tier string, client func(id string) *http.Client) []*Institution {
	out := make([]*Institution, len(ids))
	for i, id := range ids {
		out[i] = New(id, id, tier, client(id))
	}
	return out
}

// SerialIDs are prefix-001, prefix-002… (as many digits as n needs).
func SerialIDs(prefix string, n int) []string {
	width := len(fmt.Sprint(n))
	if width < 3 {
		width = 3
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%0*d", prefix, width, i+1)
	}
	return ids
}
