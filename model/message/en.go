package message

// The harness's sentences in English. Each is the key of its translations
// (zh.go) and, through fmt, the English text itself, so what the certificate,
// result.json and every English report say is exactly these formats.
// %v quotes an argument as recorded (a step's finding, an error): see the
// package doc.

// The run's decision (model/result Decide): its reasons.
const (
	ReasonUntestable   = "the implementation could not be tested: %s"
	ReasonInterrupted  = "the run was interrupted before it finished"
	ReasonNothing      = "no requirement was tested"
	ReasonMustFailed   = "MUST requirement %s failed"
	ReasonShouldFailed = "SHOULD requirement %s failed, and the run fails on SHOULD requirements"
	ReasonMustNotRun   = "MUST requirement %s was not run"
	// ReasonShallow: a MUST requirement passed on fewer cases than a
	// certification needs (issue 14: certification depth reaches 99 %).
	ReasonShallow      = "MUST requirement %s passed on %d case(s): a violation affecting 10 %% of its cases would have shown with probability %s, short of the 99 %% a certification needs"
	ReasonRoleUntested = "the implementation claims the role %q, which was not tested"
	ReasonShard        = "shard %s is one slice of a run; only the merge of every shard is judged whole"
	// ReasonPagesNotObserved: the implementation announced pages and no
	// browser saw them (issue 16: no silent fallback to declarations).
	ReasonPagesNotObserved = "the implementation shows its pages, but no browser observed them: its display requirements rest on its own declarations (run with a browser, --browser)"
	// ReasonQuickDepth: a run at quick depth (issue 14: a quicker depth
	// for development is partial, never a certification).
	ReasonQuickDepth = "the run drew few cases of each requirement (--depth quick): its verdicts are for development, not a certification"
	ReasonFilter     = "a filter left out requirements of the roles tested"
	ReasonPartial    = "the run is partial: not everything a certification needs was judged"
	ReasonFinding    = "finding: SHOULD requirement %s failed"
)

// The run's decision: its summary line.
const (
	SummaryInterrupted      = "INTERRUPTED — could not be tested: incomplete run, not a certification"
	SummaryUntestable       = "COULD NOT BE TESTED — %s"
	SummaryNothing          = "NOTHING TESTED — no requirement applies to the roles tested"
	SummaryNotCertified     = "NOT CERTIFIED — %d MUST and %d SHOULD requirement(s) failed"
	SummaryPartial          = "PARTIAL — not a certification: %s"
	SummaryFindings         = "CERTIFIED with findings — every MUST requirement passed; %d SHOULD requirement(s) failed"
	SummaryWaived           = "CERTIFIED — every requirement passed or was waived"
	SummaryCertified        = "CERTIFIED — every requirement passed"
	SummaryWaivedN          = " (%d requirement(s) waived)"
	SummaryDeclaredN        = "; %d verdict(s) rest on the implementation's declarations"
	SummaryPagesNotObserved = ", its pages not observed"
	SummaryShard            = "SHARD %s — %d scenario(s); a shard is not a certification: merge every shard's result.json with 'hutong report merge'"
	SummaryShardFailed      = "; %d requirement(s) failed in this shard"
	PartialLeftOut          = "%d MUST requirement(s) of the roles tested were left out"
	PartialRoles            = "claimed role(s) %s not tested"
	PartialPagesNotObserved = "its pages were not observed in a browser"
	// The run's depth, as report.html states it.
	DepthCertificationMeans = "certification: at least %d cases of every MUST requirement"
	DepthQuickMeans         = "quick: a few cases of each requirement, for development; not a certification"
	PartialShallow          = "%d MUST requirement(s) passed on too few cases to certify"
	PartialQuick            = "few cases were drawn of each requirement (--depth quick)"
	// ListSep and RoleSep join reasons and names within one sentence.
	ListSep = "; "
	RoleSep = ", "
)

// A requirement's verdict, and the detection power of its cases.
const (
	VerdictNoScenario = "no scenario of this requirement ran"
	VerdictFailed     = "%d of %d scenario(s) failed; first: %q: %s"
	VerdictAlsoNotRun = " (%d could not be run)"
	VerdictNotRun     = "%d of %d scenario(s) could not be run; first: %q: %s"
	VerdictPassed     = "all %d scenario(s) passed"
	PowerNone         = "no case judged"
	Power             = "%d case(s): a violation affecting at least 10%% of cases would have been detected with probability %s"
)

