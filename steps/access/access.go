// Package access defines the steps of the ACCESS family: differential checks
// that do the same thing through a small ("tail") institution and a large
// one, or through the platform's own wallet and a rival, and compare what
// comes out. The harness plays every institution (mocks/institution, generated in
// bulk with ids and hosts of their own per scenario) and the consumers.
package access

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/internal/gen"
	"github.com/hutong-interop/hutong/steps/scenario"
)

type inst struct {
	id, tier string
	// name is what the institution calls itself when it asks to connect:
	// its id, unless a case drew a name in another form.
	name string
	mock *institution.Institution
	host string
	conn *iti.InstitutionConnection
	// c is the case the institution is part of; nil for one that is no
	// case, as the top institutions tail institutions are compared with.
	c *accessCase
	// top is the top institution a tail institution is compared with.
	top *inst
}

type state struct {
	insts    []*inst
	byID     map[string]*inst
	byHost   map[string]*inst
	criteria *iti.ConnectionCriteria
	merchant string
	checkout *iti.Checkout
	// stalls are ACCESS-04's merchants, each with institutions of its own.
	stalls []string
	// asked are the institutions of the last "ask to connect" step.
	asked []*inst
	// lacking is the field the refused institutions lack.
	lacking string
	// pairs are ACCESS-02's cases: institutions refused for one
	// shortcoming, a top and a tail.
	pairs []*pair
	// paid are ACCESS-03's cases: payments through tail institutions.
	paid []*payCase
	gen  *gen.Gen
	rng  *rand.Rand
}

func st(ctx context.Context) *state {
	s := scenario.State[state](ctx)
	if s.byID == nil {
		s.byID, s.byHost = map[string]*inst{}, map[string]*inst{}
		w := scenario.From(ctx)
		// The generator's source is the one ACCESS-04's draws have always
		// come from (the scenario's seed and name), so that its checkouts
		// and p-values are those of earlier runs with the same seed.
		s.gen = gen.New(w.Env.Seed, w.Name)
		s.rng = s.gen.Rand()
	}
	return s
}

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	scenario.Step(sc, `^the platform publishes its criteria for connecting an institution$`, readCriteria)
	scenario.Step(sc, `^the platform has connected (\d+) affiliated, (\d+) top and (\d+) tail institutions, each meeting every published criterion$`, connectedFleet)
	scenario.Step(sc, `^a merchant has enabled all of them$`, enableAll)
	scenario.Step(sc, `^a top institution and many tail institutions, each meeting every published criterion, ask to connect in the same way, before the platform has any merchant and after it has many$`, askCompliant, "ACCESS-01.5", "ACCESS-01.7")
	scenario.Step(sc, `^pairs of a top and a tail institution, each lacking (.+) but meeting every other published criterion, ask to connect$`, askLacking, "ACCESS-02.6")
	scenario.Step(sc, `^tail institutions meeting every published criterion ask to connect, among them refused ones with their shortcoming put right$`, askOneTail, "ACCESS-02.6")
	scenario.Step(sc, `^a consumer checks out at that merchant$`, checkOut)
	scenario.Step(sc, `^consumers check out and pay through the tail and the top institutions, at merchants and for amounts drawn from the run's seed$`, payDrawn, "ACCESS-03.5")
	scenario.Step(sc, `^(\d+) merchants each enabled (\d+) affiliated, (\d+) top and (\d+) tail institutions of their own, each meeting every published criterion, connected and listed in an order drawn from the run's seed$`, manyMerchants, "ACCESS-04.3")
	scenario.Step(sc, `^a consumer checks out at each of those merchants$`, manyCheckouts)
	scenario.Step(sc, `^the consumer is handed to a tail and to a top institution in turn, (\d+) times each$`, timeHandoffs)

	scenario.Step(sc, `^every one of them is connected$`, allConnected, "ACCESS-01.1", "ACCESS-01.3")
	scenario.Step(sc, `^each of them is connected$`, allConnected, "ACCESS-02.5")
	scenario.Step(sc, `^every tail institution is offered the same terms as the top institution: the platform's fee, the settlement period and any further conditions$`, sameTerms, "ACCESS-01.4", "ACCESS-01.5", "ACCESS-01.6", "ACCESS-01.8")
	scenario.Step(sc, `^every tail institution is given the same interface as the top institution: a notice address of the same form on the same origin, the same platform identity and a key to verify the platform$`, sameInterface, "ACCESS-01.2", "ACCESS-01.8")
	scenario.Step(sc, `^all of them are refused, each naming a published criterion about (.+)$`, refusedForCriterion, "ACCESS-02.1", "ACCESS-02.2", "ACCESS-02.3")
	scenario.Step(sc, `^the top and the tail institution of each pair are refused for the same reasons$`, sameRefusal, "ACCESS-02.4")
	scenario.Step(sc, `^every tail institution's method is on the same screen and as prominent as the top institutions'$`, sameProminence, "ACCESS-03.1", "ACCESS-03.3")
	scenario.Step(sc, `^every tail institution's payment took the same steps and had the same outcome as the top institutions'$`, samePayments, "ACCESS-03.2", "ACCESS-03.4")
	scenario.Step(sc, `^the place of each method on the payment screen does not depend on its institution's tier, at the (\d+(?:\.\d+)?)% significance level$`, neutralOrder, "ACCESS-04.1", "ACCESS-04.3")
	scenario.Step(sc, `^every institution the merchant enabled is offered$`, allOffered, "ACCESS-05.1")
	scenario.Step(sc, `^the platform's median time to hand a consumer to a tail institution is within (\d+(?:\.\d+)?) times its median for a top institution$`, handoffTimes, "ACCESS-05.2", "ACCESS-05.4")
}

