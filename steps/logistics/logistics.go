// Package logistics defines the steps of the LOG family: a marketplace that
// lets its merchants ship with carriers must let them pick rival carriers on
// the same terms as its own group's — on the list, at the same fees, with
// the same tracking shown to the consumer. The harness plays the carriers
// (mocks/carrier, fresh ones for every merchant, with ids drawn from the
// run's seed), the merchants and the consumers, and compares each rival
// carrier with the platform's own at the same price and for the same parcel.
package logistics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/carrier"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/untrusted"
)

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	scenario.Step(sc, `^the platform offers its merchants a choice of carriers$`, offered)
	scenario.Step(sc, `^(\d+) merchants each have an affiliated, a top and a tail carrier of their own connected, the three at one price, and a parcel to ship, price and weight drawn from the run's seed$`, merchants, "LOG-01.4", "LOG-02.4", "LOG-03.3")
	scenario.Step(sc, `^each merchant ships its parcel with every one of its carriers$`, shipAll)
	scenario.Step(sc, `^each carrier reports the parcel collected and then waiting at a pick-up station$`, trackAll)

	scenario.Step(sc, `^every one of those carriers is among the carriers the merchant can pick for its parcel$`, allListed, "LOG-01.1", "LOG-01.2")
	scenario.Step(sc, `^shipping the parcel with each of them books it with that carrier$`, allBooked, "LOG-01.1", "LOG-01.3")
	scenario.Step(sc, `^every rival carrier is offered to the merchant for the same fees and the same total as the platform's own carrier$`, sameFees, "LOG-02.1", "LOG-02.2")
	scenario.Step(sc, `^the consumer is shown every tracking event of every carrier, under the carrier's waybill$`, trackingShown, "LOG-03.1", "LOG-03.2", "LOG-03.3")
}

// The space the LOG Rules range over, besides the three tiers every merchant
// has: the carriers' price (first kilogram, each further kilogram begun, in
// fen; free further kilograms and a dear first one among them), the parcel's
// weight (the 1 kg boundary on both sides, heavy parcels), the merchant's
// brand tier, and the order in which its carriers are connected.
var (
	dimRate   = gen.Dim{Name: "price", Values: []string{"800+200", "1200+0", "500+500", "2300+1100"}}
	dimWeight = gen.Dim{Name: "weight", Values: []string{"300", "1000", "1001", "4500", "20000", "50000"}}
	dimBrand  = gen.Dim{Name: "merchant", Values: []string{iti.BrandOrdinary, iti.BrandFlagship}}
	dimOrder  = gen.Dim{Name: "connected", Values: []string{"affiliated first", "affiliated last", "affiliated between"}}
)

type carrierOf struct {
	id, tier string
	mock     *carrier.Carrier
	shipment *iti.Shipment
	shipErr  string
}

// merchant is one drawn case: a merchant, its carriers and its parcel.
type merchant struct {
	id       string
	consumer string
	weight   int64
	rate     iti.CarrierRate
	c        gen.Case
	carriers []*carrierOf // in tier order: affiliated, top, tail
	quote    *iti.ShippingQuote
	tracked  bool
}

type state struct {
	g         *gen.Gen
	merchants []*merchant
	taken     map[string]bool
	shipped   bool
	// epoch is the time of the first tracking event.
	epoch time.Time
}

func st(ctx context.Context) *state {
	s := scenario.State[state](ctx)
	if s.g == nil {
		w := scenario.From(ctx)
		s.g, s.taken = gen.New(w.Env.Seed, w.Name), map[string]bool{}
	}
	return s
}

func (m *merchant) name() string {
	return fmt.Sprintf("merchant %s (%s), a parcel of %d g, carriers at %s", m.id, m.c[dimBrand.Name], m.weight, m.c[dimRate.Name])
}

// judge records one check of m's case.
func judge(ctx context.Context, m *merchant, held bool, detail string) {
	scenario.From(ctx).Log.Judge(m.id, evidence.Case{Kind: evidence.CaseSample, Name: m.name(), Dims: m.c, Held: held, Detail: detail})
}

// findings is the error of a check over every merchant: nil when each held,
// else every case that did not, one a line.
func findings(what string, bad []string, of int) error {
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("%s in %d of %d cases:\n%s", what, len(bad), of, strings.Join(bad, "\n"))
}

func offered(ctx context.Context) error {
	return scenario.From(ctx).Offers(iti.CapabilityLogistics)
}

