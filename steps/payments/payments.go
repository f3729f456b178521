// Package payments defines the steps of the PAY family: a platform's
// checkout must offer every wallet its merchants enabled, hand the consumer
// directly to the wallet chosen, charge that wallet, refund through it, and
// let a friend pay from a shared link. The harness plays the wallets
// (mocks/institution), the consumer and the friend who helps pay.
//
// Its Given and When words also set up the SEC family's scenarios
// (steps/security); the world both work on is steps/internal/checkout.
package payments

import (
	"context"
	"regexp"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	sc.Step(scenario.Expr(`^the platform's own group runs the wallet "([^"]+)"$`), func(ctx context.Context, n string) error { return checkout.AddWallet(ctx, n, iti.TierAffiliated) })
	sc.Step(scenario.Expr(`^the rival wallet "([^"]+)" is a top institution$`), func(ctx context.Context, n string) error { return checkout.AddWallet(ctx, n, iti.TierTop) })
	sc.Step(scenario.Expr(`^the wallet "([^"]+)" is a tail institution$`), func(ctx context.Context, n string) error { return checkout.AddWallet(ctx, n, iti.TierTail) })
	sc.Step(scenario.Expr(`^the merchant "([^"]+)", an? (ordinary|brand flagship) shop, has enabled (.+)$`), addMerchant)
	sc.Step(scenario.Expr(`^"([^"]+)" charges payers a fee of (\S+ [A-Z]{3}) per payment$`), checkout.SetFee)
	sc.Step(scenario.Expr(`^(\w+) last chose to pay with "([^"]+)" at "([^"]+)"$`), lastChose)
	sc.Step(scenario.Expr(`^(\w+) paid an order of (\S+ [A-Z]{3}) at "([^"]+)" with "([^"]+)"$`), paidOrder)

	sc.Step(scenario.Expr(`^(\w+) checks out (?:an|another) order of (\S+ [A-Z]{3}) at "([^"]+)"$`), checkOut)
	sc.Step(scenario.Expr(`^she chooses to pay with "([^"]+)"(?: instead)?$`), choose)
	sc.Step(scenario.Expr(`^she confirms the payment in the wallet she was handed to$`), confirm)
	sc.Step(scenario.Expr(`^she asks (\w+) to help pay and sends him the link in a chat$`), askFriend)
	sc.Step(scenario.Expr(`^(\w+) pays with "([^"]+)" from the link$`), payFromLink)
	sc.Step(scenario.Expr(`^the merchant refunds the order in full$`), refundOrder)

	sc.Step(scenario.Expr(`^she is offered (.+)$`), offered)
	sc.Step(scenario.Expr(`^every wallet she is offered is on the first payment screen$`), firstScreen)
	sc.Step(scenario.Expr(`^every wallet she is offered is shown with the same prominence$`), sameProminence)
	sc.Step(scenario.Expr(`^no wallet is preselected$`), nonePreselected)
	sc.Step(scenario.Expr(`^the wallet preselected, if any, is (?:her|his|their) last choice "([^"]+)"$`), lastChoiceOrNone)
	sc.Step(scenario.Expr(`^every fee is shown with what it is for, before she confirms$`), feesLabelled)
	sc.Step(scenario.Expr(`^the total shown for "([^"]+)" is the order amount plus its labelled fees$`), totalAddsUp)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) exactly the total shown for it$`), chargedTotal)
	sc.Step(scenario.Expr(`^she is handed directly to "([^"]+)", with no QR code to save and no friend to ask$`), handedDirectly)
	sc.Step(scenario.Expr(`^"([^"]+)" receives the amount shown, the currency, the order reference and the payee unaltered$`), handoffUnaltered)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) for the order$`), chargedForOrder)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) for exactly that order$`), chargedForOrder)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) nothing$`), chargedNothing)
	sc.Step(scenario.Expr(`^the platform records the (order|first order) as paid with "([^"]+)"$`), recordedPaid)
	sc.Step(scenario.Expr(`^the platform's record of the payment matches "([^"]+)"'s ledger$`), matchesLedger)
	sc.Step(scenario.Expr(`^"([^"]+)" receives the refund for that payment$`), refundReceived)
	sc.Step(scenario.Expr(`^"([^"]+)" receives no refund$`), noRefund)
	sc.Step(scenario.Expr(`^the platform records the order as refunded through "([^"]+)"$`), recordedRefunded)
	sc.Step(scenario.Expr(`^(\w+) opens the link directly and is offered every wallet the merchant enabled$`), linkOffersAll)
}

var quoted = regexp.MustCompile(`"([^"]+)"`)

// names reads a feature's list of quoted names, such as
// "own-pay", "rival-pay" and "small-pay".
func names(list string) []string {
	var out []string
	for _, m := range quoted.FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}
