package iti

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// answer is a RoundTripper that gives every request the same response.
type answer struct {
	status int
	ctype  string
	body   []byte
}

func (a answer) RoundTrip(req *http.Request) (*http.Response, error) {
	h := http.Header{}
	if a.ctype != "" {
		h.Set("Content-Type", a.ctype)
	}
	return &http.Response{StatusCode: a.status, Header: h, Body: io.NopCloser(bytes.NewReader(a.body)), Request: req}, nil
}

// FuzzClientDecoding: whatever an implementation answers — any status, any
// content type, any bytes — every ITI call returns a value or an error that
// names its operation; it never panics.
func FuzzClientDecoding(f *testing.F) {
	for _, s := range []struct {
		status int
		ctype  string
		body   string
	}{
		{200, "application/json", `{"iti_version":"1","implementation":{"name":"x","version":"1"},"roles":["messenger"]}`},
		{201, "application/json", `{"session_id":"abc"}`},
		{201, "application/json", `{"session_id":"a/b"}`},
		{201, "application/json", `{"conversation_id":"c1","message_id":"m1"}`},
		{200, "application/json", `{"message_id":"m1","links":[{"index":0,"preview":{"title":"t"},"warning":{"level":"none"}}]}`},
		{200, "application/json", `{"reports":[{"report_id":"r1","link_index":-1}]}`},
		{200, "application/json", `{"links":[{"index":"zero"}]}`},
		{200, "application/json", `{"session_id": `},
		{200, "application/json", "null"},
		{200, "text/html", "<html>"},
		{500, "application/problem+json", `{"title":"boom","detail":"d","status":500}`},
		{204, "", ""},
		{302, "", ""},
		{0, "", ""},
		{-1, "application/json", "\xff\xfe"},
		{999, "application/json; charset=utf-8", `[1,2,3]`},
	} {
		for op := byte(0); op < 8; op++ {
			f.Add(s.status, s.ctype, []byte(s.body), op)
		}
	}
	f.Fuzz(func(t *testing.T, status int, ctype string, body []byte, op byte) {
		c, err := NewClient("http://iut.example/iti/v1", &http.Client{Transport: answer{status, ctype, body}})
		if err != nil {
			t.Fatal(err)
		}
		c.MaxBody = 4 << 10
		ctx := context.Background()
		s := &Session{c: c, ID: "s1"}
		var name string
		switch op % 8 {
		case 0:
			name = "discovery"
			d, err := c.Discover(ctx)
			if err == nil && (d.ITIVersion != Version || d.Implementation.Name == "") {
				t.Fatalf("discovery accepted %+v", d)
			}
		case 1:
			name = "open a session"
			var sess *Session
			sess, err = c.OpenSession(ctx, SessionRequest{Label: "fuzz"})
			if err == nil && (sess == nil || sess.ID == "" || strings.ContainsAny(sess.ID, "/?#")) {
				t.Fatalf("unusable session accepted: %+v", sess)
			}
		case 2:
			name = "start a direct conversation"
			var id string
			id, err = s.CreateConversation(ctx, ConversationRequest{Kind: ConversationDirect, Members: []string{"a", "b"}})
			if err == nil && id == "" {
				t.Fatal("empty conversation id accepted")
			}
		case 3:
			name = "post a message"
			var id string
			id, err = s.PostMessage(ctx, "c1", MessageRequest{Sender: "a", Text: "hi"})
			if err == nil && id == "" {
				t.Fatal("empty message id accepted")
			}
		case 4:
			name = "read a message as b"
			_, err = s.ReadMessage(ctx, "c1", "m1", "b")
		case 5:
			name = "report a link"
			_, err = s.ReportLink(ctx, "c1", "m1", 0, ReportRequest{Reporter: "b"})
		case 6:
			name = "list link reports"
			_, err = s.Reports(ctx)
		case 7:
			name = "close the session"
			err = s.Close(ctx)
		}
		if err != nil && !strings.HasPrefix(err.Error(), name) {
			t.Fatalf("the error does not name the operation %q: %v", name, err)
		}
		var ie *Error
		if errors.As(err, &ie) && ie.Status != 0 && ie.Status != status {
			t.Fatalf("the error reports status %d, the answer was %d", ie.Status, status)
		}
	})
}