// neutralID is a fresh carrier or merchant id drawn from the scenario's
// seed: it carries no tier and no number in order, so that a platform that
// sorts or treats carriers by id does so independently of their tier.
func neutralID(s *state, prefix string) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	for {
		b := []byte(prefix)
		for i := 0; i < 6; i++ {
			b = append(b, letters[s.g.IntN(len(letters))])
		}
		if id := string(b); !s.taken[id] {
			s.taken[id] = true
			return id
		}
	}
}

func parseRate(v string) iti.CarrierRate {
	first, extra, _ := strings.Cut(v, "+")
	f, _ := strconv.ParseInt(first, 10, 64)
	e, _ := strconv.ParseInt(extra, 10, 64)
	return iti.CarrierRate{FirstKgMinor: f, ExtraKgMinor: e}
}

func merchants(ctx context.Context, n int) error {
	if n < 1 || n > 200 {
		return fmt.Errorf("the feature asks for %d merchants; give between 1 and 200", n)
	}
	w := scenario.From(ctx)
	s := st(ctx)
	sess, err := w.Session(ctx)
	if err != nil {
		return err
	}
	for _, c := range s.g.Cases(n, dimRate, dimWeight, dimBrand, dimOrder) {
		weight, _ := strconv.ParseInt(c[dimWeight.Name], 10, 64)
		m := &merchant{id: neutralID(s, "shop-"), weight: weight, rate: parseRate(c[dimRate.Name]), c: c}
		m.consumer = "consumer-" + m.id
		for _, tier := range iti.Tiers {
			id := neutralID(s, "cr-")
			client := &http.Client{Transport: &evidence.Transport{Base: w.Env.Transport, From: id + " carrier", Log: w.Log}, Timeout: w.Env.Timeout}
			m.carriers = append(m.carriers, &carrierOf{id: id, tier: tier, mock: carrier.New(id, "Express "+id, tier, m.rate, client)})
		}
		order := append([]*carrierOf(nil), m.carriers...)
		switch c[dimOrder.Name] {
		case "affiliated last":
			order = append(order[1:], order[0])
		case "affiliated between":
			order[0], order[1] = order[1], order[0]
		}
		for _, cr := range order {
			host := w.Mock("carrier."+cr.id, cr.id+" carrier", cr.mock)
			conn, err := sess.ConnectCarrier(ctx, cr.id, iti.CarrierRequest{Name: cr.mock.Name, Tier: cr.tier,
				BookingURL: w.URL(host, carrier.BookingPath), Rate: m.rate})
			if err != nil {
				return err
			}
			if conn.Decision != iti.DecisionAccepted {
				return fmt.Errorf("the platform did not connect the %s carrier %s, which meets the ITI's every condition: decision %q, %q",
					cr.tier, cr.id, untrusted.Line(conn.Decision, 40), untrusted.Line(conn.Reason, 300))
			}
			// The carrier posts only where the implementation or a mock
			// lives: a tracking URL elsewhere is not followed.
			u, err := url.Parse(conn.TrackingURL)
			if err != nil || !w.Reaches(u) {
				return fmt.Errorf("the platform gave the carrier %s the tracking URL %q, which is neither the implementation's nor a mock party's; not used",
					cr.id, untrusted.Line(conn.TrackingURL, 200))
			}
			cr.mock.Connect(conn)
		}
		if _, err := sess.SetMerchant(ctx, m.id, iti.MerchantRequest{Name: "Shop " + m.id, BrandTier: c[dimBrand.Name], EnabledInstitutions: []string{}}); err != nil {
			return err
		}
		s.merchants = append(s.merchants, m)
	}
	return nil
}

// quote reads, once, the carriers m can pick for its parcel.
func quote(ctx context.Context, m *merchant) (*iti.ShippingQuote, error) {
	if m.quote != nil {
		return m.quote, nil
	}
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return nil, err
	}
	q, err := sess.ShippingQuote(ctx, m.id, iti.QuoteRequest{WeightGrams: m.weight})
	if err != nil {
		return nil, err
	}
	m.quote = &q
	return m.quote, nil
}

func option(q *iti.ShippingQuote, carrierID string) *iti.ShippingOption {
	for i := range q.Options {
		if q.Options[i].CarrierID == carrierID {
			return &q.Options[i]
		}
	}
	return nil
}

func needMerchants(s *state) error {
	if len(s.merchants) == 0 {
		return fmt.Errorf("no merchant with carriers was set up before this step")
	}
	return nil
}

