@family:security
Feature: Secure handoffs and payment notices
  Opening checkout to rival wallets must not open it to fraud. The harness attacks the
  platform for real: it forges, replays and alters the messages that pass between the
  platform and the wallets, sends them to the platform, and then reads back the platform's
  own record of the order and the wallets' ledgers to see whether the attack worked. What
  the platform answers an attacker is recorded but not judged: an attack that changed
  nothing failed, whatever the answer said, and an attack that changed the record
  succeeded, even if the platform answered with a refusal.

  Each requirement states its threat model: who attacks, what they hold and what they want.
  The threats that follow from it are the rows of its scenario's table. Each threat is tried
  on an order of its own, for a customer of its own, through every connected wallet, and then
  again on further draws until the requirement has been tried as often as a certification
  needs. Each try draws its order's amount — one fen, under a yuan, odd fen, whole yuan or a
  large sum — and the tries come in an order drawn too, all from the run's seed; the report
  lists every try with its outcome. A new threat is a new row.

  Background:
    Given the platform's own group runs the wallet "own-pay"
    And the rival wallet "rival-pay" is a top institution
    And the wallet "small-pay" is a tail institution
    And the merchant "tea-house", an ordinary shop, has enabled "own-pay", "rival-pay" and "small-pay"

  Rule: SEC-01 A forged payment notice never marks an order paid
    A payment notice is believed only if it verifies, over the exact bytes received, with the
    key of the connected institution it names. A forged notice leaves the order it names
    unpaid with nothing credited to it, whatever the platform answers.
    Threat model.
    Who attacks: a stranger on the internet; a customer who wants goods without paying;
    another institution connected to the same platform, or anyone who stole its key.
    What they hold: the platform's notice address, which every connected institution is
    told; keys they made themselves; a connected institution's own genuine key; the public
    keys of the platform and of every institution, which are no secret; genuine notices for
    cheap orders of their own; the reference and the amount of the order they target.
    What they want: an order marked paid, or a payment credited, that no institution took.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered; read as requiring authenticated notices by inference [LAW, since 2024-05-01]

    @SEC-01 @must @role:platform
    Scenario: No forged payment notice marks an order paid
      When an attacker sends the platform each of these forged notices, each for an order a customer was handed to a wallet for and has not paid:
        | threat                                                                                                        |
        | a notice in each connected wallet's name, signed with a key the attacker made                                 |
        | a notice in the wallet's name, signed with another connected wallet's own genuine key                         |
        | a notice from an institution the platform never connected, signed with that institution's own key             |
        | a notice in the wallet's name with no signature at all                                                        |
        | a notice in the wallet's name whose signature comes in another place than the one agreed                      |
        | a notice in the wallet's name whose signature is unreadable                                                   |
        | a notice carrying the wallet's genuine signature, taken from its notice for the attacker's own order          |
        | the wallet's genuine notice for the attacker's own order, rewritten as a new notice for this order and amount |
        | a notice sealed with a shared-secret code (HMAC) keyed with the wallet's public key                           |
        | a notice sealed with a shared-secret code (HMAC) keyed with the platform's public key                         |
        | a notice that carries a public key of the attacker's own and is signed with it                                |
      Then none of the forged notices marked its order paid or credited anything to it

  Rule: SEC-02 A replayed payment notice does not credit the order twice
    A wallet's genuine notice pays once: the order it names, on the platform it was sent to.
    Sent again — at once, later, many times over, or to another order — it credits nothing
    more.
    Threat model.
    Who attacks: a customer who paid once and wants two orders; whoever sits on the network
    path between a wallet and the platform; another platform the same wallet serves.
    What they hold: a copy of a genuine notice and its signature, as it passed; the ability
    to delay a notice, to send it many times, and to send it at the same moment as the
    original; genuine notices the wallet sent to other platforms.
    What they want: one payment credited twice, to the same order or to another one, or a
    refunded order paid again.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25; that replays must be refused is an inference [LAW, since 2024-05-01]

    @SEC-02 @must @role:platform
    Scenario: No replay of a genuine payment notice credits a payment twice
      When an attacker replays a wallet's genuine payment notice in each of these ways, each with an order of its own:
        | threat                                                                                             |
        | the notice sent again, twice, just after it was credited                                           |
        | the notice sent again after the platform's clock has moved on by more than a day                   |
        | the notice duplicated on its way, several copies arriving at the same moment as the original       |
        | the notice sent again while a second order of the same amount at the same shop waits to be paid    |
        | the notice sent again after the order was refunded                                                 |
        | a notice the wallet sent to another platform it serves, for an order there with the same reference |
      Then no payment was credited more than once, nor to an order it was not made for

  Rule: SEC-03 A handoff whose amount or payee was altered in transit is refused
    The platform signs what it hands to the wallet, so that a wallet can refuse an altered
    handoff; and it does not believe a notice for an amount or payee other than those it
    handed off.
    Threat model.
    Who attacks: whoever sits between the customer's device and the wallet — a malicious
    browser extension, a proxy, a phishing redirector; the customer, who wants to pay less;
    a careless wallet that takes an altered handoff without checking.
    What they hold: the handoff as it passes, every parameter of it and its signature; the
    handoffs of their own other orders; the addresses of the other connected wallets.
    What they want: to pay less than is due, in another currency, to another payee, for
    another order or through another wallet — and still have the order marked paid.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered [LAW, since 2024-05-01]

    @SEC-03 @must @role:platform
    Scenario: No handoff altered on its way to the wallet gets an order paid
      When an attacker alters each of these in a handoff of its own on its way to the wallet:
        | threat                                                                     |
        | the amount, lowered by one fen                                             |
        | the amount, raised by one fen                                              |
        | the amount, cut to a hundredth, as if fen were yuan                        |
        | the currency, changed to another currency                                  |
        | the payee, changed to the attacker's own shop                              |
        | the order, changed from a cheaper order of the same customer to this one   |
        | the institution, changed to another connected wallet, which it is sent to  |
        | the amount, lowered, and taken off the list of fields the signature covers |
      Then the wallet refuses every altered handoff, because the platform's signature no longer matches
      And when a careless wallet takes an altered handoff anyway and notifies the platform, the platform still records the order as unpaid

  Rule: SEC-04 A pay-on-behalf link expires, and cannot be used to pay a different order
    A help-me-pay link pays the order it was made for, once, until it expires; after that,
    or for anything else, it moves no one's money.
    Threat model.
    Who attacks: anyone the link reaches besides the friend it was meant for — it is shared
    in chats, forwarded and kept; the friend himself, later; the customer, who may have
    placed other orders since.
    What they hold: the link, a plain web address that needs no login; the ability to wait
    until it has expired or its order has been paid, refunded or followed by another.
    What they want: a friend's money moved without consent — for an order paid already,
    refunded or other than the one he was asked to help with, or after the time he was told.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered; applied to shared payment links by inference [LAW, since 2024-05-01]
    Source: Press reports of the "find a friend to help me pay" link shared in WeChat (shared/seeds) [OPIN]

    @SEC-04 @must @role:platform
    Scenario: No help-me-pay link pays what it was not made for
      When a customer shares a help-me-pay link for an order of her own, and each of these is tried with it:
        | threat                                                                    |
        | the link used a few minutes after it expired                              |
        | the link used after it expired and the customer asked for a new one       |
        | the link used after the customer placed another order at the same shop    |
        | the link, forwarded, used by a second friend after the first one had paid |
        | the link used after the order was refunded                                |
      Then no link moved a friend's money except for its own unpaid order before it expired
