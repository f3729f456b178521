@family:payments
Feature: Rival wallets at checkout
  A platform's checkout must offer every payment method its merchants enabled, hand the
  consumer directly to the wallet chosen, charge that wallet and no other, and treat its own
  group's wallet no better than a large rival's or a small ("tail") institution's. It must
  announce a change to the payment methods it hosts well before the change takes effect, and
  tell whoever asks whether a gradual rollout of a method includes them.

  The harness plays the payment institutions — the wallet of the platform's own group, a
  large rival and a small tail institution — each with a ledger of its own. It plays the
  consumer at checkout and the friend who helps pay, follows every handoff into the wallet,
  and reads the wallets' ledgers to see what was really charged. It also plays the platform's
  operator deciding a change or a rollout, and moves the platform's clock on to see when a
  change takes effect.

  A note on authority: the Regulation on the Supervision of Non-Bank Payment Institutions
  binds payment institutions. Applying it to the checkout of the platform that hosts them is
  an inference, as is reading the State Council's call to protect consumers' choice of
  payment method as a rule about screen layout. Each requirement says which of its sources
  is direct and which is inferred.

  Background:
    Given the platform's own group runs the wallet "own-pay"
    And the rival wallet "rival-pay" is a top institution
    And the wallet "small-pay" is a tail institution
    And the merchant "tea-house", an ordinary shop, has enabled "own-pay", "rival-pay" and "small-pay"

  Rule: PAY-01 Every institution the merchant enabled is offered at checkout
    A merchant's choice to accept a wallet is honoured on the consumer's payment screen,
    whether the wallet is the platform's own, a large rival or a small institution.
    This holds for every order: any amount, from the smallest unit (0.01) through odd amounts
    and the CNY 500, 1,000 and 5,000 payment-code limits, exactly and a fen over, to large
    orders; at any merchant, its name written in Chinese or with spaces and punctuation; for any
    consumer, after however many earlier orders; whichever wallets the merchant enabled, whether
    it enabled them once, widened its choice later, or enabled a wallet the platform connected
    after the merchant was set up. Each step draws orders from the run's seed, every form at
    least once, and judges every one.
    Source: State Council General Office 2024 No. 10: better protect consumers' choice of payment method [GUID, since 2024-03]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 34, users' right to choose; applied to the hosting checkout by inference [LAW, since 2024-05-01]
    Source: Anti-Unfair Competition Law Art. 13: no technical means that obstruct another firm's lawful product [LAW, since 2025-10-15]
    Source: Press reports that some merchants' checkouts lacked WeChat Pay after the 2024 launch (shared/seeds) [OPIN]

    @PAY-01 @must @role:platform
    Scenario: Alice is offered every wallet the merchant enabled
      When Alice checks out an order of 88.00 CNY at "tea-house"
      Then she is offered "own-pay", "rival-pay" and "small-pay"

  Rule: PAY-02 Choosing a rival wallet hands the consumer directly to it, with the right amount, currency and order reference
    No detour through saving a QR code screenshot or asking a friend when the wallet supports
    a direct handoff.
    Why the screenshot detour costs more than steps: PBoC 2021 No. 259 (in force since 1 Mar
    2022) treats a screenshot of a dynamic code as a static code. The consumer who saves the
    checkout's code and scans the picture in the wallet is making a static-code payment, held to
    the static-code limit of CNY 500 a day at that institution (PBoC 2017 No. 296) whatever the
    order's size; the wallet that reads a code from a saved picture has to apply the static-code
    rules to it, limit included. A direct handoff avoids both. This explains the requirement and
    is not a further source of it: the notices bind payment institutions, not the checkout.
    Orders as in PAY-01, to each rival wallet: the amount, the order reference and the payee
    reach the wallet as shown, however the payee's name is written, after an earlier order or
    payment, and when the consumer chooses the wallet again.
    Source: State Council General Office 2024 No. 10: better protect consumers' choice of payment method [GUID, since 2024-03]
    Source: Anti-Unfair Competition Law Art. 13: no malicious incompatibility [LAW, since 2025-10-15]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered [LAW, since 2024-05-01]
    Source: Press reports of Taobao's "save a QR code and scan it in WeChat" option, later replaced by a direct jump (shared/seeds) [OPIN]

    @PAY-02 @must @role:platform
    Scenario Outline: Choosing "<wallet>" hands Alice directly to it
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she chooses to pay with "<wallet>"
      Then she is handed directly to "<wallet>", with no QR code to save and no friend to ask
      And "<wallet>" receives the amount shown, the currency, the order reference and the payee unaltered

      Examples:
        | wallet    |
        | rival-pay |
        | small-pay |

  Rule: PAY-03 The method the consumer chose is the one charged; it is never silently swapped
    Whichever wallet the consumer chose last time, if any, and whichever she chooses now, of
    each tier; also when she changes her mind on the order before settling; orders as in PAY-01.
    Source: Consumer Rights Protection Law Art. 9: the consumer's right to choose freely [LAW, since 2014-03-15]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 34, users' right to choose; applied to the hosting checkout by inference [LAW, since 2024-05-01]
    Source: Anti-Unfair Competition Law Art. 13: no technical means that influence the user's choice [LAW, since 2025-10-15]

    @PAY-03 @must @role:platform
    Scenario: Alice changes from her preselected wallet to a rival, and the rival is charged
      Given Alice last chose to pay with "own-pay" at "tea-house"
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she chooses to pay with "rival-pay" instead
      And she confirms the payment in the wallet she was handed to
      Then "rival-pay" charged Alice for the order
      And "own-pay" charged Alice nothing
      And the platform records the order as paid with "rival-pay"

  Rule: PAY-04 A valid signed payment notice from the wallet marks the order paid, and the platform's record matches the wallet's ledger
    The same for the platform's own wallet, a large rival and a small institution. The
    regulation has no article on interoperability or on small ("tail") institutions by name:
    treating a small institution the same rests on its fair-competition articles, applied to the
    hosting checkout by inference, and on expert opinion.
    Orders as in PAY-01, paid through each wallet: after an earlier payment or refund, and when
    another of the consumer's orders is paid at the same moment.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42: fair competition; applied to the hosting checkout by inference [LAW, since 2024-05-01]
    Source: Anti-Unfair Competition Law Art. 13: no malicious incompatibility [LAW, since 2025-10-15]
    Source: Pan Helin and other commentators: interconnection must give tail institutions channels too (shared/seeds) [OPIN]

    @PAY-04 @must @role:platform
    Scenario Outline: A payment through "<wallet>" marks the order paid, as the wallet's ledger says
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she chooses to pay with "<wallet>"
      And she confirms the payment in the wallet she was handed to
      Then the platform records the order as paid with "<wallet>"
      And the platform's record of the payment matches "<wallet>"'s ledger

      Examples:
        | wallet    |
        | own-pay   |
        | rival-pay |
        | small-pay |

  Rule: PAY-05 A refund of an order paid through a rival wallet goes back through that wallet
    Orders as in PAY-01, paid through a large rival or a small institution: the whole refund
    asked for by its amount or as 0 (the contract's whole payment), and when the consumer paid
    other orders with another wallet before or after.
    Source: Consumer Rights Protection Law Art. 9: the consumer's right to choose freely [LAW, since 2014-03-15]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered; applied to refunds by inference [LAW, since 2024-05-01]
    Source: Anti-Unfair Competition Law Art. 13 [LAW, since 2025-10-15]

    @PAY-05 @must @role:platform
    Scenario: Alice's refund goes back to the rival wallet she paid with
      Given Alice paid an order of 88.00 CNY at "tea-house" with "rival-pay"
      When the merchant refunds the order in full
      Then "rival-pay" receives the refund for that payment
      And "own-pay" receives no refund
      And the platform records the order as refunded through "rival-pay"

  Rule: PAY-06 A pay-on-behalf link shared into a messenger opens directly and can be paid by a friend with any wallet the merchant enabled; it pays that order only
    The harness opens the link itself, as the friend's device would after a tap in a chat;
    whether the messenger lets the link through is the LINK family's concern.
    Orders as in PAY-01, the requester and the friend named in any way, a friend paying with a
    wallet of each tier: from the link made for her only order, from one made for an earlier
    order while a later one waits, and from the second link made for an order.
    Source: State Council General Office 2024 No. 10: better protect consumers' choice of payment method [GUID, since 2024-03]
    Source: MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, point 2, as reported: a legitimate link opens directly [GUID, since 2021-09-17]
    Source: Press reports of Taobao's "go to WeChat to find a friend to help me pay" option (shared/seeds) [OPIN]

    @PAY-06 @must @role:platform
    Scenario: Bob pays Alice's order from her help-me-pay link with a rival wallet
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she asks Bob to help pay and sends him the link in a chat
      Then Bob opens the link directly and is offered every wallet the merchant enabled
      When Bob pays with "rival-pay" from the link
      Then the platform records the order as paid with "rival-pay"
      And "rival-pay" charged Bob for exactly that order

  Rule: PAY-07 Every enabled method is on the first payment screen, with equal prominence
    No rival only behind "more payment methods" while the platform's own wallet is on top.
    This rests on guidance and inference, not on an explicit article: hence SHOULD.
    Source: State Council General Office 2024 No. 10: better protect consumers' choice of payment method [GUID, since 2024-03]
    Source: Anti-Unfair Competition Law Art. 13: influencing user choice; that screen layout counts is an inference [LAW, since 2025-10-15]
    Source: Press reports of WeChat Pay behind "more payment methods" while Alipay was preselected (shared/seeds) [OPIN]

    @PAY-07 @should @role:platform
    Scenario: Every wallet is on the first payment screen, as prominent as the platform's own
      When Alice checks out an order of 88.00 CNY at "tea-house"
      Then every wallet she is offered is on the first payment screen
      And every wallet she is offered is shown with the same prominence

  Rule: PAY-08 The preselected method is the consumer's last choice or none, never chosen by corporate affiliation
    Source: State Council General Office 2024 No. 10: better protect consumers' choice of payment method [GUID, since 2024-03]
    Source: Consumer Rights Protection Law Art. 9: the consumer's right to choose freely; that a default counts is an inference [LAW, since 2014-03-15]
    Source: Press reports of Alipay preselected with WeChat Pay behind "Change" (shared/seeds) [OPIN]

    @PAY-08 @should @role:platform
    Scenario: A consumer with no earlier choice finds no wallet preselected
      When Alice checks out an order of 88.00 CNY at "tea-house"
      Then no wallet is preselected

    @PAY-08 @should @role:platform
    Scenario: A consumer who last chose a rival finds that rival preselected, or nothing
      Given Alice last chose to pay with "rival-pay" at "tea-house"
      When Alice checks out an order of 88.00 CNY at "tea-house"
      Then the wallet preselected, if any, is her last choice "rival-pay"

  Rule: PAY-09 Fees are shown before the consumer confirms; nothing unlabelled is charged
    Every fee: from the smallest unit and odd amounts to large fees, charged by a wallet of each
    tier; orders as in PAY-01.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 34: fees shown, users' right to know [LAW, since 2024-05-01]
    Source: Consumer Rights Protection Law Art. 9 [LAW, since 2014-03-15]

    @PAY-09 @must @role:platform
    Scenario: A wallet's payer fee is shown with a label, and Alice is charged what she was shown
      Given "rival-pay" charges payers a fee of 1.00 CNY per payment
      When Alice checks out an order of 88.00 CNY at "tea-house"
      Then every fee is shown with what it is for, before she confirms
      And the total shown for "rival-pay" is the order amount plus its labelled fees
      When she chooses to pay with "rival-pay"
      And she confirms the payment in the wallet she was handed to
      Then "rival-pay" charged Alice exactly the total shown for it

  Rule: PAY-10 When a merchant opts in to a wallet, the platform honours it for every merchant, whatever the merchant's brand tier
    This rests on fair-competition principles and press reports, not on an explicit article:
    hence SHOULD.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42: fair competition; applied to the hosting checkout by inference [LAW, since 2024-05-01]
    Source: Press reports that some brands' Tmall flagship stores still had no WeChat Pay option (shared/seeds) [OPIN]

    @PAY-10 @should @role:platform
    Scenario Outline: "rival-pay" is offered at <merchant>, <article> <tier> shop that enabled it
      Given the merchant "<merchant>", <article> <tier> shop, has enabled "own-pay" and "rival-pay"
      When Alice checks out an order of 88.00 CNY at "<merchant>"
      Then she is offered "own-pay" and "rival-pay"

      Examples:
        | merchant     | article | tier           |
        | corner-store | an      | ordinary       |
        | famous-brand | a       | brand flagship |

  Rule: PAY-11 A payment method is added to or removed from merchants' checkouts only after the change was published for comment at least seven days before it takes effect
    The platform publishes every change to the payment methods it hosts for merchants, takes
    opinions on it, and changes nothing at the checkouts before the notice is over: a method
    switched on or off without notice fails. This holds for every change — adding a method and
    removing one — for every method, the platform's own group's, a large rival's and a small
    institution's, whatever notice its operator asks for: none, just under seven days
    (6 days 23 hours), exactly seven days, more.
    The clock rule: seven days are 7 × 24 hours of the platform's clock, from the moment the
    change is published to the moment it takes effect. Exactly seven days is enough; 6 days
    and 23 hours is not. The harness moves the platform's clock on past every change and looks
    at the checkout right after publication, just before seven days are up, just before the
    change takes effect and when it does.
    A payment method's place in the merchants' checkouts is part of the platform's trading
    rules; reading Art. 34 so is the basis of this requirement, and the seeds show Taobao doing
    just this when it added WeChat Pay.
    Source: E-Commerce Law Art. 34: a platform publicly solicits opinions on changes to its service agreement and trading rules, and publishes them at least seven days before they take effect [LAW, since 2019-01-01]
    Source: Taobao's announcement soliciting opinions on adding WeChat Pay, 4 Sep 2024, as reported: open to all sellers gradually from seven days after it is published (shared/seeds) [PRIV, since 2024-09-04]

    @PAY-11 @must @role:platform
    Scenario: Every change to the payment methods at merchants' checkouts is announced seven days before it takes effect
      When the platform adds and removes payment methods at its merchants' checkouts, asking for notice from none to more than seven days
      Then every change is published, and takes effect no sooner than seven days after it was published
      And a merchant can give an opinion on every change before it takes effect
      And until a change takes effect, and for seven days after it was published, the checkout offers the methods as before
      And once a change takes effect, the checkout offers the methods as changed

  Rule: PAY-12 A gradual rollout of a payment method is published with its state and scope, and whoever asks whether it includes them is told what the checkout does
    Offering a new method first to some consumers, at some merchants, chosen at random, is
    lawful. What can be asked is transparency: the rollout's state and scope are published, and
    a merchant or a consumer who asks whether it includes them gets the answer the checkout
    then bears out. This holds for every consumer who asks (the harness draws them, so that
    whom the platform includes is its own choice), at merchants in the scope and outside it.
    No source asks for this in terms: it rests on the users' right to know, applied to the
    hosting checkout by inference, and on the reports of the rollout phase. Hence SHOULD.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 34, users' right to know; applied to the hosting checkout by inference [LAW, since 2024-05-01]
    Source: State Council General Office 2024 No. 10: better protect consumers' choice of payment method [GUID, since 2024-03]
    Source: Taobao customer service on WeChat Pay, as reported: open gradually to some users, randomly selected, for some products only (shared/seeds) [OPIN]

    @PAY-12 @should @role:platform
    Scenario: Merchants and consumers who ask whether a gradual rollout includes them are told what the checkout does
      When the platform rolls "rival-pay" out gradually to some of its consumers at some of its merchants
      Then the rollout is published with its state, the method, the merchants in its scope and the share of consumers included
      And every merchant that asks whether the rollout includes it is told what its checkout does
      And every consumer who asks whether the rollout includes them is told what the checkout offers them
