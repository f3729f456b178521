// Package blocklist is the publisher of a shared list of known malicious
// links: the one documented risk signal a messenger may use to warn about or
// block a link, whoever provides it.
package blocklist

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Entry is one listed URL and why it is listed.
type Entry struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

// List is the published document.
type List struct {
	Entries []Entry `json:"entries"`
}

// Publisher serves the list at ListPath.
type Publisher struct {
	mu      sync.Mutex
	entries []Entry
}

// ListPath is where the list is published.
const ListPath = "/list.json"

// Add lists url with reason.
func (p *Publisher) Add(url, reason string) {
	p.mu.Lock()
	p.entries = append(p.entries, Entry{URL: url, Reason: reason})
	p.mu.Unlock()
}

func (p *Publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != ListPath {
		http.NotFound(w, r)
		return
	}
	p.mu.Lock()
	l := List{Entries: append([]Entry{}, p.entries...)}
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(l)
}
