// Package messenger is the reference messenger: a compliant implementation of
// the ITI messenger role, with violation switches that each break one
// requirement on purpose.
package messenger

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/hutong-interop/hutong/contract/iti"
)

// Violation switches understood by the messenger.
const (
	RivalLinksBlocked     = "rival-links-blocked"
	RivalLinksCopyToken   = "rival-links-copy-token"
	RivalLinksWarned      = "rival-links-warned"
	OneToOneBrowserOnly   = "one-to-one-browser-only"
	RivalPreviewReduced   = "rival-preview-reduced"
	LinksStripped         = "links-stripped"
	ShortLinksElsewhere   = "short-links-elsewhere"
	GroupRivalInterstital = "group-rival-interstitial"
	BlocklistIgnored      = "blocklist-ignored"
	AffiliateExempt       = "affiliate-exempt"
	WarningWithoutReason  = "warning-without-reason"
	NoReport              = "no-report"

	// Along the shape of a link: each breaks only some links.
	ChinesePathBlocked  = "rival-chinese-path-links-blocked"
	LinksRunToSpace     = "links-run-to-white-space"
	SecondLinkDropped   = "second-link-dropped"
	RivalBlockedAtTimes = "rival-links-blocked-one-in-five"
	HTTPSQueryDropped   = "https-links-lose-query"
	PortLinksBlocked    = "links-with-port-blocked"

	// Along where a link sits and how it is written, in one-to-one chats
	// (issue 14): a third link of a message is to be copied into a
	// browser, whoever provides it; a rival's link whose path is Chinese,
	// raw or percent-encoded, gets a title-only preview.
	ThirdLinkBrowserOnly       = "third-link-browser-only"
	RivalChinesePreviewReduced = "rival-chinese-path-preview-reduced"
)

// shortenOver is the length above which the messenger shortens a link, as
// real messengers do for display; the short link must still lead home.
const shortenOver = 120

// Messenger holds the state of every session's messenger.
type Messenger struct {
	// Client fetches previews and the shared malicious list.
	Client *http.Client
	// Violate says whether a violation switch is on.
	Violate func(name string) bool
	// Vary says whether an honest variant is on; nil means none is.
	Vary func(name string) bool

	shared sharedChats // ChatsSharedByMembers (shared.go)
}

// State is one session's messenger.
type State struct {
	m        *Messenger
	fixtures iti.MessengerFixtures

	mu            sync.Mutex
	conversations map[string]*conversation
	reports       []iti.LinkReport
	placements    map[string]*placement
	nextID        int
}

type conversation struct {
	id       string
	kind     string
	members  map[string]bool
	messages map[string]*message
	// shared marks a chat kept across sessions (ChatsSharedByMembers):
	// its messages are numbered by the chat, and its reports kept with it.
	shared  bool
	seq     int
	reports []iti.LinkReport
}

type message struct {
	id     string
	sender string
	text   string
	links  []iti.Link
}

// NewState starts a session's messenger.
func (m *Messenger) NewState(f iti.MessengerFixtures) *State {
	return &State{m: m, fixtures: f, conversations: map[string]*conversation{}}
}

// Error is an ITI error with its status.
type Error struct {
	Status int
	Title  string
}

func (e *Error) Error() string { return e.Title }

func (s *State) id(prefix string) string {
	s.nextID++
	return fmt.Sprintf("%s%d", prefix, s.nextID)
}

