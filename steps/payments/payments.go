// Package payments defines the steps of the PAY and SEC families: a
// platform's checkout must offer every wallet its merchants enabled, hand the
// consumer directly to the wallet chosen, charge that wallet, and not be
// fooled by forged, replayed or altered messages. The harness plays the
// wallets (mocks/institution), the consumer, the friend who helps pay, and the
// attacker.
package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/mocks/institution"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

type state struct {
	wallets    map[string]*walletInfo
	walletSeq  []string
	merchants  map[string]*iti.MerchantRequest
	merchSeq   []string
	ready      bool
	notifyURL  string
	platformID string

	// checkouts are the scenario's orders, in the order placed; "the order"
	// is the first.
	checkouts []iti.Checkout
	handoff   *iti.Handoff
	landing   *landing
	link      *iti.PayOnBehalfLink
	// tamper alters a handoff on its way to the wallet.
	tamper      func(q url.Values)
	tamperField string
	// bobTried records what happened when Bob tried an expired link.
	bobPaid   bool
	bobResult string
}

type walletInfo struct {
	mock *institution.Institution
	host string
	fee  int64
}

// landing is where following a handoff ended.
type landing struct {
	url     *url.URL
	status  int
	body    string
	wallet  string // the wallet whose host it is, if any
	handoff string // the wallet's handoff id, if the wallet accepted it
}

// Register adds the families' steps.
func Register(sc *godog.ScenarioContext) {
	sc.Step(scenario.Expr(`^the platform's own group runs the wallet "([^"]+)"$`), func(ctx context.Context, n string) error { return addWallet(ctx, n, iti.TierAffiliated) })
	sc.Step(scenario.Expr(`^the rival wallet "([^"]+)" is a top institution$`), func(ctx context.Context, n string) error { return addWallet(ctx, n, iti.TierTop) })
	sc.Step(scenario.Expr(`^the wallet "([^"]+)" is a tail institution$`), func(ctx context.Context, n string) error { return addWallet(ctx, n, iti.TierTail) })
	sc.Step(scenario.Expr(`^the merchant "([^"]+)", an? (ordinary|brand flagship) shop, has enabled (.+)$`), addMerchant)
	sc.Step(scenario.Expr(`^"([^"]+)" charges payers a fee of (\S+ [A-Z]{3}) per payment$`), payerFee)
	sc.Step(scenario.Expr(`^(\w+) last chose to pay with "([^"]+)" at "([^"]+)"$`), lastChose)
	sc.Step(scenario.Expr(`^(\w+) paid an order of (\S+ [A-Z]{3}) at "([^"]+)" with "([^"]+)"$`), paidOrder)

	sc.Step(scenario.Expr(`^(\w+) checks out (?:an|another) order of (\S+ [A-Z]{3}) at "([^"]+)"$`), checkOut)
	sc.Step(scenario.Expr(`^she chooses to pay with "([^"]+)"(?: instead)?$`), choose)
	sc.Step(scenario.Expr(`^she confirms the payment in the wallet she was handed to$`), confirm)
	sc.Step(scenario.Expr(`^she asks (\w+) to help pay and sends him the link in a chat$`), askFriend)
	sc.Step(scenario.Expr(`^the link's time runs out$`), linkExpires)
	sc.Step(scenario.Expr(`^(\w+) opens the link and tries to pay with "([^"]+)"$`), tryPayFromLink)
	sc.Step(scenario.Expr(`^(\w+) pays with "([^"]+)" from the link$`), payFromLink)
	sc.Step(scenario.Expr(`^the merchant refunds the order in full$`), refundOrder)
	sc.Step(scenario.Expr(`^an attacker sends the platform a payment notice for the order in the name of "([^"]+)", signed with the wrong key$`), forge)
	sc.Step(scenario.Expr(`^an attacker posing as "([^"]+)", an institution the platform never connected, sends the platform a signed payment notice for the order$`), forge)
	sc.Step(scenario.Expr(`^an attacker sends the platform "([^"]+)"'s payment notice again, unchanged$`), replayNotice)
	sc.Step(scenario.Expr(`^an attacker alters the (amount|payee) of the handoff on its way to the wallet$`), alterHandoff)
	sc.Step(scenario.Expr(`^a careless "([^"]+)" takes the altered payment anyway and notifies the platform$`), carelessPay)

	sc.Step(scenario.Expr(`^she is offered (.+)$`), offered)
	sc.Step(scenario.Expr(`^every wallet she is offered is on the first payment screen$`), firstScreen)
	sc.Step(scenario.Expr(`^every wallet she is offered is shown with the same prominence$`), sameProminence)
	sc.Step(scenario.Expr(`^no wallet is preselected$`), nonePreselected)
	sc.Step(scenario.Expr(`^"([^"]+)" is preselected$`), preselected)
	sc.Step(scenario.Expr(`^every fee is shown with what it is for, before she confirms$`), feesLabelled)
	sc.Step(scenario.Expr(`^the total shown for "([^"]+)" is the order amount plus its labelled fees$`), totalAddsUp)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) exactly the total shown for it$`), chargedTotal)
	sc.Step(scenario.Expr(`^she is handed directly to "([^"]+)", with no QR code to save and no friend to ask$`), handedDirectly)
	sc.Step(scenario.Expr(`^"([^"]+)" receives the amount shown, the currency, the order reference and the payee unaltered$`), handoffUnaltered)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) for the order$`), chargedForOrder)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) for exactly that order$`), chargedForOrder)
	sc.Step(scenario.Expr(`^"([^"]+)" charged (\w+) nothing$`), chargedNothing)
	sc.Step(scenario.Expr(`^the platform records the (order|first order) as paid with "([^"]+)"$`), recordedPaid)
	sc.Step(scenario.Expr(`^the platform's record of the payment matches "([^"]+)"'s ledger$`), matchesLedger)
	sc.Step(scenario.Expr(`^"([^"]+)" receives the refund for that payment$`), refundReceived)
	sc.Step(scenario.Expr(`^"([^"]+)" receives no refund$`), noRefund)
	sc.Step(scenario.Expr(`^the platform records the order as refunded through "([^"]+)"$`), recordedRefunded)
	sc.Step(scenario.Expr(`^(\w+) opens the link directly and is offered every wallet the merchant enabled$`), linkOffersAll)
	sc.Step(scenario.Expr(`^the platform still records the (order|second order) as unpaid$`), stillUnpaid)
	sc.Step(scenario.Expr(`^the platform records exactly one payment of (\S+ [A-Z]{3}) for the order$`), onePayment)
	sc.Step(scenario.Expr(`^"([^"]+)" refuses the altered handoff, because the platform's signature no longer matches$`), refusesAltered)
	sc.Step(scenario.Expr(`^(\w+) is not able to pay through the link$`), bobCouldNotPay)
}

