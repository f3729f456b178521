// Package steps binds the Gherkin words of every requirement family to
// actions on the implementation and the mocks. Register wires one scenario:
// its world (session, mock zone, evidence) and every family's steps.
package steps

import (
	"context"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/steps/access"
	"github.com/hutong-interop/hutong/steps/barcodes"
	"github.com/hutong-interop/hutong/steps/links"
	"github.com/hutong-interop/hutong/steps/logistics"
	"github.com/hutong-interop/hutong/steps/payments"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/steps/security"
)

// Register sets up sc to run scenarios against env, with the step words of
// env.Lang (all languages' when it is "").
func Register(sc *godog.ScenarioContext, env *scenario.Env) {
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		w, err := scenario.New(env, s.Name)
		if err != nil {
			return ctx, err
		}
		for _, t := range s.Tags {
			w.Tags = append(w.Tags, t.Name)
		}
		return scenario.With(ctx, w), nil
	})
	sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
		scenario.From(ctx).NextStep()
		return ctx, nil
	})
	// A step that read another session's state in its own session's answers
	// fails, whatever else it found (scenario.Decoy).
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		if w, ok := scenario.Lookup(ctx); ok {
			return ctx, w.Leaked()
		}
		return ctx, nil
	})
	sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
		// A session that will not close is the implementation's business;
		// the verdict rests on the steps.
		_ = scenario.From(ctx).Close(ctx)
		return ctx, nil
	})
	defer scenario.BindIn(sc, env.Lang)()
	links.Register(sc)
	payments.Register(sc)
	security.Register(sc)
	barcodes.Register(sc)
	access.Register(sc)
	logistics.Register(sc)
}