// What each Then step rests on: the merchant's list of carriers, its fees
// and the consumer's view of a parcel are the platform's answers through the
// ITI — declared; a booking is seen where the harness plays the carrier —
// an artefact, the waybill the platform gives held against the one the
// carrier answered.

func allListed(ctx context.Context) error {
	s := st(ctx)
	if err := needMerchants(s); err != nil {
		return err
	}
	scenario.Rest(ctx, evidence.Declared)
	var bad []string
	for _, m := range s.merchants {
		q, err := quote(ctx, m)
		if err != nil {
			return err
		}
		var missing []string
		for _, cr := range m.carriers {
			if option(q, cr.id) == nil {
				missing = append(missing, fmt.Sprintf("the %s carrier %s", cr.tier, cr.id))
			}
		}
		detail := ""
		if len(missing) > 0 {
			detail = "not among the carriers the merchant can pick: " + strings.Join(missing, ", ")
			bad = append(bad, m.name()+": "+detail)
		}
		judge(ctx, m, len(missing) == 0, detail)
	}
	return findings("a carrier the platform connected is not on the merchant's list", bad, len(s.merchants))
}

// ship books every merchant's parcel with each of its carriers, once.
func ship(ctx context.Context) error {
	s := st(ctx)
	if err := needMerchants(s); err != nil {
		return err
	}
	if s.shipped {
		return nil
	}
	s.shipped = true
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	for _, m := range s.merchants {
		for _, cr := range m.carriers {
			sh, err := sess.Ship(ctx, iti.ShipmentRequest{MerchantID: m.id, CarrierID: cr.id, Consumer: m.consumer, WeightGrams: m.weight})
			if err != nil {
				// A refused shipment is a finding of the checks that
				// follow; no answer at all ends the step.
				var ie *iti.Error
				if errors.As(err, &ie) && ie.Status != 0 {
					cr.shipErr = untrusted.Line(err.Error(), 300)
					continue
				}
				return err
			}
			cr.shipment = &sh
		}
	}
	return nil
}

func shipAll(ctx context.Context) error { return ship(ctx) }

func allBooked(ctx context.Context) error {
	if err := ship(ctx); err != nil {
		return err
	}
	scenario.Rest(ctx, evidence.Artefact)
	s := st(ctx)
	var bad []string
	for _, m := range s.merchants {
		var problems []string
		for _, cr := range m.carriers {
			if p := booked(cr); p != "" {
				problems = append(problems, p)
			}
		}
		detail := strings.Join(problems, "; ")
		if detail != "" {
			bad = append(bad, m.name()+": "+detail)
		}
		judge(ctx, m, detail == "", detail)
	}
	return findings("a parcel shipped with a carrier was not booked with it", bad, len(s.merchants))
}

// booked says what is wrong with cr's booking of its merchant's parcel, or
// "" when the carrier took it and the platform gave the carrier's waybill.
func booked(cr *carrierOf) string {
	if cr.shipment == nil {
		return fmt.Sprintf("shipping with the %s carrier %s was refused: %s", cr.tier, cr.id, cr.shipErr)
	}
	for _, b := range cr.mock.Bookings() {
		if b.Refused == "" && b.Booking.ShipmentID == cr.shipment.ShipmentID {
			if b.Waybill != cr.shipment.Waybill {
				return fmt.Sprintf("the %s carrier %s gave waybill %s, the platform says %q", cr.tier, cr.id, b.Waybill, untrusted.Line(cr.shipment.Waybill, 80))
			}
			return ""
		}
	}
	return fmt.Sprintf("the %s carrier %s never received a booking of shipment %q", cr.tier, cr.id, untrusted.Line(cr.shipment.ShipmentID, 80))
}

func money(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d", sign, minor/100, minor%100)
}

func feeSum(o *iti.ShippingOption) int64 {
	var sum int64
	for _, f := range o.Fees {
		sum += f.AmountMinor
	}
	return sum
}

