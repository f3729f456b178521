package reference

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
)

// TestSessionProxy: a session opened with a network fixture sends its
// outbound requests through that session's proxy, and no other session's.
func TestSessionProxy(t *testing.T) {
	var mu sync.Mutex
	seen := map[string][]string{} // proxy -> absolute URLs it was asked for
	proxy := func(name string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen[name] = append(seen[name], r.URL.String())
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"entries":[]}`))
		}))
	}
	pa, pb := proxy("a"), proxy("b")
	defer pa.Close()
	defer pb.Close()
	client := NewClient(0)
	defer client.CloseIdleConnections()
	ref, err := New(Options{Client: client})
	require.NoError(t, err)
	srv := httptest.NewServer(ref)
	defer srv.Close()

	post := func(path string, body any) map[string]string {
		b, _ := json.Marshal(body)
		resp, err := http.Post(srv.URL+path, "application/json", bytes.NewReader(b))
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Less(t, resp.StatusCode, 300)
		var out map[string]string
		json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	for name, p := range map[string]*httptest.Server{"a": pa, "b": pb} {
		sid := post("/iti/v1/sessions", iti.SessionRequest{Label: name, Network: &iti.NetworkFixture{ProxyURL: p.URL},
			Messenger: &iti.MessengerFixtures{AffiliatedHosts: []string{}, MaliciousListURL: "http://list." + name + ".test/list.json"}})["session_id"]
		cid := post("/iti/v1/sessions/"+url.PathEscape(sid)+"/messenger/conversations", iti.ConversationRequest{Kind: iti.ConversationDirect, Members: []string{"x", "y"}})["conversation_id"]
		post("/iti/v1/sessions/"+sid+"/messenger/conversations/"+cid+"/messages", iti.MessageRequest{Sender: "x", Text: "hi"})
	}
	assert.Equal(t, []string{"http://list.a.test/list.json"}, seen["a"])
	assert.Equal(t, []string{"http://list.b.test/list.json"}, seen["b"])

	resp, err := http.Post(srv.URL+"/iti/v1/sessions", "application/json", strings.NewReader(`{"label":"x","network":{"proxy_url":"ftp://nope"}}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
