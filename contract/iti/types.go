package iti

// Version is the ITI version this package speaks. An implementation announces
// the version it implements at discovery; the harness refuses any other.
const Version = "1"

// Roles an implementation can claim.
const (
	RoleMessenger = "messenger"
	RolePlatform  = "platform"
)

// Discovery is what an implementation says about itself.
type Discovery struct {
	ITIVersion     string         `json:"iti_version"`
	Implementation Implementation `json:"implementation"`
	Roles          []string       `json:"roles"`
	// Messenger says what a messenger offers besides chats; absent, it
	// offers chats only.
	Messenger *MessengerCapabilities `json:"messenger,omitempty"`
	// Capabilities are optional parts of the contract the implementation
	// offers, such as CapabilityPages and CapabilityLogistics. Requirements
	// on a part it does not announce are not run.
	Capabilities []string `json:"capabilities,omitempty"`
}

// CapabilityPages announces that the implementation shows its user-facing
// pages: the answers that show something to a person (a delivered message,
// a checkout, a scan) carry a page_url, on the implementation's own origin, that
// renders it as that person sees it. The harness opens those pages in a
// browser and judges what they show; a declaration the page contradicts
// fails. The markup the harness reads is in the implementer's guide.
const CapabilityPages = "pages"

// HasCapability reports whether d announces capability c.
func (d Discovery) HasCapability(c string) bool {
	for _, x := range d.Capabilities {
		if x == c {
			return true
		}
	}
	return false
}

// Implementation identifies the software under test.
type Implementation struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Vendor  string `json:"vendor,omitempty"`
}

// SessionRequest opens a session. Each scenario opens its own, and the
// implementation keeps all state per session, so scenarios can share one
// implementation concurrently.
type SessionRequest struct {
	// Label names the scenario, for the implementation's logs.
	Label string `json:"label"`
	// Messenger carries the fixtures of the messenger role.
	Messenger *MessengerFixtures `json:"messenger,omitempty"`
	// Network, in black-box runs, says how to reach the mock parties.
	Network *NetworkFixture `json:"network,omitempty"`
	// Acquirer carries the fixtures of the acquirer role.
	Acquirer *AcquirerFixtures `json:"acquirer,omitempty"`
	// Wallet carries the fixtures of the wallet role.
	Wallet *WalletFixtures `json:"wallet,omitempty"`
}

// NetworkFixture tells a black-box implementation how to reach the mock
// network: every outbound request of the session goes through ProxyURL, a
// plain-HTTP forward proxy. One proxy rather than a port per mock host keeps
// a real implementation simple to configure: its HTTP client takes a proxy
// setting, and the mock URLs handed to it stay ordinary host names.
type NetworkFixture struct {
	ProxyURL string `json:"proxy_url"`
}

// MessengerFixtures tells a messenger what the world looks like in this session.
type MessengerFixtures struct {
	// AffiliatedHosts are the hosts of platforms in the messenger's own
	// corporate group. Everything else is a rival.
	AffiliatedHosts []string `json:"affiliated_hosts"`
	// MaliciousListURL is where the shared list of known malicious links is
	// published.
	MaliciousListURL string `json:"malicious_list_url"`
}

// SessionCreated answers SessionRequest.
type SessionCreated struct {
	SessionID string `json:"session_id"`
}

// Conversation kinds.
const (
	ConversationDirect = "direct"
	ConversationGroup  = "group"
)

// ConversationRequest starts a conversation.
type ConversationRequest struct {
	Kind    string   `json:"kind"`
	Members []string `json:"members"`
}

// ConversationCreated answers ConversationRequest.
type ConversationCreated struct {
	ConversationID string `json:"conversation_id"`
}

// MessageRequest posts a message into a conversation.
type MessageRequest struct {
	Sender string `json:"sender"`
	Text   string `json:"text"`
}

// MessagePosted answers MessageRequest.
type MessagePosted struct {
	MessageID string `json:"message_id"`
}

// DeliveredMessage is a message as one recipient sees it.
type DeliveredMessage struct {
	MessageID string `json:"message_id"`
	Sender    string `json:"sender"`
	Viewer    string `json:"viewer"`
	TextShown string `json:"text_shown"`
	Links     []Link `json:"links"`
	// PageURL, from an implementation that announces CapabilityPages, is
	// the message as its recipient sees it in the app: each link on it is
	// an element marked data-iti-link="INDEX".
	PageURL string `json:"page_url,omitempty"`
}

// How a link is presented to the recipient.
const (
	AccessDirect       = "direct"       // one tap opens it in the app
	AccessInterstitial = "interstitial" // a warning page stands between tap and page
	AccessCopyToken    = "copy_token"   // the recipient must copy a token into another app
	AccessBlocked      = "blocked"      // it cannot be opened from the chat
)

// Warning levels, in increasing order of severity.
const (
	WarningNone    = "none"
	WarningCaution = "caution"
	WarningDanger  = "danger"
)

// Link is one link in a delivered message.
type Link struct {
	Index int `json:"index"`
	// OriginalURL is the link as the sender wrote it, as it is or in its
	// URI form (non-ASCII characters percent-encoded, RFC 3987).
	OriginalURL string `json:"original_url"`
	// ShownText is what stands in the message where the link was.
	ShownText string `json:"shown_text"`
	Access    string `json:"access"`
	// Taps is the number of taps from the chat to the page.
	Taps int `json:"taps"`
	// OpensURL is what a tap opens; empty when nothing opens.
	OpensURL string `json:"opens_url"`
	// Instruction is any text telling the recipient to do something first,
	// such as copying the link into a browser.
	Instruction     string            `json:"instruction"`
	Warning         Warning           `json:"warning"`
	Preview         map[string]string `json:"preview"`
	ReportAvailable bool              `json:"report_available"`
}

// Warning is what the recipient is warned about a link.
type Warning struct {
	Level  string `json:"level"`
	Reason string `json:"reason"`
}

// ReportRequest reports a link from the chat.
type ReportRequest struct {
	Reporter string `json:"reporter"`
	Reason   string `json:"reason"`
}

// LinkReport is a report the messenger recorded.
type LinkReport struct {
	ReportID       string `json:"report_id"`
	ConversationID string `json:"conversation_id"`
	MessageID      string `json:"message_id"`
	LinkIndex      int    `json:"link_index"`
	URL            string `json:"url"`
	Reporter       string `json:"reporter"`
	Reason         string `json:"reason"`
	Status         string `json:"status"`
}

// LinkReports lists a session's reports.
type LinkReports struct {
	Reports []LinkReport `json:"reports"`
}

// Problem is the error body an implementation returns (RFC 9457 shape).
type Problem struct {
	Title  string `json:"title"`
	Detail string `json:"detail,omitempty"`
	Status int    `json:"status,omitempty"`
}
