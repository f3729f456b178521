// Package runner runs the requirement set against a target with godog and
// collects what happened into a result.Run.
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/internal/shard"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/internal/waiver"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/steps"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Version of the harness, recorded in every report.
const Version = "0.1.0"

// Config is one run.
type Config struct {
	Target *target.Target
	// Roles to test; empty means every role the implementation claims.
	Roles []string
	// Tags filters scenarios, godog style: "@a,@b" is a or b, "@a && ~@b" is
	// a and not b.
	Tags        string
	Concurrency int
	Seed        int64
	// Timeout bounds each HTTP exchange.
	Timeout time.Duration
	// MaxBody bounds each ITI answer; zero means iti.DefaultMaxBody.
	MaxBody int64
	// Features is the requirement set; nil means the embedded one.
	Features fs.FS
	// Progress, if set, gets a line per finished scenario.
	Progress io.Writer
	// Shard runs one slice of the scenarios; the zero value runs them all.
	Shard shard.Spec
	// Waivers are applied to the verdicts; one for a requirement the set
	// does not have is a configuration error.
	Waivers []waiver.Waiver
}

// ConfigError is a mistake in the configuration: exit code 2.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// UntestableError means the implementation could not be tested at all:
// exit code 3.
type UntestableError struct{ Err error }

func (e *UntestableError) Error() string { return e.Err.Error() }
func (e *UntestableError) Unwrap() error { return e.Err }

// Run certifies cfg.Target.
func Run(ctx context.Context, cfg Config) (*result.Run, error) {
	if cfg.Features == nil {
		cfg.Features = features.FS
	}
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	set, err := requirement.Load(cfg.Features)
	if err != nil {
		return nil, &ConfigError{fmt.Errorf("the requirement set is broken:\n%w", err)}
	}
	if err := waiver.Check(cfg.Waivers, set); err != nil {
		return nil, &ConfigError{err}
	}
	tags, err := tagFilter(cfg.Tags)
	if err != nil {
		return nil, &ConfigError{err}
	}

	run := &result.Run{Harness: "hutong", HarnessVersion: Version, Target: cfg.Target.Spec, Tags: cfg.Tags,
		Seed: cfg.Seed, Concurrency: cfg.Concurrency, Started: time.Now().UTC(), RequirementSet: set.Digest(), RequirementFiles: set.Files}

	run.Warnings = append(run.Warnings, cfg.Target.Warnings...)
	env := &scenario.Env{ITIBase: cfg.Target.ITIBase, Transport: cfg.Target.Transport, Network: cfg.Target.Network,
		Timeout: cfg.Timeout, MaxBody: cfg.MaxBody, Seed: cfg.Seed, NetworkFixture: cfg.Target.NetworkFixture}
	disc, err := discover(ctx, env)
	if err != nil {
		return nil, &UntestableError{err}
	}
	run.Implementation = result.ImplementationInfo{Name: disc.Implementation.Name, Version: disc.Implementation.Version, Vendor: disc.Implementation.Vendor, Roles: disc.Roles}
	run.RolesClaimed = disc.Roles
	roles, err := chooseRoles(cfg.Roles, disc.Roles, set.Roles())
	if err != nil {
		return nil, &ConfigError{err}
	}
	run.RolesTested = roles

	// The same selection as a merge of shards judges on.
	reqs := shard.Requirements(set, roles)

	var roleTerms []string
	for _, role := range roles {
		roleTerms = append(roleTerms, "@role:"+role)
	}
	opts := &godog.Options{
		Format:      "progress",
		Output:      io.Discard,
		FS:          cfg.Features,
		Paths:       []string{"."},
		Tags:        combine(roleTerms, tags),
		Concurrency: cfg.Concurrency,
		Randomize:   cfg.Seed,
		Strict:      true,
		NoColors:    true,
	}
	col := &collector{progress: cfg.Progress, total: 0, shard: cfg.Shard.Active(), take: map[string]bool{}}
	suite := godog.TestSuite{Name: "hutong", Options: opts}
	feats, err := suite.RetrieveFeatures()
	if err != nil {
		return nil, &ConfigError{fmt.Errorf("the feature files cannot be read: %w", err)}
	}
	selected := 0
	for _, f := range feats {
		col.indexDoc(f.GherkinDocument)
		for _, p := range f.Pickles {
			var names []string
			for _, t := range p.Tags {
				names = append(names, t.Name)
			}
			if matches(opts.Tags, names) {
				if cfg.Shard.Takes(selected) {
					col.take[col.key(p)] = true
					col.total++
				}
				selected++
			}
		}
	}
	suite.ScenarioInitializer = func(sc *godog.ScenarioContext) {
		col.hooks(sc)
		steps.Register(sc, env)
	}
	opts.DefaultContext = ctx
	suite.Run()

	run.Scenarios = col.scenarios()
	run.Finished = time.Now().UTC()
	run.Interrupted = ctx.Err() != nil
	run.Judge(reqs)
	waiver.Apply(run, cfg.Waivers, run.Finished)
	if cfg.Shard.Active() {
		// Requirements whose scenarios all ran in other shards are "not run"
		// here, never failed; the verdict of the whole is the merge's.
		run.Partial, run.Certified = true, false
	}
	if cfg.Shard.Active() && !run.Interrupted {
		run.Summary = fmt.Sprintf("SHARD %s — %d of %d scenarios; a shard is not a certification: merge every shard's result.json with 'hutong report merge'", cfg.Shard, col.total, selected)
		if n := len(run.Failed()); n > 0 {
			run.Summary += fmt.Sprintf("; %d requirement(s) failed in this shard", n)
		}
	}
	return run, nil
}

