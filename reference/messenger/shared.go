package messenger

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/hutong-interop/hutong/contract/iti"
)

// ChatsSharedByMembers keeps one chat per set of members across sessions, as
// an app keeps one chat per pair of users: a session that starts a chat
// whose members already have one, in any session, is given that chat, and
// the link reports filed in it are listed in every session that has it. A
// messenger that stores conversations under their members instead of under
// the session leaks one session's reports into another.
const ChatsSharedByMembers = "chats-shared-by-members"

// sharedChats are the chats kept across sessions under ChatsSharedByMembers,
// by kind and members. Their messages and reports are guarded by mu, not by
// any one session's lock.
type sharedChats struct {
	mu    sync.Mutex
	chats map[string]*conversation
}

// sharedKey names a chat by its kind and its members, in any order.
func sharedKey(kind string, members []string) string {
	ms := append([]string(nil), members...)
	sort.Strings(ms)
	return kind + "\x00" + strings.Join(ms, "\x00")
}

// sharedChat is the chat of req's members kept across sessions, made on
// first use.
func (m *Messenger) sharedChat(req iti.ConversationRequest) *conversation {
	m.shared.mu.Lock()
	defer m.shared.mu.Unlock()
	key := sharedKey(req.Kind, req.Members)
	if c, ok := m.shared.chats[key]; ok {
		return c
	}
	if m.shared.chats == nil {
		m.shared.chats = map[string]*conversation{}
	}
	c := &conversation{id: fmt.Sprintf("chat%d", len(m.shared.chats)+1), kind: req.Kind, members: map[string]bool{}, messages: map[string]*message{}, shared: true}
	for _, x := range req.Members {
		c.members[x] = true
	}
	m.shared.chats[key] = c
	return c
}

// lock locks what guards c's messages and reports: the session's lock, or,
// for a chat kept across sessions, the messenger's.
func (s *State) lock(c *conversation) func() {
	if c.shared {
		s.m.shared.mu.Lock()
		return s.m.shared.mu.Unlock
	}
	s.mu.Lock()
	return s.mu.Unlock
}

// sharedReports are the reports filed in the session's chats kept across
// sessions by other sessions, which ChatsSharedByMembers lists too.
func (s *State) sharedReports(own []iti.LinkReport) []iti.LinkReport {
	s.mu.Lock()
	var cs []*conversation
	for _, c := range s.conversations {
		if c.shared {
			cs = append(cs, c)
		}
	}
	s.mu.Unlock()
	mine := map[string]bool{}
	for _, r := range own {
		mine[r.ConversationID+"\x00"+r.ReportID] = true
	}
	s.m.shared.mu.Lock()
	defer s.m.shared.mu.Unlock()
	out := own
	for _, c := range cs {
		for _, r := range c.reports {
			if !mine[r.ConversationID+"\x00"+r.ReportID] {
				out = append(out, r)
			}
		}
	}
	return out
}
