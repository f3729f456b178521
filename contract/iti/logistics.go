package iti

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Logistics is an optional part of the platform role: a marketplace whose
// merchants ship parcels through carriers the platform connects. A platform
// that offers it says so at discovery (Discovery.Capabilities); the harness
// plays the carriers. A parcel's booking with its carrier and the carrier's
// tracking events are real exchanges between the platform and the carrier;
// the ITI only connects carriers, reads the merchant's choice of carriers,
// ships a parcel and reads what the consumer is shown of it.

// CapabilityLogistics, announced in Discovery.Capabilities, says the
// platform offers its merchants carriers to ship with.
const CapabilityLogistics = "logistics"

// CarrierRequest connects a carrier to the platform. Tiers are those of
// institutions: the platform's own group's carrier (TierAffiliated), a large
// rival (TierTop), a small one (TierTail).
type CarrierRequest struct {
	Name string `json:"name"`
	Tier string `json:"tier"`
	// BookingURL is where the platform books a parcel with the carrier
	// (POST, a CarrierBooking); the carrier answers with its waybill
	// number.
	BookingURL string `json:"booking_url"`
	// Rate is the carrier's price for a parcel.
	Rate CarrierRate `json:"rate"`
}

// CarrierRate is a carrier's price list in the form Chinese express carriers
// publish it: a price for the first kilogram and a price for each further
// kilogram begun.
type CarrierRate struct {
	FirstKgMinor int64 `json:"first_kg_minor"`
	ExtraKgMinor int64 `json:"extra_kg_minor"`
}

// Charge is the carrier's price for a parcel of grams: the first
// kilogram's price, and the extra price for each further kilogram begun.
func (r CarrierRate) Charge(grams int64) int64 {
	if grams <= 1000 {
		return r.FirstKgMinor
	}
	return r.FirstKgMinor + (grams-1000+999)/1000*r.ExtraKgMinor
}

// CarrierConnection is the platform's answer to a carrier's connection.
type CarrierConnection struct {
	CarrierID string `json:"carrier_id"`
	Decision  string `json:"decision"`
	Reason    string `json:"reason,omitempty"`
	// TrackingURL is where the carrier posts its tracking events (a
	// TrackingEvent each).
	TrackingURL string `json:"tracking_url"`
}

// QuoteRequest asks which carriers a merchant can ship a parcel with.
type QuoteRequest struct {
	WeightGrams int64 `json:"weight_grams"`
}

// ShippingQuote is the merchant's choice of carriers for a parcel, as the
// merchant sees it when choosing how to ship.
type ShippingQuote struct {
	MerchantID  string `json:"merchant_id"`
	WeightGrams int64  `json:"weight_grams"`
	// Options are the carriers the merchant can pick, in the order shown.
	Options []ShippingOption `json:"options"`
}

// ShippingOption is one carrier the merchant can pick, with its price.
type ShippingOption struct {
	CarrierID string `json:"carrier_id"`
	Label     string `json:"label"`
	// CarrierChargeMinor is the carrier's own price for the parcel.
	CarrierChargeMinor int64 `json:"carrier_charge_minor"`
	// Fees are what the platform charges the merchant on top, each with
	// what it is for.
	Fees []Fee `json:"fees"`
	// TotalMinor is what the merchant pays to ship with this carrier: the
	// carrier's charge and the fees.
	TotalMinor int64 `json:"total_minor"`
}

// ShipmentRequest ships a parcel of a merchant's order to a consumer with
// the carrier the merchant picked.
type ShipmentRequest struct {
	MerchantID  string `json:"merchant_id"`
	CarrierID   string `json:"carrier_id"`
	Consumer    string `json:"consumer"`
	WeightGrams int64  `json:"weight_grams"`
}

// Shipment is a parcel the platform booked with a carrier.
type Shipment struct {
	ShipmentID string `json:"shipment_id"`
	CarrierID  string `json:"carrier_id"`
	// Waybill is the carrier's number for the parcel, as the carrier
	// answered the booking.
	Waybill string `json:"waybill"`
}

// CarrierBooking is what the platform posts to a carrier's booking URL.
type CarrierBooking struct {
	ShipmentID  string `json:"shipment_id"`
	Consumer    string `json:"consumer"`
	WeightGrams int64  `json:"weight_grams"`
}

// CarrierBooked is the carrier's answer to a booking.
type CarrierBooked struct {
	Waybill string `json:"waybill"`
}

// Tracking event statuses, in the order a parcel goes through them.
const (
	TrackingCollected = "collected"
	TrackingInTransit = "in_transit"
	TrackingAtStation = "at_station" // waiting at a pick-up station
	TrackingDelivered = "delivered"
)

// TrackingEvent is what a carrier posts to the platform's tracking URL, and
// what the consumer is shown of it.
type TrackingEvent struct {
	Waybill  string    `json:"waybill"`
	Status   string    `json:"status"`
	Location string    `json:"location"`
	At       time.Time `json:"at"`
}

// ParcelView is a shipment as the consumer who ordered it sees it.
type ParcelView struct {
	ShipmentID string          `json:"shipment_id"`
	CarrierID  string          `json:"carrier_id"`
	Waybill    string          `json:"waybill"`
	Events     []TrackingEvent `json:"events"`
}

// ConnectCarrier connects a carrier and returns the platform's answer.
func (s *Session) ConnectCarrier(ctx context.Context, id string, req CarrierRequest) (CarrierConnection, error) {
	var out CarrierConnection
	err := s.c.do(ctx, "connect the carrier "+id, http.MethodPut, s.path("platform", "carriers", id), req, http.StatusOK, &out)
	return out, err
}

// ShippingQuote reads the carriers a merchant can ship a parcel with.
func (s *Session) ShippingQuote(ctx context.Context, merchant string, req QuoteRequest) (ShippingQuote, error) {
	var out ShippingQuote
	err := s.c.do(ctx, fmt.Sprintf("read the carriers %s can ship a parcel of %d g with", merchant, req.WeightGrams), http.MethodPost, s.path("platform", "merchants", merchant, "shipping-quotes"), req, http.StatusOK, &out)
	return out, err
}

// Ship books a parcel with the carrier the merchant picked.
func (s *Session) Ship(ctx context.Context, req ShipmentRequest) (Shipment, error) {
	var out Shipment
	err := s.c.do(ctx, "ship a parcel of "+req.MerchantID+" with "+req.CarrierID, http.MethodPost, s.path("platform", "shipments"), req, http.StatusCreated, &out)
	return out, err
}

func (o *Shipment) unusable() string { return noID(o.ShipmentID, "shipment id") }

// Parcel reads a shipment as the consumer sees it.
func (s *Session) Parcel(ctx context.Context, shipment string) (ParcelView, error) {
	var out ParcelView
	err := s.c.do(ctx, "read parcel "+shipment+" as its consumer sees it", http.MethodGet, s.path("platform", "shipments", shipment), nil, http.StatusOK, &out)
	return out, err
}
