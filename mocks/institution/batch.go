package institution

import (
	"fmt"
	"net/http"
)

// Batch makes n wallets of one tier at once, with ids prefix-001, prefix-002…
// (as many digits as n needs), each with a key of its own. client makes each
// wallet's client for its payment notices, so that evidence can name the
// wallet that sent them.
func Batch(prefix, tier string, n int, client func(id string) *http.Client) []*Institution {
	width := len(fmt.Sprint(n))
	if width < 3 {
		width = 3
	}
	out := make([]*Institution, n)
	for i := range out {
		id := fmt.Sprintf("%s-%0*d", prefix, width, i+1)
		out[i] = New(id, id, tier, client(id))
	}
	return out
}