func discover(ctx context.Context, env *scenario.Env) (iti.Discovery, error) {
	w, err := scenario.New(env, "discovery")
	if err != nil {
		return iti.Discovery{}, err
	}
	defer w.Zone.Close()
	c, err := iti.NewClient(env.ITIBase, w.HTTP)
	if err != nil {
		return iti.Discovery{}, err
	}
	if env.MaxBody > 0 {
		c.MaxBody = env.MaxBody
	}
	d, err := c.Discover(ctx)
	if err != nil {
		return d, fmt.Errorf("the implementation at %s could not be tested: %w", env.ITIBase, err)
	}
	return d, nil
}

func chooseRoles(asked, claimed, known []string) ([]string, error) {
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	isClaimed := map[string]bool{}
	for _, c := range claimed {
		isClaimed[c] = true
	}
	if len(asked) == 0 {
		var out []string
		for _, c := range claimed {
			if isKnown[c] {
				out = append(out, c)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("the implementation claims no role this harness tests (it claims %q; roles with requirements: %s)", claimed, strings.Join(known, ", "))
		}
		sort.Strings(out)
		return out, nil
	}
	var out []string
	for _, a := range asked {
		switch {
		case !isKnown[a]:
			return nil, fmt.Errorf("unknown role %q; roles with requirements: %s", a, strings.Join(known, ", "))
		case !isClaimed[a]:
			return nil, fmt.Errorf("role %q was asked for, but the implementation does not claim it (it claims: %s)", a, strings.Join(claimed, ", "))
		}
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

var reqTag = regexp.MustCompile(`^@[A-Z][A-Z0-9]*-\d{2,}$`)

var tagTerm = regexp.MustCompile(`^~?@[^\s,&~@]+$`)

// tagFilter checks a godog tag expression and returns it as disjunction of
// conjunctions, which is the only form godog's filter understands.
func tagFilter(expr string) ([][]string, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	var out [][]string
	for _, or := range strings.Split(expr, ",") {
		var and []string
		for _, t := range strings.Split(or, "&&") {
			t = strings.TrimSpace(t)
			if !tagTerm.MatchString(t) {
				return nil, fmt.Errorf("--tags %q: %q is not a tag; write tags like @LINK-01, combine them with ',' (or) and '&&' (and), negate with '~'", expr, t)
			}
			and = append(and, t)
		}
		out = append(out, and)
	}
	return out, nil
}

// combine ANDs the role terms (ORed) with the user's filter, distributing so
// the result stays a disjunction of conjunctions.
func combine(roles []string, user [][]string) string {
	var terms []string
	for _, r := range roles {
		if len(user) == 0 {
			terms = append(terms, r)
			continue
		}
		for _, and := range user {
			terms = append(terms, strings.Join(append([]string{r}, and...), " && "))
		}
	}
	return strings.Join(terms, ",")
}

// plainFailure pulls the human message out of a testify failure, which wraps
// it in "Error Trace:/Error:/Messages:" blocks meant for Go developers.
func plainFailure(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if !strings.Contains(s, "Error Trace:") {
		return strings.TrimSpace(s)
	}
	var msgs []string
	for _, block := range strings.Split(s, "Error Trace:")[1:] {
		fields := labelled(block)
		switch {
		case fields["Messages"] != "":
			msgs = append(msgs, fields["Messages"])
		case fields["Error"] != "":
			msgs = append(msgs, fields["Error"])
		}
	}
	if len(msgs) == 0 {
		return strings.TrimSpace(s)
	}
	return strings.Join(msgs, "; ")
}

var label = regexp.MustCompile(`(?m)^\s*(Error|Test|Messages):\s*`)

func labelled(block string) map[string]string {
	out := map[string]string{}
	locs := label.FindAllStringSubmatchIndex(block, -1)
	for i, l := range locs {
		end := len(block)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		val := strings.Join(strings.Fields(block[l[1]:end]), " ")
		out[block[l[2]:l[3]]] = val
	}
	return out
}

var errInterrupted = errors.New("the run was interrupted before this step")

// errUndefined lets the collector recognise godog's undefined-step error.
var errUndefined = godog.ErrUndefined

type collector struct {
	mu       sync.Mutex
	progress io.Writer
	total    int
	done     int
	out      []*result.Scenario
	// shard is set when only the scenarios in take (by key) run.
	shard bool
	take  map[string]bool
	lines map[string]int    // AST node id -> line
	names map[string]string // feature uri -> feature name
}

type recordKey struct{}

func (c *collector) hooks(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		rec := c.newScenario(s)
		ctx = context.WithValue(ctx, recordKey{}, rec)
		// godog filters only by tags, so another shard's scenario is
		// skipped here before any step runs, and never recorded.
		if c.shard && !c.take[c.key(s)] {
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
			step.Error = plainFailure(err)
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
	// elsewhere marks a scenario of another shard.
	elsewhere bool
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
		s.Failure = plainFailure(err)
	}
	if errors.Is(err, errUndefined) && s.Failure == "" {
		s.Failure = "a step has no definition"
	}
	if ctx.Err() != nil && s.Status == result.Passed {
		s.Status = result.Failed
		s.Failure = "the run was interrupted"
	}
	if w, ok := scenario.Lookup(ctx); ok {
		s.Evidence = w.Log.Exchanges()
		s.Notes = w.Log.Notes()
	}
	c.mu.Lock()
	c.out = append(c.out, s)
	c.done++
	done := c.done
	c.mu.Unlock()
	if c.progress != nil {
		mark := "PASS"
		if s.Status != result.Passed {
			mark = "FAIL"
		}
		fmt.Fprintf(c.progress, "[%*d/%d] %s %-8s %s\n", len(fmt.Sprint(c.total)), done, c.total, mark, s.Requirement, s.Name)
	}
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

// matches applies a godog tag filter the way godog does, to count the
// scenarios a run will execute before it starts.
func matches(filter string, tags []string) bool {
	if filter == "" {
		return true
	}
	has := map[string]bool{}
	for _, t := range tags {
		has[strings.TrimPrefix(t, "@")] = true
	}
	for _, or := range strings.Split(filter, ",") {
		all := true
		for _, t := range strings.Split(or, "&&") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "@")
			if neg, ok := strings.CutPrefix(t, "~"); ok {
				all = all && !has[strings.TrimPrefix(neg, "@")]
			} else {
				all = all && has[t]
			}
		}
		if all {
			return true
		}
	}
	return false
}

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
