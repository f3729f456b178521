@family:security
Feature: Secure handoffs and payment notices
  Opening checkout to rival wallets must not open it to fraud. The harness attacks the
  platform for real: it forges, replays and alters the messages that pass between the
  platform and the wallets, sends them to the platform, and then reads the platform's own
  record of the order to see whether the attack worked.

  Background:
    Given the platform's own group runs the wallet "own-pay"
    And the rival wallet "rival-pay" is a top institution
    And the merchant "tea-house", an ordinary shop, has enabled "own-pay" and "rival-pay"

  Rule: SEC-01 A forged payment notice never marks an order paid
    A notice whose signature does not verify with the institution's key, or which comes from
    an institution the platform never connected, is not believed.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered; read as requiring authenticated notices by inference [LAW, since 2024-05-01]

    @SEC-01 @must @role:platform
    Scenario: A notice signed with the wrong key does not mark the order paid
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she chooses to pay with "rival-pay"
      And an attacker sends the platform a payment notice for the order in the name of "rival-pay", signed with the wrong key
      Then the platform still records the order as unpaid

    @SEC-01 @must @role:platform
    Scenario: A notice from an institution the platform never connected does not mark the order paid
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she chooses to pay with "rival-pay"
      And an attacker posing as "ghost-pay", an institution the platform never connected, sends the platform a signed payment notice for the order
      Then the platform still records the order as unpaid

  Rule: SEC-02 A replayed payment notice does not credit the order twice
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25; that replays must be refused is an inference [LAW, since 2024-05-01]

    @SEC-02 @must @role:platform
    Scenario: The wallet's payment notice sent again is not credited again
      Given Alice paid an order of 88.00 CNY at "tea-house" with "rival-pay"
      When an attacker sends the platform "rival-pay"'s payment notice again, unchanged
      And an attacker sends the platform "rival-pay"'s payment notice again, unchanged
      Then the platform records exactly one payment of 88.00 CNY for the order

  Rule: SEC-03 A handoff whose amount or payee was altered in transit is refused
    The platform signs what it hands to the wallet, so that a wallet can refuse an altered
    handoff; and it does not believe a notice for an amount or payee other than those it
    handed off.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered [LAW, since 2024-05-01]

    @SEC-03 @must @role:platform
    Scenario Outline: A handoff whose <field> was altered on its way to the wallet does not pay the order
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she chooses to pay with "rival-pay"
      And an attacker alters the <field> of the handoff on its way to the wallet
      Then "rival-pay" refuses the altered handoff, because the platform's signature no longer matches
      When a careless "rival-pay" takes the altered payment anyway and notifies the platform
      Then the platform still records the order as unpaid

      Examples:
        | field  |
        | amount |
        | payee  |

  Rule: SEC-04 A pay-on-behalf link expires, and cannot be used to pay a different order
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 25: payer and payee information travels unaltered; applied to shared payment links by inference [LAW, since 2024-05-01]
    Source: Press reports of the "find a friend to help me pay" link shared in WeChat (shared/seeds) [OPIN]

    @SEC-04 @must @role:platform
    Scenario: An expired help-me-pay link can no longer pay the order
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she asks Bob to help pay and sends him the link in a chat
      And the link's time runs out
      And Bob opens the link and tries to pay with "own-pay"
      Then Bob is not able to pay through the link
      And the platform still records the order as unpaid

    @SEC-04 @must @role:platform
    Scenario: A help-me-pay link pays its own order, not a later one
      When Alice checks out an order of 88.00 CNY at "tea-house"
      And she asks Bob to help pay and sends him the link in a chat
      And Alice checks out another order of 520.00 CNY at "tea-house"
      And Bob pays with "own-pay" from the link
      Then the platform records the first order as paid with "own-pay"
      And the platform still records the second order as unpaid
