// Package access defines the steps of the ACCESS family: differential checks
// that do the same thing through a small ("tail") institution and a large
// one, or through the platform's own wallet and a rival, and compare what
// comes out. The harness plays every institution (mocks/wallet, generated in
// bulk with ids and hosts of their own per scenario) and the consumers.
package access

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"

	"hutong/conformance/evidence"
	"hutong/conformance/iti"
	"hutong/conformance/paysign"
	"hutong/conformance/stats"
	"hutong/mocks/wallet"
	"hutong/steps/scenario"
)

type inst struct {
	id, tier string
	mock     *wallet.Wallet
	host     string
	conn     *iti.InstitutionConnection
}

type state struct {
	insts    []*inst
	byID     map[string]*inst
	byHost   map[string]*inst
	criteria *iti.ConnectionCriteria
	merchant string
	checkout *iti.Checkout
	// asked are the institutions of the last "ask to connect" step.
	asked []*inst
	// lacking is the field the refused institutions lack.
	lacking string
	rng     *rand.Rand
}

func st(ctx context.Context) *state {
	s := scenario.State[state](ctx)
	if s.byID == nil {
		s.byID, s.byHost = map[string]*inst{}, map[string]*inst{}
		w := scenario.From(ctx)
		h := fnv.New64a()
		io.WriteString(h, w.Name)
		s.rng = rand.New(rand.NewPCG(uint64(w.Env.Seed), h.Sum64()))
	}
	return s
}

// Register adds the family's steps.
func Register(sc *godog.ScenarioContext) {
	sc.Step(scenario.Expr(`^the platform publishes its criteria for connecting an institution$`), readCriteria)
	sc.Step(scenario.Expr(`^the platform has connected (\d+) affiliated, (\d+) top and (\d+) tail institutions, each meeting every published criterion$`), connectedFleet)
	sc.Step(scenario.Expr(`^a merchant has enabled all of them$`), enableAll)
	sc.Step(scenario.Expr(`^a top institution and (\d+) tail institutions, each meeting every published criterion, ask to connect in the same way$`), askCompliant)
	sc.Step(scenario.Expr(`^a top and a tail institution, each lacking (.+) but meeting every other published criterion, ask to connect$`), askLacking)
	sc.Step(scenario.Expr(`^a tail institution meeting every published criterion asks to connect$`), askOneTail)
	sc.Step(scenario.Expr(`^a consumer checks out at that merchant$`), checkOut)
	sc.Step(scenario.Expr(`^the consumer pays through every tail and every top institution in turn, one order each$`), payEach)
	sc.Step(scenario.Expr(`^(\d+) consumers each check out at a merchant of their own that enabled all of them in an order drawn from the run's seed$`), manyCheckouts)
	sc.Step(scenario.Expr(`^the consumer is handed to a tail and to a top institution in turn, (\d+) times each$`), timeHandoffs)

	sc.Step(scenario.Expr(`^every one of them is connected$`), allConnected)
	sc.Step(scenario.Expr(`^it is connected$`), allConnected)
	sc.Step(scenario.Expr(`^every tail institution is offered the same terms as the top institution: the platform's fee, the settlement period and any further conditions$`), sameTerms)
	sc.Step(scenario.Expr(`^every tail institution is given the same interface as the top institution: the same address for payment notices and a key to verify the platform$`), sameInterface)
	sc.Step(scenario.Expr(`^both are refused, each naming a published criterion about (.+)$`), refusedForCriterion)
	sc.Step(scenario.Expr(`^the top and the tail institution are refused for the same reasons$`), sameRefusal)
	sc.Step(scenario.Expr(`^every tail institution's method is on the same screen and as prominent as the top institutions'$`), sameProminence)
	sc.Step(scenario.Expr(`^every tail institution's payment took the same steps and had the same outcome as the top institutions'$`), samePayments)
	sc.Step(scenario.Expr(`^the place of each method on the payment screen does not depend on its institution's tier, at the (\d+(?:\.\d+)?)% significance level$`), neutralOrder)
	sc.Step(scenario.Expr(`^every institution the merchant enabled is offered$`), allOffered)
	sc.Step(scenario.Expr(`^the platform's median time to hand a consumer to a tail institution is within (\d+(?:\.\d+)?) times its median for a top institution$`), handoffTimes)
}

func session(ctx context.Context) (*iti.Session, error) {
	return scenario.From(ctx).Session(ctx)
}

