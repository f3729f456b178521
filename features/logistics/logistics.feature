@family:logistics
Feature: Rival carriers on the same terms
  A marketplace whose merchants ship their orders with carriers the platform connects must let
  them pick a rival carrier on the same terms as the carrier of the platform's own group: on
  the list of carriers a merchant picks from, for the same fees, and with the parcel's tracking
  shown to the consumer the same way.

  As reported on 26 Sep 2024, Taobao and Tmall were to connect JD Logistics, so that their
  merchants could pick it when choosing how to ship, and JD was to connect Cainiao's express
  service and pick-up stations. Earlier reports said that JD's third-party merchants who used JD
  Logistics got more traffic from JD; in March 2023 JD said its merchants were no longer
  required to use JD Logistics. A carrier a merchant cannot pick, or may pick only at a
  surcharge, or whose parcels the consumer cannot follow, is not open on the same terms.

  These are differential checks. The harness plays every carrier, fresh ones for each merchant
  with ids drawn from the run's seed: the platform's own group's carrier, a large ("top") rival
  and a small ("tail") one, all three at one price. It books parcels and reports their progress
  as the carriers, and compares each rival with the platform's own for the same parcel.

  A note on authority: the E-Commerce Law forbids a platform to impose unreasonable restrictions
  or conditions on the transactions of the merchants on it, or to charge them unreasonable fees
  (Art. 35). It does not name carriers; that a carrier left off the list, a surcharge or hidden
  tracking is such a restriction is an inference, and the opening of the marketplaces to each
  other's carriers is known from press reports. Hence every requirement here is SHOULD. They
  apply to a platform that announces the capability "logistics" at discovery; for one that does
  not, they are not run.

  Rule: LOG-01 A merchant can pick every carrier the platform connected, its own group's and rivals' alike
    Every carrier connected to the marketplace — the platform's own group's, a large rival, a
    small one — is among the carriers a merchant can pick to ship a parcel, and picking it books
    the parcel with that carrier. It ranges over every merchant and parcel drawn: 12 merchants,
    each with its own three carriers, at prices, parcel weights, brand tiers and orders of
    connection drawn from the run's seed.
    Source: Reports of 26 Sep 2024, carried by Southern Metropolis Daily, that Taobao and Tmall would connect JD Logistics and JD would connect Cainiao (shared/seeds) [OPIN, since 2024-09-26]
    Source: E-Commerce Law Art. 35: no unreasonable restrictions or conditions on merchants' transactions; it names no carriers [LAW, since 2019-01-01]

    @LOG-01 @should @role:platform
    Scenario: Twelve merchants can pick every carrier, and picking one books the parcel with it
      Given the platform offers its merchants a choice of carriers
      When 12 merchants each have an affiliated, a top and a tail carrier of their own connected, the three at one price, and a parcel to ship, price and weight drawn from the run's seed
      Then every one of those carriers is among the carriers the merchant can pick for its parcel
      And shipping the parcel with each of them books it with that carrier

  Rule: LOG-02 A rival carrier costs the merchant what the platform's own carrier costs, at the same price
    For the same parcel, a rival carrier whose price is the platform's own carrier's is offered
    to the merchant for the same fees and the same total. The platform may charge fees, flat or
    by the carrier's price, if they do not depend on whose carrier it is. It ranges over the
    merchants and parcels of LOG-01.
    Source: Reports of 26 Sep 2024, carried by Southern Metropolis Daily, that Taobao and Tmall would connect JD Logistics and JD would connect Cainiao (shared/seeds) [OPIN, since 2024-09-26]
    Source: E-Commerce Law Art. 35: no unreasonable restrictions or conditions on merchants' transactions, no unreasonable fees; it names no carriers [LAW, since 2019-01-01]

    @LOG-02 @should @role:platform
    Scenario: Twelve merchants are offered every rival carrier for what the platform's own carrier costs
      Given the platform offers its merchants a choice of carriers
      When 12 merchants each have an affiliated, a top and a tail carrier of their own connected, the three at one price, and a parcel to ship, price and weight drawn from the run's seed
      Then every rival carrier is offered to the merchant for the same fees and the same total as the platform's own carrier

  Rule: LOG-03 The consumer is shown a rival carrier's tracking as the platform's own carrier's
    Every tracking event a carrier reports to the platform about a parcel is shown to the
    consumer who ordered it, under the carrier's waybill number, whoever the carrier is. It
    ranges over the merchants and parcels of LOG-01, each parcel shipped with each of its three
    carriers, and over two events each: collected, then waiting at a pick-up station.
    Source: Reports of 26 Sep 2024, carried by Southern Metropolis Daily, that Taobao and Tmall would connect JD Logistics and JD would connect Cainiao (shared/seeds) [OPIN, since 2024-09-26]
    Source: E-Commerce Law Art. 35: no unreasonable restrictions or conditions on merchants' transactions; it names no carriers [LAW, since 2019-01-01]

    @LOG-03 @should @role:platform
    Scenario: Twelve merchants' consumers see the tracking of every carrier
      Given the platform offers its merchants a choice of carriers
      When 12 merchants each have an affiliated, a top and a tail carrier of their own connected, the three at one price, and a parcel to ship, price and weight drawn from the run's seed
      And each merchant ships its parcel with every one of its carriers
      And each carrier reports the parcel collected and then waiting at a pick-up station
      Then the consumer is shown every tracking event of every carrier, under the carrier's waybill