func st(ctx context.Context) *state {
	s := scenario.State[state](ctx)
	if s.wallets == nil {
		s.wallets = map[string]*walletInfo{}
		s.merchants = map[string]*iti.MerchantRequest{}
	}
	return s
}

func user(name string) string { return strings.ToLower(name) }

// money reads "88.00 CNY" as minor units and a currency.
func money(s string) (int64, string, error) {
	num, cur, ok := strings.Cut(s, " ")
	if !ok {
		return 0, "", fmt.Errorf("%q is not an amount such as \"88.00 CNY\"", s)
	}
	whole, frac, _ := strings.Cut(num, ".")
	if len(frac) > 2 {
		return 0, "", fmt.Errorf("%q has more than two decimals", s)
	}
	frac = (frac + "00")[:2]
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 {
		return 0, "", fmt.Errorf("%q is not an amount such as \"88.00 CNY\"", s)
	}
	return w*100 + f, cur, nil
}

func show(minor int64, cur string) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, minor/100, minor%100, cur)
}

var quoted = regexp.MustCompile(`"([^"]+)"`)

func names(list string) []string {
	var out []string
	for _, m := range quoted.FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}

func addWallet(ctx context.Context, name, tier string) error {
	s := st(ctx)
	if s.ready {
		return fmt.Errorf("wallet %q is set up after the platform was already in use; set up wallets in Given steps first", name)
	}
	w := scenario.From(ctx)
	client := &http.Client{Transport: &evidence.Transport{Base: w.Env.Transport, From: name + " wallet", Log: w.Log}, Timeout: w.Env.Timeout}
	m := institution.New(name, name, tier, client)
	host := w.Mock("wallet."+name, name+" wallet", m)
	s.wallets[name] = &walletInfo{mock: m, host: host}
	s.walletSeq = append(s.walletSeq, name)
	return nil
}

func addMerchant(ctx context.Context, name, tier, list string) error {
	s := st(ctx)
	enabled := names(list)
	for _, n := range enabled {
		if s.wallets[n] == nil {
			return fmt.Errorf("merchant %q enables wallet %q, which no Given step set up", name, n)
		}
	}
	bt := iti.BrandOrdinary
	if tier == "brand flagship" {
		bt = iti.BrandFlagship
	}
	if s.merchants[name] == nil {
		s.merchSeq = append(s.merchSeq, name)
	}
	s.merchants[name] = &iti.MerchantRequest{Name: name, BrandTier: bt, EnabledInstitutions: enabled}
	if s.ready {
		sess, err := scenario.From(ctx).Session(ctx)
		if err != nil {
			return err
		}
		_, err = sess.SetMerchant(ctx, name, *s.merchants[name])
		return err
	}
	return nil
}

func payerFee(ctx context.Context, name, amount string) error {
	s := st(ctx)
	wi := s.wallets[name]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", name)
	}
	if s.ready {
		return fmt.Errorf("the fee of %q is set after the platform was already in use", name)
	}
	fee, _, err := money(amount)
	wi.fee = fee
	return err
}

// platform opens the session and connects the wallets and merchants, once.
func platform(ctx context.Context) (*iti.Session, error) {
	s := st(ctx)
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil || s.ready {
		return sess, err
	}
	s.ready = true
	for _, name := range s.walletSeq {
		wi := s.wallets[name]
		w := scenario.From(ctx)
		c, err := sess.ConnectInstitution(ctx, name, iti.InstitutionRequest{Name: name, Tier: wi.mock.Tier,
			HandoffURL: w.URL(wi.host, institution.HandoffPath), RefundURL: w.URL(wi.host, institution.RefundPath),
			Capabilities:    []string{iti.CapabilityDirectHandoff, iti.CapabilityRefund},
			NotifyPublicKey: wi.mock.PublicKey(), PayerFeeMinor: wi.fee})
		if err != nil {
			return nil, err
		}
		if c.Decision != iti.DecisionAccepted {
			return nil, fmt.Errorf("the platform refused to connect %s (%s): %q", name, wi.mock.Tier, c.Reason)
		}
		if err := wi.mock.Connect(c); err != nil {
			return nil, fmt.Errorf("connecting %s: %w", name, err)
		}
		s.notifyURL, s.platformID = c.NotifyURL, c.PlatformID
	}
	for _, name := range s.merchSeq {
		if _, err := sess.SetMerchant(ctx, name, *s.merchants[name]); err != nil {
			return nil, err
		}
	}
	return sess, nil
}

