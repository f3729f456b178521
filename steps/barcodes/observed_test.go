package barcodes

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/observe"
)

// What the wallet's screen after a tampered code's scan shows decides the
// prompt and the reason where it was observed: a compliant refusal passes
// whatever the answer said of them, a prompt fails with the declaration it
// contradicts beside it, and a refusal in signs alone fails.
func TestTheWalletsScreenIsJudgedAgainstItsAnswer(t *testing.T) {
	refused := iti.ScanResult{Outcome: iti.ScanRejected, Reason: "this is not a valid payment code: CRC mismatch"}
	screen := func(prompts, refusals []string) *scanView {
		return &scanView{page: observe.Page{Prompts: prompts, Refusals: refusals}}
	}
	reason := []string{"Code refused This is not a valid payment code: the check digits do not match."}

	assert.Empty(t, refusalFindings(refused, screen(nil, reason)), "a compliant refusal passes")
	assert.Empty(t, refusalFindings(iti.ScanResult{Outcome: iti.ScanRejected, Prompted: true}, screen(nil, reason)),
		"the screen is what the customer saw: no prompt on it and a reason in words pass, whatever the answer said")
	assert.Equal(t, []string{"the wallet showed a payment prompt", "the wallet gave no reason"},
		refusalFindings(iti.ScanResult{Outcome: iti.ScanRejected, Prompted: true}, nil), "unobserved, the answer is judged")

	assert.Equal(t, []string{`the page contradicts the declaration — declared: no payment prompt; observed in the browser: a payment prompt ("Pay this merchant CNY 7.05 Confirm payment")`},
		refusalFindings(refused, screen([]string{"Pay this merchant CNY 7.05 Confirm payment"}, reason)), "a prompt fails, even beside a refusal")
	assert.Equal(t, []string{`the page contradicts the declaration — declared: the reason "this is not a valid payment code: CRC mismatch"; observed in the browser: a refusal that gives no reason ("✕")`},
		refusalFindings(refused, screen(nil, []string{"✕"})))
	assert.Equal(t, []string{`the wallet did not refuse it: it says "paid"`, `observed in the browser: a payment prompt ("Pay \x1b[31m")`},
		refusalFindings(iti.ScanResult{Outcome: iti.ScanPaid, Prompted: true}, screen([]string{"Pay \x1b[31m"}, nil)), "what the page says is quoted, its controls escaped")
	assert.Contains(t, refusalFindings(refused, screen(nil, nil))[0], "shows neither a payment prompt nor a refusal")
	missing := &scanView{finding: "the implementation announced its pages, but gave no page of the wallet's screen after this scan"}
	assert.Equal(t, []string{missing.finding}, refusalFindings(refused, missing))
}
