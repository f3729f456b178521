// Package result is what a run found: scenarios with their steps and
// evidence, requirement verdicts and the certification decision. The runner
// fills it; reports only read it.
package result

import (
	"time"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
)

// Status of a step or scenario.
type Status string

// Statuses.
const (
	Passed    Status = "passed"
	Failed    Status = "failed"
	Skipped   Status = "skipped"
	Undefined Status = "undefined"
	Pending   Status = "pending"
	// NotRunStatus is a scenario the harness could not judge: the run was
	// interrupted, or the implementation stopped answering, before it ran.
	// It is never a failure of the implementation's compliance.
	NotRunStatus Status = "not run"
)

// Verdict of a requirement.
type Verdict string

// Verdicts.
const (
	Pass   Verdict = "pass"
	Fail   Verdict = "fail"
	NotRun Verdict = "not run"
	Waived Verdict = "waived"
)

// Step is one executed step.
type Step struct {
	Keyword  string        `json:"keyword"`
	Text     string        `json:"text"`
	Line     int           `json:"line"`
	Status   Status        `json:"status"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration_ns"`
	// Table is a data table argument, row by row.
	Table [][]string `json:"table,omitempty"`
	// Basis is the evidence the step judged on (evidence.Artefact,
	// Observed, Declared); "" for a step that judged nothing.
	Basis string `json:"basis,omitempty"`
}

// Scenario is one executed scenario (one example row of an outline).
type Scenario struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	File        string              `json:"file"`
	Line        int                 `json:"line"`
	FeatureName string              `json:"feature"`
	Requirement string              `json:"requirement"`
	Level       string              `json:"level"`
	Roles       []string            `json:"roles"`
	Tags        []string            `json:"tags"`
	Status      Status              `json:"status"`
	Failure     string              `json:"failure,omitempty"`
	Started     time.Time           `json:"started"`
	Duration    time.Duration       `json:"duration_ns"`
	Steps       []Step              `json:"steps"`
	Evidence    []evidence.Exchange `json:"evidence,omitempty"`
	// Unreachable is set when a step failed with no answer at all from the
	// implementation; if the implementation turns out to be gone, the
	// runner makes such a scenario "not run".
	Unreachable bool            `json:"unreachable,omitempty"`
	Notes       []evidence.Note `json:"notes,omitempty"`
	// Cases are the generated cases and threats the scenario judged.
	Cases []evidence.Case `json:"cases,omitempty"`
	// Responsible is, for a failed scenario, the party its evidence shows
	// failed — the implementation, a counterparty the harness plays, or
	// the network — with the exchange that shows it (Attribute). Reports
	// show it only while the scenario's status is failed.
	Responsible *Responsibility `json:"responsible,omitempty"`
	// Screenshots are the pages its steps saw in the browser.
	Screenshots []evidence.Screenshot `json:"screenshots,omitempty"`
}

// Basis is the weakest evidence the scenario's steps judged on; a scenario
// whose steps recorded none judged on ITI answers: declared.
func (s *Scenario) Basis() string {
	var ls []string
	for _, st := range s.Steps {
		ls = append(ls, st.Basis)
	}
	if b := evidence.Weakest(ls...); b != "" {
		return b
	}
	return evidence.Declared
}

// RequirementResult is a requirement's verdict and the scenarios behind it.
type RequirementResult struct {
	Requirement *requirement.Requirement `json:"requirement"`
	Verdict     Verdict                  `json:"verdict"`
	Scenarios   []*Scenario              `json:"-"`
	// Reason says in plain words why the verdict is what it is.
	Reason string `json:"reason,omitempty"`
	// Waiver is the waiver that turned a failure into Waived, if any.
	Waiver *Waiver `json:"waiver,omitempty"`
	// Cases counts the cases its scenarios judged (each scenario counts
	// at least one); Threats the threats tried, of them; Power says, in
	// words, the detection power those cases reach (Judge fills it).
	Cases   int    `json:"cases"`
	Threats int    `json:"threats,omitempty"`
	Power   string `json:"power,omitempty"`
	// ThroughThreats counts the threats tried that got through: those
	// whose case did not hold. Attacks says both counts in words.
	ThroughThreats int    `json:"threats_through,omitempty"`
	Attacks        string `json:"attacks,omitempty"`
	// Basis is how the verdict was established: the weakest evidence any
	// of its judged scenarios rests on (evidence.Artefact, Observed,
	// Declared); "" when nothing was judged.
	Basis string `json:"basis,omitempty"`
}

// Waiver is an accepted, time-limited exception to a requirement.
type Waiver struct {
	Requirement string `json:"requirement"`
	Reason      string `json:"reason"`
	Approver    string `json:"approver"`
	// Expires is the last day (YYYY-MM-DD, UTC) the waiver holds.
	Expires string `json:"expires"`
	// Status is what the waiver did in this run: WaiverApplied,
	// WaiverUnused or WaiverExpired.
	Status string `json:"status"`
}

// Waiver statuses.
const (
	WaiverApplied = "applied" // the requirement failed; the waiver made it "waived"
	WaiverUnused  = "unused"  // the requirement did not fail, so the waiver was not needed
	WaiverExpired = "expired" // past its expiry: ignored, the failure stands
)

