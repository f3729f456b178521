package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/reference"
	"github.com/hutong-interop/hutong/reference/messenger"
)

// edited serves the reference, with variants, black-box: a request for which
// edit writes an answer gets that answer, and every other the reference's.
// edit may call ref itself, to change what the reference answers.
func edited(t *testing.T, variants []string, edit func(w http.ResponseWriter, r *http.Request, ref http.Handler) bool) string {
	t.Helper()
	client := reference.NewClient(5 * time.Second)
	ref, err := reference.New(reference.Options{Client: client, Variants: variants})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if edit == nil || !edit(w, r, ref) {
			ref.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(func() {
		srv.Close()
		client.CloseIdleConnections()
	})
	return srv.URL + "/iti/v1"
}

// withoutCapabilities answers discovery without the capabilities the
// reference announces.
func withoutCapabilities(w http.ResponseWriter, r *http.Request, ref http.Handler) bool {
	if r.Method != http.MethodGet || strings.TrimSuffix(r.URL.Path, "/") != "/iti/v1" {
		return false
	}
	rec := httptest.NewRecorder()
	ref.ServeHTTP(rec, r)
	var d map[string]any
	if json.Unmarshal(rec.Body.Bytes(), &d) != nil {
		return false
	}
	delete(d, "capabilities")
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(d)
	return true
}

// referenceCheck is 'hutong iti check' of the embedded reference, the
// messenger and the platform: run once (under -race it takes seconds) for
// the test that the reference passes and the test of what is announced.
var referenceCheck = sync.OnceValue(func() invocation { return invoke("iti", "check", "--roles", "messenger,platform") })

// 'iti check' tries the operations of what the implementation announces as
// it tries a role's: the reference's carriers and its three surfaces are
// reached, each surface on its own; without them, none of their operations
// is expected, and the check passes on the rest.
func TestITICheckTriesWhatIsAnnounced(t *testing.T) {
	c := referenceCheck()
	code, out, errOut := c.code, c.out, c.err
	require.Equal(t, exitOK, code, out+errOut)
	assert.Contains(t, out, "Announced: capabilities logistics; surfaces besides chats article_ad, moments_ad, short_video\n")
	// Discovery and sessions 3, the messenger's 5, the platform's 15,
	// the carriers' 4, and 2 on each of the 3 surfaces.
	assert.Contains(t, out, "Operations reached: 33 of the 33 the roles tested and the announcements bring in\n")
	assert.Contains(t, out, "The ITI answers as described.")

	url := edited(t, []string{messenger.NoSurfaces}, withoutCapabilities)
	code, out, errOut = hutong(t, "iti", "check", "--roles", "messenger,platform", "--target", url)
	require.Equal(t, exitOK, code, out+errOut)
	assert.Contains(t, out, "Announced: capabilities none; surfaces besides chats none\n")
	assert.Contains(t, out, "Operations reached: 23 of the 23 the roles tested and the announcements bring in\n")

	// A name the ITI does not know is said, and not tried.
	url = edited(t, nil, func(w http.ResponseWriter, r *http.Request, ref http.Handler) bool {
		if r.Method != http.MethodGet || strings.TrimSuffix(r.URL.Path, "/") != "/iti/v1" {
			return false
		}
		rec := httptest.NewRecorder()
		ref.ServeHTTP(rec, r)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(strings.Replace(rec.Body.String(), `"logistics"`, `"logistics","teleport"`, 1)))
		return true
	})
	code, out, errOut = hutong(t, "iti", "check", "--roles", "platform", "--target", url)
	require.Equal(t, exitOK, code, out+errOut)
	assert.Contains(t, out, `Announced, but not in the ITI, so not tried: capability "teleport"`)
}