func session(ctx context.Context) (*iti.Session, error) {
	return scenario.From(ctx).Session(ctx)
}

// newInsts makes n mock institutions of tier, served on the scenario's zone.
func newInsts(ctx context.Context, tier string, n int) []*inst {
	w := scenario.From(ctx)
	s := st(ctx)
	mocks := institution.Batch(neutralIDs(s, n), tier, func(id string) *http.Client {
		return &http.Client{Transport: &evidence.Transport{Base: w.Env.Transport, From: id + " wallet", Log: w.Log}, Timeout: w.Env.Timeout}
	})
	out := make([]*inst, n)
	for i, m := range mocks {
		in := &inst{id: m.ID, tier: tier, name: m.ID, mock: m}
		in.host = w.Mock("wallet."+m.ID, m.ID+" wallet", m)
		s.insts = append(s.insts, in)
		s.byID[in.id] = in
		s.byHost[strings.ToLower(in.host)] = in
		out[i] = in
	}
	return out
}

// neutralIDs are n fresh institution ids drawn from the scenario's seed.
// They carry nothing a requirement judges: no tier, no number in order, so a
// platform that sorts or treats institutions by name (alphabetically, say)
// sorts them independently of their tier, as it would real ones.
func neutralIDs(s *state, n int) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	ids := make([]string, 0, n)
	taken := make(map[string]bool, n)
	for len(ids) < n {
		b := []byte("pi-")
		for i := 0; i < 6; i++ {
			b = append(b, letters[s.rng.IntN(len(letters))])
		}
		id := string(b)
		if s.byID[id] != nil || taken[id] {
			continue
		}
		taken[id] = true
		ids = append(ids, id)
	}
	return ids
}

// request is the connection request of a mock institution that meets every
// criterion of the ITI's platform role.
func request(ctx context.Context, in *inst) iti.InstitutionRequest {
	w := scenario.From(ctx)
	return iti.InstitutionRequest{Name: in.name, Tier: in.tier, HandoffURL: w.URL(in.host, institution.HandoffPath), RefundURL: w.URL(in.host, institution.RefundPath),
		Capabilities: []string{iti.CapabilityDirectHandoff, iti.CapabilityRefund}, NotifyPublicKey: in.mock.PublicKey()}
}

