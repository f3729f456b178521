package result

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/evidence"
)

// The ends as the runner tells them apart: the implementation is
// "iut.test:443" and what the evidence records as "implementation"; the
// counterparties are mock hosts, mock names and the harness as a user.
var parties = Parties{
	Implementation: func(e string) bool { return e == "iut.test:443" || e == "implementation" },
	Counterparty: func(e string) bool {
		return e != "iut.test:443" && e != "implementation" && (e == "harness" || strings.HasSuffix(e, ".test") || !strings.Contains(e, "."))
	},
}

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// x is an exchange of step st, started n milliseconds into the scenario.
func x(st, n int, from, to, method, url string, status int, errText string) evidence.Exchange {
	return evidence.Exchange{Step: st, From: from, To: to, Method: method, URL: url, Status: status, Error: errText, Started: t0.Add(time.Duration(n) * time.Millisecond)}
}

// failedAt is a scenario of len(steps) steps that failed at step fail.
func failedAt(fail int, steps int, xs ...evidence.Exchange) *Scenario {
	s := &Scenario{Status: Failed, Failure: "Then something: it did not happen", Evidence: xs}
	for i := 0; i < steps; i++ {
		st := Step{Keyword: "Then ", Text: "step " + string(rune('a'+i)), Status: Passed}
		switch {
		case i == fail:
			st.Status, st.Error = Failed, "it did not happen"
		case i > fail:
			st.Status = Skipped
		}
		s.Steps = append(s.Steps, st)
	}
	return s
}

func TestOnlyAFailedScenarioIsLaidAtAParty(t *testing.T) {
	for _, st := range []Status{Passed, NotRunStatus, Skipped} {
		assert.Nil(t, Attribute(&Scenario{Status: st}, parties), st)
	}
}

