package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/untrusted"
)

var errInterrupted = errors.New("the run was interrupted before this step")

// errUndefined lets the collector recognise godog's undefined-step error.
var errUndefined = godog.ErrUndefined

// collector turns godog's events into result.Scenarios, one per scenario
// that runs, and writes a progress line as each finishes when progress is
// set.
type collector struct {
	mu       sync.Mutex
	progress io.Writer
	// selected counts the scenarios the tag filter selects, total those of
	// them this run executes (all of them, or the shard's slice).
	selected int
	total    int
	done     int
	out      []*result.Scenario
	// take holds the keys of the scenarios this run executes: those the
	// user's filter selects, and of them the shard's slice. godog
	// pre-filters by role only; the rest is skipped here.
	take map[string]bool
	// selectedKeys are the keys of every selected scenario, in feature
	// order, whether this shard runs it or not.
	selectedKeys []string
	lines        map[string]int    // AST node id -> line
	names        map[string]string // feature uri -> feature name
}

type recordKey struct{}

// hooks records each scenario of sc as it runs.
func (c *collector) hooks(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		rec := c.newScenario(s)
		ctx = context.WithValue(ctx, recordKey{}, rec)
		// A scenario the filter or the shard leaves out is skipped here
		// before any step runs, and never recorded.
		if !c.take[c.key(s)] {
			rec.elsewhere = true
			return ctx, godog.ErrSkip
		}
		return ctx, nil
	})
	sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
		rec := ctx.Value(recordKey{}).(*scenarioRecord)
		if rec.elsewhere {
			return ctx, nil
		}
		rec.stepStart[st.Id] = time.Now()
		// godog runs every scenario whatever happens to the context; after
		// an interrupt each fails at its first step instead of waiting out
		// its exchanges' timeouts.
		if ctx.Err() != nil {
			return ctx, errInterrupted
		}
		return ctx, nil
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		rec := ctx.Value(recordKey{}).(*scenarioRecord)
		if rec.elsewhere {
			return ctx, nil
		}
		i, ok := rec.stepIndex[st.Id]
		if !ok {
			return ctx, nil
		}
		step := &rec.s.Steps[i]
		// godog's TestingT stays failed for the rest of the scenario, so it
		// reports the steps it skipped after a failure as failed too.
		if rec.failed {
			step.Status = result.Skipped
			return ctx, nil
		}
		step.Status = stepStatus(status)
		if step.Status == result.Failed || step.Status == result.Undefined || step.Status == result.Pending {
			rec.failed = true
		}
		if start, ok := rec.stepStart[st.Id]; ok {
			step.Duration = time.Since(start)
		}
		if err != nil && status == godog.StepFailed {
			// A step's error is the finding, in words; what it quotes of
			// the implementation is bounded and shown, not obeyed.
			step.Error = untrusted.Text(strings.TrimSpace(err.Error()), untrusted.MaxReason)
			if noAnswer(err) {
				rec.unreachable = true
			}
			if errors.Is(err, scenario.ErrNotOffered) {
				rec.notOffered = step.Error
			}
		}
		if status == godog.StepUndefined {
			step.Error = "no step definition matches this step"
		}
		return ctx, nil
	})
	sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
		rec := ctx.Value(recordKey{}).(*scenarioRecord)
		if rec.elsewhere {
			return ctx, nil
		}
		c.finish(ctx, rec, err)
		return ctx, nil
	})
}

type scenarioRecord struct {
	s         *result.Scenario
	stepIndex map[string]int
	stepStart map[string]time.Time
	failed    bool
	// elsewhere marks a scenario this run leaves out (filter or shard).
	elsewhere bool
	// unreachable is set when a step failed for want of any answer from
	// the implementation: if it turns out to be gone, the scenario was not
	// judged, it could not be run.
	unreachable bool
	// notOffered says why a step found the scenario's subject not offered
	// by the implementation (scenario.ErrNotOffered): not run, not failed.
	notOffered string
}