// connect asks the platform to connect in with req and records the answer;
// an accepted institution learns the platform's key and notice address.
func connect(ctx context.Context, in *inst, req iti.InstitutionRequest) error {
	sess, err := session(ctx)
	if err != nil {
		return err
	}
	c, err := sess.ConnectInstitution(ctx, in.id, req)
	if err != nil {
		return err
	}
	in.conn = &c
	if c.Decision == iti.DecisionAccepted {
		if err := in.mock.Connect(c); err != nil {
			return fmt.Errorf("connecting %s: %w", in.id, err)
		}
	}
	return nil
}

func readCriteria(ctx context.Context) error {
	sess, err := session(ctx)
	if err != nil {
		return err
	}
	c, err := sess.ConnectionCriteria(ctx)
	if err != nil {
		return err
	}
	var rows []string
	for _, k := range c.Criteria {
		rows = append(rows, fmt.Sprintf("%-16s %-18s %s", k.Code, k.Field, k.Requirement))
	}
	scenario.From(ctx).Log.Note("The platform's published criteria", strings.Join(rows, "\n"))
	st(ctx).criteria = &c
	return nil
}

func connectedFleet(ctx context.Context, aff, top, tail int) error {
	if aff+top+tail == 0 || tail > 100000 || top > 100000 {
		return fmt.Errorf("the feature asks for %d affiliated, %d top and %d tail institutions; give at least one and at most 100000 of a tier", aff, top, tail)
	}
	return connectAll(ctx, fleet(ctx, aff, top, tail))
}

// fleet makes aff affiliated, top top and tail tail institutions, in that
// order.
func fleet(ctx context.Context, aff, top, tail int) []*inst {
	var all []*inst
	all = append(all, newInsts(ctx, iti.TierAffiliated, aff)...)
	all = append(all, newInsts(ctx, iti.TierTop, top)...)
	return append(all, newInsts(ctx, iti.TierTail, tail)...)
}

// connectAll connects every institution of all, in the order given, and
// fails if the platform refuses one.
func connectAll(ctx context.Context, all []*inst) error {
	for _, in := range all {
		if err := connect(ctx, in, request(ctx, in)); err != nil {
			return err
		}
		if in.conn.Decision != iti.DecisionAccepted {
			return fmt.Errorf("the platform refused to connect %s, a %s institution meeting every criterion of the platform role: %q", in.id, in.tier, in.conn.Reason)
		}
	}
	return nil
}

func ids(insts []*inst) []string {
	out := make([]string, len(insts))
	for i, in := range insts {
		out[i] = in.id
	}
	return out
}

func setMerchant(ctx context.Context, name string, enabled []string) error {
	sess, err := session(ctx)
	if err != nil {
		return err
	}
	_, err = sess.SetMerchant(ctx, name, iti.MerchantRequest{Name: name, BrandTier: iti.BrandOrdinary, EnabledInstitutions: enabled})
	return err
}

func enableAll(ctx context.Context) error {
	s := st(ctx)
	if len(s.insts) == 0 {
		return errors.New("no institution was connected; a Given step must connect them first")
	}
	s.merchant = "market-street"
	defer checkout.DecoyMerchants(ctx, []string{s.merchant}, []iti.MerchantRequest{{Name: s.merchant, BrandTier: iti.BrandOrdinary}})()
	return setMerchant(ctx, s.merchant, ids(s.insts))
}

func checkoutAt(ctx context.Context, merchant, consumer string, amount int64) (iti.Checkout, error) {
	sess, err := session(ctx)
	if err != nil {
		return iti.Checkout{}, err
	}
	return sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: merchant, Consumer: consumer, AmountMinor: amount, Currency: "CNY", Description: "a pot of tea"})
}

func checkOut(ctx context.Context) error {
	s := st(ctx)
	if s.merchant == "" {
		return errors.New("no merchant was set up; a Given step must enable the institutions first")
	}
	c, err := checkoutAt(ctx, s.merchant, "carol", 6800)
	if err != nil {
		return err
	}
	s.checkout = &c
	return nil
}

// Then steps.

