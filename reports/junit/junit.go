// Package junit writes a run as JUnit XML that CI tools read correctly and
// that validates against the Apache Ant JUnit schema: one testsuite per
// feature, one testcase per scenario, a requirement's failure as <failure>,
// and steps skipped after a failure not counted at all.
package junit

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/hutong-interop/hutong/model/result"
)

type testsuites struct {
	XMLName xml.Name    `xml:"testsuites"`
	Suites  []testsuite `xml:"testsuite"`
}

type testsuite struct {
	Name       string     `xml:"name,attr"`
	Package    string     `xml:"package,attr"`
	ID         int        `xml:"id,attr"`
	Timestamp  string     `xml:"timestamp,attr"`
	Hostname   string     `xml:"hostname,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Time       string     `xml:"time,attr"`
	Properties []property `xml:"properties>property"`
	Cases      []testcase `xml:"testcase"`
	SystemOut  string     `xml:"system-out"`
	SystemErr  string     `xml:"system-err"`
}

type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type testcase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Time      string   `xml:"time,attr"`
	Skipped   *skipped `xml:"skipped,omitempty"`
	Failure   *failure `xml:"failure,omitempty"`
}

// skipped marks a failure that a waiver accepted: CI tools count it as
// skipped, not failed, and show the message.
type skipped struct {
	Message string `xml:"message,attr"`
}

type failure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// versionOrNone is the set's version as a property value.
func versionOrNone(v string) string {
	if v == "" {
		return "unversioned"
	}
	return v
}

// listOrNone is names as a property value.
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ",")
}

func seconds(d interface{ Seconds() float64 }) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// Write renders run as JUnit XML.
func Write(w io.Writer, run *result.Run) error {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	props := []property{
		{"target", run.Target},
		{"implementation", run.Implementation.Name + " " + run.Implementation.Version},
		{"roles", strings.Join(run.RolesTested, ",")},
		// Always present, "none" when nothing was announced: an absent
		// property would not tell "none" from a report that predates them.
		{"capabilities", listOrNone(run.Implementation.Capabilities)},
		{"surfaces", listOrNone(run.Implementation.Surfaces)},
		{"seed", fmt.Sprint(run.Seed)},
		{"depth", run.DepthDrawn()},
		{"requirement_set_sha256", run.RequirementSet},
		{"requirement_set_version", versionOrNone(run.RequirementSetVersion)},
		{"verdict", run.Summary},
		{"decision", string(run.Decision)},
		{"certified", fmt.Sprint(run.Certified)},
		{"partial", fmt.Sprint(run.Partial)},
		{"interrupted", fmt.Sprint(run.Interrupted)},
	}
	if run.Tags != "" {
		props = append(props, property{"tags", run.Tags})
	}
	var waived []string
	waiverOf := map[string]*result.Waiver{}
	for _, q := range run.Requirements {
		if q.Verdict == result.Waived && q.Waiver != nil {
			waived = append(waived, q.Requirement.ID)
			waiverOf[q.Requirement.ID] = q.Waiver
		}
	}
	if len(waived) > 0 {
		props = append(props, property{"waived", strings.Join(waived, ",")})
	}
	for _, q := range run.Requirements {
		if q.Basis != "" {
			props = append(props, property{"basis." + q.Requirement.ID, q.Basis})
		}
	}
	if run.Pages {
		observer := run.Observer
		if observer == "" {
			observer = "none: the pages were not observed, display requirements rest on declarations"
		}
		props = append(props, property{"pages_observed_with", observer})
	}
	for i, w := range run.Warnings {
		props = append(props, property{fmt.Sprintf("warning.%d", i+1), w})
	}
	for i, f := range run.ContractFindings {
		props = append(props, property{fmt.Sprintf("contract_finding.%d", i+1), f})
	}
	var doc testsuites
	byFile := map[string]int{}
	for _, s := range run.Scenarios {
		i, ok := byFile[s.File]
		if !ok {
			family := path.Dir(s.File)
			doc.Suites = append(doc.Suites, testsuite{
				Name: s.FeatureName, Package: "hutong." + family, ID: len(doc.Suites),
				Timestamp: run.Started.UTC().Format("2006-01-02T15:04:05"), Hostname: host, Properties: props,
			})
			i = len(doc.Suites) - 1
			byFile[s.File] = i
		}
		ts := &doc.Suites[i]
		tc := testcase{
			Name:      fmt.Sprintf("%s: %s", s.Requirement, s.Name),
			Classname: fmt.Sprintf("hutong.%s.%s", path.Dir(s.File), s.Requirement),
			Time:      seconds(s.Duration),
		}
		ts.Tests++
		if s.Status == result.NotRunStatus {
			// Not judged is not failed: CI tools count it as skipped.
			ts.Skipped++
			tc.Skipped = &skipped{Message: s.Failure}
		} else if w := waiverOf[s.Requirement]; w != nil && s.Status != result.Passed {
			ts.Skipped++
			tc.Skipped = &skipped{Message: fmt.Sprintf("WAIVED by %s until %s (%s); it failed: %s", w.Approver, w.Expires, w.Reason, s.Failure)}
		} else if s.Status != result.Passed {
			ts.Failures++
			tc.Failure = &failure{Message: s.Failure, Type: "requirement " + s.Requirement + " (" + s.Level + ") not met", Text: stepLog(s)}
		}
		ts.Cases = append(ts.Cases, tc)
	}
	if len(doc.Suites) == 0 {
		// A run with no scenario still says what was run and why nothing
		// was: a suite with no cases carries the properties.
		doc.Suites = append(doc.Suites, testsuite{Name: "hutong", Package: "hutong", Timestamp: run.Started.UTC().Format("2006-01-02T15:04:05"),
			Hostname: host, Properties: props})
	}
	for i := range doc.Suites {
		var total float64
		for _, s := range run.Scenarios {
			if byFile[s.File] == i {
				total += s.Duration.Seconds()
			}
		}
		doc.Suites[i].Time = fmt.Sprintf("%.3f", total)
		doc.Suites[i].SystemOut = run.Summary + "\n"
		if len(run.Warnings) > 0 {
			doc.Suites[i].SystemErr = "WARNING: " + strings.Join(run.Warnings, "\nWARNING: ") + "\n"
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// stepLog lists the scenario's steps the way a person reads them.
func stepLog(s *result.Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d\n", s.File, s.Line)
	if r := s.Responsible; r != nil && s.Status == result.Failed {
		fmt.Fprintf(&b, "who failed: %s — %s\n", r.Party, r.Why)
		if r.Exchange >= 0 && r.Exchange < len(s.Evidence) {
			x := s.Evidence[r.Exchange]
			status := "no response"
			if x.Status != 0 {
				status = fmt.Sprint(x.Status)
			}
			fmt.Fprintf(&b, "shown by: %s → %s %s %s: %s\n", x.From, x.To, x.Method, x.URL, status)
		}
	}
	for _, st := range s.Steps {
		fmt.Fprintf(&b, "%-9s %s%s\n", "["+string(st.Status)+"]", st.Keyword, st.Text)
		if st.Error != "" {
			fmt.Fprintf(&b, "          -> %s\n", st.Error)
		}
	}
	return b.String()
}
