package result

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
)

// The parties a failed scenario can be laid at. Every cross-party flow has
// the implementation under test at one end and, at the other, a counterparty
// the harness plays (a wallet, a shop, the clearing switch, a consumer); the
// network carries what they exchange. Both sides of an interconnection have
// to know where each one's responsibility ends, and so does the reader of a
// failed certification: a double of the harness's that broke, or a network
// that dropped an answer, is no finding against the implementation.
const (
	// PartyImplementation is the implementation under test.
	PartyImplementation = "implementation"
	// PartyCounterparty is a counterparty the harness plays: a mock. Its
	// failure is the harness's to fix, never the implementation's.
	PartyCounterparty = "counterparty"
	// PartyNetwork is what carries the exchanges: an exchange that got no
	// answer at all.
	PartyNetwork = "network"
	// PartyHarness is the harness itself: a step it has no definition for.
	PartyHarness = "harness"
)

// Responsibility says which party a failed scenario's evidence shows failed,
// with the exchange that shows it.
type Responsibility struct {
	// Party is one of PartyImplementation, PartyCounterparty, PartyNetwork
	// and PartyHarness.
	Party string `json:"party"`
	// Exchange is the index in the scenario's Evidence of the exchange
	// that shows it, or -1 when no single exchange does.
	Exchange int `json:"exchange"`
	// Why says it in plain words, naming the exchange: in English, as
	// recorded; WhyParts says it in a report's language.
	Why string `json:"why"`
}

// WhyParts is Why in lang, in pieces (message.Translate).
func (r *Responsibility) WhyParts(lang string) []message.Part { return message.Translate(lang, r.Why) }

// Parties tells the ends of the recorded exchanges apart. An end is an
// exchange's From or To: a host ("shop.rival-a.z1.test", the implementation's
// "host:port") or a name given when the exchange was recorded ("harness",
// "implementation", "rival-pay wallet").
type Parties struct {
	// Implementation reports whether an end is the implementation.
	Implementation func(end string) bool
	// Counterparty reports whether an end is a counterparty the harness
	// plays. The harness acting as a user ("harness") is one too.
	Counterparty func(end string) bool
}