// Sentences recorded in English while a run goes on, and shown later in
// the reader's language: Translate reads them back.
const (
	// Who failed (model/result Attribute).
	WhoUndefined      = "the step %q has no definition in this harness, so nothing was judged"
	WhoNobodysHostErr = "%s asked for %s, which no party serves: only the implementation names such a host (%v)"
	WhoNobodysHost    = "%s asked for %s, which no party serves: only the implementation names such a host"
	WhoTimedOut       = "%s got no answer in time to %s (%v): lost on the way or not given in time — the evidence cannot tell the network from a slow %s"
	WhoNoAnswer       = "%s got no answer at all to %s (%v): the request or its answer was lost on the way, and what %s would have answered is unknown"
	WhoCounterparty   = "%s, a counterparty the harness plays, answered %d to %s's %s: a fault of the harness's double, not a finding against the implementation"
	WhoImplAnswered   = "the implementation answered %d to %s's %s"
	WhoRefused        = "%s, a counterparty the harness plays, refused what the implementation sent (%d to %s)"
	WhoCheck          = "every exchange completed, and the check of what the implementation answered or did failed"
	WhoCheckShown     = "every exchange completed, and the check of what the implementation answered or did failed: its exchange %s shows it"
	EndImplementation = "the implementation"
	EndHarness        = "the harness"

	// Notes the harness adds to a scenario's evidence.
	NoteTruncated     = "evidence truncated"
	NoteRunBudget     = "the run's evidence reached its %d MiB budget: %d exchange(s) of this scenario are kept without headers and bodies"
	NoteScenarioCut   = "the evidence of this scenario is truncated: past %d KiB or %d exchanges, %s"
	NoteCutBodies     = "%d exchange(s) kept without headers and bodies"
	NoteCutDropped    = "%d exchange(s) not kept"
	NoteCutBoth       = "%d exchange(s) kept without headers and bodies and %d exchange(s) not kept"
	NotRunGone        = "not run: the implementation stopped answering (%v)"
	NotRunInterrupted = "not run: the run was interrupted before this scenario finished"
	NotRunCut         = "not run: the run was interrupted"
	NoDefinition      = "a step has no definition"
	UntestableGone    = "the implementation stopped answering during the run: %d scenario(s) met no answer, and discovery afterwards got none (%v)"
	UntestableTimeout = "the run did not finish within its deadline of %s (--run-timeout); the scenarios it had not finished were not run"
)

// What a link's pages showed of its warning, as steps/links judges it
// (LINK-02, LINK-05): each sentence is the whole finding of one link's case,
// or a part of one, and a report reads it back. %v quotes what the
// implementation wrote: the reason it declared, the words its page shows.
const (
	WarnContradicts    = "the page contradicts the declared warning — declared: %s; observed in the browser: %s"
	WarnDeclaredNone   = "no warning"
	WarnDeclared       = "a %q warning: \"%v\""
	WarnSeen           = "%s is shown a warning: \"%v\""
	WarnSeenNone       = "%s is shown no warning and reaches the linked page in %d tap(s), through %d page(s) in between"
	WarnSeenNoneAbsent = "%s is shown no warning, and the link is not on the page"
	WarnSeenNoneDead   = "%s is shown no warning, and the link cannot be tapped"
	WarnSeenNoneLost   = "%s is shown no warning, and %d tap(s) did not reach the linked page"
	WarnNoReason       = "%s is shown no warning in words, so is not told why"
	WarnDiffers        = "%s, where the first link of %s has %s"
	WarnValueShown     = "a warning on the page"
	WarnValueNone      = "no warning on the page"
	BlockContradicts   = "the page contradicts the declared access — declared: %q; observed in the browser: %s"
	BlockNotOnPage     = "the link is not on the page"
	BlockNotTappable   = "the link is shown but cannot be tapped"
	NoteWarningsSeen   = "Side by side: the warning shown on the page"
)