func doCheckout(ctx context.Context, who, amount, merchant string) (iti.Checkout, error) {
	sess, err := platform(ctx)
	if err != nil {
		return iti.Checkout{}, err
	}
	if st(ctx).merchants[merchant] == nil {
		return iti.Checkout{}, fmt.Errorf("the feature names merchant %q, which no Given step set up", merchant)
	}
	minor, cur, err := money(amount)
	if err != nil {
		return iti.Checkout{}, err
	}
	return sess.Checkout(ctx, iti.CheckoutRequest{MerchantID: merchant, Consumer: user(who), AmountMinor: minor, Currency: cur, Description: "tea set"})
}

func checkOut(ctx context.Context, who, amount, merchant string) error {
	c, err := doCheckout(ctx, who, amount, merchant)
	if err != nil {
		return err
	}
	s := st(ctx)
	s.checkouts = append(s.checkouts, c)
	return nil
}

func current(ctx context.Context) (*iti.Checkout, error) {
	s := st(ctx)
	if len(s.checkouts) == 0 {
		return nil, errors.New("no order was placed; a step must check out first")
	}
	return &s.checkouts[len(s.checkouts)-1], nil
}

func theOrder(ctx context.Context, which string) (*iti.Checkout, error) {
	s := st(ctx)
	i := 0
	if which == "second order" {
		i = 1
	}
	if len(s.checkouts) <= i {
		return nil, fmt.Errorf("the scenario refers to the %s, but only %d order(s) were placed", which, len(s.checkouts))
	}
	return &s.checkouts[i], nil
}

func option(c *iti.Checkout, inst string) *iti.PaymentOption {
	for i := range c.Options {
		if c.Options[i].InstitutionID == inst {
			return &c.Options[i]
		}
	}
	return nil
}

func lastChose(ctx context.Context, who, inst, merchant string) error {
	c, err := doCheckout(ctx, who, "1.00 CNY", merchant)
	if err != nil {
		return err
	}
	sess, _ := platform(ctx)
	_, err = sess.Choose(ctx, c.OrderID, iti.ChoiceRequest{InstitutionID: inst})
	return err
}

func paidOrder(ctx context.Context, who, amount, merchant, inst string) error {
	if err := checkOut(ctx, who, amount, merchant); err != nil {
		return err
	}
	if err := choose(ctx, inst); err != nil {
		return err
	}
	s := st(ctx)
	if err := follow(ctx, s.handoff.URL, nil); err != nil {
		return err
	}
	if err := pay(ctx, who); err != nil {
		return err
	}
	c, _ := current(ctx)
	sess, _ := platform(ctx)
	o, err := sess.Order(ctx, c.OrderID)
	if err != nil {
		return err
	}
	if o.Status != iti.OrderPaid {
		return fmt.Errorf("setting up: %s paid order %s with %s, but the platform records it as %q", who, c.OrderID, inst, o.Status)
	}
	return nil
}

func choose(ctx context.Context, inst string) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	sess, err := platform(ctx)
	if err != nil {
		return err
	}
	h, err := sess.Choose(ctx, c.OrderID, iti.ChoiceRequest{InstitutionID: inst})
	if err != nil {
		return err
	}
	s := st(ctx)
	s.handoff, s.landing = &h, nil
	return nil
}

// itiHost is the implementation's host; links may lead there or to mocks.
func itiHost(ctx context.Context) string {
	u, err := url.Parse(scenario.From(ctx).Env.ITIBase)
	if err != nil {
		return ""
	}
	return u.Host
}

var metaContent = func(name string) *regexp.Regexp {
	return regexp.MustCompile(`<meta name="` + regexp.QuoteMeta(name) + `" content="([^"]*)">`)
}

var (
	handoffMeta = metaContent(institution.MetaHandoff)
	orderMeta   = metaContent("hutong:order")
	walletLink  = regexp.MustCompile(`<a data-institution="([^"]+)" href="([^"]+)"`)
)

// follow opens raw as the consumer's device would, hop by hop, so that an
// attacker's tamper can alter the hop that enters a wallet. It records where
// it landed; a device that cannot get anywhere is the implementation's fault
// and is reported by the Then steps, not here.
func follow(ctx context.Context, raw string, tamper func(url.Values)) error {
	w := scenario.From(ctx)
	s := st(ctx)
	hc := &http.Client{Transport: w.HTTP.Transport, Timeout: w.Env.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	host := itiHost(ctx)
	l := &landing{}
	s.landing = l
	next := raw
	for hop := 0; hop < 10; hop++ {
		u, err := url.Parse(next)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			l.body = fmt.Sprintf("%q is not a web link the device can open", next)
			return nil
		}
		if u.Host != host && !strings.HasSuffix(u.Hostname(), "."+network.Domain) {
			l.body = fmt.Sprintf("it leads to %s, which is neither the platform nor a wallet", u.Redacted())
			return nil
		}
		for name, wi := range s.wallets {
			if strings.EqualFold(u.Hostname(), wi.host) {
				l.wallet = name
				if tamper != nil {
					q := u.Query()
					tamper(q)
					u.RawQuery = q.Encode()
				}
			}
		}
		l.url = u
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			l.body = "no answer: " + err.Error()
			return nil
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		l.status, l.body = resp.StatusCode, string(body)
		if loc := resp.Header.Get("Location"); resp.StatusCode/100 == 3 && loc != "" {
			nu, err := u.Parse(loc)
			if err != nil {
				l.body = fmt.Sprintf("redirected to an unreadable location %q", loc)
				return nil
			}
			next, l.wallet = nu.String(), ""
			continue
		}
		if l.wallet != "" && resp.StatusCode == http.StatusOK {
			if m := handoffMeta.FindStringSubmatch(l.body); m != nil {
				l.handoff = m[1]
			}
		}
		return nil
	}
	l.body = "more than 10 redirects"
	return nil
}

