package reference

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/reference/acquirer"
	"github.com/hutong-interop/hutong/reference/messenger"
	"github.com/hutong-interop/hutong/reference/platform"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// Violation is a switch that makes the reference break requirements on
// purpose. Breaks lists the requirements a run must then fail — no more, no
// fewer — which is how the harness proves every requirement can fail.
type Violation struct {
	Name        string
	Role        string
	Description string
	Breaks      []string
}

// Violations lists every switch, by role then name.
var Violations = []Violation{
	{messenger.RivalLinksBlocked, "messenger", "links to rival platforms are blocked outright",
		[]string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-07"}},
	{messenger.RivalLinksCopyToken, "messenger", "rival links are replaced by a token to copy into the rival's app",
		[]string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-07"}},
	{messenger.RivalLinksWarned, "messenger", "every rival link is put behind a warning page",
		[]string{"LINK-01", "LINK-02", "LINK-04", "LINK-05", "LINK-07"}},
	{messenger.OneToOneBrowserOnly, "messenger", "in one-to-one chats every link must be copied into a browser",
		[]string{"LINK-01"}},
	{messenger.RivalPreviewReduced, "messenger", "rival links get a title-only preview, the affiliate's a rich one",
		[]string{"LINK-02"}},
	{messenger.LinksStripped, "messenger", "links are stripped down to the site's home page",
		[]string{"LINK-03", "LINK-07"}},
	{messenger.ShortLinksElsewhere, "messenger", "long links in chats are shortened to a link that leads to the home page, not the product",
		[]string{"LINK-03"}},
	{messenger.GroupRivalInterstital, "messenger", "in group chats rival links are put behind a warning page",
		[]string{"LINK-04"}},
	{messenger.BlocklistIgnored, "messenger", "the shared malicious-link list is ignored",
		[]string{"LINK-05"}},
	{messenger.AffiliateExempt, "messenger", "the affiliate's links are exempt from the malicious-link list",
		[]string{"LINK-05"}},
	{messenger.WarningWithoutReason, "messenger", "malicious links are warned about without saying why",
		[]string{"LINK-05"}},
	{messenger.NoReport, "messenger", "links cannot be reported from the chat",
		[]string{"LINK-06"}},
	{messenger.ChinesePathBlocked, "messenger", "rival links whose path holds Chinese characters (raw or percent-encoded) are blocked",
		[]string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-07"}},
	{messenger.LinksRunToSpace, "messenger", "a link is taken to run to the next white space, so one followed by punctuation (。，、）!?) or in brackets is taken with it and leads nowhere",
		[]string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-06"}},
	{messenger.SecondLinkDropped, "messenger", "only the first link of a message is shown as a link; the others are left as text",
		[]string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-06"}},
	{messenger.RivalBlockedAtTimes, "messenger", "one rival link in five is blocked (chosen by a hash of its path and query)",
		[]string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-07"}},
	{messenger.HTTPSQueryDropped, "messenger", "https links open without their query string",
		[]string{"LINK-03", "LINK-07"}},
	{messenger.PortLinksBlocked, "messenger", "links that name a port (even the default one) are blocked, whoever provides them",
		[]string{"LINK-01", "LINK-02", "LINK-03", "LINK-04", "LINK-05", "LINK-07"}},

	{messenger.ThirdLinkBrowserOnly, "messenger", "in one-to-one chats the third link of a message, whoever provides it, must be copied into a browser",
		// LINK-02 compares every link with the first: a third link opened
		// another way is not the same access form.
		[]string{"LINK-01", "LINK-02"}},
	{messenger.RivalChinesePreviewReduced, "messenger", "rival links whose path is Chinese (raw or percent-encoded) get a title-only preview",
		[]string{"LINK-02"}},
	{messenger.ChatsSharedByMembers, "messenger", "a chat is kept by its members across sessions, as one chat per pair of users: a session starting a chat its members already have elsewhere is given that chat, and the link reports filed in it are listed in every session that has it",
		[]string{"LINK-06"}},

	{messenger.MomentsRivalBlocked, "messenger", "rival links in ads in Moments are blocked; chats and the other surfaces are untouched",
		[]string{"LINK-07"}},
	{messenger.VideoTokenAtTimes, "messenger", "on short videos one link in five (chosen by a hash of its path and query) is replaced by a token to copy into the shop's app; chats and ads are untouched",
		[]string{"LINK-07"}},
	{messenger.SurfaceStoreFront, "messenger", "a link placed outside chats opens the shop's front page, not the store or product page placed; chats are untouched",
		[]string{"LINK-07"}},

	{platform.EnabledTailDropped, "platform", "a tail institution the merchant enabled is left off the payment screen",
		[]string{"PAY-01", "ACCESS-03", "ACCESS-05"}},
	{platform.QRScreenshotDetour, "platform", "choosing a rival wallet shows a QR code to save and scan instead of handing off directly",
		[]string{"PAY-02"}},
	{platform.SwapToPreselected, "platform", "a consumer who changes away from the preselected wallet is still handed to the preselected one",
		// ACCESS-03's consumers who come back after paying through a top
		// institution have it preselected: the tail one they choose then
		// takes them to the top one.
		[]string{"PAY-03", "ACCESS-03"}},
	// A tail institution's payment the platform never credits leaves the
	// order unpaid: PAY-03's and PAY-06's consumers who pay with a tail
	// wallet find it so, and PAY-05's cannot be refunded.
	{platform.TailNoticesIgnored, "platform", "payment notices from tail institutions are acknowledged but never credited",
		[]string{"PAY-03", "PAY-04", "PAY-05", "PAY-06", "ACCESS-03"}},
	{platform.RefundViaAffiliate, "platform", "refunds are sent to the platform's own wallet, whatever wallet was paid",
		[]string{"PAY-05"}},
	{platform.OnBehalfAffiliateOnly, "platform", "a friend opening a help-me-pay link can pay only with the platform's own wallet",
		[]string{"PAY-06"}},
	{platform.RivalsBehindMore, "platform", "rival wallets sit behind \"more payment methods\" while the own wallet is highlighted",
		[]string{"PAY-07"}},
	{platform.PreselectAffiliate, "platform", "the platform's own wallet is always preselected",
		[]string{"PAY-08"}},
	{platform.HiddenFee, "platform", "a wallet's payer fee is charged without being shown at checkout",
		[]string{"PAY-09"}},
	{platform.BrandTierGating, "platform", "brand flagship merchants get no rival wallet, even when they enabled one",
		[]string{"PAY-10"}},
	{platform.RuleChangeShortNotice, "platform", "the notice of a rule change is counted in started days: a change asked for with six days and 23 hours' notice takes effect then",
		[]string{"PAY-11"}},
	{platform.MethodRemovalUnannounced, "platform", "a payment method removed from merchants is switched off at once, while the published change names a date seven days on",
		[]string{"PAY-11"}},
	{platform.RuleChangeNoOpinions, "platform", "rule changes are published, but no opinion on them is taken",
		[]string{"PAY-11"}},
	{platform.RolloutAnswerDisagrees, "platform", "every third consumer who asks whether a rollout includes them is told the opposite of what the checkout offers them",
		[]string{"PAY-12"}},
	{platform.RolloutBeyondScope, "platform", "a rolled-out method is offered to the consumers included at every merchant, not only at the merchants the rollout publishes as its scope",
		[]string{"PAY-12"}},

	// The PAY depth switches (reference/platform/depth.go): each breaks its
	// requirement in one corner of the space its Rule ranges over, or in a
	// share of the cases, which only cases drawn over that space show.
	{platform.MerchantAdditionsIgnored, "platform", "a merchant that enables a further top institution after it was set up is not offered it: the checkout keeps what the merchant first enabled",
		[]string{"PAY-01"}},
	{platform.PayeeNonASCIIDropped, "platform", "a payee whose id holds Chinese (non-ASCII) characters is handed to the wallet with those characters dropped",
		[]string{"PAY-02"}},
	{platform.SwapOnChangedMind, "platform", "a consumer who changes her choice on an order is handed to the wallet she chose first",
		[]string{"PAY-03"}},
	{platform.SwapAtTimes, "platform", "one consumer in five (by a hash of the order's merchant, consumer and amount) who changes away from the preselected wallet is handed to the preselected one",
		[]string{"PAY-03", "ACCESS-03"}},
	{platform.LargePaymentsInYuan, "platform", "payments of CNY 1,000.00 or more are reported in the order's record in yuan, a hundredth of the wallet's ledger",
		[]string{"PAY-04", "ACCESS-03"}},
	{platform.RefundViaLastWallet, "platform", "a refund is sent to the wallet the consumer paid with last, whichever order that was",
		[]string{"PAY-05"}},
	{platform.OnBehalfRivalsCapped, "platform", "a friend paying a help-me-pay link for more than CNY 500.00 is offered only the platform's own wallet, as if the static-code limit applied",
		[]string{"PAY-06"}},
	{platform.FeeShownInWholeYuan, "platform", "a payer fee is shown in whole yuan, its fen left off (a fee under a yuan not at all), while the wallet charges the whole fee",
		[]string{"PAY-09"}},
	{platform.TailChangesWhenAsked, "platform", "a change to a tail institution's method takes effect when its operator asks, without seven days' notice",
		[]string{"PAY-11"}},
	{platform.RuleChangeEarlyAtTimes, "platform", "one rule change in five (by a hash of its institution, merchants and notice asked) is applied when it is published, though published to take effect seven days on",
		[]string{"PAY-11"}},
	{platform.AcceptUnsignedNotices, "platform", "payment notices are believed without checking who signed them",
		[]string{"SEC-01"}},
	{platform.CreditReplays, "platform", "a payment notice sent again is credited again",
		[]string{"SEC-02"}},
	{platform.HandoffSignaturePartial, "platform", "the handoff signature leaves out the amount and the payee",
		[]string{"SEC-03"}},
	{platform.NotifiedAmountUnchecked, "platform", "an order is marked paid whatever amount and payee the notice reports",
		[]string{"SEC-03"}},
	{platform.OnBehalfNeverExpires, "platform", "help-me-pay links never expire",
		[]string{"SEC-04"}},
	// PAY-06's link made for an earlier order while a later one waits is
	// one of its cases: "it pays that order only".
	{platform.OnBehalfLatestOrder, "platform", "a help-me-pay link pays the consumer's latest unpaid order, not the order it was made for",
		[]string{"SEC-04", "PAY-06"}},
	{acquirer.BadCRC, "acquirer", "the code's check digits (CRC) are wrong",
		[]string{"QR-01"}},
	{acquirer.NoQuietZone, "acquirer", "the code's picture has no white margin (quiet zone)",
		[]string{"QR-02"}},
	{acquirer.ModulesTooSmall, "acquirer", "the code's picture is drawn at 1 pixel per module",
		[]string{"QR-02"}},
	{acquirer.ImageDiffers, "acquirer", "the code's picture holds a different merchant account from the code given",
		[]string{"QR-02"}},
	{acquirer.ProprietaryURLCode, "acquirer", "codes carry only a link into the acquirer's own app, not the identifier the clearing switch routes by",
		[]string{"QR-03", "QR-04"}},
	{acquirer.ProprietaryDynamicCodes, "acquirer", "order (dynamic) codes carry only a link into the acquirer's own app",
		// QR-04 pays order codes from every wallet: one that only the
		// acquirer's app can open is not paid in the same way.
		[]string{"QR-03", "QR-04"}},
	{acquirer.RefuseTailWallets, "acquirer", "payments from tail wallets are refused",
		[]string{"QR-04"}},
	{acquirer.SlowTailPayments, "acquirer", "payments from tail wallets take a slow path, 40 ms longer, and are then accepted",
		[]string{"QR-04"}},
	{acquirer.TailConfirmationStep, "acquirer", "a payment from a tail wallet is first sent on to a confirmation address, and accepted only there",
		[]string{"QR-04"}},
	{acquirer.PaymentsByMerchantID, "acquirer", "the payments received are kept in one ledger for the whole acquirer, by merchant id: a merchant's payments are listed with those other sessions received for a merchant of the same id",
		[]string{"QR-04"}},
	// The QR depth switches: each breaks its requirement in one corner of
	// the space its cases range over, or in some of its cases.
	{acquirer.TypographicApostrophe, "acquirer", "an apostrophe in a merchant's name is written as a typographic one (’), outside the code format's character set",
		[]string{"QR-01"}},
	{acquirer.CRCWrongAtTimes, "acquirer", "one code in five (chosen by a hash of its text) has wrong check digits",
		[]string{"QR-01"}},
	{acquirer.LongNamesSmallModules, "acquirer", "the picture of a code for a merchant whose name is longer than 20 characters leaves room for the name beneath it, drawing the code at 2 pixels per module",
		[]string{"QR-02"}},
	{acquirer.LaterCodesOwnApp, "acquirer", "a merchant's first code carries the clearing switch's identifier, its later codes only a link into the acquirer's own app",
		// QR-04 pays a merchant's order codes after its static code.
		[]string{"QR-03", "QR-04"}},
	{acquirer.TailLargeRefused, "acquirer", "payments of CNY 1,000.00 or more from tail wallets are refused",
		[]string{"QR-04"}},
	{wallet.RefuseRivalCodes, "wallet", "codes of institutions outside the wallet's group are refused",
		[]string{"QR-05", "QR-08"}},
	{wallet.RefuseTailAcquirers, "wallet", "codes of tail acquirers are refused",
		[]string{"QR-05"}},
	{wallet.PayTamperedCode, "wallet", "codes are paid without checking their check digits and structure",
		[]string{"QR-06"}},
	// QR-06's per-threat switches (reference/wallet): each skips the one
	// check of the code's format that stops one threat of its model.
	{wallet.StaticCRCUnchecked, "wallet", "a static code's check digits are not checked",
		[]string{"QR-06"}},
	{wallet.DynamicCRCUnchecked, "wallet", "an order (dynamic) code's check digits are not checked",
		[]string{"QR-06"}},
	{wallet.LengthsUnchecked, "wallet", "a code whose lengths do not add up is read as far as it goes",
		[]string{"QR-06"}},
	{wallet.FormatIndicatorAnywhere, "wallet", "the format indicator may stand anywhere in the code, not only first",
		[]string{"QR-06"}},
	{wallet.CRCAnywhere, "wallet", "the check digits may stand anywhere in the code, not only last",
		[]string{"QR-06"}},
	{wallet.DuplicatesUnchecked, "wallet", "a field given twice is taken at its first value",
		[]string{"QR-06"}},
	{wallet.MerchantNameOptional, "wallet", "a code without a merchant name is paid",
		[]string{"QR-06"}},
	{wallet.AccountIDOptional, "wallet", "a merchant account without the identifier that routes it is paid, left to the clearing switch to route",
		[]string{"QR-06"}},
	{wallet.ChargeTwice, "wallet", "the customer is debited before the payment is confirmed and not refunded when it is refused",
		[]string{"QR-07"}},
	{wallet.PayOrderAgain, "wallet", "an order code scanned again is paid again: the wallet leaves refusing the repeat to the payee",
		[]string{"QR-07"}},
	{wallet.RoundDynamicAmount, "wallet", "an order code's amount is rounded to whole yuan",
		// QR-05 pays order codes of every acquirer too: paid rounded, one
		// for 7.05 is refused, and the customer cannot pay it.
		[]string{"QR-05", "QR-07"}},
	{wallet.IgnoreDailyLimit, "wallet", "the CNY 500 daily cap on static codes is not applied",
		[]string{"QR-08"}},
	{wallet.TailStaticSmallOnly, "wallet", "on tail acquirers' static codes only payments up to CNY 10.00 are made; larger ones are declined",
		[]string{"QR-05"}},
	{wallet.LanguageTemplateRefused, "wallet", "a code that names its merchant in its own script, in the language template (ID 64), is refused as unreadable",
		[]string{"QR-05", "QR-07"}},
	{wallet.TailCodesCRCUnchecked, "wallet", "the check digits of tail acquirers' codes are not checked",
		[]string{"QR-06"}},
	{wallet.ChecksSkippedAtTimes, "wallet", "one code in five (chosen by a hash of its text) is paid without its format being checked",
		[]string{"QR-06"}},
	{wallet.OrderGuardSetLate, "wallet", "an order is taken as paid only once the clearing switch accepts it, so the same order code scanned twice at the same moment is paid twice",
		[]string{"QR-07"}},
	{wallet.PaidOrdersByPicture, "wallet", "paid orders are remembered by the picture scanned, not the code in it, so another picture of a paid order code is paid again",
		[]string{"QR-07"}},
	{wallet.LastOrderOnly, "wallet", "only the last order code a customer paid is remembered, so an order scanned again after another is paid again",
		[]string{"QR-07"}},
	{wallet.OrderPaidAgainAtTimes, "wallet", "one order code in four (chosen by a hash of its text) is paid again when it is scanned again",
		[]string{"QR-07"}},

	{platform.BigOnlyOnboarding, "platform", "only large institutions are onboarded: one tail institution is admitted as a token pilot, the rest are refused",
		[]string{"ACCESS-01", "ACCESS-02", "ACCESS-03", "ACCESS-04", "ACCESS-05"}},
	{platform.TailExtraConditions, "platform", "tail institutions must lodge a deposit and file audited accounts that top institutions are not asked for",
		[]string{"ACCESS-01"}},
	{platform.TailHigherFees, "platform", "tail institutions pay twice the platform's fee and wait a week for settlement",
		[]string{"ACCESS-01"}},
	{platform.RefusalWithoutReason, "platform", "refusals say only that the institution does not meet the platform's requirements",
		[]string{"ACCESS-02"}},
	{platform.TailMethodsBehindMore, "platform", "only one tail institution is on the first payment screen; the others sit behind \"more payment methods\"",
		[]string{"ACCESS-03"}},
	{platform.RankByTier, "platform", "payment options are ranked by tier: the own wallet first, then top institutions, tail institutions last",
		[]string{"ACCESS-04"}},
	{platform.TailHiddenLargeOrders, "platform", "tail institutions are left off the payment screen for orders of 80.00 or more",
		// ACCESS-03 pays tail institutions at amounts from one fen to
		// large sums: the large ones find them left off.
		[]string{"PAY-01", "ACCESS-03"}},
	{platform.RecordOwnReference, "platform", "the platform records payments under its own reference, not the wallet's transaction",
		[]string{"PAY-04"}},
	{platform.SlowTailHandoffs, "platform", "handoffs to tail institutions take a slow path, 40 ms longer",
		[]string{"ACCESS-05"}},

	// Along the dimensions ACCESS-01..03 and SEC-01..04 range over
	// (reference/platform/corners.go): each breaks one corner of its
	// requirement's space, or some of its cases only.
	{platform.TailQuotaConditions, "platform", "the tail institutions connected after the first twenty are asked for a guarantee deposit",
		[]string{"ACCESS-01"}},
	{platform.TailFeeAtTimes, "platform", "one tail institution in five (chosen by a hash of its id) is charged twice the platform's fee",
		[]string{"ACCESS-01"}},
	{platform.RefusedTailStaysRefused, "platform", "a tail institution once refused is refused again when it asks with its shortcoming put right",
		[]string{"ACCESS-02"}},
	{platform.RefusalCodesAtTimes, "platform", "one refusal in eight (chosen by a hash of the institution's id) names no published criterion",
		[]string{"ACCESS-02"}},
	{platform.TailsAddedLaterBehindMore, "platform", "a tail institution a merchant adds after its first set-up is shown behind \"more payment methods\"",
		[]string{"ACCESS-03"}},
	{platform.SmallNoticesUnchecked, "platform", "a payment notice for an order under 1.00 is believed without its signature being checked",
		[]string{"SEC-01"}},
	{platform.ReplayGuardForgetsAfterAWeek, "platform", "replays are remembered for a week: a notice sent again seven days or more after it was credited is credited again",
		[]string{"SEC-02"}},
	{platform.TailHandoffsPayeeUnsigned, "platform", "handoffs to tail institutions are signed without the payee",
		[]string{"SEC-03"}},
	{platform.TailLinksNeverExpire, "platform", "an expired help-me-pay link still hands a friend to a tail institution",
		[]string{"SEC-04"}},
	{platform.MerchantDirectoryShared, "platform", "the merchant directory is one for the whole platform, not one per session: a merchant's enabled institutions are merged by its id across sessions, and the payment screen offers what another session enabled",
		[]string{"PAY-01", "PAY-02", "PAY-03", "PAY-04", "PAY-05", "PAY-06", "PAY-07", "PAY-08", "PAY-09", "PAY-10", "PAY-11", "PAY-12",
			"SEC-01", "SEC-02", "SEC-03", "SEC-04", "ACCESS-03", "ACCESS-05"}},

	{platform.RivalCarriersUnlisted, "platform", "rival carriers are left off the carriers a merchant can pick; only the platform's own group's carrier is listed",
		[]string{"LOG-01", "LOG-02"}},
	{platform.RivalCarrierUnlistedOdd, "platform", "one rival carrier in three (chosen by a hash of its id) is left off the carriers a merchant can pick",
		[]string{"LOG-01", "LOG-02"}},
	{platform.RivalParcelsRerouted, "platform", "a parcel the merchant ships with a rival carrier is booked with the platform's own group's carrier instead",
		[]string{"LOG-01"}},
	{platform.RivalCarrierSurcharge, "platform", "merchants pay a further CNY 3.00 \"third-party carrier service fee\" on every parcel shipped with a rival carrier",
		[]string{"LOG-02"}},
	{platform.RivalTrackingHidden, "platform", "rival carriers' tracking events are acknowledged but never shown to the consumer",
		[]string{"LOG-03"}},

	// The SEC threat models' switches (reference/platform/threats.go): each
	// lets through a class of the threats its requirement lists.
	{platform.NoticesSignatureOptional, "platform", "a notice without a readable signature is let through; only a signature that is there is checked",
		[]string{"SEC-01"}},
	{platform.NoticesKeyConfusion, "platform", "a notice is believed if any key the platform can find verifies it: another institution's, one the notice carries, or a public key used as an HMAC secret",
		[]string{"SEC-01"}},
	{platform.NoticesTrustedNames, "platform", "notices in the name of the platform's own group's wallet, or of an institution not yet connected, are believed unchecked",
		[]string{"SEC-01"}},
	{platform.NoticesSignatureCache, "platform", "a signature that verified once is trusted again, whatever notice it comes with",
		[]string{"SEC-01"}},
	{platform.ReplayGuardWeak, "platform", "replays are recognised only by notification ids, checked before and recorded after a risk check, forgotten after 24 hours or once the order is refunded",
		[]string{"SEC-02"}},
	{platform.NoticesMatchedLoosely, "platform", "a notice to another platform is taken if its order reference is one of ours, and one for a paid order is booked against another of the same shop and amount",
		[]string{"SEC-02"}},
	{platform.NoticesComparedLoosely, "platform", "a notice is believed if its amount is at most a fen short of what is due, whatever its currency and whichever wallet was handed the order",
		[]string{"SEC-03"}},
	{platform.HandoffSignatureWithoutOrder, "platform", "the handoff signature leaves out the order reference",
		[]string{"SEC-03"}},
	{platform.OnBehalfLinksLenient, "platform", "help-me-pay links work an hour past expiry, revive when a new one is made, and still hand off once the order is paid or refunded",
		[]string{"SEC-04"}},

	// The SEC threat models' per-threat switches (reference/platform/holes.go):
	// each opens the platform's guard to the one threat its name gives, a
	// row of its requirement's table, and to nothing else. The two rows
	// left out have a class switch of their own above:
	// handoff-signature-without-order and on-behalf-latest-order.
	{platform.ForgedAttackersKey, "platform", "a notice in a wallet's name is believed when a well-formed signature comes with it, whatever key made it",
		[]string{"SEC-01"}},
	{platform.ForgedOtherWalletsKey, "platform", "a notice in a wallet's name is believed when another connected wallet's key verifies it",
		[]string{"SEC-01"}},
	{platform.ForgedUnconnected, "platform", "a notice from an institution the platform never connected is believed, as one being onboarded",
		[]string{"SEC-01"}},
	{platform.ForgedUnsigned, "platform", "a notice with no signature at all is believed",
		[]string{"SEC-01"}},
	{platform.ForgedSignedElsewhere, "platform", "a notice whose signature comes in another header than the agreed one is believed, the signature unchecked",
		[]string{"SEC-01"}},
	{platform.ForgedUnreadable, "platform", "a notice whose signature cannot be read is believed",
		[]string{"SEC-01"}},
	{platform.ForgedLiftedSignature, "platform", "a signature that verified a wallet's notice once is trusted again on a new notice",
		[]string{"SEC-01"}},
	{platform.ForgedRewritten, "platform", "a signature that verified a wallet's notice once is trusted again on a notice reporting the same wallet transaction, rewritten",
		[]string{"SEC-01"}},
	{platform.ForgedHMACWalletKey, "platform", "a notice sealed with an HMAC keyed with the wallet's public key is believed",
		[]string{"SEC-01"}},
	{platform.ForgedHMACPlatformKey, "platform", "a notice sealed with an HMAC keyed with the platform's public key is believed",
		[]string{"SEC-01"}},
	{platform.ForgedCarriedKey, "platform", "a notice is believed when the public key it carries verifies it",
		[]string{"SEC-01"}},
	{platform.ReplayedAtOnce, "platform", "a notice sent again after its order's payment was looked up is credited again: the lookup reloads the order and forgets which notices paid it",
		[]string{"SEC-02"}},
	{platform.ReplayedDayLater, "platform", "a notice sent again more than a day after it was credited is credited again",
		[]string{"SEC-02"}},
	{platform.ReplayedInFlight, "platform", "copies of a notice arriving within seconds of it are credited too: the notices taken are remembered only once the order's record is next read",
		[]string{"SEC-02"}},
	{platform.ReplayedForAnother, "platform", "a notice sent again for a paid order is credited to another order of the same customer, shop and amount waiting to be paid",
		[]string{"SEC-02"}},
	{platform.ReplayedAfterRefund, "platform", "a notice sent again after its order was refunded is credited again",
		[]string{"SEC-02"}},
	{platform.ReplayedFromElsewhere, "platform", "a notice to another platform is credited if its order reference is one of ours",
		[]string{"SEC-02"}},
	{platform.AlteredAmountFenLess, "platform", "a notice one fen short of the amount handed off marks the order paid",
		[]string{"SEC-03"}},
	{platform.AlteredAmountFenMore, "platform", "a notice one fen over the amount handed off marks the order paid",
		[]string{"SEC-03"}},
	{platform.AlteredAmountInYuan, "platform", "a notice for a hundredth of the amount handed off, fen read as yuan, marks the order paid",
		[]string{"SEC-03"}},
	{platform.AlteredCurrency, "platform", "a notice in another currency than the order's marks the order paid",
		[]string{"SEC-03"}},
	{platform.AlteredPayee, "platform", "a notice naming another payee than the order's merchant marks the order paid",
		[]string{"SEC-03"}},
	{platform.AlteredInstitution, "platform", "a notice from a wallet the order was never handed to marks it paid, for what another wallet was handed",
		[]string{"SEC-03"}},
	{platform.AlteredAmountUnlisted, "platform", "a notice for less than the amount handed off, by more than a fen, as a careless wallet pays a handoff whose amount was lowered and taken off the signed fields, marks the order paid",
		[]string{"SEC-03"}},
	{platform.LinkMinutesLate, "platform", "a help-me-pay link works for an hour past its expiry",
		[]string{"SEC-04"}},
	{platform.LinkRenewed, "platform", "an expired help-me-pay link works again once a new link is made for its order",
		[]string{"SEC-04"}},
	{platform.LinkSecondFriend, "platform", "a help-me-pay link still hands a friend to a wallet after its order was paid",
		[]string{"SEC-04"}},
	{platform.LinkAfterRefund, "platform", "a help-me-pay link still hands a friend to a wallet after its order was refunded",
		[]string{"SEC-04"}},

	// The page switches (pages.go): the ITI declares compliance, the page
	// shows otherwise.
	{PageRivalLinksInterstitial, "messenger", "the ITI declares rival links direct in one tap, but the message page puts them behind a page telling the recipient to copy the link into a browser",
		[]string{"LINK-01", "LINK-04"}},
	{PagePreselectsAffiliate, "platform", "the ITI declares no wallet preselected, but the payment page ticks the platform's own",
		[]string{"PAY-08"}},
	{PageRivalsBelowFold, "platform", "rival wallets are listed below a tall banner, out of the first screen",
		[]string{"PAY-07"}},
	{PageRivalsGreyed, "platform", "rival wallets are shown in small grey text",
		[]string{"PAY-07"}},
	{PageRivalLinksWarned, "messenger", "the ITI declares rival links without a warning, but the message page shows a warning beside every clean rival link (\"may be unsafe\")",
		[]string{"LINK-02", "LINK-05"}},
	{PageTamperedCodePrompted, "wallet", "the ITI declares every tampered code refused before any payment prompt, but the wallet's screen after the scan asks the customer to confirm paying it",
		[]string{"QR-06"}},
	{PageRefusalWithoutReason, "wallet", "the ITI gives the reason a tampered code was refused, but the wallet's screen shows the refusal as a sign alone, without a word of why",
		[]string{"QR-06"}},
}

// Observed names the switches only a harness that looks at the pages can
// catch: the page departs from what the ITI declares, or breaks a rule only
// a page can. Each turns the reference's pages on. A declared-only run
// passes them (it sees a compliant declaration), so the general sweeps skip
// them; a run that observes must fail exactly their Breaks, which the
// observed test checks, both ways.
var Observed = map[string]bool{
	PageRivalLinksInterstitial: true,
	PagePreselectsAffiliate:    true,
	PageRivalsBelowFold:        true,
	PageRivalsGreyed:           true,
	PageRivalLinksWarned:       true,
	PageTamperedCodePrompted:   true,
	PageRefusalWithoutReason:   true,
}

// InProcessOnly names the switches a black-box run cannot show, and why.
var InProcessOnly = map[string]string{
	messenger.HTTPSQueryDropped: "black-box runs send http links only: the mock network is a plain-http forward proxy, so an implementation could reach no https mock URL",
}

// Variant is a switch that changes how the reference behaves without leaving
// what the contract and the standards it cites allow: another spelling of the
// same signature, another neutral order, another success status. A variant
// breaks nothing, so a run with any variants on — alone or together — must
// certify exactly as the plain reference does; a requirement that fails under
// one is a harness that fails honest behaviour (issue 13). Variants combine
// with violation switches, and each keeps its own meaning.
type Variant struct {
	Name        string
	Role        string // the role whose behaviour it changes, or "every"
	Description string
}

// Variants lists every honest variant, by role then name.
var Variants = []Variant{
	{CreatedAsOK, "every", "answers 200 OK wherever the ITI specifies 201 Created (sessions, conversations, checkouts, codes, ...): any 2xx means success, the harness reports the letter as a contract finding"},
	{messenger.NoSurfaces, "messenger", "offers chats only: discovery names no surface besides chats, so LINK-07 is judged on a one-to-one chat"},
	{messenger.AdClickRedirect, "messenger", "sends the link of every ad through its own click-counting redirect, which leads to the link placed (a redirect that lands on the link is what LINK-03 allows)"},
	{platform.AlphabeticalOptions, "platform", "orders the payment options alphabetically by institution name, a neutral rule, instead of the merchant's order"},
	{platform.LowercaseCurrency, "platform", "writes currency codes in lower case (\"cny\") in what it sends other parties (handoffs, refund orders, the help-me-pay page); ISO 4217 codes mean the same in either case"},
	{platform.NeverPreselect, "platform", "never preselects a payment method, not even the consumer's last choice (PAY-08 allows the last choice or none)"},
	{platform.RuleChangesAtMidnight, "platform", "a rule change takes effect at the first midnight (UTC) after the time asked and the seven days' notice: later than asked, which the contract allows, never sooner"},
	{platform.PaddedSignatures, "platform", "writes the handoff signature (sig) in base64url with '=' padding, which RFC 4648 allows"},
}

// Lookup finds a violation by name.
func Lookup(name string) (Violation, bool) {
	for _, v := range Violations {
		if v.Name == name {
			return v, true
		}
	}
	return Violation{}, false
}

// Names lists every violation's name, sorted.
func Names() []string {
	out := make([]string, len(Violations))
	for i, v := range Violations {
		out[i] = v.Name
	}
	sort.Strings(out)
	return out
}

// Check returns an error naming every unknown switch and listing the known ones.
func Check(names []string) error {
	var bad []string
	for _, n := range names {
		if _, ok := Lookup(n); !ok {
			bad = append(bad, fmt.Sprintf("%q", n))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("unknown violation switch %s; known switches: %s", strings.Join(bad, ", "), strings.Join(Names(), ", "))
	}
	return nil
}

// LookupVariant finds a variant by name.
func LookupVariant(name string) (Variant, bool) {
	for _, v := range Variants {
		if v.Name == name {
			return v, true
		}
	}
	return Variant{}, false
}

// VariantNames lists every variant's name, sorted.
func VariantNames() []string {
	out := make([]string, len(Variants))
	for i, v := range Variants {
		out[i] = v.Name
	}
	sort.Strings(out)
	return out
}

// CheckVariants returns an error naming every unknown variant and listing the
// known ones.
func CheckVariants(names []string) error {
	var bad []string
	for _, n := range names {
		if _, ok := LookupVariant(n); !ok {
			bad = append(bad, fmt.Sprintf("%q", n))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("unknown variant %s; known variants: %s", strings.Join(bad, ", "), strings.Join(VariantNames(), ", "))
	}
	return nil
}
