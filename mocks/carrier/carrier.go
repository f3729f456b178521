// Package carrier is a mock express carrier on a marketplace: it takes the
// platform's bookings of parcels (answering each with a waybill number) and
// posts the platform tracking events, as a carrier's systems would. It
// records every booking that reaches it and every event it sent with the
// platform's answer, so the harness can compare what the platform shows
// with what the carrier saw and said.
package carrier

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
)

// BookingPath is where the carrier takes bookings (POST, iti.CarrierBooking).
const BookingPath = "/bookings"

// Carrier is one carrier. Its fields are set before it serves.
type Carrier struct {
	ID   string
	Name string
	Tier string
	Rate iti.CarrierRate
	// Client posts tracking events to the platform.
	Client *http.Client

	mu          sync.Mutex
	trackingURL string
	bookings    []Booking
	sent        []Sent
}

// New returns a carrier of tier with rate.
func New(id, name, tier string, rate iti.CarrierRate, client *http.Client) *Carrier {
	return &Carrier{ID: id, Name: name, Tier: tier, Rate: rate, Client: client}
}

// Booking is a booking that reached the carrier, with the waybill it was
// given; Refused says why one was not.
type Booking struct {
	Booking iti.CarrierBooking
	Waybill string
	Refused string
}

// Sent is a tracking event the carrier posted, with the platform's answer.
type Sent struct {
	Event  iti.TrackingEvent
	URL    string
	Status int    // what the platform answered; 0 if no answer
	Error  string // why no answer came
}

// Connect records where the platform takes this carrier's tracking events.
func (c *Carrier) Connect(conn iti.CarrierConnection) {
	c.mu.Lock()
	c.trackingURL = conn.TrackingURL
	c.mu.Unlock()
}

// Bookings returns a copy of the bookings that reached the carrier.
func (c *Carrier) Bookings() []Booking {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Booking(nil), c.bookings...)
}

// Sent returns a copy of the tracking events the carrier posted.
func (c *Carrier) Sent() []Sent {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Sent(nil), c.sent...)
}

// ServeHTTP takes bookings.
func (c *Carrier) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.URL.Path != BookingPath || r.Method != http.MethodPost {
		http.Error(rw, "no such page at "+c.Name, http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var b Booking
	if err != nil || json.Unmarshal(body, &b.Booking) != nil {
		b.Refused = "the booking is not readable JSON"
	} else if b.Booking.ShipmentID == "" || b.Booking.WeightGrams <= 0 {
		b.Refused = "the booking names no shipment or no positive weight"
	}
	c.mu.Lock()
	if b.Refused == "" {
		b.Waybill = fmt.Sprintf("%s-%06d", c.ID, len(c.bookings)+1)
	}
	c.bookings = append(c.bookings, b)
	c.mu.Unlock()
	if b.Refused != "" {
		http.Error(rw, b.Refused, http.StatusBadRequest)
		return
	}
	rw.Header().Set("Content-Type", "application/json")
	json.NewEncoder(rw).Encode(iti.CarrierBooked{Waybill: b.Waybill})
}

// Track posts e to the platform's tracking URL and records the answer. A
// carrier does not guard for the platform: whatever the answer, the event
// was sent, and what the consumer is shown of it is the platform's doing.
func (c *Carrier) Track(ctx context.Context, e iti.TrackingEvent) Sent {
	c.mu.Lock()
	u := c.trackingURL
	c.mu.Unlock()
	s := Sent{Event: e, URL: u}
	defer func() {
		c.mu.Lock()
		c.sent = append(c.sent, s)
		c.mu.Unlock()
	}()
	if u == "" {
		s.Error = "the platform gave this carrier no tracking URL"
		return s
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	body, _ := json.Marshal(e)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		s.Error = err.Error()
		return s
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Client.Do(req)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	s.Status = resp.StatusCode
	return s
}