func describeLanding(l *landing) string {
	if l == nil {
		return "nothing was followed"
	}
	where := "nowhere"
	if l.url != nil {
		where = l.url.Redacted()
	}
	detail := strings.TrimSpace(l.body)
	if len(detail) > 300 {
		detail = detail[:300] + "…"
	}
	// The body is a page; what it says goes into one line of a finding.
	detail = strings.Join(strings.Fields(detail), " ")
	return fmt.Sprintf("ended at %s with status %d (%s)", where, l.status, detail)
}

// pay confirms the payment in the wallet the device landed in, as payer.
func pay(ctx context.Context, payer string) error {
	s := st(ctx)
	l := s.landing
	if l == nil || l.wallet == "" || l.handoff == "" {
		return fmt.Errorf("there is no payment to confirm: following the handoff %s", describeLanding(l))
	}
	w := scenario.From(ctx)
	u := w.URL(s.wallets[l.wallet].host, institution.ConfirmPath+l.handoff)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(url.Values{"payer": {user(payer)}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := w.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("confirming in %s: %w", l.wallet, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s would not take the payment: %d %s", l.wallet, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return nil
}

func confirm(ctx context.Context) error {
	s := st(ctx)
	if s.handoff == nil {
		return errors.New("no payment method was chosen")
	}
	if s.landing == nil {
		if err := follow(ctx, s.handoff.URL, nil); err != nil {
			return err
		}
	}
	if s.landing.handoff == "" {
		return fmt.Errorf("choosing %s did not lead into a wallet that could take the payment: following %s %s",
			s.handoff.InstitutionID, s.handoff.URL, describeLanding(s.landing))
	}
	c, _ := current(ctx)
	return pay(ctx, c.Consumer)
}

func askFriend(ctx context.Context, friend string) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	sess, err := platform(ctx)
	if err != nil {
		return err
	}
	l, err := sess.PayOnBehalf(ctx, c.OrderID, iti.PayOnBehalfRequest{Requester: c.Consumer})
	if err != nil {
		return err
	}
	st(ctx).link = &l
	return nil
}

func linkExpires(ctx context.Context) error {
	s := st(ctx)
	if s.link == nil {
		return errors.New("no help-me-pay link was made")
	}
	sess, err := platform(ctx)
	if err != nil {
		return err
	}
	clock, err := sess.AdvanceClock(ctx, 0)
	if err != nil {
		return err
	}
	if s.link.ExpiresAt.IsZero() {
		return errors.New("the platform gave the help-me-pay link no expiry time")
	}
	wait := s.link.ExpiresAt.Sub(clock.Now) + time.Minute
	if wait < time.Minute {
		wait = time.Minute
	}
	_, err = sess.AdvanceClock(ctx, wait)
	return err
}

// openLink opens the help-me-pay link and returns the page and the wallet
// links on it.
func openLink(ctx context.Context) (*landing, map[string]string, error) {
	s := st(ctx)
	if s.link == nil {
		return nil, nil, errors.New("no help-me-pay link was made")
	}
	if err := follow(ctx, s.link.URL, nil); err != nil {
		return nil, nil, err
	}
	l := s.landing
	links := map[string]string{}
	if l.status == http.StatusOK {
		for _, m := range walletLink.FindAllStringSubmatch(l.body, -1) {
			links[m[1]] = strings.ReplaceAll(m[2], "&amp;", "&")
		}
	}
	return l, links, nil
}

// payFromLinkAs opens the link and pays with inst; it reports whether the
// payment went through and, if not, why.
func payFromLinkAs(ctx context.Context, friend, inst string) (bool, string, error) {
	page, links, err := openLink(ctx)
	if err != nil {
		return false, "", err
	}
	href, ok := links[inst]
	if !ok {
		return false, fmt.Sprintf("the link's page offers no way to pay with %s: opening it %s", inst, describeLanding(page)), nil
	}
	base := page.url
	u, err := base.Parse(href)
	if err != nil {
		return false, fmt.Sprintf("the link to pay with %s, %q, is unreadable", inst, href), nil
	}
	if err := follow(ctx, u.String(), nil); err != nil {
		return false, "", err
	}
	if st(ctx).landing.handoff == "" {
		return false, "paying with " + inst + " from the link " + describeLanding(st(ctx).landing), nil
	}
	if err := pay(ctx, friend); err != nil {
		return false, err.Error(), nil
	}
	return true, "", nil
}

func payFromLink(ctx context.Context, friend, inst string) error {
	ok, why, err := payFromLinkAs(ctx, friend, inst)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s could not pay with %s from the help-me-pay link: %s", friend, inst, why)
	}
	return nil
}

func tryPayFromLink(ctx context.Context, friend, inst string) error {
	ok, why, err := payFromLinkAs(ctx, friend, inst)
	s := st(ctx)
	s.bobPaid, s.bobResult = ok, why
	if err == nil && !ok {
		scenario.From(ctx).Log.Note(friend+" could not pay through the link", why)
	}
	return err
}

func refundOrder(ctx context.Context) error {
	c, err := theOrder(ctx, "order")
	if err != nil {
		return err
	}
	sess, err := platform(ctx)
	if err != nil {
		return err
	}
	if _, err := sess.Refund(ctx, c.OrderID, iti.RefundRequest{AmountMinor: c.AmountMinor, Reason: "customer returned the tea set"}); err != nil {
		return fmt.Errorf("the platform could not refund the order: %v", err)
	}
	return nil
}

// sendNotice posts a notice to the platform's notify URL as the attacker.
func sendNotice(ctx context.Context, body []byte, sig string) error {
	s := st(ctx)
	if s.notifyURL == "" {
		return errors.New("the platform gave no notify URL when the wallets connected")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.notifyURL, strings.NewReader(string(body)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(paysign.SignatureHeader, sig)
	resp, err := scenario.From(ctx).HTTP.Do(req)
	if err != nil {
		// The platform's state is what is judged; a refusal to answer is
		// not a defence the scenario needs to see.
		scenario.From(ctx).Log.Note("The attack got no answer", err.Error())
		return nil
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	scenario.From(ctx).Log.Note("The platform's answer to the attack", fmt.Sprintf("status %d", resp.StatusCode))
	return nil
}

func forgedNotice(ctx context.Context, inst string) ([]byte, error) {
	c, err := theOrder(ctx, "order")
	if err != nil {
		return nil, err
	}
	if _, err := platform(ctx); err != nil {
		return nil, err
	}
	amount := c.AmountMinor
	if o := option(c, inst); o != nil {
		amount = o.TotalMinor
	}
	n := iti.PaymentNotice{NotificationID: "forged-" + c.OrderID, InstitutionID: inst, PlatformID: st(ctx).platformID, OrderID: c.OrderID,
		WalletTxnID: inst + "-txn-forged", AmountMinor: amount, Currency: c.Currency, Payee: c.MerchantID, Payer: "mallory",
		Status: "paid", PaidAt: time.Now().UTC()}
	return json.Marshal(n)
}

// forge sends a well-formed notice for the order in inst's name, signed with
// a fresh key: the institution's own key if it was never connected, a wrong
// one if it was.
func forge(ctx context.Context, inst string) error {
	body, err := forgedNotice(ctx, inst)
	if err != nil {
		return err
	}
	return sendNotice(ctx, body, paysign.SignBody(paysign.NewKey(), body))
}

func replayNotice(ctx context.Context, inst string) error {
	wi := st(ctx).wallets[inst]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", inst)
	}
	ns := wi.mock.Notices()
	if len(ns) == 0 {
		return fmt.Errorf("%s has sent no payment notice to replay", inst)
	}
	n := ns[len(ns)-1]
	return sendNotice(ctx, n.Body, n.Signature)
}

func alterHandoff(ctx context.Context, field string) error {
	s := st(ctx)
	if s.handoff == nil {
		return errors.New("no payment method was chosen")
	}
	s.tamperField = field
	switch field {
	case "amount":
		s.tamper = func(q url.Values) { q.Set(paysign.ParamAmount, "1") }
	case "payee":
		s.tamper = func(q url.Values) { q.Set(paysign.ParamPayee, "mallory-shop") }
	}
	return follow(ctx, s.handoff.URL, s.tamper)
}

func carelessPay(ctx context.Context, inst string) error {
	s := st(ctx)
	wi := s.wallets[inst]
	if wi == nil || s.tamper == nil {
		return fmt.Errorf("no altered handoff to %q to take", inst)
	}
	wi.mock.SetCareless(true)
	defer wi.mock.SetCareless(false)
	if err := follow(ctx, s.handoff.URL, s.tamper); err != nil {
		return err
	}
	if s.landing.handoff == "" {
		// The altered handoff never reached a wallet page that takes
		// payment; there is nothing to report to the platform.
		scenario.From(ctx).Log.Note("The careless wallet took nothing", describeLanding(s.landing))
		return nil
	}
	c, _ := current(ctx)
	return pay(ctx, c.Consumer)
}

// Then steps.

func offered(ctx context.Context, list string) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	var got []string
	for _, o := range c.Options {
		got = append(got, o.InstitutionID)
	}
	var missing []string
	for _, n := range names(list) {
		if option(c, n) == nil {
			missing = append(missing, n)
		}
	}
	scenario.From(ctx).Log.Note("Payment screen", describeOptions(c))
	if len(missing) > 0 {
		return fmt.Errorf("the merchant enabled %s, but the payment screen offers only %s", list, strings.Join(got, ", "))
	}
	return nil
}

func describeOptions(c *iti.Checkout) string {
	var rows []string
	for _, o := range c.Options {
		pre := ""
		if o.Preselected {
			pre = " (preselected)"
		}
		rows = append(rows, fmt.Sprintf("%d. %-10s screen %-5s prominence %-11s total %s%s", o.Position, o.InstitutionID, o.Screen, o.Prominence, show(o.TotalMinor, c.Currency), pre))
	}
	if len(rows) == 0 {
		return "no payment method at all"
	}
	return strings.Join(rows, "\n")
}

func firstScreen(ctx context.Context) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	var hidden []string
	for _, o := range c.Options {
		if o.Screen != iti.ScreenFirst {
			hidden = append(hidden, fmt.Sprintf("%s (%s)", o.InstitutionID, o.Screen))
		}
	}
	scenario.From(ctx).Log.Note("Payment screen", describeOptions(c))
	if len(hidden) > 0 {
		return fmt.Errorf("not every wallet is on the first payment screen; behind \"more payment methods\": %s", strings.Join(hidden, ", "))
	}
	return nil
}

func sameProminence(ctx context.Context) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	by := map[string][]string{}
	for _, o := range c.Options {
		by[o.Prominence] = append(by[o.Prominence], o.InstitutionID)
	}
	if len(by) > 1 {
		var parts []string
		for p, ids := range by {
			parts = append(parts, fmt.Sprintf("%s: %s", p, strings.Join(ids, ", ")))
		}
		sort.Strings(parts)
		return fmt.Errorf("the wallets are not shown with the same prominence — %s", strings.Join(parts, "; "))
	}
	return nil
}