// key names a scenario (an outline's example row) by file and line, the same
// in every shard's parse of the features.
func (c *collector) key(p *messages.Pickle) string {
	line := 0
	if len(p.AstNodeIds) > 0 {
		line = c.lines[p.AstNodeIds[len(p.AstNodeIds)-1]]
	}
	return fmt.Sprintf("%s:%d", p.Uri, line)
}

// stepStatus is godog's step status in hutong's terms.
func stepStatus(s godog.StepResultStatus) result.Status {
	switch s {
	case godog.StepPassed:
		return result.Passed
	case godog.StepFailed:
		return result.Failed
	case godog.StepUndefined:
		return result.Undefined
	case godog.StepPending:
		return result.Pending
	default:
		return result.Skipped
	}
}

// reqTag is the form of a requirement ID tag, @LINK-01.
var reqTag = regexp.MustCompile(`^@[A-Z][A-Z0-9]*-\d{2,}$`)

// newScenario starts the record of a scenario as godog begins it.
func (c *collector) newScenario(p *godog.Scenario) *scenarioRecord {
	s := &result.Scenario{ID: p.Id, Name: p.Name, File: p.Uri, FeatureName: c.names[p.Uri], Started: time.Now().UTC()}
	if len(p.AstNodeIds) > 0 {
		s.Line = c.lines[p.AstNodeIds[len(p.AstNodeIds)-1]]
	}
	for _, t := range p.Tags {
		s.Tags = append(s.Tags, t.Name)
		switch {
		case t.Name == "@must":
			s.Level = requirement.Must
		case t.Name == "@should":
			s.Level = requirement.Should
		case strings.HasPrefix(t.Name, "@role:"):
			s.Roles = append(s.Roles, strings.TrimPrefix(t.Name, "@role:"))
		case reqTag.MatchString(t.Name):
			s.Requirement = t.Name[1:]
		}
	}
	rec := &scenarioRecord{s: s, stepIndex: map[string]int{}, stepStart: map[string]time.Time{}}
	for i, st := range p.Steps {
		step := result.Step{Text: st.Text, Status: result.Skipped}
		if len(st.AstNodeIds) > 0 {
			step.Line = c.lines[st.AstNodeIds[0]]
			step.Keyword = c.names["kw:"+st.AstNodeIds[0]]
		}
		if st.Argument != nil && st.Argument.DataTable != nil {
			for _, row := range st.Argument.DataTable.Rows {
				var cells []string
				for _, cell := range row.Cells {
					cells = append(cells, cell.Value)
				}
				step.Table = append(step.Table, cells)
			}
		}
		s.Steps = append(s.Steps, step)
		rec.stepIndex[st.Id] = i
	}
	return rec
}

// finish completes rec when its scenario has run, and adds it to the results.
func (c *collector) finish(ctx context.Context, rec *scenarioRecord, err error) {
	s := rec.s
	s.Duration = time.Since(s.Started)
	s.Status = result.Passed
	for _, st := range s.Steps {
		if st.Status == result.Failed || st.Status == result.Undefined || st.Status == result.Pending {
			s.Status = result.Failed
			if s.Failure == "" {
				s.Failure = fmt.Sprintf("%s %s: %s", strings.TrimSpace(st.Keyword), st.Text, st.Error)
			}
		}
	}
	if err != nil && s.Status == result.Passed {
		s.Status = result.Failed
		s.Failure = untrusted.Text(strings.TrimSpace(err.Error()), untrusted.MaxReason)
	}
	if errors.Is(err, errUndefined) && s.Failure == "" {
		s.Failure = message.NoDefinition
	}
	// Cut short by an interrupt or the run's deadline, a scenario was not
	// judged: whatever its steps met then is the harness's doing.
	if ctx.Err() != nil && s.Status != result.Passed {
		s.Status = result.NotRunStatus
		s.Failure = message.NotRunInterrupted
	} else if ctx.Err() != nil {
		s.Status = result.NotRunStatus
		s.Failure = message.NotRunCut
	}
	// A part of a role the implementation does not offer could not be
	// tested: the requirement on it is not run, as for a role not claimed,
	// and is no finding; a MUST requirement not run makes the run partial.
	if rec.notOffered != "" && s.Status == result.Failed {
		s.Status = result.NotRunStatus
		s.Failure = "not run: " + rec.notOffered
	}
	s.Unreachable = rec.unreachable
	if w, ok := scenario.Lookup(ctx); ok {
		s.Evidence = w.Log.Exchanges()
		s.Notes = w.Log.Notes()
		s.Cases = w.Log.Cases()
		s.Screenshots = w.Log.Screenshots()
		for i, b := range w.Log.Bases() {
			if i >= 0 && i < len(s.Steps) {
				s.Steps[i].Basis = b
			}
		}
		s.Responsible = responsible(s, w.Env.ITIBase)
	}
	c.mu.Lock()
	c.out = append(c.out, s)
	c.done++
	done := c.done
	c.mu.Unlock()
	if c.progress != nil {
		mark := "PASS"
		switch s.Status {
		case result.Passed:
		case result.NotRunStatus:
			mark = "SKIP"
		default:
			mark = "FAIL"
		}
		fmt.Fprintf(c.progress, "[%*d/%d] %s %-8s %s\n", len(fmt.Sprint(c.total)), done, c.total, mark, s.Requirement, s.Name)
	}
}

