@family:links
Feature: No blocked links between platforms
  A messenger must let its users share and open links to other platforms' products
  as easily as links to its own group's products. Warnings and blocks are allowed
  only under a published risk rule that treats every provider the same way.

  The harness plays the other platforms: an affiliated shop that belongs to the
  messenger's own group, two rival shops, and the publisher of a shared list of
  known malicious links. It posts messages as one user and reads them as another.

  Background:
    Given the messenger is affiliated with the shop "own-mall"
    And the rival shops "rival-a" and "rival-b" sell products too
    And a shared list of known malicious links is published

  Rule: LINK-01 A legitimate link to another platform's product, sent in a one-to-one chat, opens directly in the app in one tap
    No copy-and-paste token and no instruction to open the link in a browser.
    A link: any form the implementer's guide allows (http or https, any host case, a port,
    a Chinese or percent-encoded path, a query, a fragment), anywhere in a message (alone,
    amid Chinese or English text, before 。，、!?. or in brackets, one of several). Each step
    sends links drawn from the run's seed, every form at least once, and judges every one.
    Source: MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, points 2 and 3, as reported [GUID, since 2021-09-17]
    Source: MIIT special rectification campaign for the internet industry, July 2021 [GUID, since 2021-07]
    Source: WeChat external link management rules: direct access to external links in one-to-one chats [PRIV, since 2021-09]
    Source: Anti-Unfair Competition Law Art. 13 [LAW, since 2025-10-15]

    @LINK-01 @must @role:messenger
    Scenario: A rival shop's product link opens in one tap in a one-to-one chat
      Given Alice and Bob have a one-to-one chat
      When Alice sends Bob a link to a product of "rival-a"
      Then Bob sees the link open directly in the app
      And Bob needs 1 tap to open it
      And Bob is not told to copy the link or open it in a browser

  Rule: LINK-02 Links to the same type of product get the same display and access form, whoever provides them
    A rival's link and the messenger's affiliate's link to the same type of product need the
    same number of taps, carry the same warning level and show the same preview fields.
    Links as in LINK-01: every link sent, from every provider, is compared.
    Source: MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, point 1, as reported [GUID, since 2021-09-17]
    Source: Anti-Unfair Competition Law Art. 13 [LAW, since 2025-10-15]

    @LINK-02 @must @role:messenger
    Scenario: Product links from the affiliate and from two rivals look and open alike
      Given Alice and Bob have a one-to-one chat
      When Alice sends Bob links to the same type of product from these shops:
        | shop     |
        | own-mall |
        | rival-a  |
        | rival-b  |
      Then every link is opened the same way, with the same number of taps
      And every link carries the same warning level
      And every link shows the same preview fields

  Rule: LINK-03 A link is not rewritten into an unusable form
    The messenger may wrap or shorten a link, but what the recipient gets must still lead to
    the original product: it is not stripped, not replaced by a password token, and not
    shortened to something that leads elsewhere. Followed, it lands at the link shared, its
    path and query intact. Links as in LINK-01, each kind below in every other form.
    Source: MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, point 3, as reported [GUID, since 2021-09-17]
    Source: Anti-Unfair Competition Law Art. 13 [LAW, since 2025-10-15]

    @LINK-03 @must @role:messenger
    Scenario Outline: A rival's <kind> link still leads to the original product
      Given Alice and Bob have a one-to-one chat
      When Alice sends Bob a <kind> link to a product of "rival-a"
      Then the link Bob receives is a link he can follow, not a token
      And following it leads to the very product Alice shared

      Examples:
        | kind                 |
        | plain                |
        | campaign-tagged      |
        | very long            |
        | Chinese-named        |

  Rule: LINK-04 E-commerce links in group chats open directly
    WeChat's own external-link rules piloted direct access to e-commerce links in group
    chats from November 2021; the guidance asks for equal access in every chat.
    Links as in LINK-01: every link sent is judged.
    Source: WeChat external link management rules, group chat pilot from Nov 2021 [PRIV, since 2021-11]
    Source: MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, point 2, as reported [GUID, since 2021-09-17]

    @LINK-04 @should @role:messenger
    Scenario: A rival's product link opens in one tap in a group chat
      Given Alice, Bob and Carol are in a group chat
      When Alice posts a link to a product of "rival-b" in the group
      Then Bob sees the link open directly in the app
      And Bob needs 1 tap to open it

  Rule: LINK-05 Warnings and blocks follow one published risk rule, applied identically to every provider
    A link on the shared list of known malicious links may be warned about or blocked, and the
    user is told why. A rival's clean link may not be. The affiliate gets no exemption.
    Links as in LINK-01: every listed page and every clean link sent is judged.
    Source: MIIT special rectification campaign for the internet industry, July 2021: no discriminatory blocking [GUID, since 2021-07]
    Source: WeChat external link management rules: risk-based handling of illegal links [PRIV, since 2021-09]
    Source: Anti-Unfair Competition Law Art. 13 [LAW, since 2025-10-15]

    @LINK-05 @must @role:messenger
    Scenario Outline: A link to a page of "<shop>" on the shared malicious list is warned about or blocked, with the reason shown
      Given Alice and Bob have a one-to-one chat
      And a page of "<shop>" is on the shared malicious list
      When Alice sends Bob a link to that page
      Then Bob is warned about the link or it is blocked
      And Bob is shown the reason

      Examples:
        | shop     |
        | rival-a  |
        | own-mall |

    @LINK-05 @must @role:messenger
    Scenario: A rival's clean link carries no warning
      Given Alice and Bob have a one-to-one chat
      When Alice sends Bob a link to a product of "rival-a"
      Then Bob sees no warning on the link
      And the link is not blocked

  Rule: LINK-06 The recipient can report a link from the chat
    Links as in LINK-01: every link sent can be reported.
    Source: WeChat external link management rules: complaint entry for illegal links [PRIV, since 2021-09]

    @LINK-06 @should @role:messenger
    Scenario: Bob reports a link he received
      Given Alice and Bob have a one-to-one chat
      When Alice sends Bob a link to a product of "rival-a"
      Then Bob is offered a way to report the link
      When Bob reports the link
      Then the messenger records Bob's report

  Rule: LINK-07 A store or product link placed on a surface other than a chat opens directly, as a link in a chat does
    The surfaces: ads under official-account articles, ads in Moments and short-video posts, each
    one the messenger offers. The messenger says, when a run begins, which of them it offers;
    every surface it names is checked, and a messenger that names none is judged on a one-to-one
    chat alone, which the report says. A link placed there, by the affiliate or by a rival, opens in
    one tap, with no token to copy and no instruction to open it in a browser, and lands at the
    link placed, its path and query intact. Links as in LINK-01, to a store or to a product: on
    every surface offered, each step places links drawn from the run's seed, every form at least
    once, and judges every one. SHOULD, not MUST: only WeChat's own opening of these surfaces in
    2023, known from press reports, names them; the guidance of 2021 speaks of links in instant
    messaging, and the law forbids obstruction in general terms.
    Source: WeChat's 2023 opening of official-account article ads, Moments ads and video-account content to Taobao and Tmall links, as reported [PRIV, since 2023-02]
    Source: MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, points 2 and 3, as reported [GUID, since 2021-09-17]
    Source: Anti-Unfair Competition Law Art. 13 [LAW, since 2025-10-15]

    @LINK-07 @should @role:messenger
    Scenario: Store and product links placed by the affiliate and by rivals open directly on every surface the messenger offers
      Given the messenger says which surfaces other than chats it offers
      When "own-mall", "rival-a" and "rival-b" place links to their stores and products on each of them
      Then Bob sees the link open directly in the app
      And Bob needs 1 tap to open it
      And Bob is not told to copy the link or open it in a browser
      And the link Bob receives is a link he can follow, not a token
      And following each placed link leads to the very store or product placed
