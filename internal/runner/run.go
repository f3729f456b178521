// Package runner runs the requirement set against a target with godog and
// collects what happened into a result.Run.
//
// Run is the whole of it, step by step; each step's details live in a file
// of their own: config.go (Config and its defaults), roles.go (which roles
// to test), tags.go (tag expressions), collect.go (godog's events into
// result.Scenarios) and failure.go (a failure in plain words). stepdefs.go
// lists the step definitions for lint.
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/shard"
	"github.com/hutong-interop/hutong/internal/waiver"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/steps"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Version of the harness, recorded in every report.
const Version = "0.1.0"

// Run certifies cfg.Target. A mistake in cfg is a *ConfigError; an
// implementation that cannot be tested at all, an *UntestableError.
func Run(ctx context.Context, cfg Config) (*result.Run, error) {
	cfg = cfg.withDefaults()
	set, fsys, tags, err := cfg.load()
	if err != nil {
		return nil, err
	}
	cfg.Features = fsys
	ctx, cancel := context.WithTimeoutCause(ctx, cfg.RunTimeout, errRunTimeout)
	defer cancel()
	run := newRun(cfg, set)
	env, findings := cfg.env()
	disc, err := discover(ctx, env)
	if err != nil {
		return nil, &UntestableError{err}
	}
	run.Implementation = announced(disc)
	run.RolesClaimed = disc.Roles
	env.Capabilities = disc.Capabilities
	roles, err := chooseRoles(cfg.Roles, disc.Roles, set.Roles())
	if err != nil {
		return nil, err
	}
	run.RolesTested = roles
	if disc.HasCapability(iti.CapabilityPages) {
		run.Pages, env.Pages = true, true
		if cfg.Observer != nil {
			env.Browser, run.Observer = cfg.Observer, cfg.Observer.ExecPath()
		} else if cfg.Browser != "" {
			b, err := observe.Start(ctx, observe.Options{ExecPath: cfg.Browser, PageTimeout: cfg.PageTimeout})
			if err != nil {
				return nil, &ConfigError{fmt.Errorf("--browser: %w", err)}
			}
			// The browser ends with the run: here, or with ctx on an
			// interrupt or the run's deadline.
			defer b.Close()
			browserStarted(ctx, b)
			env.Browser, run.Observer = b, b.ExecPath()
		}
	}
	suite, col, err := selectScenarios(ctx, cfg, env, roles, tags)
	if err != nil {
		return nil, err
	}
	suite.Run()
	run.ContractFindings, run.FailedCalls, run.Reached = findings.list(), findings.failedCalls(), findings.reachedOperations()
	run.Selected = col.selectedKeys
	// The same selection of requirements as a merge of shards judges on.
	judge(ctx, run, cfg, env, col, shard.Requirements(set, roles))
	return run, nil
}

// announced is what the implementation said of itself at discovery, as the
// run records it. Surfaces the ITI does not know are kept beside the known
// ones, since they were announced too; LINK-07's evidence says they were not
// checked.
func announced(d iti.Discovery) result.ImplementationInfo {
	known, unknown := d.OfferedSurfaces()
	return result.ImplementationInfo{Name: d.Implementation.Name, Version: d.Implementation.Version, Vendor: d.Implementation.Vendor, Roles: d.Roles,
		Capabilities: once(d.Capabilities), Surfaces: append(known, unknown...)}
}

// once is names without repeats, in the order first given.
func once(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// browserStarted is told of each browser a run starts, with the run's
// context: a test's way to see that it ends with the run.
var browserStarted = func(context.Context, *observe.Browser) {}

// errRunTimeout is the cause of a run's end at its deadline.
var errRunTimeout = errors.New("the run reached its deadline (--run-timeout)")

// newRun is the record of a run about to start, before anything is known of
// the implementation.
func newRun(cfg Config, set *requirement.Set) *result.Run {
	run := &result.Run{Harness: "hutong", HarnessVersion: Version, Target: cfg.Target.Spec, Tags: cfg.Tags,
		Seed: cfg.Seed, Depth: cfg.Depth, Concurrency: cfg.Concurrency, Started: time.Now().UTC(), RequirementSet: set.Digest(), RequirementSetVersion: set.VersionLabel(), RequirementFiles: set.Files,
		Lang: set.Lang}
	run.Warnings = append(run.Warnings, cfg.Target.Warnings...)
	return run
}

// discover asks the implementation what it is and which roles it claims.
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
	c.MaxBody = env.MaxBody
	env.Configure(c)
	d, err := c.Discover(ctx)
	if err != nil {
		return d, fmt.Errorf("the implementation at %s could not be tested: %w", env.ITIBase, err)
	}
	return d, nil
}

