package logistics

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/carrier"
)

func TestRateChargesEachKilogramBegun(t *testing.T) {
	r := parseRate("800+200")
	assert.Equal(t, iti.CarrierRate{FirstKgMinor: 800, ExtraKgMinor: 200}, r)
	for grams, want := range map[int64]int64{1: 800, 1000: 800, 1001: 1000, 2000: 1000, 2001: 1200, 50000: 800 + 49*200} {
		assert.Equal(t, want, r.Charge(grams), "%d g", grams)
	}
}

// The consumer's view passes with every event the carrier sent, in any
// order and beside events of the platform's own; it fails when one is
// missing or the parcel is shown under another waybill.
func TestShownAcceptsHonestViewsAndNamesWhatIsMissing(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)
	cr := &carrierOf{id: "cr-x", tier: iti.TierTail, mock: carrier.New("cr-x", "X", iti.TierTail, iti.CarrierRate{}, nil),
		shipment: &iti.Shipment{ShipmentID: "s1", CarrierID: "cr-x", Waybill: "W1"}}
	sent := []iti.TrackingEvent{{Waybill: "W1", Status: iti.TrackingCollected, At: at}, {Waybill: "W1", Status: iti.TrackingAtStation, At: at.Add(time.Minute)}}
	cr.mock.Connect(iti.CarrierConnection{}) // no URL: Track records the events without posting them
	for _, e := range sent {
		cr.mock.Track(t.Context(), e)
	}
	honest := iti.ParcelView{ShipmentID: "s1", CarrierID: "cr-x", Waybill: "W1", Events: []iti.TrackingEvent{
		{Status: iti.TrackingAtStation, At: at.Add(time.Minute).In(time.FixedZone("CST", 8*3600)), Location: "驿站"},
		{Status: iti.TrackingInTransit, At: at.Add(30 * time.Second)},
		{Status: iti.TrackingCollected, At: at},
	}}
	assert.Empty(t, shown(cr, honest))
	partial := honest
	partial.Events = honest.Events[1:]
	assert.Contains(t, shown(cr, partial), "at_station")
	other := honest
	other.Waybill = "W2"
	assert.Contains(t, shown(cr, other), "waybill")
}
