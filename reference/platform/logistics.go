package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
)

// Violation switches of the logistics capability (the LOG family).
const (
	RivalCarriersUnlisted   = "rival-carriers-unlisted"
	RivalCarrierSurcharge   = "rival-carrier-surcharge"
	RivalTrackingHidden     = "rival-tracking-hidden"
	RivalCarrierUnlistedOdd = "rival-carrier-unlisted-at-times"
	RivalParcelsRerouted    = "rival-parcels-rerouted"
)

// handlingFee is the platform's fee on every parcel, whatever the carrier:
// a flat part and a share of the carrier's charge, so that the fee is the
// same for carriers with the same price and differs with the price.
func handlingFee(charge int64) int64 { return 50 + charge/50 }

type carrier struct {
	id  string
	req iti.CarrierRequest
}

type parcel struct {
	view     iti.ParcelView
	merchant string
	consumer string
	rival    bool
}

// logistics is one session's marketplace logistics.
type logistics struct {
	carriers     map[string]*carrier
	carrierOrder []string
	parcels      map[string]*parcel
	byWaybill    map[string]string // carrier id + " " + waybill -> shipment id
}

func (s *State) lg() *logistics {
	if s.logi == nil {
		s.logi = &logistics{carriers: map[string]*carrier{}, parcels: map[string]*parcel{}, byWaybill: map[string]string{}}
	}
	return s.logi
}