func sameFees(ctx context.Context) error {
	s := st(ctx)
	if err := needMerchants(s); err != nil {
		return err
	}
	scenario.Rest(ctx, evidence.Declared)
	var bad []string
	for _, m := range s.merchants {
		q, err := quote(ctx, m)
		if err != nil {
			return err
		}
		var problems []string
		own := option(q, m.carriers[0].id)
		if own == nil {
			problems = append(problems, fmt.Sprintf("the platform's own carrier %s is not offered, so no rival can be compared with it", m.carriers[0].id))
		}
		for _, cr := range m.carriers[1:] {
			o := option(q, cr.id)
			switch {
			case o == nil:
				problems = append(problems, fmt.Sprintf("the %s carrier %s is not offered at any fee", cr.tier, cr.id))
			case own == nil:
			case o.TotalMinor != own.TotalMinor || feeSum(o) != feeSum(own):
				problems = append(problems, fmt.Sprintf("the %s carrier %s costs the merchant %s (fees %s), the platform's own carrier %s (fees %s), at the same price for the same parcel",
					cr.tier, cr.id, money(o.TotalMinor), money(feeSum(o)), money(own.TotalMinor), money(feeSum(own))))
			}
		}
		detail := strings.Join(problems, "; ")
		if detail != "" {
			bad = append(bad, m.name()+": "+detail)
		}
		judge(ctx, m, detail == "", detail)
	}
	return findings("a rival carrier is not offered on the same terms as the platform's own", bad, len(s.merchants))
}

// events are what every carrier reports of a parcel, in order.
var events = []struct{ status, location string }{
	{iti.TrackingCollected, "Hangzhou sorting centre"},
	{iti.TrackingAtStation, "pick-up station, Chaoyang, Beijing"},
}

func trackAll(ctx context.Context) error {
	if err := ship(ctx); err != nil {
		return err
	}
	s := st(ctx)
	if s.epoch.IsZero() {
		s.epoch = time.Now().UTC().Truncate(time.Second).Add(-48 * time.Hour)
	}
	for i, m := range s.merchants {
		if m.tracked {
			continue
		}
		m.tracked = true
		for _, cr := range m.carriers {
			if cr.shipment == nil {
				continue
			}
			for j, e := range events {
				// Times a minute apart and distinct per case, so that an
				// event shown for the wrong parcel does not match.
				at := s.epoch.Add(time.Duration(i)*10*time.Minute + time.Duration(j)*time.Minute)
				cr.mock.Track(ctx, iti.TrackingEvent{Waybill: cr.shipment.Waybill, Status: e.status, Location: e.location, At: at})
			}
		}
	}
	return nil
}

func trackingShown(ctx context.Context) error {
	if err := trackAll(ctx); err != nil {
		return err
	}
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	scenario.Rest(ctx, evidence.Declared)
	s := st(ctx)
	var bad []string
	for _, m := range s.merchants {
		var problems []string
		for _, cr := range m.carriers {
			if cr.shipment == nil {
				problems = append(problems, fmt.Sprintf("the parcel could not be shipped with the %s carrier %s: %s", cr.tier, cr.id, cr.shipErr))
				continue
			}
			v, err := sess.Parcel(ctx, cr.shipment.ShipmentID)
			if err != nil {
				return err
			}
			if p := shown(cr, v); p != "" {
				problems = append(problems, p)
			}
		}
		detail := strings.Join(problems, "; ")
		if detail != "" {
			bad = append(bad, m.name()+": "+detail)
		}
		judge(ctx, m, detail == "", detail)
	}
	return findings("the consumer is not shown a carrier's tracking", bad, len(s.merchants))
}

// shown says which of cr's tracking events the consumer's view v lacks, or
// "" when it shows every one under the carrier's waybill.
func shown(cr *carrierOf, v iti.ParcelView) string {
	if v.CarrierID != cr.id || v.Waybill != cr.shipment.Waybill {
		return fmt.Sprintf("the consumer is shown the %s carrier %s's parcel as carrier %q, waybill %q, not waybill %s",
			cr.tier, cr.id, untrusted.Line(v.CarrierID, 80), untrusted.Line(v.Waybill, 80), cr.shipment.Waybill)
	}
	var missing []string
	for _, sent := range cr.mock.Sent() {
		found := false
		for _, e := range v.Events {
			if e.Status == sent.Event.Status && e.At.Equal(sent.Event.At) {
				found = true
			}
		}
		if !found {
			what := fmt.Sprintf("%s at %s", sent.Event.Status, sent.Event.At.UTC().Format("2006-01-02 15:04"))
			if sent.Status != http.StatusOK && sent.Status != 0 {
				what += fmt.Sprintf(" (the platform answered the carrier %d)", sent.Status)
			} else if sent.Error != "" {
				what += " (the carrier could not post it: " + untrusted.Line(sent.Error, 200) + ")"
			}
			missing = append(missing, what)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	sort.Strings(missing)
	return fmt.Sprintf("the consumer is not shown the %s carrier %s's tracking: %s (shown: %d event(s))", cr.tier, cr.id, strings.Join(missing, ", "), len(v.Events))
}