// Sessions are independent (issue 14, item 5): what a step finds when an
// answer of the scenario's own session carries the marker of its decoy
// session (steps/scenario Decoy), and the notes on the decoy itself.
const (
	LeakShown      = "state of another session showed in this one: %s answered %v"
	NoteDecoy      = "a decoy session beside this one"
	NoteDecoyUnset = "the decoy session could not be set up, so this step's independence from it is not judged: %v"
)

// Recorded are the sentences Translate reads back from a run's record.
var Recorded = []string{
	WhoUndefined, WhoNobodysHostErr, WhoNobodysHost, WhoTimedOut, WhoNoAnswer, WhoCounterparty,
	WhoImplAnswered, WhoRefused, WhoCheck, WhoCheckShown, EndImplementation, EndHarness,
	NoteTruncated, NoteRunBudget, NoteScenarioCut, NoteCutBodies, NoteCutDropped, NoteCutBoth,
	NotRunGone, NotRunInterrupted, NotRunCut, NoDefinition, UntestableGone, UntestableTimeout,
	WarnContradicts, WarnDeclaredNone, WarnDeclared, WarnSeen, WarnSeenNone, WarnSeenNoneAbsent,
	WarnSeenNoneDead, WarnSeenNoneLost, WarnNoReason, WarnDiffers, WarnValueShown, WarnValueNone,
	BlockContradicts, BlockNotOnPage, BlockNotTappable, NoteWarningsSeen, LeakShown, NoteDecoy, NoteDecoyUnset,
}

// What the implementation announced at discovery (result.ImplementationInfo
// Capabilities and Surfaces), as the reports' facts show it: each name the
// ITI knows with what it brings into the run (Announced), any other marked
// as unknown.
const (
	FactCapabilities  = "Capabilities announced"
	FactSurfaces      = "Surfaces besides chats"
	FactNoCapability  = "none"
	FactNoSurface     = "none: links outside chats (LINK-07) are judged on a one-to-one chat"
	FactAnnounced     = "%s — %s"
	CapPages          = "its user-facing pages, which the harness opens in a browser when it has one"
	CapLogistics      = "carriers for its merchants' parcels, on which LOG-01..03 are judged"
	SurfaceArticleAd  = "ads under official-account articles"
	SurfaceMomentsAd  = "ads in Moments"
	SurfaceShortVideo = "short-video posts"
	AnnouncedUnknown  = "not a name the ITI knows: nothing was judged on it"
)

// Announced says what each capability and surface the ITI knows brings
// into a run, by the name an implementation announces it with (the ITI's
// Capability* and Surface* constants; a test in internal/runner keeps the
// two lists alike).
var Announced = map[string]string{
	"pages":       CapPages,
	"logistics":   CapLogistics,
	"article_ad":  SurfaceArticleAd,
	"moments_ad":  SurfaceMomentsAd,
	"short_video": SurfaceShortVideo,
}

// The terminal's verdict table (reports/text).
const (
	TextHeader   = "\nImplementation: %s %s   Roles tested: %s   Seed: %d\n\n"
	TextColumns  = "REQUIREMENT\tLEVEL\tROLE\tVERDICT\tSTATEMENT"
	TextWhy      = "\nWhy:"
	TextWaivers  = "\nWaivers:"
	TextWaiver   = "  %s %s: by %s until %s: %s\n"
	TextContract = "\nContract findings (departures from the ITI's letter that change no meaning; no requirement fails for them):"
	TextNotRun   = "\n%d requirement(s) not run: the run ended before they could be judged.\n"
	TextWarning  = "WARNING: %s\n"
	TextPass     = "PASS"
	TextFail     = "FAIL"
	TextNotRunV  = "NOT RUN"
	TextWaived   = "WAIVED"
	TextApplied  = "APPLIED"
	TextUnused   = "UNUSED"
	TextExpired  = "EXPIRED"
)

// What a source's status means (requirement.Statuses), and since when a
// source of each status applies, the date in the place of %s
// (requirement.SinceKey).
const (
	StatusLAW      = "binding law or regulation"
	StatusREG      = "binding central-bank notice"
	StatusGUID     = "administrative guidance"
	StatusPOL      = "policy plan"
	StatusSTD      = "voluntary technical standard"
	StatusPRIV     = "a platform's own rule"
	StatusOPIN     = "expert or press opinion"
	SinceInForce   = "in force since %s"
	SinceInEffect  = "in effect since %s"
	SincePublished = "published %s"
)