// ConnectCarrier connects a carrier. base is the session's public URL
// prefix on the platform's host, where carriers post tracking events.
func (s *State) ConnectCarrier(id string, req iti.CarrierRequest, base string) (iti.CarrierConnection, error) {
	if id == "" || req.Name == "" {
		return iti.CarrierConnection{}, errorf(http.StatusBadRequest, "a carrier needs an id and a name")
	}
	if !slices.Contains(iti.Tiers, req.Tier) {
		return iti.CarrierConnection{}, errorf(http.StatusBadRequest, "unknown carrier tier %q", req.Tier)
	}
	u, err := url.Parse(req.BookingURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return iti.CarrierConnection{}, errorf(http.StatusBadRequest, "the carrier's booking URL is not an http(s) URL")
	}
	if req.Rate.FirstKgMinor < 0 || req.Rate.ExtraKgMinor < 0 {
		return iti.CarrierConnection{}, errorf(http.StatusBadRequest, "a carrier's rate cannot be negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lg()
	if _, ok := l.carriers[id]; !ok {
		l.carrierOrder = append(l.carrierOrder, id)
	}
	l.carriers[id] = &carrier{id: id, req: req}
	return iti.CarrierConnection{CarrierID: id, Decision: iti.DecisionAccepted,
		TrackingURL: base + "/tracking/" + url.PathEscape(id)}, nil
}

// listed reports whether c is among the carriers a merchant can pick. The
// violations leave rivals off the list, always or one in three by a hash of
// the carrier's id.
func (s *State) listed(c *carrier) bool {
	if c.req.Tier == iti.TierAffiliated {
		return true
	}
	if s.violates(RivalCarriersUnlisted) {
		return false
	}
	if s.violates(RivalCarrierUnlistedOdd) {
		h := fnv.New32a()
		io.WriteString(h, c.id)
		return h.Sum32()%3 != 0
	}
	return true
}

// ShippingQuote lists the carriers merchant can ship a parcel with, in the
// order they were connected, each with its price.
func (s *State) ShippingQuote(merchant string, req iti.QuoteRequest) (iti.ShippingQuote, error) {
	if req.WeightGrams <= 0 || req.WeightGrams > 1_000_000 {
		return iti.ShippingQuote{}, errorf(http.StatusBadRequest, "a parcel weighs between 1 g and 1000 kg")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.merchants[merchant]; !ok {
		return iti.ShippingQuote{}, errorf(http.StatusNotFound, "no merchant %q", merchant)
	}
	l := s.lg()
	out := iti.ShippingQuote{MerchantID: merchant, WeightGrams: req.WeightGrams, Options: []iti.ShippingOption{}}
	for _, id := range l.carrierOrder {
		c := l.carriers[id]
		if !s.listed(c) {
			continue
		}
		charge := c.req.Rate.Charge(req.WeightGrams)
		fees := []iti.Fee{{Label: "marketplace handling fee", AmountMinor: handlingFee(charge)}}
		if c.req.Tier != iti.TierAffiliated && s.violates(RivalCarrierSurcharge) {
			fees = append(fees, iti.Fee{Label: "third-party carrier service fee", AmountMinor: 300})
		}
		total := charge
		for _, f := range fees {
			total += f.AmountMinor
		}
		out.Options = append(out.Options, iti.ShippingOption{CarrierID: id, Label: c.req.Name, CarrierChargeMinor: charge, Fees: fees, TotalMinor: total})
	}
	return out, nil
}

// Ship books a parcel with its carrier and records the waybill the carrier
// answered.
func (s *State) Ship(ctx context.Context, req iti.ShipmentRequest) (iti.Shipment, error) {
	if req.WeightGrams <= 0 || req.WeightGrams > 1_000_000 || req.Consumer == "" {
		return iti.Shipment{}, errorf(http.StatusBadRequest, "a parcel needs a consumer and weighs between 1 g and 1000 kg")
	}
	s.mu.Lock()
	if _, ok := s.merchants[req.MerchantID]; !ok {
		s.mu.Unlock()
		return iti.Shipment{}, errorf(http.StatusNotFound, "no merchant %q", req.MerchantID)
	}
	l := s.lg()
	c, ok := l.carriers[req.CarrierID]
	if !ok {
		s.mu.Unlock()
		return iti.Shipment{}, errorf(http.StatusNotFound, "no carrier %q", req.CarrierID)
	}
	id := s.id("ship-")
	bookingURL, tier := c.req.BookingURL, c.req.Tier
	if tier != iti.TierAffiliated && s.violates(RivalParcelsRerouted) {
		for _, oid := range l.carrierOrder {
			if own := l.carriers[oid]; own.req.Tier == iti.TierAffiliated {
				bookingURL = own.req.BookingURL
			}
		}
	}
	s.mu.Unlock()

	booked, err := s.book(ctx, bookingURL, iti.CarrierBooking{ShipmentID: id, Consumer: req.Consumer, WeightGrams: req.WeightGrams})
	if err != nil {
		return iti.Shipment{}, errorf(http.StatusBadGateway, "the carrier %s did not take the booking: %v", req.CarrierID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l.parcels[id] = &parcel{view: iti.ParcelView{ShipmentID: id, CarrierID: req.CarrierID, Waybill: booked.Waybill, Events: []iti.TrackingEvent{}},
		merchant: req.MerchantID, consumer: req.Consumer, rival: tier != iti.TierAffiliated}
	l.byWaybill[req.CarrierID+" "+booked.Waybill] = id
	return iti.Shipment{ShipmentID: id, CarrierID: req.CarrierID, Waybill: booked.Waybill}, nil
}

func (s *State) book(ctx context.Context, u string, b iti.CarrierBooking) (iti.CarrierBooked, error) {
	var out iti.CarrierBooked
	body, _ := json.Marshal(b)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return out, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.p.Client.Do(req)
	if err != nil {
		return out, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return out, errorf(http.StatusBadGateway, "it answered %d", resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil || out.Waybill == "" {
		return out, errorf(http.StatusBadGateway, "its answer names no waybill")
	}
	return out, nil
}

// Track takes a tracking event a carrier posted to its tracking URL. It
// answers the status to reply with and what to say.
func (s *State) Track(carrierID string, body []byte) (int, string) {
	var e iti.TrackingEvent
	if err := json.Unmarshal(body, &e); err != nil || e.Waybill == "" || e.Status == "" {
		return http.StatusBadRequest, "the tracking event is not readable JSON with a waybill and a status"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lg()
	id, ok := l.byWaybill[carrierID+" "+e.Waybill]
	if !ok {
		return http.StatusNotFound, "no parcel of this carrier has that waybill"
	}
	p := l.parcels[id]
	// Acknowledged either way: a carrier cannot tell that its events are
	// not shown to the consumer.
	if p.rival && s.violates(RivalTrackingHidden) {
		return http.StatusOK, "recorded"
	}
	p.view.Events = append(p.view.Events, e)
	return http.StatusOK, "recorded"
}

// Parcel is a shipment as its consumer sees it.
func (s *State) Parcel(id string) (iti.ParcelView, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.lg().parcels[id]
	if !ok {
		return iti.ParcelView{}, errorf(http.StatusNotFound, "no shipment %q", id)
	}
	v := p.view
	v.Events = slices.Clone(p.view.Events)
	return v, nil
}