// What is wrong with an announced operation is named as it is for a role's:
// an answer the ITI's types cannot read, an answer with no id, and an
// operation that answers on one surface and not on another, which leaves
// the calls after it untried.
func TestITICheckNamesWhatIsWrongWithAnnouncedOperations(t *testing.T) {
	broken := func(path string, status int, body string) string {
		return edited(t, nil, func(w http.ResponseWriter, r *http.Request, _ http.Handler) bool {
			if !strings.Contains(r.URL.Path, path) {
				return false
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(body))
			return true
		})
	}
	code, out, errOut := hutong(t, "iti", "check", "--roles", "platform", "--tags", "@LOG-01",
		"--target", broken("/shipping-quotes", http.StatusOK, `{"merchant_id": "m", "weight_grams": 1, "options": 7}`))
	assert.Equal(t, exitNotCertified, code, out+errOut)
	assert.Regexp(t, `read the carriers shop-\w+ can ship a parcel of \d+ g with \(POST\): answered 200: the answer is not the JSON the ITI describes: field "options"`, out)
	assert.Contains(t, out, "POST /sessions/{session}/platform/merchants/{merchant}/shipping-quotes: the answer departs from the ITI's schema")
	assert.Contains(t, out, "CONTRACT PROBLEMS")

	code, out, errOut = hutong(t, "iti", "check", "--roles", "platform", "--tags", "@LOG-01",
		"--target", broken("/platform/shipments", http.StatusCreated, `{"shipment_id": "", "carrier_id": "c", "waybill": "w"}`))
	assert.Equal(t, exitNotCertified, code, out+errOut)
	assert.Regexp(t, `ship a parcel of shop-\w+ with cr-\w+ \(POST\): answered 201: the answer gives no shipment id`, out)

	// Moments ads are announced but not served: the placement there is a
	// refusal, and what would have followed it — the next surface's
	// placements, then every reading — is never tried.
	url := edited(t, nil, func(w http.ResponseWriter, r *http.Request, _ http.Handler) bool {
		if !strings.Contains(r.URL.Path, "/surfaces/moments_ad/") {
			return false
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"title": "no such surface"}`))
		return true
	})
	code, out, errOut = hutong(t, "iti", "check", "--roles", "messenger", "--target", url)
	assert.Equal(t, exitNotCertified, code, out+errOut)
	assert.Contains(t, out, "place a link on moments_ad (POST): answered 404: expected 201 Created; it said: no such surface")
	assert.Contains(t, out, "  - placeLink on moments_ad: POST /sessions/{session}/messenger/surfaces/{surface}/placements (a surface the messenger names)\n")
	assert.Contains(t, out, "  - readPlacement on moments_ad: GET /sessions/{session}/messenger/surfaces/{surface}/placements/{placement} (a surface the messenger names)\n")
	assert.NotContains(t, out, "placeLink on article_ad:", "the surface before it was reached")
	assert.Contains(t, out, "  - readPlacement on article_ad: ")
	assert.Contains(t, out, `LINK-07 "`, "the scenario that stopped is named")
	assert.Contains(t, out, "NOT ALL TRIED")
	assert.NotContains(t, out, "CONTRACT PROBLEMS", "a refusal is not one")

	// A platform that announces carriers and connects none.
	code, out, errOut = hutong(t, "iti", "check", "--roles", "platform", "--target",
		broken("/platform/carriers/", http.StatusNotFound, `{"title": "not here"}`))
	assert.Equal(t, exitNotCertified, code, out+errOut)
	for _, op := range []string{"shippingQuote", "ship", "readParcel"} {
		assert.Contains(t, out, "  - "+op+": ", "%s is never reached", op)
	}
	assert.Contains(t, out, "(capability logistics)")
}

// A filter leaves out the scenarios that use some operations: they are not
// reached, and that is not a finding.
func TestITICheckWithAFilterCountsWhatItLeftOut(t *testing.T) {
	code, out, errOut := hutong(t, "iti", "check", "--roles", "platform", "--tags", "@LOG-01")
	require.Equal(t, exitOK, code, out+errOut)
	assert.Regexp(t, `\n\d+ operation\(s\) not reached: the filter \(--tags, --shard\) left out the scenarios that use them\.\n`, out)
	assert.Contains(t, out, "The ITI answers as described in every operation reached.")
}
