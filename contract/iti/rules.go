package iti

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// The platform's rules about the payment methods it hosts: changes to them
// announced in advance (E-Commerce Law Art. 34), and gradual rollouts of a
// new method whose state and scope the platform publishes. The harness plays
// the platform's operator deciding a change or a rollout, a merchant giving
// an opinion, and consumers and merchants asking whether a rollout includes
// them; what it judges is what the checkout then offers, over the session's
// clock (AdvanceClock).

// Rule change actions.
const (
	ChangeAddMethod    = "add_method"    // the method is offered at the merchants' checkouts once the change takes effect
	ChangeRemoveMethod = "remove_method" // the method is no longer offered once the change takes effect
)

// MinNoticeSeconds is the least notice of a rule change: seven days of the
// session's clock, counted from the instant the change is published to the
// instant it takes effect.
const MinNoticeSeconds = 7 * 24 * 60 * 60

// RuleChangeRequest is the operator's decision to change the payment
// methods of some merchants.
type RuleChangeRequest struct {
	Action        string   `json:"action"`
	InstitutionID string   `json:"institution_id"`
	MerchantIDs   []string `json:"merchant_ids"`
	// NoticeSeconds is the notice the operator asks for: the change is to
	// take effect no sooner than this long after it is published. The
	// platform may schedule it later, never sooner, and never less than
	// MinNoticeSeconds after publication, whatever is asked.
	NoticeSeconds int64 `json:"notice_seconds"`
}

// RuleChange is a change as the platform published it.
type RuleChange struct {
	ChangeID      string   `json:"change_id"`
	Action        string   `json:"action"`
	InstitutionID string   `json:"institution_id"`
	MerchantIDs   []string `json:"merchant_ids"`
	// PublishedAt is when the platform published the change for comment,
	// and EffectiveAt when it takes effect, both on the session's clock.
	PublishedAt time.Time `json:"published_at"`
	EffectiveAt time.Time `json:"effective_at"`
}

// RuleChanges is what the platform publishes of its rule changes.
type RuleChanges struct {
	Changes []RuleChange `json:"changes"`
}

// OpinionRequest is an opinion on a published change.
type OpinionRequest struct {
	Author string `json:"author"`
	Text   string `json:"text"`
}

// Opinion is an opinion as the platform recorded it.
type Opinion struct {
	OpinionID string `json:"opinion_id"`
	ChangeID  string `json:"change_id"`
}

// Rollout states.
const (
	RolloutGradual  = "gradual"  // offered to some consumers at the merchants in scope
	RolloutComplete = "complete" // offered to every consumer at the merchants in scope
)

// RolloutRequest is the operator's decision to roll a method out
// gradually.
type RolloutRequest struct {
	InstitutionID string `json:"institution_id"`
	// MerchantIDs are the merchants whose checkouts take part.
	MerchantIDs []string `json:"merchant_ids"`
	// ConsumerPercent is the share of consumers to include, 1 to 100; the
	// platform chooses which.
	ConsumerPercent int `json:"consumer_percent"`
}

// Rollout is a rollout as the platform publishes it.
type Rollout struct {
	RolloutID     string   `json:"rollout_id"`
	InstitutionID string   `json:"institution_id"`
	State         string   `json:"state"`
	MerchantIDs   []string `json:"merchant_ids"`
	// ConsumerPercent is the share of consumers included, as published.
	ConsumerPercent int `json:"consumer_percent"`
}

// Rollouts is what the platform publishes of its rollouts.
type Rollouts struct {
	Rollouts []Rollout `json:"rollouts"`
}

// RolloutAnswer answers a merchant's or a consumer's question whether a
// rollout includes them.
type RolloutAnswer struct {
	RolloutID  string `json:"rollout_id"`
	MerchantID string `json:"merchant_id"`
	// Consumer is "" when a merchant asked for its shop.
	Consumer string `json:"consumer"`
	// Included says whether the method is offered: to this consumer at
	// this merchant, or, when a merchant asked, to some consumers there.
	Included bool `json:"included"`
}

// ChangeRules publishes a change to the payment methods of merchants.
func (s *Session) ChangeRules(ctx context.Context, req RuleChangeRequest) (RuleChange, error) {
	var out RuleChange
	err := s.c.do(ctx, fmt.Sprintf("publish a change (%s %s)", req.Action, req.InstitutionID), http.MethodPost, s.path("platform", "rule-changes"), req, http.StatusCreated, &out)
	return out, err
}

func (o *RuleChange) unusable() string { return noID(o.ChangeID, "change id") }

// RuleChanges returns the rule changes the platform publishes.
func (s *Session) RuleChanges(ctx context.Context) (RuleChanges, error) {
	var out RuleChanges
	err := s.c.do(ctx, "read the published rule changes", http.MethodGet, s.path("platform", "rule-changes"), nil, http.StatusOK, &out)
	return out, err
}

// GiveOpinion sends an opinion on a published change.
func (s *Session) GiveOpinion(ctx context.Context, change string, req OpinionRequest) (Opinion, error) {
	var out Opinion
	err := s.c.do(ctx, "give an opinion on change "+change, http.MethodPost, s.path("platform", "rule-changes", change, "opinions"), req, http.StatusCreated, &out)
	return out, err
}

// StartRollout starts a gradual rollout of a payment method.
func (s *Session) StartRollout(ctx context.Context, req RolloutRequest) (Rollout, error) {
	var out Rollout
	err := s.c.do(ctx, "start a rollout of "+req.InstitutionID, http.MethodPost, s.path("platform", "rollouts"), req, http.StatusCreated, &out)
	return out, err
}

func (o *Rollout) unusable() string { return noID(o.RolloutID, "rollout id") }

// Rollouts returns the rollouts the platform publishes.
func (s *Session) Rollouts(ctx context.Context) (Rollouts, error) {
	var out Rollouts
	err := s.c.do(ctx, "read the published rollouts", http.MethodGet, s.path("platform", "rollouts"), nil, http.StatusOK, &out)
	return out, err
}

// AskRollout asks whether a rollout includes a merchant (consumer "") or a
// consumer at a merchant.
func (s *Session) AskRollout(ctx context.Context, rollout, merchant, consumer string) (RolloutAnswer, error) {
	var out RolloutAnswer
	q := url.Values{"merchant": {merchant}}
	what := "merchant " + merchant
	if consumer != "" {
		q.Set("consumer", consumer)
		what = consumer + " at " + merchant
	}
	err := s.c.do(ctx, "ask whether rollout "+rollout+" includes "+what, http.MethodGet, s.path("platform", "rollouts", rollout, "inclusion")+"?"+q.Encode(), nil, http.StatusOK, &out)
	return out, err
}
