package reference

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/observe"
)

// parties answers what the reference and its pages ask of others: the
// shared list, and each shop's product pages, by host, with no listener.
type parties struct{ listed string }

func (p parties) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	switch {
	case r.URL.Host == "list.test":
		json.NewEncoder(rec).Encode(map[string]any{"entries": []map[string]string{{"url": p.listed, "reason": "phishing page imitating a payment login"}}})
	case strings.HasPrefix(r.URL.Path, "/item/"):
		rec.Header().Set("Content-Type", "text/html; charset=utf-8")
		rec.WriteString(`<!doctype html><html><head><meta charset="utf-8"><meta property="og:title" content="phone case">` +
			`<meta name="hutong:product" content="` + r.URL.Host + r.URL.Path + `"></head><body>phone case</body></html>`)
	default:
		return nil, http.ErrServerClosed
	}
	return rec.Result(), nil
}

// The reference's message page shows each link's declared warning beside
// it, and only there: a listed link's reason on the message and on the page
// between, a clean link none, whoever provides it; PageRivalLinksWarned
// adds a warning to every clean rival link, which the ITI does not declare.
func TestTheMessagePageShowsTheWarningsDeclared(t *testing.T) {
	b := browser(t)

	const own, rival, listed = "http://shop.own.test/item/p1", "http://shop.rival.test/item/p2", "http://shop.rival.test/item/fake-login-p3"
	net := parties{listed: listed}
	for _, violations := range [][]string{nil, {PageRivalLinksWarned}} {
		ref, err := New(Options{Client: &http.Client{Transport: net}, Pages: true, Violations: violations})
		require.NoError(t, err)
		srv := httptest.NewServer(ref)
		defer srv.Close()
		post := func(path string, body any) map[string]string {
			data, _ := json.Marshal(body)
			resp, err := http.Post(srv.URL+path, "application/json", bytes.NewReader(data))
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Less(t, resp.StatusCode, 300, path)
			var out map[string]string
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
			return out
		}
		sid := post("/iti/v1/sessions", iti.SessionRequest{Label: "pages",
			Messenger: &iti.MessengerFixtures{AffiliatedHosts: []string{"shop.own.test"}, MaliciousListURL: "http://list.test/list.json"}})["session_id"]
		base := "/iti/v1/sessions/" + sid + "/messenger/conversations"
		cid := post(base, iti.ConversationRequest{Kind: iti.ConversationDirect, Members: []string{"alice", "bob"}})["conversation_id"]
		mid := post(base+"/"+cid+"/messages", iti.MessageRequest{Sender: "alice", Text: "look " + own + " and " + rival + " and " + listed})["message_id"]
		resp, err := http.Get(srv.URL + base + "/" + cid + "/messages/" + mid + "?viewer=bob")
		require.NoError(t, err)
		var msg iti.DeliveredMessage
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&msg))
		resp.Body.Close()
		require.Len(t, msg.Links, 3)
		require.NotEmpty(t, msg.PageURL)

		// The page reaches the reference itself and the parties, nothing else.
		srvURL, _ := url.Parse(srv.URL)
		tab, err := b.Open(func(u *url.URL) bool { return u.Host == srvURL.Host || strings.HasSuffix(u.Hostname(), ".test") },
			roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if r.URL.Host == srvURL.Host {
					return http.DefaultTransport.RoundTrip(r)
				}
				return net.RoundTrip(r)
			}))
		require.NoError(t, err)
		defer tab.Close()
		seen := map[string][]observe.Warning{}
		for _, l := range msg.Links {
			j, err := tab.Follow(context.Background(), msg.PageURL, l.Index, func(p observe.Page) bool { return p.Meta["hutong:product"] != "" }, false)
			require.NoError(t, err)
			require.True(t, j.Reached, "link %d", l.Index)
			seen[l.OriginalURL] = j.Warnings()
		}

		require.Len(t, seen[listed], 2, "%v: the listed link's warning, beside it and on the page between: %v", violations, seen[listed])
		for _, w := range seen[listed] {
			assert.Contains(t, w.Text, "phishing page imitating a payment login")
			assert.True(t, w.Worded())
		}
		assert.Empty(t, seen[own], "%v: the affiliate's clean link", violations)
		if violations == nil {
			assert.Empty(t, seen[rival], "the rival's clean link carries no warning")
		} else {
			assert.Equal(t, []observe.Warning{{Text: "Caution: this link leads to another platform and may be unsafe"}}, seen[rival],
				"the switch's warning, in words, beside the rival's clean link alone")
			assert.Equal(t, iti.WarningNone, msg.Links[1].Warning.Level, "and the ITI declares none")
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The reference wallet's screen after a scan: a refused code's refusal with
// the reason its answer gives, and no prompt; PageTamperedCodePrompted
// shows a prompt for it and PageRefusalWithoutReason a refusal in a sign
// alone, each while the answer still declares a refusal before any prompt,
// with its reason.
func TestTheScanPageShowsTheRefusalDeclared(t *testing.T) {
	b := browser(t)
	// The Annex B example with one letter of its merchant name changed.
	const tampered = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914XEST PAYMENT 16009BEIJING6304A13A"
	for _, violations := range [][]string{nil, {PageTamperedCodePrompted}, {PageRefusalWithoutReason}} {
		ref, err := New(Options{Pages: true, Violations: violations})
		require.NoError(t, err)
		srv := httptest.NewServer(ref)
		post := func(path string, body, out any) {
			data, _ := json.Marshal(body)
			resp, err := http.Post(srv.URL+path, "application/json", bytes.NewReader(data))
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Less(t, resp.StatusCode, 300, path)
			require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
		}
		var sess iti.SessionCreated
		post("/iti/v1/sessions", iti.SessionRequest{Label: "scan", Wallet: &iti.WalletFixtures{ClearingURL: "http://switch.test", WalletID: "w",
			Customers: []iti.WalletCustomer{{ID: "alice", Balance: "100.00"}}}}, &sess)
		var res iti.ScanResult
		post("/iti/v1/sessions/"+sess.SessionID+"/wallet/scans", iti.ScanRequest{Customer: "alice", Payload: tampered, Amount: "7.05"}, &res)
		require.Equal(t, iti.ScanRejected, res.Outcome, "%v", violations)
		require.False(t, res.Prompted)
		require.NotEmpty(t, res.Reason)
		require.True(t, strings.HasPrefix(res.PageURL, srv.URL+"/pages/"), res.PageURL)

		srvURL, _ := url.Parse(srv.URL)
		tab, err := b.Open(func(u *url.URL) bool { return u.Host == srvURL.Host }, http.DefaultTransport)
		require.NoError(t, err)
		sc, err := tab.Look(context.Background(), res.PageURL, true)
		require.NoError(t, err)
		switch {
		case violations == nil:
			assert.Empty(t, sc.Page.Prompts)
			require.Len(t, sc.Page.Refusals, 1)
			assert.Contains(t, sc.Page.Refusals[0], res.Reason)
		case violations[0] == PageTamperedCodePrompted:
			assert.Equal(t, []string{"Pay this merchant CNY 7.05 Confirm payment"}, sc.Page.Prompts)
		default:
			assert.Empty(t, sc.Page.Prompts)
			assert.Equal(t, []string{"✕"}, sc.Page.Refusals)
			assert.False(t, observe.Worded(sc.Page.Refusals[0]))
		}
		tab.Close()
		srv.Close()
	}
}

// browser starts a headless browser for the test, ended with it; without
// one the test is skipped, except in CI, which installs it.
func browser(t *testing.T) *observe.Browser {
	t.Helper()
	exe := observe.Find()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no chromium found; .ci/run should have installed Debian's chromium package")
		}
		t.Skip("no chromium found; install it with 'apt-get install chromium' to see the reference's pages")
	}
	b, err := observe.Start(context.Background(), observe.Options{ExecPath: exe, PageTimeout: 3 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { b.Close() })
	return b
}