// newInsts makes n mock institutions of tier, served on the scenario's zone.
func newInsts(ctx context.Context, tier string, n int) []*inst {
	w := scenario.From(ctx)
	s := st(ctx)
	prefix := tier
	if k := countTier(s, tier); k > 0 {
		// Later batches of a tier get ids of their own.
		prefix = fmt.Sprintf("%s%d", tier, k)
	}
	mocks := wallet.Batch(prefix, tier, n, func(id string) *http.Client {
		return &http.Client{Transport: &evidence.Transport{Base: w.Env.Transport, From: id + " wallet", Log: w.Log}, Timeout: w.Env.Timeout}
	})
	out := make([]*inst, n)
	for i, m := range mocks {
		in := &inst{id: m.ID, tier: tier, mock: m}
		in.host = w.Mock("wallet."+m.ID, m.ID+" wallet", m)
		s.insts = append(s.insts, in)
		s.byID[in.id] = in
		s.byHost[strings.ToLower(in.host)] = in
		out[i] = in
	}
	return out
}

func countTier(s *state, tier string) int {
	n := 0
	for _, in := range s.insts {
		if in.tier == tier {
			n++
		}
	}
	return n
}

// request is the connection request of a mock institution that meets every
// criterion of the ITI's platform role.
func request(in *inst) iti.InstitutionRequest {
	base := "https://" + in.host
	return iti.InstitutionRequest{Name: in.id, Tier: in.tier, HandoffURL: base + wallet.HandoffPath, RefundURL: base + wallet.RefundPath,
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
	var all []*inst
	all = append(all, newInsts(ctx, iti.TierAffiliated, aff)...)
	all = append(all, newInsts(ctx, iti.TierTop, top)...)
	all = append(all, newInsts(ctx, iti.TierTail, tail)...)
	for _, in := range all {
		if err := connect(ctx, in, request(in)); err != nil {
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

func askCompliant(ctx context.Context, tails int) error {
	s := st(ctx)
	s.asked = append(newInsts(ctx, iti.TierTop, 1), newInsts(ctx, iti.TierTail, tails)...)
	for _, in := range s.asked {
		if err := connect(ctx, in, request(in)); err != nil {
			return err
		}
	}
	return nil
}

func askOneTail(ctx context.Context) error {
	s := st(ctx)
	s.asked = newInsts(ctx, iti.TierTail, 1)
	return connect(ctx, s.asked[0], request(s.asked[0]))
}

// lacks maps what the feature says an institution lacks to the request field
// it concerns and how to take it away.
var lacks = map[string]struct {
	field  string
	remove func(*iti.InstitutionRequest)
}{
	"a key to verify its payment notices": {"notify_public_key", func(r *iti.InstitutionRequest) { r.NotifyPublicKey = "" }},
	"an address for refunds":              {"refund_url", func(r *iti.InstitutionRequest) { r.RefundURL = "" }},
	"direct handoffs": {"capabilities", func(r *iti.InstitutionRequest) {
		r.Capabilities = slices.DeleteFunc(slices.Clone(r.Capabilities), func(c string) bool { return c == iti.CapabilityDirectHandoff })
	}},
}

func lackNames() string {
	var out []string
	for k := range lacks {
		out = append(out, fmt.Sprintf("%q", k))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func askLacking(ctx context.Context, what string) error {
	l, ok := lacks[what]
	if !ok {
		return fmt.Errorf("the feature says the institutions lack %q; the harness knows how to take away %s", what, lackNames())
	}
	s := st(ctx)
	s.asked, s.lacking = append(newInsts(ctx, iti.TierTop, 1), newInsts(ctx, iti.TierTail, 1)...), l.field
	for _, in := range s.asked {
		req := request(in)
		l.remove(&req)
		if err := connect(ctx, in, req); err != nil {
			return err
		}
	}
	return nil
}

// Then steps.

func bp(n int) string { return fmt.Sprintf("%d.%02d%%", n/100, n%100) }

func conditions(t iti.InstitutionTerms) string {
	if len(t.Conditions) == 0 {
		return "none"
	}
	return strings.Join(t.Conditions, "; ")
}

// connectionTable is the side-by-side view of the asked institutions'
// answers.
func connectionTable(insts []*inst) string {
	rows := []string{fmt.Sprintf("%-12s %-5s %-9s %-7s %-11s %-30s %s", "institution", "tier", "decision", "fee", "settlement", "further conditions", "reason")}
	for _, in := range insts {
		c := in.conn
		if c == nil {
			rows = append(rows, fmt.Sprintf("%-12s %-5s (never asked)", in.id, in.tier))
			continue
		}
		reason := c.Reason
		if len(c.ReasonCodes) > 0 {
			reason += " [" + strings.Join(c.ReasonCodes, ", ") + "]"
		}
		fee, days, cond := bp(c.Terms.FeeRateBP), fmt.Sprintf("%d day(s)", c.Terms.SettlementDays), conditions(c.Terms)
		if c.Decision != iti.DecisionAccepted {
			fee, days, cond = "-", "-", "-"
		}
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-9s %-7s %-11s %-30s %s", in.id, in.tier, c.Decision, fee, days, cond, reason))
	}
	return strings.Join(rows, "\n")
}

func asked(ctx context.Context) ([]*inst, error) {
	s := st(ctx)
	if len(s.asked) == 0 {
		return nil, errors.New("no institution asked to connect; a When step must ask first")
	}
	return s.asked, nil
}

func allConnected(ctx context.Context) error {
	insts, err := asked(ctx)
	if err != nil {
		return err
	}
	scenario.From(ctx).Log.Note("Connection answers side by side", connectionTable(insts))
	t := godog.T(ctx)
	for _, in := range insts {
		assert.Equal(t, iti.DecisionAccepted, in.conn.Decision, "%s, a %s institution meeting every published criterion and asking exactly as the others did, was %s: %q",
			in.id, in.tier, in.conn.Decision, in.conn.Reason)
	}
	return nil
}

// topAndTails splits the asked institutions.
func topAndTails(ctx context.Context) (*inst, []*inst, error) {
	insts, err := asked(ctx)
	if err != nil {
		return nil, nil, err
	}
	var top *inst
	var tails []*inst
	for _, in := range insts {
		switch in.tier {
		case iti.TierTop:
			top = in
		case iti.TierTail:
			tails = append(tails, in)
		}
	}
	if top == nil || len(tails) == 0 {
		return nil, nil, errors.New("the comparison needs a top and at least one tail institution to have asked to connect")
	}
	return top, tails, nil
}

func sameTerms(ctx context.Context) error {
	top, tails, err := topAndTails(ctx)
	if err != nil {
		return err
	}
	scenario.From(ctx).Log.Note("Terms side by side", connectionTable(append([]*inst{top}, tails...)))
	t := godog.T(ctx)
	want := top.conn.Terms
	for _, in := range tails {
		got := in.conn.Terms
		if in.conn.Decision != iti.DecisionAccepted {
			assert.Fail(t, "not connected", "%s was not connected, so it has no terms to compare: %q", in.id, in.conn.Reason)
			continue
		}
		assert.Equal(t, want.FeeRateBP, got.FeeRateBP, "the platform's fee for %s (tail) is %s; for %s (top) it is %s", in.id, bp(got.FeeRateBP), top.id, bp(want.FeeRateBP))
		assert.Equal(t, want.SettlementDays, got.SettlementDays, "the platform settles with %s (tail) in %d day(s); with %s (top) in %d", in.id, got.SettlementDays, top.id, want.SettlementDays)
		assert.ElementsMatch(t, want.Conditions, got.Conditions, "%s (tail) is asked for %s before it goes live; %s (top) for %s", in.id, conditions(got), top.id, conditions(want))
	}
	return nil
}

// general writes an institution's own id out of what the platform told it,
// so that per-institution addresses (…/notify/tail-001) compare equal.
func general(in *inst, v string) string { return strings.ReplaceAll(v, in.id, "{institution}") }

func sameInterface(ctx context.Context) error {
	top, tails, err := topAndTails(ctx)
	if err != nil {
		return err
	}
	rows := []string{fmt.Sprintf("%-12s %-5s %-64s %-28s %s", "institution", "tier", "payment notices to", "platform id", "platform key")}
	keyState := func(in *inst) string {
		if _, err := paysign.DecodeKey(in.conn.PlatformPublicKey); err != nil {
			return "unusable: " + err.Error()
		}
		return "an Ed25519 key"
	}
	for _, in := range append([]*inst{top}, tails...) {
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-64s %-28s %s", in.id, in.tier, general(in, in.conn.NotifyURL), general(in, in.conn.PlatformID), keyState(in)))
	}
	scenario.From(ctx).Log.Note("Interface side by side", strings.Join(rows, "\n"))
	t := godog.T(ctx)
	for _, in := range tails {
		assert.Equal(t, general(top, top.conn.NotifyURL), general(in, in.conn.NotifyURL), "%s (tail) is told to send its payment notices to %q; %s (top) to %q", in.id, in.conn.NotifyURL, top.id, top.conn.NotifyURL)
		assert.Equal(t, general(top, top.conn.PlatformID), general(in, in.conn.PlatformID), "the platform calls itself %q to %s (tail) and %q to %s (top)", in.conn.PlatformID, in.id, top.conn.PlatformID, top.id)
		assert.Equal(t, keyState(top), keyState(in), "the platform's key given to %s (tail) is %s; to %s (top) %s", in.id, keyState(in), top.id, keyState(top))
	}
	return nil
}

func refusedForCriterion(ctx context.Context, what string) error {
	s := st(ctx)
	insts, err := asked(ctx)
	if err != nil {
		return err
	}
	if s.criteria == nil {
		return errors.New("the platform's criteria were not read; a Given step must read them first")
	}
	published := map[string]iti.Criterion{}
	for _, c := range s.criteria.Criteria {
		published[c.Code] = c
	}
	scenario.From(ctx).Log.Note("Refusals side by side", connectionTable(insts))
	t := godog.T(ctx)
	for _, in := range insts {
		c := in.conn
		if !assert.Equal(t, iti.DecisionRefused, c.Decision, "%s (%s), which lacks %s, was %s", in.id, in.tier, what, c.Decision) {
			continue
		}
		assert.NotEmpty(t, strings.TrimSpace(c.Reason), "the refusal of %s (%s) gives no reason at all", in.id, in.tier)
		if !assert.NotEmpty(t, c.ReasonCodes, "the refusal of %s (%s) names none of the platform's published criteria; it says only %q", in.id, in.tier, c.Reason) {
			continue
		}
		about := false
		for _, code := range c.ReasonCodes {
			k, ok := published[code]
			assert.True(t, ok, "the refusal of %s (%s) names %q, which is not among the platform's published criteria", in.id, in.tier, code)
			about = about || (ok && k.Field == s.lacking)
		}
		assert.True(t, about, "%s (%s) lacks %s, but its refusal names %v, none of them a published criterion about %s", in.id, in.tier, what, c.ReasonCodes, s.lacking)
	}
	return nil
}

func sameRefusal(ctx context.Context) error {
	top, tails, err := topAndTails(ctx)
	if err != nil {
		return err
	}
	t := godog.T(ctx)
	for _, in := range tails {
		assert.Equal(t, top.conn.Decision, in.conn.Decision, "with the same shortcoming %s (top) was %s and %s (tail) %s", top.id, top.conn.Decision, in.id, in.conn.Decision)
		assert.ElementsMatch(t, top.conn.ReasonCodes, in.conn.ReasonCodes, "with the same shortcoming %s (top) was refused for %v and %s (tail) for %v", top.id, top.conn.ReasonCodes, in.id, in.conn.ReasonCodes)
	}
	return nil
}

func option(c *iti.Checkout, id string) *iti.PaymentOption {
	for i := range c.Options {
		if c.Options[i].InstitutionID == id {
			return &c.Options[i]
		}
	}
	return nil
}

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

func sameProminence(ctx context.Context) error {
	c, err := theCheckout(ctx)
	if err != nil {
		return err
	}
	s := st(ctx)
	tops, tails := tiered(s, iti.TierTop), tiered(s, iti.TierTail)
	if len(tops) == 0 || len(tails) == 0 {
		return errors.New("the comparison needs top and tail institutions")
	}
	opts := byInstitution(c)
	rows := []string{fmt.Sprintf("%-14s %-10s %s", "institution", "tier", "shown")}
	for _, in := range s.insts {
		rows = append(rows, fmt.Sprintf("%-14s %-10s %s", in.id, in.tier, placement(opts, in.id)))
	}
	scenario.From(ctx).Log.Note("Payment screen, tail and top side by side", strings.Join(rows, "\n"))
	want := placement(opts, tops[0].id)
	t := godog.T(ctx)
	for _, in := range tops[1:] {
		assert.Equal(t, want, placement(opts, in.id), "the top institutions themselves are shown differently: %s %s, %s %s", tops[0].id, want, in.id, placement(opts, in.id))
	}
	for _, in := range tails {
		assert.Equal(t, want, placement(opts, in.id), "%s (tail) is shown %s; %s (top) %s", in.id, placement(opts, in.id), tops[0].id, want)
	}
	return nil
}

var handoffMeta = regexp.MustCompile(`<meta name="` + regexp.QuoteMeta(wallet.MetaHandoff) + `" content="([^"]*)">`)

// payment is one end-to-end payment as the consumer and the wallet saw it.
type payment struct {
	inst     *inst
	kind     string // the handoff's kind
	landed   string // whose page the handoff led to
	accepted bool   // the wallet accepted the handoff
	status   string // the platform's record of the order afterwards
	paidWith string
	credited int64 // what the platform credited
	ledger   int64 // what the wallet's ledger holds for the order
	amount   int64 // what the order cost
	trouble  string
}

// ok is whether the payment succeeded end to end through its institution.
func (p payment) ok() bool {
	return p.trouble == "" && p.landed == p.inst.id && p.accepted && p.status == iti.OrderPaid && p.paidWith == p.inst.id &&
		p.credited == p.amount && p.ledger == p.amount
}

// shape is what must be the same for a tail and a top institution.
func (p payment) shape() string {
	return fmt.Sprintf("handoff %s, into the chosen wallet %v, accepted %v, order %s with it %v, credited as in the ledger %v",
		p.kind, p.landed == p.inst.id, p.accepted, p.status, p.paidWith == p.inst.id, p.credited == p.ledger && p.ledger == p.amount)
}

// payThrough pays a fresh order through in as consumer, as a device would:
// it follows the handoff into the wallet, confirms there, and reads the
// platform's record.
func payThrough(ctx context.Context, in *inst, consumer string, amount int64) (payment, error) {
	s := st(ctx)
	p := payment{inst: in, amount: amount}
	c, err := checkoutAt(ctx, s.merchant, consumer, amount)
	if err != nil {
		return p, err
	}
	sess, err := session(ctx)
	if err != nil {
		return p, err
	}
	h, err := sess.Choose(ctx, c.OrderID, iti.ChoiceRequest{InstitutionID: in.id})
	if err != nil {
		return p, err
	}
	p.kind = h.Kind
	w := scenario.From(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.URL, nil)
	if err != nil {
		p.trouble = fmt.Sprintf("the handoff %q is not a link a device can open", h.URL)
		return p, nil
	}
	resp, err := w.HTTP.Do(req)
	if err != nil {
		p.trouble = "following the handoff: " + err.Error()
		return p, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	host := strings.ToLower(resp.Request.URL.Hostname())
	if at := s.byHost[host]; at != nil {
		p.landed = at.id
	} else {
		p.landed = host
	}
	m := handoffMeta.FindStringSubmatch(string(body))
	p.accepted = resp.StatusCode == http.StatusOK && m != nil && p.landed == in.id
	if p.accepted {
		form := url.Values{"payer": {consumer}}.Encode()
		creq, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+in.host+wallet.ConfirmPath+m[1], strings.NewReader(form))
		if err != nil {
			return p, err
		}
		creq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		cresp, err := w.HTTP.Do(creq)
		if err != nil {
			p.trouble = "confirming in the wallet: " + err.Error()
		} else {
			io.Copy(io.Discard, cresp.Body)
			cresp.Body.Close()
			if cresp.StatusCode != http.StatusOK {
				p.trouble = fmt.Sprintf("the wallet would not take the payment (status %d)", cresp.StatusCode)
			}
		}
	}
	o, err := sess.Order(ctx, c.OrderID)
	if err != nil {
		return p, err
	}
	p.status, p.paidWith = o.Status, o.PaidWith
	for _, cr := range o.Credits {
		p.credited += cr.AmountMinor
	}
	for _, lp := range in.mock.Payments() {
		if lp.Order == c.OrderID {
			p.ledger += lp.Amount
		}
	}
	return p, nil
}

type paymentsKey struct{}

func payEach(ctx context.Context) (context.Context, error) {
	s := st(ctx)
	if s.merchant == "" {
		return ctx, errors.New("no merchant was set up; a Given step must enable the institutions first")
	}
	var out []payment
	for i, in := range append(tiered(s, iti.TierTop), tiered(s, iti.TierTail)...) {
		// A consumer of its own per payment, so that no earlier choice is
		// preselected and every payment starts alike.
		p, err := payThrough(ctx, in, fmt.Sprintf("shopper-%d", i+1), 4200)
		if err != nil {
			return ctx, err
		}
		out = append(out, p)
	}
	return context.WithValue(ctx, paymentsKey{}, out), nil
}

func money(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

func samePayments(ctx context.Context) error {
	ps, ok := ctx.Value(paymentsKey{}).([]payment)
	if !ok || len(ps) == 0 {
		return errors.New("no payment was made; a When step must pay first")
	}
	rows := []string{fmt.Sprintf("%-12s %-5s %-9s %-12s %-8s %-7s %-12s %-8s %-7s %s", "institution", "tier", "handoff", "landed in", "accepted", "order", "paid with", "credited", "ledger", "trouble")}
	var top *payment
	for i, p := range ps {
		rows = append(rows, fmt.Sprintf("%-12s %-5s %-9s %-12s %-8v %-7s %-12s %-8s %-7s %s", p.inst.id, p.inst.tier, p.kind, p.landed, p.accepted, p.status, p.paidWith,
			money(p.credited), money(p.ledger), p.trouble))
		if top == nil && p.inst.tier == iti.TierTop {
			top = &ps[i]
		}
	}
	scenario.From(ctx).Log.Note("Payments side by side", strings.Join(rows, "\n"))
	if top == nil {
		return errors.New("no top institution was paid through, so there is nothing to compare with")
	}
	t := godog.T(ctx)
	for _, p := range ps {
		if p.inst.tier != iti.TierTail {
			continue
		}
		assert.True(t, p.ok(), "paying through %s (tail) did not succeed end to end: %s %s", p.inst.id, p.shape(), p.trouble)
		assert.Equal(t, top.shape(), p.shape(), "paying through %s (tail) went differently from paying through %s (top)", p.inst.id, top.inst.id)
	}
	return nil
}

func allOffered(ctx context.Context) error {
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
	for _, tier := range []string{iti.TierAffiliated, iti.TierTop, iti.TierTail} {
		if k := by[tier]; k != nil {
			rows = append(rows, fmt.Sprintf("%-10s %8d %8d", tier, k.enabled, k.offered))
		}
	}
	scenario.From(ctx).Log.Note("Offered by tier", strings.Join(rows, "\n"))
	if len(missing) > 10 {
		missing = append(missing[:10], fmt.Sprintf("and %d more", len(missing)-10))
	}
	assert.Empty(godog.T(ctx), missing, "the merchant enabled %d institutions, but the payment screen leaves out %s", len(s.insts), strings.Join(missing, ", "))
	return nil
}

// seed is the scenario's seed as an auditor re-runs it: the run's seed.
func seed(ctx context.Context) int64 { return scenario.From(ctx).Env.Seed }

type screensKey struct{}

// screens are the payment screens of many checkouts, with each option's tier.
type screens struct {
	trials  int
	strata  [][]stats.Obs
	offered int
}

var tierIndex = map[string]int{iti.TierAffiliated: 0, iti.TierTop: 1, iti.TierTail: 2}

func manyCheckouts(ctx context.Context, n int) (context.Context, error) {
	s := st(ctx)
	if n < 2 || n > 10000 {
		return ctx, fmt.Errorf("the feature asks for %d checkouts; the test needs between 2 and 10000", n)
	}
	if len(s.insts) == 0 {
		return ctx, errors.New("no institution was connected; a Given step must connect them first")
	}
	out := &screens{trials: n}
	for i := 0; i < n; i++ {
		enabled := ids(s.insts)
		s.rng.Shuffle(len(enabled), func(a, b int) { enabled[a], enabled[b] = enabled[b], enabled[a] })
		m := fmt.Sprintf("stall-%03d", i+1)
		if err := setMerchant(ctx, m, enabled); err != nil {
			return ctx, err
		}
		c, err := checkoutAt(ctx, m, fmt.Sprintf("visitor-%03d", i+1), 1000+s.rng.Int64N(99000))
		if err != nil {
			return ctx, err
		}
		var stratum []stats.Obs
		for pos, o := range c.Options {
			if in := s.byID[o.InstitutionID]; in != nil {
				stratum = append(stratum, stats.Obs{Group: tierIndex[in.tier], Value: float64(pos + 1)})
			}
		}
		out.offered += len(stratum)
		out.strata = append(out.strata, stratum)
	}
	return context.WithValue(ctx, screensKey{}, out), nil
}

// Permutations is how many label permutations the order test draws: enough
// that p can fall below 0.001.
const Permutations = 1999

func neutralOrder(ctx context.Context, level string) error {
	sc, ok := ctx.Value(screensKey{}).(*screens)
	if !ok {
		return errors.New("no checkouts were made; a When step must check out first")
	}
	alpha, err := strconv.ParseFloat(level, 64)
	if err != nil || alpha <= 0 || alpha >= 100 {
		return fmt.Errorf("the significance level %q%% is not a percentage between 0 and 100", level)
	}
	alpha /= 100
	// The permutations draw from a source of their own, seeded from the
	// run's seed, so that the p-value is the same on every re-run.
	res, err := stats.StratifiedKruskalWallis(sc.strata, Permutations, rand.New(rand.NewPCG(uint64(seed(ctx)), 0x414343455334)))
	if err != nil {
		assert.Fail(godog.T(ctx), "no test possible", "the order of the payment screens cannot be tested: %v (the screens offered %d options in %d checkouts)", err, sc.offered, sc.trials)
		return nil
	}
	scenario.From(ctx).Log.Note("Place on the payment screen by tier", placeTable(sc))
	scenario.From(ctx).Log.Note("Order neutrality test", fmt.Sprintf(
		"Kruskal–Wallis H = %.3f over the places of %d options in %d checkouts, grouped by tier\n"+
			"p = %.4f by %d permutations of the tiers within each checkout (p cannot fall below %.4f)\n"+
			"decision: %s at the %.1f%% level\n"+
			"trials = %d, seed = %d (re-run with --seed %d)",
		res.H, res.N, res.Strata, res.P, res.Permutations, 1/float64(res.Permutations+1),
		map[bool]string{true: "the order depends on the tier", false: "no dependence on the tier found"}[res.P < alpha], alpha*100,
		sc.trials, seed(ctx), seed(ctx)))
	assert.GreaterOrEqual(godog.T(ctx), res.P, alpha, "the place of a method on the payment screen depends on its institution's tier: Kruskal–Wallis H = %.2f, p = %.4f < %.3f over %d checkouts (seed %d)",
		res.H, res.P, alpha, sc.trials, seed(ctx))
	return nil
}

func placeTable(sc *screens) string {
	type agg struct {
		n, first, last int
		sum            float64
	}
	by := make([]agg, 3)
	for _, screen := range sc.strata {
		for _, o := range screen {
			a := &by[o.Group]
			a.n++
			a.sum += o.Value
			if o.Value == 1 {
				a.first++
			}
			if int(o.Value) == len(screen) {
				a.last++
			}
		}
	}
	rows := []string{fmt.Sprintf("%-10s %8s %11s %12s %11s", "tier", "options", "mean place", "shown first", "shown last")}
	for i, tier := range []string{iti.TierAffiliated, iti.TierTop, iti.TierTail} {
		a := by[i]
		if a.n == 0 {
			continue
		}
		rows = append(rows, fmt.Sprintf("%-10s %8d %11.2f %11.1f%% %10.1f%%", tier, a.n, a.sum/float64(a.n), 100*float64(a.first)/float64(a.n), 100*float64(a.last)/float64(a.n)))
	}
	return strings.Join(rows, "\n")
}

type timingsKey struct{}

// timings are the handoff times, in pairs: tail[i] and top[i] were taken
// back to back.
type timings struct{ tail, top []time.Duration }

// handoffOnce times the platform's handling of one handoff: the consumer's
// choice, and the platform's own redirect towards the wallet (not the
// wallet's page, which is the harness's mock).
func handoffOnce(ctx context.Context, sess *iti.Session, hc *http.Client, order, inst string) (time.Duration, error) {
	start := time.Now()
	h, err := sess.Choose(ctx, order, iti.ChoiceRequest{InstitutionID: inst})
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.URL, nil)
	if err != nil {
		return 0, fmt.Errorf("the handoff to %s, %q, is not a link a device can open", inst, h.URL)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("opening the handoff to %s: %w", inst, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(start), nil
}

func timeHandoffs(ctx context.Context, n int) (context.Context, error) {
	if n < 3 || n > 1000 {
		return ctx, fmt.Errorf("the feature asks for %d trials of each; the comparison needs between 3 and 1000", n)
	}
	c, err := theCheckout(ctx)
	if err != nil {
		return ctx, err
	}
	s := st(ctx)
	tops, tails := tiered(s, iti.TierTop), tiered(s, iti.TierTail)
	if len(tops) == 0 || len(tails) == 0 {
		return ctx, errors.New("the comparison needs top and tail institutions")
	}
	sess, err := session(ctx)
	if err != nil {
		return ctx, err
	}
	w := scenario.From(ctx)
	hc := &http.Client{Transport: w.HTTP.Transport, Timeout: w.Env.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// One untimed handoff of each warms up whatever either path caches.
	for _, in := range []*inst{tops[0], tails[0]} {
		if _, err := handoffOnce(ctx, sess, hc, c.OrderID, in.id); err != nil {
			return ctx, err
		}
	}
	tm := &timings{}
	for i := 0; i < n; i++ {
		pair := []*inst{tails[s.rng.IntN(len(tails))], tops[s.rng.IntN(len(tops))]}
		if i%2 == 1 {
			// Alternate which goes first, so that neither side always
			// follows the other.
			pair[0], pair[1] = pair[1], pair[0]
		}
		for _, in := range pair {
			d, err := handoffOnce(ctx, sess, hc, c.OrderID, in.id)
			if err != nil {
				return ctx, err
			}
			if in.tier == iti.TierTail {
				tm.tail = append(tm.tail, d)
			} else {
				tm.top = append(tm.top, d)
			}
		}
	}
	return context.WithValue(ctx, timingsKey{}, tm), nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// SlackAbsolute is how much slower than a top institution's a tail
// institution's median handoff may be whatever the ratio: in-process
// handoffs take well under a millisecond, where scheduling noise alone can
// double a median.
const SlackAbsolute = 2 * time.Millisecond

// SignLevel is the sign test's level: the tail side must be the slower in
// so many of the pairs that chance explains it less than once in a hundred.
const SignLevel = 0.01

// tooSlow is the rule the feature states: a tail median more than factor
// times the top median and more than SlackAbsolute longer.
func tooSlow(tail, top time.Duration, factor float64) bool {
	return float64(tail) > factor*float64(top) && tail-top > SlackAbsolute
}

// slowerPairs counts the pairs in which the tail handoff took longer, and
// the sign test's p-value for that many.
func slowerPairs(tm *timings) (int, float64) {
	wins := 0
	for i := range tm.tail {
		if tm.tail[i] > tm.top[i] {
			wins++
		}
	}
	p, err := stats.SignTest(wins, len(tm.tail))
	if err != nil {
		return wins, 1
	}
	return wins, p
}

func handoffTimes(ctx context.Context, factor string) error {
	tm, ok := ctx.Value(timingsKey{}).(*timings)
	if !ok {
		return errors.New("no handoffs were timed; a When step must time them first")
	}
	f, err := strconv.ParseFloat(factor, 64)
	if err != nil || f < 1 {
		return fmt.Errorf("the factor %q is not a number of at least 1", factor)
	}
	mt, mp := median(tm.tail), median(tm.top)
	row := func(name string, ds []time.Duration) string {
		return fmt.Sprintf("%-5s %6d %12s %12s %12s", name, len(ds), median(ds).Round(time.Microsecond), slices.Min(ds).Round(time.Microsecond), slices.Max(ds).Round(time.Microsecond))
	}
	ratio := float64(mt) / float64(max(mp, 1))
	wins, signP := slowerPairs(tm)
	slow := tooSlow(mt, mp, f) && signP < SignLevel
	scenario.From(ctx).Log.Note("Handoff handling time, tail and top side by side", strings.Join([]string{
		fmt.Sprintf("%-5s %6s %12s %12s %12s", "tier", "trials", "median", "fastest", "slowest"),
		row("tail", tm.tail), row("top", tm.top),
		fmt.Sprintf("tail/top = %.2f; the tail handoff was the slower in %d of %d back-to-back pairs (sign test p = %.4f)", ratio, wins, len(tm.tail), signP),
		fmt.Sprintf("the rule: too slow only if the tail median exceeds %.1f × the top median AND exceeds it by more than %s AND the sign test's p < %.2f", f, SlackAbsolute, SignLevel),
		fmt.Sprintf("verdict: %s", map[bool]string{true: "tail handoffs are too slow", false: "within the rule"}[slow]),
	}, "\n"))
	assert.False(godog.T(ctx), slow, "handing a consumer to a tail institution takes a median %s; to a top institution %s — %.2f times as long, more than %.1f times and more than %s longer, and slower in %d of %d pairs (p = %.4f)",
		mt.Round(time.Microsecond), mp.Round(time.Microsecond), ratio, f, SlackAbsolute, wins, len(tm.tail), signP)
	return nil
}