func nonePreselected(ctx context.Context) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	var f scenario.Findings
	for _, o := range c.Options {
		f.Check(!o.Preselected, "%s is preselected for a consumer who never chose a wallet before", o.InstitutionID)
	}
	return f.Err()
}

func preselected(ctx context.Context, inst string) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	var pre []string
	for _, o := range c.Options {
		if o.Preselected {
			pre = append(pre, o.InstitutionID)
		}
	}
	if !slices.Equal(pre, []string{inst}) {
		return fmt.Errorf("the consumer last chose %s, but the preselected wallet is %v", inst, pre)
	}
	return nil
}

func feesLabelled(ctx context.Context) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	var found scenario.Findings
	for _, o := range c.Options {
		for _, f := range o.Fees {
			found.Check(strings.TrimSpace(f.Label) != "", "a fee of %s shown with %s does not say what it is for", show(f.AmountMinor, c.Currency), o.InstitutionID)
			found.Check(f.AmountMinor > 0, "a fee shown with %s has no amount", o.InstitutionID)
		}
	}
	for name, wi := range st(ctx).wallets {
		o := option(c, name)
		if wi.fee == 0 || o == nil {
			continue
		}
		var sum int64
		for _, f := range o.Fees {
			sum += f.AmountMinor
		}
		found.Check(sum == wi.fee, "%s charges payers %s, but the payment screen shows fees of %s with it", name, show(wi.fee, c.Currency), show(sum, c.Currency))
	}
	return found.Err()
}

