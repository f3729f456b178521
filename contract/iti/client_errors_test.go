package iti

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each misbehaviour of an implementation must come back as an error that
// names the operation, the exchange and what was wrong — never a panic, never
// a zero value passed off as an answer.
func TestClientErrorsSayWhatWentWrong(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    []string
	}{
		{"malformed JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"iti_version": "1", "implementation": {`))
		}, []string{"discovery (GET", "not the JSON the ITI describes"}},
		{"wrong type", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"iti_version": 1}`))
		}, []string{`field "iti_version" should be string`}},
		{"wrong status with problem", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"title": "maintenance"}`))
		}, []string{"answered 503 Service Unavailable", "expected 200 OK", "it said: maintenance"}},
		{"not JSON at all", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html>login</html>`))
		}, []string{`expected a JSON answer, got content type "text/html"`}},
		{"huge body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"x":"` + strings.Repeat("a", DefaultMaxBody) + `"}`))
		}, []string{"larger than the " + strconv.Itoa(DefaultMaxBody) + "-byte limit"}},
		{"other ITI version", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"iti_version": "9", "implementation": {"name": "x", "version": "1"}, "roles": []}`))
		}, []string{`speaks ITI version "9"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(c.handler)
			defer srv.Close()
			cl, err := NewClient(srv.URL+"/iti/v1", srv.Client())
			require.NoError(t, err)
			_, err = cl.Discover(context.Background())
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestClientTimesOutOnAHangingImplementation(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	cl, err := NewClient(srv.URL, &http.Client{Timeout: 100 * time.Millisecond})
	require.NoError(t, err)
	_, err = cl.Discover(context.Background())
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrUnreachable))
	assert.Contains(t, err.Error(), "no answer")
}

func TestNewClientRejectsUnusableURLs(t *testing.T) {
	for _, u := range []string{"ftp://x/iti", "http://", "::nonsense"} {
		_, err := NewClient(u, nil)
		assert.Error(t, err, u)
	}
}

// What an implementation says about itself reaches a regulator's terminal
// and every report: it comes back bounded, with every control sequence
// visible, and a problem's words too.
func TestHostileDiscoveryIsBoundedAndVisible(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"iti_version": "1", "implementation": {"name": "Acme\u001b[8m` + strings.Repeat("x", 10<<20) +
			`", "version": "1\r\nCertified: true", "vendor": "\u202eevil"}, "roles": ["messenger"]}`))
	}))
	defer srv.Close()
	cl, err := NewClient(srv.URL+"/iti/v1", srv.Client())
	require.NoError(t, err)
	d, err := cl.Discover(context.Background())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(d.Implementation.Name, `Acme\x1b[8mxxx`), d.Implementation.Name[:20])
	assert.Less(t, len(d.Implementation.Name), 300)
	assert.Equal(t, `1\r\nCertified: true`, d.Implementation.Version)
	assert.Equal(t, `\u202eevil`, d.Implementation.Vendor)

	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"title": "no\u001b]0;pwned\u0007", "detail": "` + strings.Repeat("d", 1<<20) + `"}`))
	}))
	defer srv2.Close()
	cl, err = NewClient(srv2.URL+"/iti/v1", srv2.Client())
	require.NoError(t, err)
	_, err = cl.Discover(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `it said: no\x1b]0;pwned\x07`)
	assert.Less(t, len(err.Error()), 3000)
}

// The capabilities a discovery answer announces reach the certificate: each
// comes back harmless, and a list no implementation could mean is refused,
// as too many roles are.
func TestDiscoveryBoundsTheCapabilitiesAnnounced(t *testing.T) {
	discover := func(capabilities string) (Discovery, error) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"iti_version": "1", "implementation": {"name": "x", "version": "1"}, "roles": ["platform"], "capabilities": [` + capabilities + `]}`))
		}))
		defer srv.Close()
		cl, err := NewClient(srv.URL, srv.Client())
		require.NoError(t, err)
		return cl.Discover(context.Background())
	}
	d, err := discover(`"logistics", "pages\u001b[2J\r\nCertified: true"`)
	require.NoError(t, err)
	assert.True(t, d.HasCapability(CapabilityLogistics))
	assert.Equal(t, `pages\x1b[2J\r\nCertified: true`, d.Capabilities[1])
	assert.False(t, d.HasCapability(CapabilityPages), "a name is the ITI's exactly or not at all")

	_, err = discover(strings.TrimSuffix(strings.Repeat(`"pages",`, maxCapabilities+1), ","))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "announces 33 capabilities")
}

// Any 2xx means the call succeeded: another success code than the one
// specified is a deviation the client reports, not a failure.
func TestAnotherSuccessCodeIsADeviationNotAFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK) // the contract says 201
		w.Write([]byte(`{"session_id": "s1"}`))
	}))
	defer srv.Close()
	cl, err := NewClient(srv.URL+"/iti/v1", srv.Client())
	require.NoError(t, err)
	var got []Deviation
	cl.Deviation = func(d Deviation) { got = append(got, d) }
	s, err := cl.OpenSession(context.Background(), SessionRequest{})
	require.NoError(t, err)
	assert.Equal(t, "s1", s.ID)
	require.Len(t, got, 1)
	assert.Equal(t, "open a session", got[0].Op)
	assert.Contains(t, got[0].What, "answered 200 OK where the contract specifies 201 Created")
}

// Answers are checked against the description's own schemas: a departure
// is a deviation naming the field, the call goes on, and a conforming answer
// reports nothing.
func TestAnswersAreValidatedAgainstTheDescription(t *testing.T) {
	v, err := NewValidator()
	require.NoError(t, err)
	answer := `{"iti_version": "1", "implementation": {"name": "x", "version": "1"}, "roles": ["messenger"]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(answer))
	}))
	defer srv.Close()
	cl, err := NewClient(srv.URL+"/iti/v1", srv.Client())
	require.NoError(t, err)
	var got []Deviation
	cl.Deviation = func(d Deviation) { got = append(got, d) }
	cl.Validator = v
	_, err = cl.Discover(context.Background())
	require.NoError(t, err)
	assert.Empty(t, got, "a conforming answer")

	answer = `{"iti_version": "1", "implementation": {"name": "x", "version": "1"}, "roles": "messenger"}`
	_, err = cl.Discover(context.Background())
	require.Error(t, err, "roles as a string cannot be read at all")
	require.Len(t, got, 1)
	assert.Contains(t, got[0].What, "departs from the ITI's schema")
	assert.Contains(t, got[0].What, "roles")
}
