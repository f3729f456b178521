// Package security defines the steps of the SEC family: opening checkout to
// rival wallets must not open it to fraud. The harness is the attacker: it
// forges, replays and alters the messages between the platform and the
// wallets, and then reads the platform's own record of the order to see
// whether the attack worked.
//
// SEC's scenarios set up with PAY's words — the wallets, the merchant, the
// checkout, the choice of a wallet, the help-me-pay link — which
// steps/payments defines; both families work on one world, steps/internal/
// checkout. This package adds only the attacker's words and the checks of
// what the attack achieved.
package security

import (
	"context"
	"net/url"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// state is what only the attacks need; the rest is checkout's.
type state struct {
	// tamper alters a handoff on its way to the wallet, and tamperField
	// names what it alters.
	tamper      func(q url.Values)
	tamperField string
	// friendPaid records whether the friend's try with an expired link
	// went through.
	friendPaid bool
}

func st(ctx context.Context) *state { return scenario.State[state](ctx) }

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	scenario.Step(sc, `^the link's time runs out$`, linkExpires)
	scenario.Step(sc, `^(\w+) opens the link and tries to pay with "([^"]+)"$`, tryPayFromLink)
	scenario.Step(sc, `^an attacker sends the platform a payment notice for the order in the name of "([^"]+)", signed with the wrong key$`, forge)
	scenario.Step(sc, `^an attacker posing as "([^"]+)", an institution the platform never connected, sends the platform a signed payment notice for the order$`, forge)
	scenario.Step(sc, `^an attacker sends the platform "([^"]+)"'s payment notice again, unchanged$`, replayNotice)
	scenario.Step(sc, `^an attacker alters the (amount|payee) of the handoff on its way to the wallet$`, alterHandoff)
	scenario.Step(sc, `^a careless "([^"]+)" takes the altered payment anyway and notifies the platform$`, carelessPay)

	scenario.Step(sc, `^the platform still records the (order|second order) as unpaid$`, stillUnpaid)
	scenario.Step(sc, `^the platform records exactly one payment of (\S+ [A-Z]{3}) for the order$`, onePayment)
	scenario.Step(sc, `^"([^"]+)" refuses the altered handoff, because the platform's signature no longer matches$`, refusesAltered)
	scenario.Step(sc, `^(\w+) is not able to pay through the link$`, friendCouldNotPay)
}

// stillUnpaid is the verdict on every attack meant to get an order paid:
// the platform's own record, not its answer to the attacker.
func stillUnpaid(ctx context.Context, which string) error {
	_, o, err := checkout.ReadOrder(ctx, which)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(o.Status == iti.OrderUnpaid, "after the attack the platform records the %s as %s", which, checkout.DescribeOrder(o))
	f.Check(len(o.Credits) == 0, "the platform credited the %s: %s", which, checkout.DescribeOrder(o))
	return f.Err()
}