// Run is the whole outcome.
type Run struct {
	Harness        string               `json:"harness"`
	HarnessVersion string               `json:"harness_version"`
	Target         string               `json:"target"`
	Implementation ImplementationInfo   `json:"implementation"`
	RolesClaimed   []string             `json:"roles_claimed"`
	RolesTested    []string             `json:"roles_tested"`
	Tags           string               `json:"tags,omitempty"`
	Seed           int64                `json:"seed"`
	Concurrency    int                  `json:"concurrency"`
	Started        time.Time            `json:"started"`
	Finished       time.Time            `json:"finished"`
	Scenarios      []*Scenario          `json:"scenarios"`
	Requirements   []*RequirementResult `json:"requirements"`
	RequirementSet string               `json:"requirement_set_sha256"`
	// RequirementSetVersion names the requirement set's text
	// (requirement.Set.VersionLabel): its version, marked "+modified" or
	// "+unrecorded" when the text is not the one released under it; ""
	// for a set without a version.
	RequirementSetVersion string `json:"requirement_set_version,omitempty"`
	// RequirementFiles are the feature files run, each with its SHA-256, so a
	// certificate can bind itself to the exact requirement text.
	RequirementFiles []requirement.File `json:"requirement_files,omitempty"`
	// Lang is the language of the requirement text run (requirement.Set.Lang):
	// "en", or "zh-CN" for the Chinese twin, whose files RequirementFiles
	// are then, at their paths below zh-CN/.
	Lang string `json:"lang,omitempty"`
	// Depth is how many cases the run drew of each requirement
	// (DepthCertification, DepthQuick); "" is a record from before depths,
	// read as certification depth.
	Depth string `json:"depth,omitempty"`
	// Partial is set when a filter left out MUST requirements of the roles
	// tested: such a run is not a certification.
	Partial bool `json:"partial"`
	// Waivers are every waiver given for the run, with what each did.
	Waivers     []Waiver `json:"waivers,omitempty"`
	Interrupted bool     `json:"interrupted"`
	// Untestable says why the implementation could not be tested, when it
	// could not (it stopped answering, or broke the contract mid-run).
	Untestable string `json:"untestable,omitempty"`
	// Shard is "K/N" for one slice of a run, which is never a certification.
	Shard string `json:"shard,omitempty"`
	// FailOn is the lowest level whose failure makes the run not certified:
	// requirement.Must or requirement.Should ("" is Should).
	FailOn string `json:"fail_on"`

	// Decision, Reasons, Certified and Summary are Decide's, and nothing
	// else may set them: every report and the exit code derive from them.
	Decision Decision `json:"decision"`
	// Reasons says, one finding a line, everything that keeps the run from
	// being a plain certification.
	Reasons   []string `json:"decision_reasons,omitempty"`
	Certified bool     `json:"certified"`
	Summary   string   `json:"summary"`
	// Pages is set when the implementation announced its pages
	// (iti.CapabilityPages); Observer names the browser that observed
	// them, "" when none did: then the display requirements rest on
	// declarations and the run cannot certify (Decide).
	Pages    bool   `json:"pages,omitempty"`
	Observer string `json:"observer,omitempty"`
	// Warnings are conditions of the run every report must show, such as TLS
	// verification of the implementation being off.
	Warnings []string `json:"warnings,omitempty"`
	// ContractFindings are the implementation's departures from the letter
	// of the ITI that change no meaning (a 200 where 201 is specified), once
	// each: reported, never a requirement's failure.
	ContractFindings []string `json:"contract_findings,omitempty"`
	// FailedCalls are the ITI calls that failed, once per operation and
	// reason: what 'hutong iti check' reports.
	FailedCalls []string `json:"failed_calls,omitempty"`
	// Reached are the ITI operations the implementation answered as the
	// ITI describes at least once, each by its method and path template
	// (iti.Operation.Key: "POST /sessions/{session}/platform/shipments"),
	// and for one offered per surface, on which surface: what 'hutong iti
	// check' holds against the operations the roles claimed and the
	// capabilities announced bring in.
	Reached []string `json:"operations_reached,omitempty"`
	// Selected are the keys (FILE:LINE) of every scenario the run's filter
	// selected, in feature order, including those of other shards.
	Selected []string `json:"-"`
}

// ImplementationInfo is the IUT's identity, from discovery.
type ImplementationInfo struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Vendor  string   `json:"vendor,omitempty"`
	Roles   []string `json:"roles"`
	// Capabilities are the optional parts of the contract it announced
	// ("pages", "logistics"), and Surfaces the places besides chats its
	// messenger said links can be put ("article_ad", …), each as it named
	// them, once. Requirements on a part it did not announce are not run
	// and a surface it did not name is not checked, so what a verdict
	// covered is these as much as the roles: a certificate without them
	// could not tell a platform judged on its carriers from one that
	// never offered any.
	Capabilities []string `json:"capabilities,omitempty"`
	Surfaces     []string `json:"surfaces,omitempty"`
}

// Failed lists the IDs of requirements that failed, in order.
func (r *Run) Failed() []string {
	var out []string
	for _, q := range r.Requirements {
		if q.Verdict == Fail {
			out = append(out, q.Requirement.ID)
		}
	}
	return out
}

// Count counts requirements by verdict and level ("" for any level).
func (r *Run) Count(v Verdict, level string) int {
	n := 0
	for _, q := range r.Requirements {
		if q.Verdict == v && (level == "" || q.Requirement.Level == level) {
			n++
		}
	}
	return n
}
