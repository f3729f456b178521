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
	"fmt"
	"io"
	"time"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/shard"
	"github.com/hutong-interop/hutong/internal/waiver"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
	"github.com/hutong-interop/hutong/steps"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// Version of the harness, recorded in every report.
const Version = "0.1.0"

// Run certifies cfg.Target. A mistake in cfg is a *ConfigError; an
// implementation that cannot be tested at all, an *UntestableError.
func Run(ctx context.Context, cfg Config) (*result.Run, error) {
	cfg = cfg.withDefaults()
	set, tags, err := cfg.load()
	if err != nil {
		return nil, err
	}
	run := newRun(cfg, set)
	env := cfg.env()
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
	suite, col, err := selectScenarios(ctx, cfg, env, combine(roleTerms(roles), tags))
	if err != nil {
		return nil, err
	}
	suite.Run()
	// The same selection of requirements as a merge of shards judges on.
	judge(ctx, run, cfg, col, shard.Requirements(set, roles))
	return run, nil
}

// newRun is the record of a run about to start, before anything is known of
// the implementation.
func newRun(cfg Config, set *requirement.Set) *result.Run {
	run := &result.Run{Harness: "hutong", HarnessVersion: Version, Target: cfg.Target.Spec, Tags: cfg.Tags,
		Seed: cfg.Seed, Concurrency: cfg.Concurrency, Started: time.Now().UTC(), RequirementSet: set.Digest(), RequirementFiles: set.Files}
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
	d, err := c.Discover(ctx)
	if err != nil {
		return d, fmt.Errorf("the implementation at %s could not be tested: %w", env.ITIBase, err)
	}
	return d, nil
}

// selectScenarios reads the feature files and picks the scenarios the run
// executes: those the godog tag filter matches, and of them the ones in
// cfg.Shard's slice. The suite it returns runs them into the collector.
func selectScenarios(ctx context.Context, cfg Config, env *scenario.Env, filter string) (*godog.TestSuite, *collector, error) {
	opts := &godog.Options{
		Format:      "progress",
		Output:      io.Discard,
		FS:          cfg.Features,
		Paths:       []string{"."},
		Tags:        filter,
		Concurrency: cfg.Concurrency,
		Randomize:   cfg.Seed,
		Strict:      true,
		NoColors:    true,
		// godog runs every scenario in a context of its own made from this
		// one, so an interrupt reaches them all.
		DefaultContext: ctx,
	}
	col := &collector{progress: cfg.Progress, shard: cfg.Shard.Active(), take: map[string]bool{}}
	suite := &godog.TestSuite{Name: "hutong", Options: opts}
	feats, err := suite.RetrieveFeatures()
	if err != nil {
		return nil, nil, &ConfigError{fmt.Errorf("the feature files cannot be read: %w", err)}
	}
	for _, f := range feats {
		col.indexDoc(f.GherkinDocument)
		for _, p := range f.Pickles {
			var names []string
			for _, t := range p.Tags {
				names = append(names, t.Name)
			}
			if matches(filter, names) {
				if cfg.Shard.Takes(col.selected) {
					col.take[col.key(p)] = true
					col.total++
				}
				col.selected++
			}
		}
	}
	suite.ScenarioInitializer = func(sc *godog.ScenarioContext) {
		col.hooks(sc)
		steps.Register(sc, env)
	}
	return suite, col, nil
}

// judge completes run with the scenarios' results and the verdicts on reqs,
// waivers applied. A shard's run is partial: its verdict is the merge's.
func judge(ctx context.Context, run *result.Run, cfg Config, col *collector, reqs []*requirement.Requirement) {
	run.Scenarios = col.scenarios()
	run.Finished = time.Now().UTC()
	run.Interrupted = ctx.Err() != nil
	run.Judge(reqs)
	waiver.Apply(run, cfg.Waivers, run.Finished)
	if !cfg.Shard.Active() {
		return
	}
	// Requirements whose scenarios all ran in other shards are "not run"
	// here, never failed.
	run.Partial, run.Certified = true, false
	if !run.Interrupted {
		run.Summary = fmt.Sprintf("SHARD %s — %d of %d scenarios; a shard is not a certification: merge every shard's result.json with 'hutong report merge'", cfg.Shard, col.total, col.selected)
		if n := len(run.Failed()); n > 0 {
			run.Summary += fmt.Sprintf("; %d requirement(s) failed in this shard", n)
		}
	}
}