// responsible lays a failed scenario at the party its evidence shows failed
// (result.Attribute). The implementation is its ITI's host and what the
// evidence records as sent by "implementation"; the counterparties are the
// mock network's hosts, the mocks' names (the ends evidence.Handler
// records, which are names, not hosts) and the harness acting as a user.
func responsible(s *result.Scenario, itiBase string) *result.Responsibility {
	iut := ""
	if u, err := url.Parse(itiBase); err == nil {
		iut = strings.ToLower(u.Host)
	}
	impl := func(end string) bool { return end == "implementation" || (iut != "" && strings.EqualFold(end, iut)) }
	counter := func(end string) bool {
		if impl(end) {
			return false
		}
		host := end
		if h, _, err := net.SplitHostPort(end); err == nil {
			host = h
		}
		return end == "harness" || strings.HasSuffix(strings.ToLower(host), "."+network.Domain) || !strings.Contains(end, ".")
	}
	return result.Attribute(s, result.Parties{Implementation: impl, Counterparty: counter})
}

// scenarios returns the results in feature-file order, whatever order they
// ran in, so that reports are stable across seeds and concurrency.
func (c *collector) scenarios() []*result.Scenario {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]*result.Scenario(nil), c.out...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// indexDoc records what godog's pickles do not carry: the name of doc's
// feature, the line of each of its scenarios, example rows and steps, and
// each step's keyword.
func (c *collector) indexDoc(doc *messages.GherkinDocument) {
	if c.lines == nil {
		c.lines = map[string]int{}
		c.names = map[string]string{}
	}
	if doc == nil || doc.Feature == nil {
		return
	}
	c.names[doc.Uri] = doc.Feature.Name
	var scen func(s *messages.Scenario)
	steps := func(ss []*messages.Step) {
		for _, st := range ss {
			c.lines[st.Id] = int(st.Location.Line)
			c.names["kw:"+st.Id] = st.Keyword
		}
	}
	scen = func(s *messages.Scenario) {
		c.lines[s.Id] = int(s.Location.Line)
		steps(s.Steps)
		for _, ex := range s.Examples {
			for _, row := range ex.TableBody {
				c.lines[row.Id] = int(row.Location.Line)
			}
		}
	}
	for _, ch := range doc.Feature.Children {
		switch {
		case ch.Background != nil:
			steps(ch.Background.Steps)
		case ch.Scenario != nil:
			scen(ch.Scenario)
		case ch.Rule != nil:
			for _, rc := range ch.Rule.Children {
				if rc.Background != nil {
					steps(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					scen(rc.Scenario)
				}
			}
		}
	}
}

// noAnswer reports whether err is a step meeting no answer at all from the
// implementation: an ITI call (iti.ErrUnreachable) or a link followed
// (refused or dropped connections), however the step quoted it.
func noAnswer(err error) bool {
	if errors.Is(err, iti.ErrUnreachable) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, iti.NoAnswer) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "connection reset by peer")
}
