@family:barcodes
Feature: Scannable payment codes, recognised by every wallet
  A shop's payment code must be payable from any customer's wallet, not only from the
  wallet of the group that issued it: "one code for all" instead of a row of code signs on
  the counter. Codes follow the EMVCo merchant-presented code format, and payments on a
  code issued by another institution go through a licensed clearing institution, which
  routes each payment to the institution that issued the code.

  Two roles are tested. The acquirer issues codes for its merchants and accepts payment on
  them. The wallet lets its customers scan codes and pay them.

  The harness plays every other party: the clearing switch; acquirers and wallets of the
  largest payment groups ("top") and small payment institutions ("tail"); and the customers.
  It reads every code picture itself, with its own QR decoder, and checks every code
  against the EMVCo rules.

  Background:
    Given a clearing switch connects these institutions:
      | institution    | kind     | tier |
      | group-acquirer | acquirer | top  |
      | rival-acquirer | acquirer | top  |
      | tail-acquirer  | acquirer | tail |
      | rival-wallet   | wallet   | top  |
      | tail-wallet    | wallet   | tail |

  Rule: QR-01 The acquirer's code is a valid EMV merchant-presented code
    Its structure, its mandatory parts and its check digits follow the EMVCo specification,
    so that any scanner built to that specification can read it.
    JR/T 0245 is cited in its 2025 edition, which replaced the 2021 edition on 23 Dec 2025 (as
    reported); its clauses are cited for their subject, as its table of contents gives them. The
    checks themselves are the EMVCo rules.
    A code: either kind, for a merchant whose name, city, category and id take every form the
    implementer's guide allows (from one character to the longest the format allows, with
    digits, capitals and punctuation), for an order of any amount from one fen to a million
    yuan, a merchant's first code or a later one. Each step asks for codes drawn from the run's
    seed, every form at least once, and judges every one.
    Source: EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode [STD]
    Source: JR/T 0245-2025 Technical specification for payment bar code, clause 4.2, coding rules for collection codes, as reported [STD, since 2025-12-23]
    Source: PBoC FinTech Development Plan 2019–2021: unify barcode payment coding rules [POL, since 2019-08]

    @QR-01 @must @role:acquirer
    Scenario Outline: The acquirer's <kind> code follows the EMV rules
      Given the acquirer under test is connected to the clearing switch
      When the acquirer issues a <kind> code for the merchant "Lao Wang Noodles"
      Then the code follows every rule of the EMV merchant-presented code format
      And the code's check digits are correct

      Examples:
        | kind    |
        | static  |
        | dynamic |

  Rule: QR-02 The acquirer's code picture scans to exactly the code, also when shown small
    The picture decodes to exactly the code, at full size and when shrunk to 3 pixels per
    module (a module is one black or white square of the code); its modules are drawn at
    least 3 pixels wide; and a white quiet zone at least 4 modules wide surrounds it.
    Codes as in QR-01: every picture is judged.
    Source: ISO/IEC 18004 QR Code bar code symbology specification, quiet zone [STD]

    @QR-02 @must @role:acquirer
    Scenario Outline: The picture of the acquirer's <kind> code scans reliably
      Given the acquirer under test is connected to the clearing switch
      When the acquirer issues a <kind> code for the merchant "Lao Wang Noodles"
      Then the code's picture scans to exactly the code
      And the picture's modules are at least 3 pixels wide
      And the picture still scans to exactly the code when shrunk to 3 pixels per module
      And the picture has a quiet zone at least 4 modules wide

      Examples:
        | kind    |
        | static  |
        | dynamic |

  Rule: QR-03 The acquirer's code can be paid by every wallet connected to the clearing switch
    The code names the merchant's account under the identifier the clearing switch routes
    payments to the acquirer by, not only under a link or identifier of the acquirer's own
    app, so that every connected wallet can pay it: one code for all.
    Codes as in QR-01: every code is judged.
    Source: PBoC FinTech Development Plan 2019–2021: mutual recognition and mutual scanning of codes [POL, since 2019-08]
    Source: PBoC 2017 No. 296: cross-institution barcode payments go through a licensed clearing institution [REG, since 2018-04-01]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 30 [LAW, since 2024-05-01]
    Source: EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode, merchant account information [STD]
    Source: JR/T 0245-2025 Technical specification for payment bar code, clause 5, the interconnection architecture for payment codes, as reported [STD, since 2025-12-23]

    @QR-03 @must @role:acquirer
    Scenario Outline: The acquirer's <kind> code is routable through the clearing switch
      Given the acquirer under test is connected to the clearing switch
      When the acquirer issues a <kind> code for the merchant "Lao Wang Noodles"
      Then the code names the merchant's account under the identifier the clearing switch knows the acquirer by
      And the clearing switch can route a payment on the code to the acquirer

      Examples:
        | kind    |
        | static  |
        | dynamic |

  Rule: QR-04 The acquirer accepts payment on its code from every connected wallet, top and tail, in the same way
    A small payment institution's customers pay a merchant's code exactly as the customers of
    the largest wallets do. The regulation has no article on "tail" institutions by name;
    equal treatment rests on its fair-competition articles and on expert opinion.
    Each payment is accepted and listed for its amount, whichever wallet makes it. The payments
    range over the code's kind (static and order codes) and its amount, from one fen up, drawn
    from the run's seed; each is made twice, from a top and from a tail wallet, back to back,
    alternating which goes first, after one untimed pair.
    A tail wallet's payment takes the same exchanges with the acquirer as its top twin, with the
    same outcome: no further step, confirmation or address asked of it alone.
    And it is handled as fast. The harness measures the acquirer's part of each payment, from the
    clearing switch's delivery to the acquirer's answer. The tail side is too slow only if all
    three hold: its median is more than 1.5 times the top median; it is more than 10 ms longer;
    and the tail wallet's payment was the slower in so many pairs that chance explains it less
    than once in a hundred (one-sided sign test, p < 0.01).
    Source: PBoC 2017 No. 296: cross-institution barcode payments go through a licensed clearing institution [REG, since 2018-04-01]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42, fair competition [LAW, since 2024-05-01]
    Source: Pan Helin, interconnection must give tail institutions channels too, as reported in the press [OPIN]

    @QR-04 @must @role:acquirer
    Scenario: Customers of a top wallet and of a tail wallet pay the acquirer's codes alike
      Given the acquirer under test is connected to the clearing switch
      When customers of these wallets pay the acquirer's codes for the merchant "Lao Wang Noodles" in turn, at least 16 times each:
        | wallet       |
        | rival-wallet |
        | tail-wallet  |
      Then every payment is accepted
      And the acquirer lists every payment for the merchant, each for its amount
      And each tail wallet's payment took the same exchanges with the acquirer as its top twin
      And the acquirer's median time to handle a tail wallet's payment is within 1.5 times its median for a top wallet's

  Rule: QR-05 The wallet pays codes issued by other institutions, tail ones included, through the clearing switch
    Mutual recognition: a customer can scan and pay any connected acquirer's code, not only
    the codes of the wallet's own group.
    The payments range over the code's kind (static and order codes); how the code writes its
    merchant (plainly, at the longest the format allows, with punctuation, and a Chinese shop's
    name in its own script, in the code's language template); the amount, from one fen to the
    CNY 500.00 a customer may pay on static codes in a day; and the customer, whose id takes any
    form the implementer's guide allows and whose opening balance is exactly the amount or more.
    They are drawn from the run's seed, every form at least once, each payment by a customer of
    its own, and every one is judged.
    Source: PBoC FinTech Development Plan 2019–2021: mutual recognition and mutual scanning of codes [POL, since 2019-08]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 30 [LAW, since 2024-05-01]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42, fair competition [LAW, since 2024-05-01]

    @QR-05 @must @role:wallet
    Scenario Outline: Customers pay codes issued by <acquirer>
      Given the wallet under test is connected to the clearing switch, in the same group as "group-acquirer"
      When customers of the wallet scan the pictures of codes "<acquirer>" issued, and pay them
      Then every payment goes through
      And "<acquirer>" receives every payment from the wallet through the clearing switch, each for its amount
      And each customer's balance has gone down by exactly the amount paid

      Examples:
        | acquirer       |
        | group-acquirer |
        | rival-acquirer |
        | tail-acquirer  |

  Rule: QR-06 The wallet refuses a tampered code before any payment prompt, says why, and no money moves
    A code whose check digits do not match, whose structure is broken, or whose parts are out
    of their fixed places has been damaged or tampered with: the wallet refuses it before
    asking the customer to pay, with a clear reason, and sends no payment on it.
    The check digits are no seal: whoever alters a code can compute them again. A code
    altered so that it is still well formed — another merchant's account with the check
    digits computed again, or another payee's genuine code stuck over the shop's — cannot be
    told from a genuine code by any wallet, and this requirement does not ask it to; nor does
    it judge a code used again, which is QR-07's. It asks for the refusal of every code the
    format itself shows to be broken.
    Each threat is tried again and again, each time on a code of its own and by a customer of
    its own: codes of every connected acquirer, their merchants written in every form QR-05
    lists, for amounts and customers drawn from the run's seed, the tries of all the threats in
    an order drawn from it. After each the harness reads back what the wallet sent the clearing switch and the customer's
    balance and movements, whatever the wallet answered.
    Threat model.
    Who attacks: whoever can reach a shop's code before its customers do — a sticker put over
    the one on the counter, a picture edited on its way to a screen, a code sent in a chat.
    What they hold: the code as the acquirer issued it, its every field; the format, which
    is public; the means to compute the check digits again.
    What they want: a payment made on a code its acquirer did not issue — to another payee,
    for another amount, or under a name or account that the wallet shows one way and the
    clearing switch reads another.
    Source: EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode, CRC and data object order [STD]
    Source: JR/T 0245-2025 Technical specification for payment bar code, clause 4.2, coding rules for collection codes, as reported [STD, since 2025-12-23]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25, payee information not altered [LAW, since 2024-05-01]

    @QR-06 @must @role:wallet
    Scenario: No tampered code is paid, and each is refused before any payment prompt
      Given the wallet under test is connected to the clearing switch, in the same group as "group-acquirer"
      When someone tampers in each of these ways with a code of its own, and a customer of the wallet scans its picture to pay it:
        | threat                                                                                          |
        | one letter of the merchant name changed, the check digits left as they were                     |
        | the amount of an order code changed, the check digits left as they were                         |
        | a length that no longer matches its value, the check digits computed again                      |
        | the format indicator moved from the start                                                       |
        | the check digits moved from the end                                                             |
        | the merchant name given twice, the check digits computed again                                  |
        | the merchant name taken out, the check digits computed again                                    |
        | the merchant account stripped of the identifier that routes it, the check digits computed again |
      Then the wallet refused every tampered code before showing any payment prompt, and said why
      And no tampered code moved any money, nor did the wallet send a payment on one

  Rule: QR-07 A dynamic code's amount and currency are paid exactly, and only once
    An order code carries its amount. The wallet pays that amount in that currency, and
    scanning the same order code again does not charge the customer a second time.
    The orders range over the amount, from one fen to CNY 1,000.00, the most a customer may pay
    on a dynamic code with one verification factor; every connected acquirer; how the code
    writes its merchant, in Latin letters or in a Chinese shop's own script; the customer's id
    and opening balance, as in QR-05; and how the code comes again: scanned again right after it
    was paid, twice at the same moment, again after the customer paid another order, or from
    another picture of the same code, as a screenshot or a reprint gives. They are drawn from
    the run's seed, every form at least once, each order a customer's own, and every one is
    judged.
    An order of a rival or tail acquirer that the wallet refuses outright, paying nothing on
    it, is QR-05's finding, not this requirement's.
    Source: EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode, transaction amount and currency [STD]
    Source: JR/T 0245-2025 Technical specification for payment bar code, clause 6.2, data elements of payments on collection codes, as reported [STD, since 2025-12-23]

    @QR-07 @must @role:wallet
    Scenario: Customers pay order codes for their exact amounts, once however often they scan them
      Given the wallet under test is connected to the clearing switch, in the same group as "group-acquirer"
      When customers of the wallet scan the pictures of order codes to pay them, and scan each code again
      Then every order code is paid, for its amount in its currency
      And each order code was paid only once through the clearing switch
      And each customer's balance has gone down by exactly the amount of their orders, each once

  Rule: QR-08 Personal collection codes are payable across wallets, within the daily cap on static codes
    A person's collection code issued by one wallet can be paid from another, as the UnionPay
    app pays a WeChat personal code.
    The limits (PBoC 2017 No. 296, in force since 1 Apr 2018) are by risk level, per customer
    and day, for one bank account or across all payment accounts at one institution, so a
    customer's limits at two institutions are separate. Static codes (level D): at most CNY
    500.00 in the day — a payment that brings the day's total to exactly 500.00 is within the
    limit, one that would take it past 500.00 is not. Dynamic codes: CNY 1,000 with fewer than
    two verification factors (C); CNY 5,000 with two or more that include no digital certificate
    or electronic signature (B); as agreed with the customer with two or more that include one
    (A). The scenario below checks the static limit from one point past it (300.00, then 250.00);
    the boundary itself and the dynamic-code limits are stated here, not yet checked.
    PBoC 2021 No. 259 (in force since 1 Mar 2022) bounds what this requirement asks without
    being a source of it: a person whose collections show clear business features is to be given
    a merchant code rather than be served through a personal one (as reported, the Payment &
    Clearing Association's announcement of 22 Feb 2022 kept existing personal codes working and
    added a voluntary personal business code); a static personal code is not for remote,
    non-face-to-face payment; and a screenshot of a dynamic code counts as a static code, so a
    wallet applies the static-code limit to a code it reads from a saved picture too. This
    requirement covers paying personal codes face to face; the harness hands the wallet a code's
    picture as a camera would read it, and no requirement yet judges how a wallet treats a
    saved screenshot.
    Source: PBoC 2017 No. 296: daily limits by risk level; static codes at most CNY 500 per customer per day per institution [REG, since 2018-04-01]
    Source: PBoC FinTech Development Plan 2019–2021: mutual recognition and mutual scanning of codes [POL, since 2019-08]

    @QR-08 @should @role:wallet
    Scenario: A customer pays a rival wallet's personal collection code
      Given the wallet under test is connected to the clearing switch, in the same group as "group-acquirer"
      And Alice has CNY 1000.00 in the wallet
      When "rival-wallet" gives its customer Bob a personal collection code
      And Alice scans the code's picture with the wallet and pays CNY 50.00
      Then the payment goes through
      And "rival-wallet" receives CNY 50.00 from the wallet through the clearing switch

    @QR-08 @should @role:wallet
    Scenario: Payments on static codes stop at CNY 500 a day
      Given the wallet under test is connected to the clearing switch, in the same group as "group-acquirer"
      And Alice has CNY 2000.00 in the wallet
      When "group-acquirer" issues a static code for the merchant "Lao Wang Noodles"
      And Alice scans the code's picture with the wallet and pays CNY 300.00
      Then the payment goes through
      When Alice scans the code's picture with the wallet and pays CNY 250.00
      Then the wallet declines the payment and tells Alice why
      And Alice's balance has gone down by exactly CNY 300.00
