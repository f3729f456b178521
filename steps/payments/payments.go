// Package payments defines the steps of the PAY family: a platform's
// checkout must offer every wallet its merchants enabled, hand the consumer
// directly to the wallet chosen, charge that wallet, refund through it, and
// let a friend pay from a shared link; and it must announce a change to the
// methods it hosts seven days ahead, and say truthfully whom a gradual
// rollout includes. The harness plays the wallets (mocks/institution), the
// consumer and the friend who helps pay, and the platform's operator who
// decides a change or a rollout.
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
	scenario.Step(sc, `^the platform's own group runs the wallet "([^"]+)"$`, func(ctx context.Context, n string) error { return checkout.AddWallet(ctx, n, iti.TierAffiliated) })
	scenario.Step(sc, `^the rival wallet "([^"]+)" is a top institution$`, func(ctx context.Context, n string) error { return checkout.AddWallet(ctx, n, iti.TierTop) })
	scenario.Step(sc, `^the wallet "([^"]+)" is a tail institution$`, func(ctx context.Context, n string) error { return checkout.AddWallet(ctx, n, iti.TierTail) })
	scenario.Step(sc, `^the merchant "([^"]+)", an? (ordinary|brand flagship) shop, has enabled (.+)$`, addMerchant)
	scenario.Step(sc, `^"([^"]+)" charges payers a fee of (\S+ [A-Z]{3}) per payment$`, checkout.SetFee)
	scenario.Step(sc, `^(\w+) last chose to pay with "([^"]+)" at "([^"]+)"$`, lastChose)
	scenario.Step(sc, `^(\w+) paid an order of (\S+ [A-Z]{3}) at "([^"]+)" with "([^"]+)"$`, paidOrder)

	scenario.Step(sc, `^(\w+) checks out (?:an|another) order of (\S+ [A-Z]{3}) at "([^"]+)"$`, checkOut)
	scenario.Step(sc, `^she chooses to pay with "([^"]+)"(?: instead)?$`, choose)
	scenario.Step(sc, `^she confirms the payment in the wallet she was handed to$`, confirm)
	scenario.Step(sc, `^she asks (\w+) to help pay and sends him the link in a chat$`, askFriend)
	scenario.Step(sc, `^(\w+) pays with "([^"]+)" from the link$`, payFromLink, "PAY-06.2")
	scenario.Step(sc, `^the merchant refunds the order in full$`, refundOrder)

	scenario.Step(sc, `^she is offered (.+)$`, offered, "PAY-01.1", "PAY-01.2", "PAY-01.3", "PAY-01.4", "PAY-01.5", "PAY-10.1")
	scenario.Step(sc, `^every wallet she is offered is on the first payment screen$`, firstScreen, "PAY-07.1", "PAY-07.3")
	scenario.Step(sc, `^every wallet she is offered is shown with the same prominence$`, sameProminence, "PAY-07.2", "PAY-07.3")
	scenario.Step(sc, `^no wallet is preselected$`, nonePreselected, "PAY-08.1", "PAY-08.2")
	scenario.Step(sc, `^the wallet preselected, if any, is (?:her|his|their) last choice "([^"]+)"$`, lastChoiceOrNone, "PAY-08.1", "PAY-08.2")
	scenario.Step(sc, `^every fee is shown with what it is for, before she confirms$`, feesLabelled, "PAY-09.1", "PAY-09.2", "PAY-09.3")
	scenario.Step(sc, `^the total shown for "([^"]+)" is the order amount plus its labelled fees$`, totalAddsUp, "PAY-09.2")
	scenario.Step(sc, `^"([^"]+)" charged (\w+) exactly the total shown for it$`, chargedTotal, "PAY-09.2")
	scenario.Step(sc, `^she is handed directly to "([^"]+)", with no QR code to save and no friend to ask$`, handedDirectly, "PAY-02.1", "PAY-02.3", "PAY-02.5")
	scenario.Step(sc, `^"([^"]+)" receives the amount shown, the currency, the order reference and the payee unaltered$`, handoffUnaltered, "PAY-02.2", "PAY-02.5")
	scenario.Step(sc, `^"([^"]+)" charged (\w+) for the order$`, chargedChosen, "PAY-03.1", "PAY-03.3")
	scenario.Step(sc, `^"([^"]+)" charged (\w+) for exactly that order$`, chargedForOrder, "PAY-06.2", "PAY-06.3")
	scenario.Step(sc, `^"([^"]+)" charged (\w+) nothing$`, chargedNothing, "PAY-03.2")
	scenario.Step(sc, `^the platform records the (order|first order) as paid with "([^"]+)"$`, recordedPaid, "PAY-03.1", "PAY-03.2", "PAY-04.1", "PAY-04.3", "PAY-06.2")
	scenario.Step(sc, `^the platform's record of the payment matches "([^"]+)"'s ledger$`, matchesLedger, "PAY-04.2", "PAY-04.3", "PAY-04.5")
	scenario.Step(sc, `^"([^"]+)" receives the refund for that payment$`, refundReceived, "PAY-05.1", "PAY-05.2")
	scenario.Step(sc, `^"([^"]+)" receives no refund$`, noRefund, "PAY-05.1")
	scenario.Step(sc, `^the platform records the order as refunded through "([^"]+)"$`, recordedRefunded, "PAY-05.1")
	scenario.Step(sc, `^(\w+) opens the link directly and is offered every wallet the merchant enabled$`, linkOffersAll, "PAY-06.1", "PAY-06.2", "PAY-06.5")

	scenario.Step(sc, `^the platform adds and removes payment methods at its merchants' checkouts, asking for notice from none to more than seven days$`, changeMethods, "PAY-11.5")
	scenario.Step(sc, `^every change is published, and takes effect no sooner than seven days after it was published$`, changesPublished, "PAY-11.1", "PAY-11.2", "PAY-11.6")
	scenario.Step(sc, `^a merchant can give an opinion on every change before it takes effect$`, opinionsTaken, "PAY-11.3")
	scenario.Step(sc, `^until a change takes effect, and for seven days after it was published, the checkout offers the methods as before$`, methodsAsBefore, "PAY-11.1", "PAY-11.4", "PAY-11.6")
	scenario.Step(sc, `^once a change takes effect, the checkout offers the methods as changed$`, methodsAsChanged, "PAY-11.4")
	scenario.Step(sc, `^the platform rolls "([^"]+)" out gradually to some of its consumers at some of its merchants$`, rollOut, "PAY-12.6")
	scenario.Step(sc, `^the rollout is published with its state, the method, the merchants in its scope and the share of consumers included$`, rolloutPublished, "PAY-12.1", "PAY-12.4")
	scenario.Step(sc, `^every merchant that asks whether the rollout includes it is told what its checkout does$`, merchantsToldTheTruth, "PAY-12.2", "PAY-12.5")
	scenario.Step(sc, `^every consumer who asks whether the rollout includes them is told what the checkout offers them$`, consumersToldTheTruth, "PAY-12.2", "PAY-12.5", "PAY-12.6")
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