func totalAddsUp(ctx context.Context, inst string) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	o := option(c, inst)
	if o == nil {
		return fmt.Errorf("%s is not offered at all", inst)
	}
	sum := c.AmountMinor
	for _, f := range o.Fees {
		sum += f.AmountMinor
	}
	if o.TotalMinor != sum {
		return fmt.Errorf("the total shown for %s is %s, but the order is %s and the labelled fees add %s", inst,
			show(o.TotalMinor, c.Currency), show(c.AmountMinor, c.Currency), show(sum-c.AmountMinor, c.Currency))
	}
	return nil
}

// ledger returns inst's ledger entries for order.
func ledger(ctx context.Context, inst, order string) ([]institution.Payment, error) {
	wi := st(ctx).wallets[inst]
	if wi == nil {
		return nil, fmt.Errorf("no wallet %q was set up", inst)
	}
	var out []institution.Payment
	for _, p := range wi.mock.Payments() {
		if p.Order == order {
			out = append(out, p)
		}
	}
	return out, nil
}

func chargedTotal(ctx context.Context, inst, who string) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("%s should have charged %s once for the order; its ledger has %d payment(s)", inst, who, len(ps))
	}
	shown := c.AmountMinor
	if o := option(c, inst); o != nil {
		shown = o.TotalMinor
	}
	if ps[0].Amount != shown {
		return fmt.Errorf("%s was shown a total of %s for %s, but was charged %s", who, show(shown, c.Currency), inst, show(ps[0].Amount, ps[0].Currency))
	}
	return nil
}

var detourWords = regexp.MustCompile(`(?i)screenshot|save|scan|qr|friend|截图|保存|扫|好友`)

func handedDirectly(ctx context.Context, inst string) error {
	s := st(ctx)
	if s.handoff == nil {
		return errors.New("no payment method was chosen")
	}
	var f scenario.Findings
	h := s.handoff
	f.Check(h.Kind == iti.HandoffRedirect || h.Kind == iti.HandoffDeepLink, "choosing %s does not hand the consumer over directly: the handoff is a %q, with the instruction %q", inst, h.Kind, h.Instruction)
	f.Check(!detourWords.MatchString(h.Instruction), "the consumer is told: %q", h.Instruction)
	if err := follow(ctx, h.URL, nil); err != nil {
		return err
	}
	l := s.landing
	f.Check(l.wallet == inst, "following the handoff for %s %s", inst, describeLanding(l))
	f.Check(l.handoff != "", "%s did not accept the handoff: following it %s", inst, describeLanding(l))
	return f.Err()
}