// CreateConversation starts a conversation.
func (s *State) CreateConversation(req iti.ConversationRequest) (string, error) {
	if req.Kind != iti.ConversationDirect && req.Kind != iti.ConversationGroup {
		return "", &Error{http.StatusBadRequest, fmt.Sprintf("unknown conversation kind %q", req.Kind)}
	}
	if len(req.Members) < 2 || (req.Kind == iti.ConversationDirect && len(req.Members) != 2) {
		return "", &Error{http.StatusBadRequest, "wrong number of members"}
	}
	if s.m.Violate(ChatsSharedByMembers) {
		c := s.m.sharedChat(req)
		s.mu.Lock()
		s.conversations[c.id] = c
		s.mu.Unlock()
		return c.id, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &conversation{id: s.id("c"), kind: req.Kind, members: map[string]bool{}, messages: map[string]*message{}}
	for _, m := range req.Members {
		c.members[m] = true
	}
	s.conversations[c.id] = c
	return c.id, nil
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// findLinks finds the links in a message as the implementer's guide says
// they are delimited: from "http://" or "https://" to the first white
// space, angle bracket, double quote or non-ASCII punctuation mark (。，、
// （）「」 …), less trailing ASCII punctuation (.,:;!?*_~) and an unbalanced
// closing parenthesis, as GitHub Flavored Markdown's extended autolinks
// read them. Non-ASCII letters (a Chinese path) are part of the link.
func findLinks(text string) []string {
	var out []string
	for {
		i := strings.Index(text, "http://")
		if j := strings.Index(text, "https://"); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			return out
		}
		text = text[i:]
		end := len(text)
		for k, r := range text {
			if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || (r >= 0x80 && unicode.IsPunct(r)) {
				end = k
				break
			}
		}
		link := text[:end]
		for len(link) > 0 {
			last := link[len(link)-1]
			if strings.IndexByte(".,:;!?*_~", last) >= 0 ||
				(last == ')' && strings.Count(link, ")") > strings.Count(link, "(")) {
				link = link[:len(link)-1]
				continue
			}
			break
		}
		if strings.HasSuffix(link, "://") {
			text = text[end:]
			continue
		}
		out = append(out, link)
		text = text[len(link):]
	}
}

// dropsSome reports whether a switch that breaks "some" links breaks this
// one: one link in five, chosen by a hash of its path and query, so that
// which links suffer depends on the links sent and nothing else.
func dropsSome(u *url.URL) bool {
	var h uint32 = 2166136261
	for _, c := range []byte(u.EscapedPath() + "?" + u.RawQuery) {
		h = (h ^ uint32(c)) * 16777619
	}
	return h%5 == 0
}

// PostMessage posts text and decides, once, how each link in it is presented.
// shorten makes a short link on the implementation's own host that redirects
// to its argument.
func (s *State) PostMessage(ctx context.Context, conv string, req iti.MessageRequest, shorten func(string) string) (string, error) {
	s.mu.Lock()
	c, ok := s.conversations[conv]
	s.mu.Unlock()
	if !ok {
		return "", &Error{http.StatusNotFound, "no such conversation"}
	}
	if !c.members[req.Sender] {
		return "", &Error{http.StatusBadRequest, "the sender is not a member of the conversation"}
	}
	listed := s.maliciousList(ctx)
	var links []iti.Link
	found := findLinks(req.Text)
	if s.m.Violate(LinksRunToSpace) {
		found = linkPattern.FindAllString(req.Text, -1)
	}
	if s.m.Violate(SecondLinkDropped) && len(found) > 1 {
		found = found[:1]
	}
	for i, raw := range found {
		links = append(links, s.present(ctx, c.kind, i, raw, listed, shorten))
	}
	defer s.lock(c)()
	m := &message{sender: req.Sender, text: req.Text, links: links}
	if c.shared {
		c.seq++
		m.id = fmt.Sprintf("m%d", c.seq)
	} else {
		m.id = s.id("m")
	}
	c.messages[m.id] = m
	return m.id, nil
}

func (s *State) isAffiliate(host string) bool {
	for _, h := range s.fixtures.AffiliatedHosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

func (s *State) present(ctx context.Context, kind string, index int, raw string, listed map[string]string, shorten func(string) string) iti.Link {
	v := s.m.Violate
	l := iti.Link{Index: index, OriginalURL: raw, ShownText: raw, Access: iti.AccessDirect, Taps: 1, OpensURL: raw,
		Warning: iti.Warning{Level: iti.WarningNone}, ReportAvailable: !v(NoReport)}
	u, err := url.Parse(raw)
	if err != nil {
		l.Access, l.Taps, l.OpensURL = iti.AccessBlocked, 0, ""
		l.Warning = iti.Warning{Level: iti.WarningDanger, Reason: "this is not a valid link"}
		return l
	}
	rival := !s.isAffiliate(u.Hostname())
	l.Preview = s.preview(ctx, raw)
	if rival && (v(RivalPreviewReduced) || v(RivalChinesePreviewReduced) && hasNonASCII(u.Path)) {
		l.Preview = map[string]string{"title": l.Preview["title"]}
	}

	switch {
	case v(LinksStripped):
		l.OpensURL = u.Scheme + "://" + u.Host + "/"
		l.ShownText = l.OpensURL
	case len(raw) > shortenOver && (kind == iti.ConversationDirect || kind == iti.ConversationGroup):
		// Only a chat shows a link's text; an ad or a video shows none to shorten.
		target := raw
		if v(ShortLinksElsewhere) {
			target = u.Scheme + "://" + u.Host + "/"
		}
		l.OpensURL = shorten(target)
		l.ShownText = l.OpensURL
	}

	if kind == iti.ConversationDirect && (v(OneToOneBrowserOnly) || v(ThirdLinkBrowserOnly) && index >= 2) {
		l.Taps = 2
		l.Instruction = "Copy this link and open it in your browser"
	}
	if rival && kind == iti.ConversationGroup && v(GroupRivalInterstital) {
		l.Access, l.Taps = iti.AccessInterstitial, 2
		l.Warning = iti.Warning{Level: iti.WarningCaution, Reason: "This link leads to another platform"}
	}
	if rival && v(RivalLinksWarned) {
		l.Access, l.Taps = iti.AccessInterstitial, 2
		l.Warning = iti.Warning{Level: iti.WarningCaution, Reason: "This link leads outside our services"}
	}
	if rival && v(RivalLinksCopyToken) {
		l.Access, l.Taps, l.OpensURL = iti.AccessCopyToken, 0, ""
		l.ShownText = "￥" + tokenFor(raw) + "￥"
		l.Instruction = "Copy this token and open the shop's app"
	}
	if v(HTTPSQueryDropped) && strings.EqualFold(u.Scheme, "https") && u.RawQuery != "" && l.OpensURL == raw {
		// "Cleaning" tracking parameters from secure links.
		c := *u
		c.RawQuery = ""
		l.OpensURL = c.String()
	}
	if rival && (v(RivalLinksBlocked) ||
		v(ChinesePathBlocked) && hasNonASCII(u.Path) ||
		v(RivalBlockedAtTimes) && dropsSome(u)) ||
		v(PortLinksBlocked) && u.Port() != "" {
		l.Access, l.Taps, l.OpensURL, l.ShownText = iti.AccessBlocked, 0, "", "[link removed]"
		l.Warning = iti.Warning{Level: iti.WarningDanger, Reason: "Links to this platform cannot be opened here"}
	}

	reason, bad := listed[raw]
	if bad && !v(BlocklistIgnored) && !(v(AffiliateExempt) && !rival) {
		l.Access, l.Taps = iti.AccessInterstitial, 2
		l.Warning = iti.Warning{Level: iti.WarningDanger, Reason: "On the shared list of known malicious links: " + reason}
		if v(WarningWithoutReason) {
			l.Warning.Reason = ""
		}
	}
	return l
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

func tokenFor(s string) string {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return fmt.Sprintf("%08X", h)
}

// maliciousList fetches the shared list. A messenger that cannot read it
// carries on without it: the list may justify warnings, never require them
// for links it does not name.
func (s *State) maliciousList(ctx context.Context) map[string]string {
	out := map[string]string{}
	if s.fixtures.MaliciousListURL == "" {
		return out
	}
	body, err := s.get(ctx, s.fixtures.MaliciousListURL)
	if err != nil {
		return out
	}
	var l struct {
		Entries []struct{ URL, Reason string } `json:"entries"`
	}
	if json.Unmarshal(body, &l) != nil {
		return out
	}
	for _, e := range l.Entries {
		out[e.URL] = e.Reason
	}
	return out
}

var metaPattern = regexp.MustCompile(`<meta property="([^"]+)" content="([^"]*)">`)

// previewFields maps OpenGraph properties to the preview's field names.
var previewFields = map[string]string{
	"og:title":               "title",
	"og:site_name":           "site",
	"og:image":               "image",
	"product:price:amount":   "price",
	"product:price:currency": "currency",
}

func (s *State) preview(ctx context.Context, raw string) map[string]string {
	out := map[string]string{}
	body, err := s.get(ctx, raw)
	if err != nil {
		return out
	}
	for _, m := range metaPattern.FindAllStringSubmatch(string(body), -1) {
		if f, ok := previewFields[m[1]]; ok {
			out[f] = htmlUnescape(m[2])
		}
	}
	return out
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
}

func (s *State) get(ctx context.Context, u string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.m.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}

// ReadMessage returns the message as viewer sees it.
func (s *State) ReadMessage(conv, msg, viewer string) (iti.DeliveredMessage, error) {
	s.mu.Lock()
	c, ok := s.conversations[conv]
	s.mu.Unlock()
	if !ok {
		return iti.DeliveredMessage{}, &Error{http.StatusNotFound, "no such conversation"}
	}
	defer s.lock(c)()
	m, ok := c.messages[msg]
	if !ok {
		return iti.DeliveredMessage{}, &Error{http.StatusNotFound, "no such message"}
	}
	if !c.members[viewer] {
		return iti.DeliveredMessage{}, &Error{http.StatusNotFound, "the viewer is not a member of the conversation"}
	}
	shown := m.text
	for _, l := range m.links {
		shown = strings.Replace(shown, l.OriginalURL, l.ShownText, 1)
	}
	links := append([]iti.Link{}, m.links...)
	if links == nil {
		links = []iti.Link{}
	}
	return iti.DeliveredMessage{MessageID: m.id, Sender: m.sender, Viewer: viewer, TextShown: shown, Links: links}, nil
}

// ReportLink records a report of a link.
func (s *State) ReportLink(conv, msg string, index int, req iti.ReportRequest) (iti.LinkReport, error) {
	if s.m.Violate(NoReport) {
		return iti.LinkReport{}, &Error{http.StatusMethodNotAllowed, "links cannot be reported"}
	}
	s.mu.Lock()
	c, ok := s.conversations[conv]
	s.mu.Unlock()
	if !ok {
		return iti.LinkReport{}, &Error{http.StatusNotFound, "no such conversation"}
	}
	r, err := s.fileReport(c, conv, msg, index, req)
	if err != nil {
		return iti.LinkReport{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reports = append(s.reports, r)
	return r, nil
}

// fileReport makes the report of a link of message msg in c, under the lock
// that guards c; a chat kept across sessions keeps it too.
func (s *State) fileReport(c *conversation, conv, msg string, index int, req iti.ReportRequest) (iti.LinkReport, error) {
	defer s.lock(c)()
	m, ok := c.messages[msg]
	if !ok || index < 0 || index >= len(m.links) {
		return iti.LinkReport{}, &Error{http.StatusNotFound, "no such link"}
	}
	if !c.members[req.Reporter] {
		return iti.LinkReport{}, &Error{http.StatusBadRequest, "the reporter is not a member of the conversation"}
	}
	r := iti.LinkReport{ConversationID: conv, MessageID: msg, LinkIndex: index,
		URL: m.links[index].OriginalURL, Reporter: req.Reporter, Reason: req.Reason, Status: "received"}
	if c.shared {
		r.ReportID = fmt.Sprintf("r%d", len(c.reports)+1)
		c.reports = append(c.reports, r)
	} else {
		r.ReportID = s.id("r")
	}
	return r, nil
}

// Reports lists the recorded reports.
func (s *State) Reports() []iti.LinkReport {
	s.mu.Lock()
	own := append([]iti.LinkReport{}, s.reports...)
	s.mu.Unlock()
	if s.m.Violate(ChatsSharedByMembers) {
		return s.sharedReports(own)
	}
	return own
}

// Affiliated reports whether host is of a platform in the messenger's own
// group.
func (s *State) Affiliated(host string) bool { return s.isAffiliate(host) }
