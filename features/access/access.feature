@family:access
Feature: Equal access for small payment institutions
  A platform that opens its checkout to rival wallets must open it to small ("tail")
  payment institutions on the same footing as large ("top") ones: the same way in, the same
  terms, the same place on the payment screen, payments that work the same way.

  These are differential checks. The harness plays many institutions at once, generated for
  each scenario with names and addresses of their own, and does the same thing through a
  tail institution and a top one — connects them, shows them, pays through them, times
  them — then puts the two side by side. A difference is the finding; the evidence of every
  scenario shows both sides.

  A note on authority: the Regulation on the Supervision of Non-Bank Payment Institutions
  requires fair competition (Arts. 3 and 42) and fair published terms (Art. 20). It has no
  article on interoperability or on tail institutions: equal access for tail institutions
  rests on those general articles, applied to the hosting platform by inference, and on
  expert opinion. Hence the two checks that go furthest beyond the text — the order of the
  payment screen and the speed of handoffs — are SHOULD.

  Rule: ACCESS-01 A tail institution meeting the published technical criteria is connected through the same interface, with the same required fields and the same terms as a top institution
    The same request, differing only in the institution's size, gets the same answer: the same
    fee, the same settlement period, nothing further asked of the small institution.
    Every tail institution that asks is a case, drawn from the run's seed: its name written in
    Latin letters, in Chinese, in both, with punctuation or at length; asking before the
    platform has any merchant or after it has many, early or late in a long line. Each is
    compared with the top institution that asked at the same stage.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42: fair competition in general; they name no tail institutions [LAW, since 2024-05-01]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 20: fair published terms [LAW, since 2024-05-01]
    Source: Pan Helin: interconnection must give tail payment institutions channels too, not only the top ones (shared/seeds) [OPIN]

    @ACCESS-01 @must @role:platform
    Scenario: Tail institutions are connected like a top institution, on the same terms
      Given the platform publishes its criteria for connecting an institution
      When a top institution and many tail institutions, each meeting every published criterion, ask to connect in the same way, before the platform has any merchant and after it has many
      Then every one of them is connected
      And every tail institution is offered the same terms as the top institution: the platform's fee, the settlement period and any further conditions
      And every tail institution is given the same interface as the top institution: a notice address of the same form on the same origin, the same platform identity and a key to verify the platform

  Rule: ACCESS-02 A refusal names a specific, documented technical reason
    The platform publishes its technical criteria for connecting an institution. A refusal
    names the published criterion the institution does not meet — the same one for a small and
    a large institution with the same shortcoming — and an institution that meets every
    criterion is not refused, however small.
    Every case is a pair of a top and a tail institution with the one shortcoming, drawn from
    the run's seed: which of the two asks first, how the tail's name is written. After the
    refusals a tail institution meeting every criterion asks: a new one, or the refused one
    with its shortcoming put right.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Art. 20: fair published terms [LAW, since 2024-05-01]
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42: fair competition in general; they name no tail institutions [LAW, since 2024-05-01]
    Source: Pan Helin: interconnection must give tail payment institutions channels too, not only the top ones (shared/seeds) [OPIN]

    @ACCESS-02 @must @role:platform
    Scenario Outline: Institutions without <what> are refused for a published reason, whatever their size
      Given the platform publishes its criteria for connecting an institution
      When pairs of a top and a tail institution, each lacking <what> but meeting every other published criterion, ask to connect
      Then all of them are refused, each naming a published criterion about <what>
      And the top and the tail institution of each pair are refused for the same reasons
      When tail institutions meeting every published criterion ask to connect, among them refused ones with their shortcoming put right
      Then each of them is connected

      Examples:
        | what                                |
        | a key to verify its payment notices |
        | an address for refunds              |
        | direct handoffs                     |

  Rule: ACCESS-03 Tail institutions' methods are shown like top rivals' and their payments succeed end to end the same way
    Compared with the top institutions that are not the platform's own: the same screen, the
    same prominence, and a payment that takes the same steps — handed directly into the
    wallet, confirmed there, credited by the platform as the wallet's ledger says — with the
    same outcome.
    Every tail institution is compared, in payments drawn from the run's seed: through each
    tail institution, one of them connected only after the merchants were set up; at merchants
    that enabled every institution at once (named in Latin letters or in Chinese), that added
    the tail institutions later, or that list them first; for amounts from one fen to large
    sums, at and just over the payment-code limits of 500, 1,000 and 5,000 yuan; for consumers
    new to the checkout, named in Latin letters or in Chinese, or coming back after paying
    through a top or a tail institution.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42: fair competition in general; they name no tail institutions [LAW, since 2024-05-01]
    Source: Pan Helin: interconnection must give tail payment institutions channels too, not only the top ones (shared/seeds) [OPIN]

    @ACCESS-03 @must @role:platform
    Scenario: Tail institutions look and work like top rivals at checkout
      Given the platform has connected 1 affiliated, 2 top and 3 tail institutions, each meeting every published criterion
      And a merchant has enabled all of them
      When consumers check out and pay through the tail and the top institutions, at merchants and for amounts drawn from the run's seed
      Then every tail institution's method is on the same screen and as prominent as the top institutions'
      And every tail institution's payment took the same steps and had the same outcome as the top institutions'

  Rule: ACCESS-04 The order of payment options is neutral: no institution's place depends on its tier or affiliation
    How the test works, for an auditor who wants to repeat it: each of many merchants enables
    institutions of its own — one of the platform's own group, two top and three tail, each
    newly connected under a name drawn from the run's seed (hutong certify --seed N) —
    connected and listed in an order drawn from the same seed, and a consumer checks out at
    each. Fresh institutions for every checkout keep the test fair to any order that knows
    nothing of tier: a platform that keeps the merchant's order, sorts by name or by time of
    connection, or shuffles is neutral; one that ranks by tier is not. The places of
    the options, grouped by tier (the platform's own, top, tail), are compared with the
    Kruskal–Wallis statistic H; its p-value comes from 1,999 random permutations of the tiers
    within each checkout, drawn from the same seed, so the same seed gives the same p-value.
    The order fails when p < 0.01: a neutral platform then fails about one run in a hundred.
    The statistic, the p-value, the number of checkouts and the seed are in the evidence.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42: fair competition in general; that the order of a screen counts is an inference [LAW, since 2024-05-01]
    Source: Pan Helin: interconnection must give tail payment institutions channels too, not only the top ones (shared/seeds) [OPIN]

    @ACCESS-04 @should @role:platform
    Scenario: Over 60 checkouts, no institution's place on the payment screen depends on its tier
      Given 60 merchants each enabled 1 affiliated, 2 top and 3 tail institutions of their own, each meeting every published criterion, connected and listed in an order drawn from the run's seed
      When a consumer checks out at each of those merchants
      Then the place of each method on the payment screen does not depend on its institution's tier, at the 1% significance level

  Rule: ACCESS-05 The platform keeps up with many institutions: all are offered, and a tail institution's handoff is handled as fast as a top one's
    How the time is compared, for an auditor: the harness measures the platform's part of a
    handoff — the consumer's choice and the platform's redirect towards the wallet, not the
    wallet's own page — for a tail and a top institution back to back, in 25 pairs
    (alternating which goes first, after one untimed handoff of each), and compares the
    medians. The tail side is too slow only if all three hold: its median is more than 1.5
    times the top median; it is more than 10 ms longer; and the tail handoff was the slower in
    so many pairs that chance explains it less than once in a hundred (one-sided sign test,
    p < 0.01). On a busy machine a sub-millisecond median can double by chance; a 10 ms gap
    that shows in nearly every pair cannot. The medians, the fastest and slowest trials, the
    ratio, the pairs won and the sign test's p-value are in the evidence.
    Source: Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3 and 42: fair competition in general; that speed counts is an inference [LAW, since 2024-05-01]
    Source: Pan Helin: interconnection must give tail payment institutions channels too, not only the top ones (shared/seeds) [OPIN]

    @ACCESS-05 @should @role:platform
    Scenario: With 200 institutions connected, every one is offered and tail handoffs are as fast as top ones
      Given the platform has connected 1 affiliated, 19 top and 180 tail institutions, each meeting every published criterion
      And a merchant has enabled all of them
      When a consumer checks out at that merchant
      Then every institution the merchant enabled is offered
      When the consumer is handed to a tail and to a top institution in turn, 25 times each
      Then the platform's median time to hand a consumer to a tail institution is within 1.5 times its median for a top institution