// lastHandoff is the last handoff inst received.
func lastHandoff(ctx context.Context, inst string) (*institution.Handoff, error) {
	wi := st(ctx).wallets[inst]
	if wi == nil {
		return nil, fmt.Errorf("no wallet %q was set up", inst)
	}
	hs := wi.mock.Handoffs()
	if len(hs) == 0 {
		return nil, nil
	}
	return &hs[len(hs)-1], nil
}

func handoffUnaltered(ctx context.Context, inst string) error {
	c, err := current(ctx)
	if err != nil {
		return err
	}
	h, err := lastHandoff(ctx, inst)
	if err != nil {
		return err
	}
	if h == nil {
		return fmt.Errorf("%s received no handoff at all", inst)
	}
	shown := c.AmountMinor
	if o := option(c, inst); o != nil {
		shown = o.TotalMinor
	}
	scenario.From(ctx).Log.Note("Handoff side by side", fmt.Sprintf("%-10s %-14s %-14s\namount     %-14s %-14s\ncurrency   %-14s %-14s\norder      %-14s %-14s\npayee      %-14s %-14s",
		"", "checkout", inst, show(shown, c.Currency), show(h.Amount, h.Currency), c.Currency, h.Currency, c.OrderID, h.Order, c.MerchantID, h.Payee))
	var f scenario.Findings
	f.Check(h.Accepted, "%s refused the handoff: %s", inst, h.Reason)
	f.Check(h.Amount == shown, "the consumer was shown %s, but %s was asked for %s", show(shown, c.Currency), inst, show(h.Amount, h.Currency))
	f.Check(h.Currency == c.Currency, "the order is in %s, but %s was asked for %s", c.Currency, inst, h.Currency)
	f.Check(h.Order == c.OrderID, "the order is %s, but %s was given order reference %q", c.OrderID, inst, h.Order)
	f.Check(h.Payee == c.MerchantID, "the merchant is %s, but %s was asked to pay %q", c.MerchantID, inst, h.Payee)
	return f.Err()
}

func chargedForOrder(ctx context.Context, inst, who string) error {
	c, err := theOrder(ctx, "order")
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("%s chose %s, but %s's ledger has %d payment(s) for order %s", who, inst, inst, len(ps), c.OrderID)
	}
	var f scenario.Findings
	f.Check(ps[0].Payer == user(who), "%s's payment for order %s was made by %q, not %s", inst, c.OrderID, ps[0].Payer, who)
	// The payment must be for this order and no other: every payment of
	// the payer in the wallet's ledger names this order.
	for _, p := range st(ctx).wallets[inst].mock.Payments() {
		if p.Payer == user(who) {
			f.Check(p.Order == c.OrderID, "%s also charged %s for order %s", inst, who, p.Order)
		}
	}
	return f.Err()
}

func chargedNothing(ctx context.Context, inst, who string) error {
	c, err := theOrder(ctx, "order")
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) > 0 {
		return fmt.Errorf("%s did not choose %s, but %s charged %s for order %s", who, inst, inst, who, c.OrderID)
	}
	return nil
}

func readOrder(ctx context.Context, which string) (*iti.Checkout, iti.Order, error) {
	c, err := theOrder(ctx, which)
	if err != nil {
		return nil, iti.Order{}, err
	}
	sess, err := platform(ctx)
	if err != nil {
		return nil, iti.Order{}, err
	}
	o, err := sess.Order(ctx, c.OrderID)
	return c, o, err
}

func describeOrder(o iti.Order) string {
	return fmt.Sprintf("status %q, paid with %q, %s paid in %d credit(s)", o.Status, o.PaidWith, show(o.AmountPaidMinor, o.Currency), len(o.Credits))
}

func recordedPaid(ctx context.Context, which, inst string) error {
	_, o, err := readOrder(ctx, which)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(o.Status == iti.OrderPaid, "after the payment through %s the platform records the order as %s", inst, describeOrder(o))
	f.Check(o.PaidWith == inst, "the order was paid through %s, but the platform records %s", inst, describeOrder(o))
	return f.Err()
}

func matchesLedger(ctx context.Context, inst string) error {
	c, o, err := readOrder(ctx, "order")
	if err != nil {
		return err
	}
	ps, err := ledger(ctx, inst, c.OrderID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("%s's ledger should hold one payment for the order; it holds %d", inst, len(ps))
	}
	p := ps[0]
	var rows []string
	for _, cr := range o.Credits {
		rows = append(rows, fmt.Sprintf("platform: %s %s %s", cr.InstitutionID, cr.WalletTxnID, show(cr.AmountMinor, cr.Currency)))
	}
	rows = append(rows, fmt.Sprintf("%s ledger: %s %s", inst, p.TxnID, show(p.Amount, p.Currency)))
	scenario.From(ctx).Log.Note("Platform record and wallet ledger", strings.Join(rows, "\n"))
	if len(o.Credits) != 1 {
		return fmt.Errorf("the platform records %s; %s's ledger holds one payment, %s of %s", describeOrder(o), inst, p.TxnID, show(p.Amount, p.Currency))
	}
	cr := o.Credits[0]
	var f scenario.Findings
	f.Check(cr.InstitutionID == inst, "the platform credits the payment to %s; the ledger is %s's", cr.InstitutionID, inst)
	f.Check(cr.WalletTxnID == p.TxnID, "the platform records wallet transaction %q; %s's ledger has %q", cr.WalletTxnID, inst, p.TxnID)
	f.Check(cr.AmountMinor == p.Amount, "the platform records %s paid; %s's ledger has %s", show(cr.AmountMinor, cr.Currency), inst, show(p.Amount, p.Currency))
	f.Check(o.AmountPaidMinor == p.Amount, "the platform records %s paid in total; %s's ledger has %s", show(o.AmountPaidMinor, o.Currency), inst, show(p.Amount, p.Currency))
	f.Check(cr.Currency == p.Currency, "the platform records the payment in %s; %s's ledger in %s", cr.Currency, inst, p.Currency)
	return f.Err()
}

