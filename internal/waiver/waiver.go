// Package waiver reads a waivers file and applies it to a run. A waiver is a
// named person's time-limited acceptance that a requirement fails, with the
// reason: a waived failure does not block certification, but it is listed on
// the certificate and in every report, and an expired waiver is ignored (the
// failure stands) and reported as expired.
//
// The file is JSON, an array of entries:
//
//	[
//	  {"requirement": "LINK-06", "reason": "report button ships in 4.2",
//	   "approver": "Li Wei, compliance", "expires": "2026-12-31"}
//	]
//
// Every field is required; "expires" is the last day (UTC) the waiver holds.
// Unknown fields, a date that is not YYYY-MM-DD, two waivers for one
// requirement and a requirement the requirement set does not have are errors.
package waiver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// Waiver is one entry of a waivers file.
type Waiver struct {
	Requirement string `json:"requirement"`
	Reason      string `json:"reason"`
	Approver    string `json:"approver"`
	Expires     string `json:"expires"`
	expires     time.Time
}

// Parse reads a waivers file; name is used in errors.
func Parse(name string, data []byte) ([]Waiver, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ws []Waiver
	if err := dec.Decode(&ws); err != nil {
		return nil, fmt.Errorf("%s: not a JSON array of waivers ({\"requirement\", \"reason\", \"approver\", \"expires\": \"YYYY-MM-DD\"}): %v", name, err)
	}
	var errs []string
	seen := map[string]int{}
	for i := range ws {
		w := &ws[i]
		at := fmt.Sprintf("%s: waiver %d", name, i+1)
		if w.Requirement != "" {
			at += " (" + w.Requirement + ")"
		}
		for _, f := range [][2]string{{"requirement", w.Requirement}, {"reason", w.Reason}, {"approver", w.Approver}, {"expires", w.Expires}} {
			if strings.TrimSpace(f[1]) == "" {
				errs = append(errs, fmt.Sprintf("%s: %q is missing or empty", at, f[0]))
			}
		}
		if w.Expires != "" {
			t, err := time.Parse(time.DateOnly, w.Expires)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: expires %q is not a date like 2026-12-31", at, w.Expires))
			}
			w.expires = t
		}
		if prev, ok := seen[w.Requirement]; ok && w.Requirement != "" {
			errs = append(errs, fmt.Sprintf("%s: a second waiver for %s (the first is waiver %d)", at, w.Requirement, prev))
		}
		seen[w.Requirement] = i + 1
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return ws, nil
}

// Check returns an error naming every waiver for a requirement set does not
// have: a typo there would otherwise silently waive nothing.
func Check(ws []Waiver, set *requirement.Set) error {
	var errs []string
	for _, w := range ws {
		if set.Get(w.Requirement) == nil {
			var ids []string
			for _, r := range set.Requirements {
				ids = append(ids, r.ID)
			}
			errs = append(errs, fmt.Sprintf("waiver for %s: no such requirement (known: %s)", w.Requirement, strings.Join(ids, ", ")))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// Expired reports whether w no longer holds on day now (UTC).
func (w Waiver) Expired(now time.Time) bool {
	exp := w.expires
	if exp.IsZero() {
		exp, _ = time.Parse(time.DateOnly, w.Expires)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	return today.After(exp)
}

// Apply waives the failed requirements of run that a waiver in force on day
// now covers, records every waiver with what it did, and decides the run
// again.
func Apply(run *result.Run, ws []Waiver, now time.Time) {
	if len(ws) == 0 {
		return
	}
	byID := map[string]*result.RequirementResult{}
	for _, q := range run.Requirements {
		byID[q.Requirement.ID] = q
	}
	run.Waivers = nil
	for _, w := range ws {
		rw := result.Waiver{Requirement: w.Requirement, Reason: w.Reason, Approver: w.Approver, Expires: w.Expires}
		q := byID[w.Requirement]
		switch {
		case w.Expired(now):
			rw.Status = result.WaiverExpired
			if q != nil && q.Verdict == result.Fail {
				q.Reason += fmt.Sprintf(" (a waiver by %s expired on %s and was ignored)", w.Approver, w.Expires)
			}
		case q != nil && q.Verdict == result.Fail:
			rw.Status = result.WaiverApplied
			q.Verdict = result.Waived
			q.Reason = fmt.Sprintf("failed, waived by %s until %s (%s); the failure: %s", w.Approver, w.Expires, w.Reason, q.Reason)
			applied := rw
			q.Waiver = &applied
		default:
			rw.Status = result.WaiverUnused
		}
		run.Waivers = append(run.Waivers, rw)
	}
	run.Decide()
}