// byInstitution indexes a payment screen's options: a screen of 10,000
// options is looked up 10,000 times.
func byInstitution(c *iti.Checkout) map[string]*iti.PaymentOption {
	m := make(map[string]*iti.PaymentOption, len(c.Options))
	for i := range c.Options {
		m[c.Options[i].InstitutionID] = &c.Options[i]
	}
	return m
}

func placement(opts map[string]*iti.PaymentOption, id string) string {
	o := opts[id]
	if o == nil {
		return "not offered"
	}
	return fmt.Sprintf("%s screen, %s", o.Screen, o.Prominence)
}

func theCheckout(ctx context.Context) (*iti.Checkout, error) {
	s := st(ctx)
	if s.checkout == nil {
		return nil, errors.New("no consumer checked out; a When step must check out first")
	}
	return s.checkout, nil
}

func tiered(s *state, tier string) []*inst {
	var out []*inst
	for _, in := range s.insts {
		if in.tier == tier {
			out = append(out, in)
		}
	}
	return out
}

// sameProminence judges the payment screen of every ACCESS-03 case: the
// tail institution's option is placed as the top institutions' options on
// the same screen are.
func sameProminence(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	cases, ok := ctx.Value(paymentsKey{}).([]*payCase)
	if !ok || len(cases) == 0 {
		return errors.New("no consumer checked out; a When step must check out first")
	}
	s := st(ctx)
	tops := tiered(s, iti.TierTop)
	if len(tops) == 0 {
		return errors.New("the comparison needs top and tail institutions")
	}
	v := newVerdicts(ctx)
	rows := []string{fmt.Sprintf("%-12s %-14s %-14s %-24s %s", "merchant", "amount", "institution", "shown", "the top institutions shown")}
	for _, pc := range cases {
		opts := byInstitution(&pc.screen)
		want := placement(opts, tops[0].id)
		var f scenario.Findings
		for _, in := range tops[1:] {
			if placement(opts, in.id) != want {
				v.add("at %s, for %s CNY, the top institutions themselves are shown differently: %s %s, %s %s", pc.shop.id, money(pc.amount), tops[0].id, want, in.id, placement(opts, in.id))
			}
		}
		got := placement(opts, pc.in.id)
		f.Check(got == want, "%s (tail) is shown %s; %s (top) %s", pc.in.id, got, tops[0].id, want)
		rows = append(rows, fmt.Sprintf("%-12s %-14s %-14s %-24s %s", pc.shop.id, money(pc.amount), pc.in.id, got, want))
		v.judge(&pc.c, errText(f.Err()))
	}
	scenario.From(ctx).Log.Note("Payment screens, tail and top side by side", strings.Join(rows, "\n"))
	return v.err("every tail institution's method should be on the same screen and as prominent as the top institutions'", "payment screens")
}

func allOffered(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	c, err := theCheckout(ctx)
	if err != nil {
		return err
	}
	s := st(ctx)
	opts := byInstitution(c)
	type count struct{ enabled, offered int }
	by := map[string]*count{}
	var missing []string
	for _, in := range s.insts {
		k := by[in.tier]
		if k == nil {
			k = &count{}
			by[in.tier] = k
		}
		k.enabled++
		if opts[in.id] != nil {
			k.offered++
		} else {
			missing = append(missing, in.id)
		}
	}
	rows := []string{fmt.Sprintf("%-10s %8s %8s", "tier", "enabled", "offered")}
	for _, tier := range iti.Tiers {
		if k := by[tier]; k != nil {
			rows = append(rows, fmt.Sprintf("%-10s %8d %8d", tier, k.enabled, k.offered))
		}
	}
	scenario.From(ctx).Log.Note("Offered by tier", strings.Join(rows, "\n"))
	if len(missing) > 10 {
		missing = append(missing[:10], fmt.Sprintf("and %d more", len(missing)-10))
	}
	if len(missing) > 0 {
		return fmt.Errorf("the merchant enabled %d institutions, but the payment screen leaves out %s", len(s.insts), strings.Join(missing, ", "))
	}
	return nil
}