// selectScenarios reads the feature files and picks the scenarios the run
// executes: those the godog tag filter matches, and of them the ones in
// cfg.Shard's slice. The suite it returns runs them into the collector.
func selectScenarios(ctx context.Context, cfg Config, env *scenario.Env, roles []string, tags tagExpr) (*godog.TestSuite, *collector, error) {
	opts := &godog.Options{
		Format:      "progress",
		Output:      io.Discard,
		FS:          cfg.Features,
		Paths:       []string{"."},
		Tags:        roleTerms(roles),
		Concurrency: cfg.Concurrency,
		Randomize:   cfg.Seed,
		Strict:      true,
		NoColors:    true,
		// godog runs every scenario in a context of its own made from this
		// one, so an interrupt reaches them all.
		DefaultContext: ctx,
	}
	col := &collector{progress: cfg.Progress, take: map[string]bool{}}
	suite := &godog.TestSuite{Name: "hutong", Options: opts}
	feats, err := suite.RetrieveFeatures()
	if err != nil {
		return nil, nil, &ConfigError{fmt.Errorf("the feature files cannot be read: %w", err)}
	}
	var allTags []string
	for _, f := range feats {
		col.indexDoc(f.GherkinDocument)
		for _, p := range f.Pickles {
			var names []string
			for _, t := range p.Tags {
				names = append(names, t.Name)
			}
			allTags = append(allTags, names...)
			if tags == nil || tags.eval(tagSet(names)) {
				key := col.key(p)
				if cfg.Shard.Takes(col.selected) {
					col.take[key] = true
					col.total++
				}
				col.selectedKeys = append(col.selectedKeys, key)
				col.selected++
			}
		}
	}
	if col.selected == 0 {
		return nil, nil, &ConfigError{noScenario(cfg, roles, allTags)}
	}
	suite.ScenarioInitializer = func(sc *godog.ScenarioContext) {
		col.hooks(sc)
		steps.Register(sc, env)
	}
	return suite, col, nil
}

// judge completes run with the scenarios' results and the verdicts on reqs,
// waivers applied, and the run's one decision. A shard's run is partial: its
// verdict is the merge's.
func judge(ctx context.Context, run *result.Run, cfg Config, env *scenario.Env, col *collector, reqs []*requirement.Requirement) {
	run.Scenarios = col.scenarios()
	budgetEvidence(run.Scenarios, evidence.RunLimit)
	run.Finished = time.Now().UTC()
	run.FailOn = cfg.FailOn
	if cfg.Shard.Active() {
		run.Shard = cfg.Shard.String()
	}
	switch {
	case errors.Is(context.Cause(ctx), errRunTimeout):
		run.Untestable = fmt.Sprintf(message.UntestableTimeout, cfg.RunTimeout)
	case ctx.Err() != nil:
		run.Interrupted = true
	default:
		gone(ctx, run, env)
	}
	run.Judge(reqs)
	waiver.Apply(run, cfg.Waivers, run.Finished)
}

// budgetEvidence keeps the run's evidence within limit bytes: the exchanges
// of failed scenarios first (they are what a reader opens), then the rest in
// feature order; past the budget an exchange keeps its method, address,
// status and timing but not its headers and bodies, and its scenario says
// so in a note.
func budgetEvidence(scs []*result.Scenario, limit int) {
	order := make([]*result.Scenario, 0, len(scs))
	for _, s := range scs {
		if s.Status != result.Passed {
			order = append(order, s)
		}
	}
	for _, s := range scs {
		if s.Status == result.Passed {
			order = append(order, s)
		}
	}
	used := 0
	for _, s := range order {
		slimmed := 0
		for i, x := range s.Evidence {
			w := evidence.Weigh(x)
			if used+w > limit && (x.ReqBody != "" || x.RespBody != "" || len(x.ReqHeaders)+len(x.RespHeaders) > 0) {
				s.Evidence[i] = evidence.Slim(x)
				w = evidence.Weigh(s.Evidence[i])
				slimmed++
			}
			used += w
		}
		if slimmed > 0 {
			s.Notes = append(s.Notes, evidence.Note{Title: message.NoteTruncated, Text: fmt.Sprintf(message.NoteRunBudget, limit>>20, slimmed)})
		}
	}
}

// gone checks, when scenarios failed for want of any answer, whether the
// implementation is still there. If it no longer answers discovery, it
// stopped answering during the run: those scenarios were not judged (not
// run), the run could not be tested, and every verdict reached before the
// fault stands.
func gone(ctx context.Context, run *result.Run, env *scenario.Env) {
	var lost []*result.Scenario
	for _, s := range run.Scenarios {
		if s.Status == result.Failed && s.Unreachable {
			lost = append(lost, s)
		}
	}
	if len(lost) == 0 {
		return
	}
	_, err := discover(ctx, env)
	if err == nil || !errors.Is(err, iti.ErrUnreachable) {
		return
	}
	for _, s := range lost {
		s.Status = result.NotRunStatus
		s.Failure = fmt.Sprintf(message.NotRunGone, s.Failure)
	}
	run.Untestable = fmt.Sprintf(message.UntestableGone, len(lost), err)
}

// noScenario says which filter left nothing to run, and what would match.
func noScenario(cfg Config, roles []string, tags []string) error {
	var all []string
	seen := map[string]bool{}
	for _, t := range tags {
		if !seen[t] {
			seen[t] = true
			all = append(all, t)
		}
	}
	sort.Strings(all)
	msg := fmt.Sprintf("--tags %q selects no scenario of the roles tested (%s)", cfg.Tags, strings.Join(roles, ", "))
	var near []string
	for _, t := range all {
		if strings.Contains(strings.ToLower(cfg.Tags), strings.ToLower(t)) && !strings.Contains(cfg.Tags, t) {
			near = append(near, t)
		}
	}
	if len(near) > 0 {
		msg += "; tags match exactly, did you mean " + strings.Join(near, ", ") + "?"
	}
	return errors.New(msg)
}
