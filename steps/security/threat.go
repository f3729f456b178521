package security

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// An attack is what a threat's row makes the attacker do. It sets up the
// orders it needs on k, attacks, reads back the platform's record and the
// ledgers, and says on t what came of it (t.judge). It returns an error
// only when the harness could not go on at all; an attack the
// implementation gave no chance to be set up is t.skip.
type attack struct {
	// each, when set, names the dimension the row is tried along for every
	// connected wallet, rather than for one drawn from the seed: "in the
	// name of" for a forgery in each wallet's name.
	each string
	run  func(k *kit, t *trial, wallet string) error
}

// trial is one try of a threat: a Case once it was tried.
type trial struct {
	name  string
	dims  map[string]string
	tried bool
	held  bool
	// detail is what was observed, in a reader's words.
	detail string
	// accepted and believed are SEC-03's two findings: why the wallet did
	// not refuse the altered handoff, why the platform believed the
	// careless wallet's notice. Empty when that guard held.
	accepted, believed string
}

// skip records that the attack could not be set up, and why: the threat was
// not tried. The implementation then failed some other requirement's
// behaviour (a payment that does not go through, a refund that is refused),
// which that requirement judges.
func (t *trial) skip(format string, a ...any) {
	t.tried, t.held, t.detail = false, true, fmt.Sprintf(format, a...)
}

// judge records what the read-back showed: held when ok, with what was seen
// either way.
func (t *trial) judge(ok bool, format string, a ...any) {
	t.tried, t.held, t.detail = true, ok, fmt.Sprintf(format, a...)
}

// try is one planned try of a threat: its row, and the wallet it is tried
// in the name of or through ("" until drawn).
type try struct {
	row    string
	a      attack
	wallet string
}

// plan is the tries of a table: every threat (each row, and a row tried in
// each wallet's name once per wallet) once at quick depth, through a
// wallet drawn from the seed; at certification depth every threat through
// every connected wallet once, and then threats drawn from the seed,
// through wallets drawn too, until there are as many tries as a
// certification needs. The tries come in an order drawn from the seed, so
// that where a try falls in the sequence — after a refund, after the clock
// moved on — is drawn too, and each draws its amount class, every class at
// least once.
func plan(ctx context.Context, k *kit, attacks map[string]attack, rows []string, classes []amountClass) ([]try, []amountClass, error) {
	var threats []try
	for _, row := range rows {
		a, ok := attacks[row]
		if !ok {
			return nil, nil, fmt.Errorf("no attack is written for the threat %q; the threats this step knows are: %s", row, strings.Join(known(attacks), "; "))
		}
		if a.each == "" {
			threats = append(threats, try{row: row, a: a})
			continue
		}
		for _, w := range k.wallets {
			threats = append(threats, try{row: row, a: a, wallet: w})
		}
	}
	n := scenario.From(ctx).Cases(len(threats))
	var tries []try
	if n <= len(threats) {
		for _, t := range threats {
			if t.wallet == "" {
				t.wallet = k.wallet()
			}
			tries = append(tries, t)
		}
	} else {
		for _, t := range threats {
			if t.wallet != "" {
				tries = append(tries, t)
				continue
			}
			for _, w := range k.wallets {
				t.wallet = w
				tries = append(tries, t)
			}
		}
		for len(tries) < n {
			t := threats[k.gen.IntN(len(threats))]
			if t.wallet == "" {
				t.wallet = k.wallet()
			}
			tries = append(tries, t)
		}
		k.rng.Shuffle(len(tries), func(i, j int) { tries[i], tries[j] = tries[j], tries[i] })
	}
	names := make([]string, len(classes))
	byName := map[string]amountClass{}
	for i, c := range classes {
		names[i], byName[c.name] = c.name, c
	}
	drawn := k.gen.Cases(len(tries), gen.Dim{Name: "amount", Values: names})
	out := make([]amountClass, len(tries))
	for i := range tries {
		out[i] = byName[drawn[i]["amount"]]
	}
	return tries, out, nil
}

// tableStep makes the step that tries every row of a threat table, each
// with amounts drawn from classes, as plan says.
func tableStep(attacks map[string]attack, classes []amountClass) func(context.Context, *godog.Table) error {
	return func(ctx context.Context, table *godog.Table) error {
		rows, err := threatRows(table)
		if err != nil {
			return err
		}
		k, err := newKit(ctx)
		if err != nil {
			return err
		}
		tries, amounts, err := plan(ctx, k, attacks, rows, classes)
		if err != nil {
			return err
		}
		s := st(ctx)
		s.trials = nil
		for i, p := range tries {
			k.class = amounts[i]
			t := &trial{name: p.row, dims: map[string]string{"amount": k.class.name}}
			if p.a.each != "" {
				t.name = named(p.row, p.wallet)
				t.dims[p.a.each] = p.wallet
			}
			if err := p.a.run(k, t, p.wallet); err != nil {
				return fmt.Errorf("trying %q: %w", t.name, err)
			}
			s.trials = append(s.trials, t)
			keep(ctx, t)
		}
		return nil
	}
}

// named is the name of a row tried for each wallet, for wallet w: the row
// with "each connected wallet's" made w's.
func named(row, w string) string {
	if n := strings.Replace(row, "each connected wallet's", w+"'s", 1); n != row {
		return n
	}
	return row + " (" + w + ")"
}

// keep puts a trial in the scenario's evidence: a Case of kind threat when
// it was tried, a note saying why when it was not.
func keep(ctx context.Context, t *trial) {
	log := scenario.From(ctx).Log
	if !t.tried {
		log.Note("Threat not tried: "+t.name, t.detail)
		return
	}
	log.Case(evidence.Case{Kind: evidence.CaseThreat, Name: t.name, Dims: t.dims, Held: t.held, Detail: t.detail})
}

// threatRows reads a table whose one column is headed "threat".
func threatRows(table *godog.Table) ([]string, error) {
	if table == nil || len(table.Rows) < 2 {
		return nil, fmt.Errorf("the step needs a table of threats: a column headed \"threat\" and a row per threat")
	}
	head := table.Rows[0].Cells
	if len(head) != 1 || strings.TrimSpace(head[0].Value) != "threat" {
		return nil, fmt.Errorf("the table of threats must have one column, headed \"threat\"")
	}
	var out []string
	for _, r := range table.Rows[1:] {
		out = append(out, strings.TrimSpace(r.Cells[0].Value))
	}
	return out, nil
}

func known(attacks map[string]attack) []string {
	out := make([]string, 0, len(attacks))
	for k := range attacks {
		out = append(out, fmt.Sprintf("%q", k))
	}
	sort.Strings(out)
	return out
}