// The requirement catalogue (internal/catalog): its headings, table
// columns and the words around the requirement text and the known sources.
const (
	CatTitle          = "hutong requirement catalogue"
	CatSetLine        = "Requirement set `sha256:%s`, %d requirement(s) in %d feature file(s). %s"
	CatSet            = "Requirement set"
	CatVersion        = "version"
	CatNotThatText    = "— not the text released under that version"
	CatWithoutVersion = "without a version"
	CatCounts         = "%d requirement(s) in %d feature file(s)."
	CatNoVersion      = "The set has no version (no VERSION file beside the feature files)."
	CatReleased       = "Version %[1]s, the text released as %[1]s."
	CatNotReleased    = "Version %s: NOT the text released under that version (its digest is not the one the set's CHANGELOG.md records)."
	CatStatusLead     = "Source status: "
	CatStatusEnd      = ". "
	CatLegend         = "A requirement never claims more authority than its sources have. Each source says since when it applies: in force since (law, notices, standards), in effect since (guidance, plans, platform rules), published (opinion). \"As reported\" marks what is known only from press or other secondary reports."
	CatRequirements   = "Requirements"
	CatID             = "ID"
	CatLevel          = "Level"
	CatRoles          = "Roles"
	CatRequirement    = "Requirement"
	CatSources        = "Sources"
	CatRolesOf        = "roles: %s"
	CatThreatModel    = "Threat model:"
	CatWho            = "Who attacks:"
	CatHold           = "What they hold:"
	CatWant           = "What they want:"
	CatThreatsTried   = "Threats tried (%d), each on its own:"
	CatSourcesOf      = "Sources:"
	CatScenariosOf    = "Scenarios:"
	CatLine           = "line %d"
	CatParen          = "(%s)"
	CatCount          = "%s (%d)"
	CatOf             = "%s (%s)"
	CatAlso           = "%s, %s"
	CatTrace          = "Traceability: source → requirements"
	CatSource         = "Source"
	CatStatus         = "Status"
	CatSince          = "Since"
	CatKnownSource    = "Known source"
	CatNotKnown       = "not in the list of known sources"
	CatCoverage       = "Known sources and their coverage"
	CatWhatItAsks     = "What it asks"
	CatStanding       = "Standing"
	CatNoneYet        = "none yet"
	CatNoneReplaced   = "none (replaced)"
	CatAsReported     = "as reported"
	CatReplacedBy     = "replaced by %s"
	CatUncovered      = "Sources no requirement covers yet (%d)"
	CatAllCovered     = "None: every known source in force is cited by at least one requirement."
	CatUnlisted       = "Cited sources missing from the list of known sources (%d)"
	CatCitedBy        = "cited by %s"
	CatVersions       = "Versions of the requirement set"
	CatNoChangelog    = "No changelog: the set's versions are not recorded."
	CatVersionCol     = "Version"
	CatDate           = "Date"
	CatVerdicts       = "Verdicts"
	// CatOriginal heads text shown in the English it was written in (the
	// changelog's verdicts), on a catalogue in another language.
	CatOriginal = "original English"
)

// The catalogue's clause map (internal/catalog clauses.go).
const (
	ClauseTitle     = "Clauses and the checks that cover them"
	ClauseIntro     = "Every Rule's text is divided into clauses (features/%s), each quoting the Rule verbatim. Each step definition names the clauses it checks; a clause is covered where a scenario of its Rule uses such a step. A note explains the requirement, its authority or the way it is tested and asks nothing of the implementation."
	ClauseClause    = "Clause"
	ClauseText      = "Text"
	ClauseChecks    = "Checked by"
	ClauseNote      = "note, asks nothing"
	ClauseNone      = "**not checked**"
	ClauseUncovered = "Clauses no check covers"
	ClauseAllCov    = "None: every clause that asks something of the implementation is checked."
	ClauseProblems  = "Problems with the clause map"
)