func refundReceived(ctx context.Context, inst string) error {
	c, err := theOrder(ctx, "order")
	if err != nil {
		return err
	}
	wi := st(ctx).wallets[inst]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", inst)
	}
	ps, _ := ledger(ctx, inst, c.OrderID)
	var refunded int64
	for _, p := range ps {
		refunded += p.Refunded
	}
	var seen []string
	for _, r := range wi.mock.Refunds() {
		seen = append(seen, fmt.Sprintf("%s for order %s (accepted %v %s)", show(r.Order.AmountMinor, r.Order.Currency), r.Order.OrderID, r.Accepted, r.Reason))
	}
	if refunded != c.AmountMinor {
		return fmt.Errorf("the order was paid through %s, but %s refunded %s of it; refund orders it received: %v", inst, inst, show(refunded, c.Currency), seen)
	}
	return nil
}

func noRefund(ctx context.Context, inst string) error {
	wi := st(ctx).wallets[inst]
	if wi == nil {
		return fmt.Errorf("no wallet %q was set up", inst)
	}
	rs := wi.mock.Refunds()
	var seen []string
	for _, r := range rs {
		seen = append(seen, fmt.Sprintf("%s for order %s", show(r.Order.AmountMinor, r.Order.Currency), r.Order.OrderID))
	}
	if len(rs) > 0 {
		return fmt.Errorf("the order was not paid through %s, but the platform sent it refund order(s): %s", inst, strings.Join(seen, "; "))
	}
	return nil
}

func recordedRefunded(ctx context.Context, inst string) error {
	_, o, err := readOrder(ctx, "order")
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(o.Status == iti.OrderRefunded, "after the refund the platform records the order as %s", describeOrder(o))
	if f.Check(len(o.Refunds) == 1, "the platform records %d refund(s)", len(o.Refunds)) {
		f.Check(o.Refunds[0].InstitutionID == inst, "the platform records the refund through %q", o.Refunds[0].InstitutionID)
	}
	return f.Err()
}

func linkOffersAll(ctx context.Context, friend string) error {
	c, err := theOrder(ctx, "order")
	if err != nil {
		return err
	}
	page, links, err := openLink(ctx)
	if err != nil {
		return err
	}
	if page.status != http.StatusOK {
		return fmt.Errorf("%s taps the help-me-pay link %s, which %s", friend, st(ctx).link.URL, describeLanding(page))
	}
	var f scenario.Findings
	m := orderMeta.FindStringSubmatch(page.body)
	f.Check(m != nil && m[1] == c.OrderID, "the help-me-pay page does not name order %s", c.OrderID)
	var missing []string
	for _, inst := range st(ctx).merchants[c.MerchantID].EnabledInstitutions {
		if _, ok := links[inst]; !ok {
			missing = append(missing, inst)
		}
	}
	var got []string
	for k := range links {
		got = append(got, k)
	}
	sort.Strings(got)
	f.Check(len(missing) == 0, "the help-me-pay page offers %s only; %s cannot pay with %s", strings.Join(got, ", "), friend, strings.Join(missing, ", "))
	return f.Err()
}

func stillUnpaid(ctx context.Context, which string) error {
	_, o, err := readOrder(ctx, which)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(o.Status == iti.OrderUnpaid, "after the attack the platform records the %s as %s", which, describeOrder(o))
	f.Check(len(o.Credits) == 0, "the platform credited the %s: %s", which, describeOrder(o))
	return f.Err()
}

func onePayment(ctx context.Context, amount string) error {
	minor, cur, err := money(amount)
	if err != nil {
		return err
	}
	_, o, err := readOrder(ctx, "order")
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(len(o.Credits) == 1, "the payment notice was replayed and the platform now records %s", describeOrder(o))
	f.Check(o.AmountPaidMinor == minor, "one payment of %s was made, but the platform records %s", show(minor, cur), describeOrder(o))
	return f.Err()
}

func refusesAltered(ctx context.Context, inst string) error {
	s := st(ctx)
	h, err := lastHandoff(ctx, inst)
	if err != nil {
		return err
	}
	if h == nil {
		// Nothing reached the wallet at all: the altered handoff went
		// nowhere, which is a refusal too.
		return nil
	}
	covered := strings.Join(h.Covered, ", ")
	if h.Accepted {
		return fmt.Errorf("%s accepted a handoff whose %s an attacker had altered: the platform's signature covers only [%s], not the %s",
			inst, s.tamperField, covered, s.tamperField)
	}
	return nil
}

func bobCouldNotPay(ctx context.Context, friend string) error {
	s := st(ctx)
	if s.link == nil {
		return errors.New("no help-me-pay link was made")
	}
	if s.bobPaid {
		return fmt.Errorf("%s paid through the help-me-pay link after it should have expired (it expired at %s)", friend, s.link.ExpiresAt.Format(time.RFC3339))
	}
	return nil
}