// Attribute names the party responsible for a failed scenario from its
// steps and evidence, or returns nil when the scenario did not fail. It
// reads, in this order:
//
//   - a failing step with no definition: the harness;
//   - up to the failing step, the first exchange that went wrong in itself,
//     whatever the check then said: no answer at all (the network, or the
//     implementation when the host asked for is one no party serves — only
//     the implementation names such hosts); a server error from a
//     counterparty (the counterparty) or from the implementation (the
//     implementation);
//   - the mock network refusing a request of the implementation's (the
//     implementation: it reached for what its session may not);
//   - in the failing step, a counterparty refusing what the implementation
//     sent it (the implementation);
//   - otherwise every exchange completed and the harness's check of what
//     the implementation answered or did failed: the implementation, shown
//     by the failing step's last exchange with it.
func Attribute(s *Scenario, p Parties) *Responsibility {
	if s.Status != Failed {
		return nil
	}
	impl := func(end string) bool { return p.Implementation != nil && p.Implementation(end) }
	counter := func(end string) bool { return p.Counterparty != nil && p.Counterparty(end) }
	fail := len(s.Steps) - 1
	for i, st := range s.Steps {
		if st.Status == Failed || st.Status == Undefined || st.Status == Pending {
			fail = i
			break
		}
	}
	if fail >= 0 && (s.Steps[fail].Status == Undefined || s.Steps[fail].Status == Pending) {
		return &Responsibility{PartyHarness, -1, fmt.Sprintf(message.WhoUndefined, s.Steps[fail].Text)}
	}

	// The exchanges up to the failing step, earliest first.
	var upto []int
	for i, x := range s.Evidence {
		if fail < 0 || x.Step <= fail {
			upto = append(upto, i)
		}
	}
	sort.SliceStable(upto, func(a, b int) bool { return s.Evidence[upto[a]].Started.Before(s.Evidence[upto[b]].Started) })
	for _, i := range upto {
		x := s.Evidence[i]
		switch {
		case x.Status == 0 && x.Error != "" && nobodysHost(x):
			return &Responsibility{PartyImplementation, i, fmt.Sprintf(message.WhoNobodysHostErr, end(x.From, impl), exchangeLine(x), x.Error)}
		case x.Status == 0 && x.Error != "" && timedOut(x):
			return &Responsibility{PartyNetwork, i, fmt.Sprintf(message.WhoTimedOut, end(x.From, impl), exchangeLine(x), x.Error, end(x.To, impl))}
		case x.Status == 0 && x.Error != "":
			return &Responsibility{PartyNetwork, i, fmt.Sprintf(message.WhoNoAnswer, end(x.From, impl), exchangeLine(x), x.Error, end(x.To, impl))}
		case x.Status >= 500 && nobodysHost(x):
			return &Responsibility{PartyImplementation, i, fmt.Sprintf(message.WhoNobodysHost, end(x.From, impl), exchangeLine(x))}
		case x.Status >= 500 && counter(x.To) && !impl(x.To):
			return &Responsibility{PartyCounterparty, i, fmt.Sprintf(message.WhoCounterparty, x.To, x.Status, end(x.From, impl), exchangeLine(x))}
		case x.Status >= 500 && impl(x.To):
			return &Responsibility{PartyImplementation, i, fmt.Sprintf(message.WhoImplAnswered, x.Status, end(x.From, impl), exchangeLine(x))}
		}
	}
	for _, n := range s.Notes {
		if (fail < 0 || n.Step <= fail) && strings.Contains(n.Title, "refused a request") {
			return &Responsibility{PartyImplementation, -1, n.Text}
		}
	}
	for _, i := range upto {
		x := s.Evidence[i]
		if x.Step == fail && impl(x.From) && counter(x.To) && !impl(x.To) && x.Status >= 400 && x.Status < 500 {
			return &Responsibility{PartyImplementation, i, fmt.Sprintf(message.WhoRefused, x.To, x.Status, exchangeLine(x))}
		}
	}
	// The exchange that shows it: the failing step's last one with the
	// implementation, or else the last one before it.
	last, lastInStep := -1, -1
	for _, i := range upto {
		if x := s.Evidence[i]; impl(x.From) || impl(x.To) {
			last = i
			if x.Step == fail {
				lastInStep = i
			}
		}
	}
	if lastInStep >= 0 {
		last = lastInStep
	}
	why := message.WhoCheck
	if last >= 0 {
		why = fmt.Sprintf(message.WhoCheckShown, exchangeLine(s.Evidence[last]))
	}
	return &Responsibility{PartyImplementation, last, why}
}

// nobodysHost reports whether x was refused because its host is served by no
// party at all, as the mock network says it in process (a failed lookup) and
// on a real listener (its 502).
func nobodysHost(x evidence.Exchange) bool {
	return strings.Contains(x.Error, "no such host") || (x.Status == 502 && strings.HasPrefix(x.RespBody, "mock network: no such host"))
}

// timedOut reports whether x got no answer before its deadline.
func timedOut(x evidence.Exchange) bool {
	e := strings.ToLower(x.Error)
	return strings.Contains(e, "timeout") || strings.Contains(e, "deadline exceeded")
}

// end names an exchange's end for a sentence.
func end(e string, impl func(string) bool) string {
	switch {
	case impl(e):
		return message.EndImplementation
	case e == "harness":
		return message.EndHarness
	}
	return e
}

// exchangeLine is an exchange as a reader finds it in the evidence.
func exchangeLine(x evidence.Exchange) string {
	return fmt.Sprintf("%s %s (%s → %s)", x.Method, x.URL, x.From, x.To)
}
