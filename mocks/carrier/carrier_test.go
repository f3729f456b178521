package carrier

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
)

func TestACarrierBooksParcelsAndReportsWhatThePlatformAnswered(t *testing.T) {
	var got []iti.TrackingEvent
	platform := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e iti.TrackingEvent
		require.NoError(t, json.NewDecoder(r.Body).Decode(&e))
		got = append(got, e)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer platform.Close()
	c := New("cr-a", "Express A", iti.TierTail, iti.CarrierRate{FirstKgMinor: 800}, platform.Client())
	carrierSrv := httptest.NewServer(c)
	defer carrierSrv.Close()

	resp, err := http.Post(carrierSrv.URL+BookingPath, "application/json", strings.NewReader(`{"shipment_id":"s1","consumer":"c","weight_grams":1200}`))
	require.NoError(t, err)
	var booked iti.CarrierBooked
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&booked))
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp, err = http.Post(carrierSrv.URL+BookingPath, "application/json", strings.NewReader(`{"shipment_id":""}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a booking without a shipment is refused")
	bs := c.Bookings()
	require.Len(t, bs, 2)
	assert.Equal(t, booked.Waybill, bs[0].Waybill)
	assert.NotEmpty(t, bs[1].Refused)

	s := c.Track(context.Background(), iti.TrackingEvent{Waybill: booked.Waybill, Status: iti.TrackingCollected, At: time.Now()})
	assert.Contains(t, s.Error, "no tracking URL", "a carrier the platform gave no tracking URL says so")
	c.Connect(iti.CarrierConnection{TrackingURL: platform.URL + "/t"})
	s = c.Track(context.Background(), iti.TrackingEvent{Waybill: booked.Waybill, Status: iti.TrackingCollected, At: time.Now()})
	assert.Equal(t, http.StatusAccepted, s.Status)
	require.Len(t, got, 1)
	assert.Equal(t, booked.Waybill, got[0].Waybill)
	assert.Len(t, c.Sent(), 2)
}
