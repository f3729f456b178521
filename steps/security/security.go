// Package security defines the steps of the SEC family: opening checkout to
// rival wallets must not open it to fraud. The harness is the attacker.
//
// Each SEC requirement's Rule states a threat model, and its scenario's
// table lists the threats that follow from it, one a row. A step tries every
// row: each threat on orders of its own, for customers of its own, with an
// amount and a wallet drawn from the run's seed. After each attack it reads
// back the platform's record of the order and the wallets' ledgers; what the
// platform answered the attacker is shown but never judged. Every threat
// tried is recorded as an evidence.Case of kind threat, with its outcome, so
// that the report and the certificate list what a verdict rests on.
//
// A row's text is the key to its attack (forge.go, replay.go, tamper.go,
// link.go). A row no attack is written for fails the scenario, and a test
// checks that every attack written has its row.
//
// SEC sets up with PAY's words — the wallets, the merchant — which
// steps/payments defines; both families work on one world, steps/internal/
// checkout.
package security

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// state is what only the attacks need; the rest is checkout's.
type state struct {
	// trials are the threats the last table step tried.
	trials []*trial
}

func st(ctx context.Context) *state { return scenario.State[state](ctx) }

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	scenario.Step(sc, `^an attacker sends the platform each of these forged notices, each for an order a customer was handed to a wallet for and has not paid:$`, tableStep(forgeries, amountClasses), "SEC-01.4")
	scenario.Step(sc, `^an attacker replays a wallet's genuine payment notice in each of these ways, each with an order of its own:$`, tableStep(replays, amountClasses), "SEC-02.4")
	scenario.Step(sc, `^an attacker alters each of these in a handoff of its own on its way to the wallet:$`, tableStep(alterations, fromYuan), "SEC-03.4")
	scenario.Step(sc, `^a customer shares a help-me-pay link for an order of her own, and each of these is tried with it:$`, tableStep(linkThreats, amountClasses), "SEC-04.4")

	scenario.Step(sc, `^none of the forged notices marked its order paid or credited anything to it$`, allHeld, "SEC-01.1", "SEC-01.2", "SEC-01.3", "SEC-01.5")
	scenario.Step(sc, `^no payment was credited more than once, nor to an order it was not made for$`, allHeld, "SEC-02.1", "SEC-02.2", "SEC-02.3", "SEC-02.5")
	scenario.Step(sc, `^the wallet refuses every altered handoff, because the platform's signature no longer matches$`, walletsRefused, "SEC-03.1", "SEC-03.2")
	scenario.Step(sc, `^when a careless wallet takes an altered handoff anyway and notifies the platform, the platform still records the order as unpaid$`, platformRefused, "SEC-03.1", "SEC-03.3", "SEC-03.5")
	scenario.Step(sc, `^no link moved a friend's money except for its own unpaid order before it expired$`, allHeld, "SEC-04.1", "SEC-04.2", "SEC-04.3", "SEC-04.5")
}

// allHeld is the verdict of a table of threats: every one tried left the
// platform's record and the ledgers as they should be.
func allHeld(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return findings(ctx, "every attack tried should fail", func(t *trial) string {
		if t.held {
			return ""
		}
		return t.detail
	})
}

// walletsRefused and platformRefused split SEC-03's verdict in the two
// guards the platform owes: a signature that makes the wallet refuse, and a
// check of what it is notified.
func walletsRefused(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return findings(ctx, "the wallet should refuse every altered handoff", func(t *trial) string { return t.accepted })
}

func platformRefused(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Artefact)
	return findings(ctx, "the platform should record every order a careless wallet took an altered handoff for as unpaid", func(t *trial) string { return t.believed })
}

// findings is one error naming the tried threats for which what says
// something went wrong, and how many of the tries they are: a threat tried
// many times over names each try that got through, with what it drew.
func findings(ctx context.Context, what string, why func(*trial) string) error {
	var bad []string
	n := 0
	for _, t := range st(ctx).trials {
		if !t.tried {
			continue
		}
		n++
		if w := why(t); w != "" {
			bad = append(bad, fmt.Sprintf("%s (%s) — %s", t.name, drawn(t), w))
		}
	}
	if err := scenario.CasesFailed(what, n, "attacks tried", bad, 4); err != nil {
		return err
	}
	if n == 0 {
		return errors.New("no threat could be tried: " + strings.Join(notTried(ctx), "; "))
	}
	return nil
}

// drawn says what a try drew: its wallet and the amount of its order.
func drawn(t *trial) string {
	w := t.dims["wallet"]
	if w == "" {
		w = t.dims["friend's wallet"]
	}
	return fmt.Sprintf("%s, an order of %s", w, t.dims["order amount"])
}

func notTried(ctx context.Context) []string {
	var out []string
	for _, t := range st(ctx).trials {
		if !t.tried {
			out = append(out, t.name+": "+t.detail)
		}
	}
	return out
}