// One case per family, each shaped like that family's flows: who talks to
// whom, and what goes wrong.
func TestEachFamilysFailureNamesTheResponsibleParty(t *testing.T) {
	for _, c := range []struct {
		family   string
		s        *Scenario
		party    string
		exchange int
		why      string
	}{
		{"links: the messenger renders a rival's link as a token; every exchange completed", failedAt(2, 3,
			x(0, 0, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions", 201, ""),
			x(1, 5, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions/s1/messages", 201, ""),
			x(2, 10, "harness", "iut.test:443", "GET", "https://iut.test/iti/v1/sessions/s1/messages/m1/render", 200, ""),
			x(2, 12, "harness", "shop.rival-a.z1.test", "GET", "https://shop.rival-a.z1.test/p/1", 200, "")),
			PartyImplementation, 2, "its exchange GET https://iut.test/iti/v1/sessions/s1/messages/m1/render"},
		{"links: the link leads to a host no party serves", failedAt(1, 2,
			x(0, 0, "harness", "iut.test:443", "GET", "https://iut.test/iti/v1/sessions/s1/messages/m1/render", 200, ""),
			x(1, 5, "harness", "evil.z1.test", "GET", "https://evil.z1.test/", 0, "dial tcp: lookup evil.z1.test: no such host in the mock network")),
			PartyImplementation, 1, "which no party serves"},
		{"payments: the rival wallet the harness plays breaks with a server error", failedAt(3, 4,
			x(1, 0, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions/s1/checkouts", 201, ""),
			x(2, 5, "implementation", "rival-pay wallet", "POST", "https://pay.rival-pay.z1.test/handoffs", 500, ""),
			x(3, 9, "harness", "iut.test:443", "GET", "https://iut.test/iti/v1/sessions/s1/orders/o1", 200, "")),
			PartyCounterparty, 1, "rival-pay wallet, a counterparty the harness plays, answered 500"},
		{"payments: the wallet refuses the handoff the platform sent", failedAt(2, 3,
			x(1, 0, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions/s1/checkouts/c1/choose", 303, ""),
			x(2, 4, "implementation", "small-pay wallet", "POST", "https://pay.small-pay.z1.test/handoffs", 400, "")),
			PartyImplementation, 1, "refused what the implementation sent (400"},
		{"security: the wallet's signed notice to the platform got no answer", failedAt(2, 3,
			x(1, 0, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions/s1/checkouts", 201, ""),
			x(2, 4, "rival-pay wallet", "iut.test:443", "POST", "https://iut.test/notices/rival-pay", 0, "read tcp: connection reset by peer"),
			x(2, 8, "harness", "iut.test:443", "GET", "https://iut.test/iti/v1/sessions/s1/orders/o1", 200, "")),
			PartyNetwork, 1, "rival-pay wallet got no answer at all"},
		{"barcodes: the acquirer under test answers the clearing switch with a server error", failedAt(3, 4,
			x(1, 0, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions/s1/codes", 201, ""),
			x(2, 3, "clearing switch", "iut.test:443", "POST", "https://iut.test/clearing/pay", 503, ""),
			x(3, 7, "harness", "iut.test:443", "GET", "https://iut.test/iti/v1/sessions/s1/payments", 200, "")),
			PartyImplementation, 1, "the implementation answered 503 to clearing switch's"},
		{"barcodes: the wallet under test refuses to pay a valid code; the switch was fine", failedAt(2, 3,
			x(1, 0, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions/s1/scans", 200, ""),
			x(2, 5, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions/s1/scans/1/pay", 422, "")),
			PartyImplementation, 1, "the check of what the implementation answered or did failed"},
		{"access: a tail institution's onboarding request went unanswered by the network", failedAt(1, 2,
			x(0, 0, "harness", "iut.test:443", "GET", "https://iut.test/iti/v1/sessions/s1/criteria", 200, ""),
			x(1, 3, "tail-07 wallet", "iut.test:443", "POST", "https://iut.test/institutions", 0, "context deadline exceeded")),
			PartyNetwork, 1, "the evidence cannot tell the network from a slow the implementation"},
	} {
		r := Attribute(c.s, parties)
		require.NotNil(t, r, c.family)
		assert.Equal(t, c.party, r.Party, "%s: %s", c.family, r.Why)
		assert.Equal(t, c.exchange, r.Exchange, c.family)
		assert.Contains(t, r.Why, c.why, c.family)
	}
}

// The first exchange that went wrong is the cause, not a later one that
// only followed from it; and exchanges after the failing step are no part
// of the story.
func TestTheFirstFaultUpToTheFailingStepIsTheCause(t *testing.T) {
	s := failedAt(2, 4,
		x(1, 9, "implementation", "rival-pay wallet", "POST", "https://pay.rival-pay.z1.test/handoffs", 0, "EOF"),
		x(1, 2, "implementation", "rival-pay wallet", "POST", "https://pay.rival-pay.z1.test/handoffs", 502, ""),
		x(3, 20, "harness", "iut.test:443", "GET", "https://iut.test/iti/v1/x", 500, ""))
	r := Attribute(s, parties)
	assert.Equal(t, PartyCounterparty, r.Party, r.Why)
	assert.Equal(t, 1, r.Exchange, "the 502 came first")
}

func TestTheMockNetworkRefusingTheImplementationIsTheImplementations(t *testing.T) {
	s := failedAt(1, 2, x(0, 0, "harness", "iut.test:443", "POST", "https://iut.test/iti/v1/sessions", 201, ""))
	s.Notes = []evidence.Note{{Step: 1, Title: "the mock network refused a request", Text: "the implementation asked the mock network for shop.rival-a.z9.test with the credential of another session; refused (407)"}}
	r := Attribute(s, parties)
	assert.Equal(t, PartyImplementation, r.Party)
	assert.Equal(t, -1, r.Exchange)
	assert.Contains(t, r.Why, "credential of another session")
}

func TestAStepWithoutDefinitionIsTheHarnesss(t *testing.T) {
	s := failedAt(0, 1)
	s.Steps[0].Status = Undefined
	r := Attribute(s, parties)
	assert.Equal(t, PartyHarness, r.Party)
	assert.Equal(t, -1, r.Exchange)
}

func TestAFailureWithoutExchangesIsStillTheImplementations(t *testing.T) {
	r := Attribute(failedAt(0, 1), parties)
	assert.Equal(t, PartyImplementation, r.Party)
	assert.Equal(t, -1, r.Exchange)
	assert.Contains(t, r.Why, "the check of what the implementation answered or did failed")
}
