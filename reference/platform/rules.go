package platform

import (
	"hash/fnv"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
)

// The platform's rules about the methods it hosts (PAY-11, PAY-12): changes
// to them published for comment seven days ahead, and gradual rollouts whose
// state and scope it publishes and whose answers agree with its checkout.

// Violation switches of the platform's rules.
const (
	// RuleChangeShortNotice counts the notice in started days, so a change
	// asked for with more than six days' notice but less than seven takes
	// effect when asked: the boundary, and only it, shows.
	RuleChangeShortNotice = "rule-change-short-notice"
	// MethodRemovalUnannounced switches a removed method off at once; the
	// published change still names a date seven days on.
	MethodRemovalUnannounced = "method-removal-unannounced"
	// RuleChangeNoOpinions publishes changes but takes no opinion on them.
	RuleChangeNoOpinions = "rule-change-no-opinions"
	// RolloutAnswerDisagrees answers every third consumer who asks the
	// opposite of what the checkout offers them: an intermittent breach.
	RolloutAnswerDisagrees = "rollout-answer-disagrees"
	// RolloutBeyondScope offers the method to the consumers it includes at
	// every merchant, not only at those the rollout publishes as its scope.
	RolloutBeyondScope = "rollout-beyond-scope"
)

// RuleChangesAtMidnight is an honest variant: a change takes effect at the
// first midnight (UTC, on the session's clock) at or after the time asked
// and the end of the seven days' notice. Later than asked is allowed, never
// sooner.
const RuleChangesAtMidnight = "rule-changes-at-midnight"

// minNotice is the least notice of a change: seven days of the session's
// clock, from publication to effect.
const minNotice = iti.MinNoticeSeconds * time.Second

type ruleChange struct {
	iti.RuleChange
	// applied is when the checkout applies it, which is EffectiveAt unless
	// a switch says otherwise.
	applied  time.Time
	opinions int
}

type rollout struct {
	iti.Rollout
	answers int
}

// ChangeRules publishes a change for comment, to take effect no sooner than
// asked and no sooner than seven days after publication.
func (s *State) ChangeRules(req iti.RuleChangeRequest) (iti.RuleChange, error) {
	if req.Action != iti.ChangeAddMethod && req.Action != iti.ChangeRemoveMethod {
		return iti.RuleChange{}, errorf(http.StatusBadRequest, "unknown action %q", req.Action)
	}
	if req.NoticeSeconds < 0 || len(req.MerchantIDs) == 0 {
		return iti.RuleChange{}, errorf(http.StatusBadRequest, "a change needs merchants and a notice of zero seconds or more")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.institutions[req.InstitutionID] == nil {
		return iti.RuleChange{}, errorf(http.StatusNotFound, "institution %q is not connected", req.InstitutionID)
	}
	for _, m := range req.MerchantIDs {
		if s.merchants[m] == nil {
			return iti.RuleChange{}, errorf(http.StatusNotFound, "no merchant %q", m)
		}
	}
	// Whole seconds: what is published is what the checkout goes by.
	now := s.now().UTC().Truncate(time.Second)
	asked := time.Duration(req.NoticeSeconds) * time.Second
	notice := max(asked, minNotice)
	if s.violates(RuleChangeShortNotice) && asked >= minNotice-24*time.Hour {
		notice = asked
	}
	notice = s.noticeFor(s.institutions[req.InstitutionID], asked, notice)
	effective := now.Add(notice)
	if s.varies(RuleChangesAtMidnight) {
		if d := effective.Truncate(24 * time.Hour); d.Before(effective) {
			effective = d.Add(24 * time.Hour)
		}
	}
	c := &ruleChange{RuleChange: iti.RuleChange{ChangeID: s.id("rc"), Action: req.Action, InstitutionID: req.InstitutionID,
		MerchantIDs: slices.Clone(req.MerchantIDs), PublishedAt: now, EffectiveAt: effective}, applied: effective}
	if (req.Action == iti.ChangeRemoveMethod && s.violates(MethodRemovalUnannounced)) || s.appliedEarly(req) {
		c.applied = now
	}
	s.changes = append(s.changes, c)
	return c.RuleChange, nil
}

// RuleChanges lists the published changes.
func (s *State) RuleChanges() iti.RuleChanges {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := iti.RuleChanges{Changes: []iti.RuleChange{}}
	for _, c := range s.changes {
		out.Changes = append(out.Changes, c.RuleChange)
	}
	return out
}

// GiveOpinion records an opinion on a change not yet in effect.
func (s *State) GiveOpinion(id string, req iti.OpinionRequest) (iti.Opinion, error) {
	if req.Author == "" || req.Text == "" {
		return iti.Opinion{}, errorf(http.StatusBadRequest, "an opinion needs an author and a text")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.changes {
		if c.ChangeID != id {
			continue
		}
		if s.violates(RuleChangeNoOpinions) {
			return iti.Opinion{}, errorf(http.StatusConflict, "this change is not open for opinions")
		}
		if !s.now().Before(c.EffectiveAt) {
			return iti.Opinion{}, errorf(http.StatusConflict, "this change is already in effect; opinions closed at %s", c.EffectiveAt.Format(time.RFC3339))
		}
		c.opinions++
		return iti.Opinion{OpinionID: s.id("op"), ChangeID: id}, nil
	}
	return iti.Opinion{}, errorf(http.StatusNotFound, "no change %q", id)
}

// StartRollout starts a gradual rollout and publishes it.
func (s *State) StartRollout(req iti.RolloutRequest) (iti.Rollout, error) {
	if req.ConsumerPercent < 1 || req.ConsumerPercent > 100 || len(req.MerchantIDs) == 0 {
		return iti.Rollout{}, errorf(http.StatusBadRequest, "a rollout needs merchants and a share of consumers from 1 to 100 per cent")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.institutions[req.InstitutionID] == nil {
		return iti.Rollout{}, errorf(http.StatusNotFound, "institution %q is not connected", req.InstitutionID)
	}
	for _, m := range req.MerchantIDs {
		if s.merchants[m] == nil {
			return iti.Rollout{}, errorf(http.StatusNotFound, "no merchant %q", m)
		}
	}
	state := iti.RolloutGradual
	if req.ConsumerPercent == 100 {
		state = iti.RolloutComplete
	}
	r := &rollout{Rollout: iti.Rollout{RolloutID: s.id("ro"), InstitutionID: req.InstitutionID, State: state,
		MerchantIDs: slices.Clone(req.MerchantIDs), ConsumerPercent: req.ConsumerPercent}}
	s.rollouts = append(s.rollouts, r)
	return r.Rollout, nil
}

// Rollouts lists the published rollouts.
func (s *State) Rollouts() iti.Rollouts {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := iti.Rollouts{Rollouts: []iti.Rollout{}}
	for _, r := range s.rollouts {
		out.Rollouts = append(out.Rollouts, r.Rollout)
	}
	return out
}

// AskRollout answers whether a rollout includes a merchant, or a consumer
// at a merchant, as the checkout decides it.
func (s *State) AskRollout(id, merchant, consumer string) (iti.RolloutAnswer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var r *rollout
	for _, c := range s.rollouts {
		if c.RolloutID == id {
			r = c
		}
	}
	if r == nil {
		return iti.RolloutAnswer{}, errorf(http.StatusNotFound, "no rollout %q", id)
	}
	if s.merchants[merchant] == nil {
		return iti.RolloutAnswer{}, errorf(http.StatusNotFound, "no merchant %q", merchant)
	}
	out := iti.RolloutAnswer{RolloutID: id, MerchantID: merchant, Consumer: consumer, Included: slices.Contains(r.MerchantIDs, merchant)}
	if consumer != "" {
		out.Included = out.Included && s.includes(r, consumer)
		r.answers++
		if s.violates(RolloutAnswerDisagrees) && r.answers%3 == 0 {
			out.Included = !out.Included
		}
	}
	return out, nil
}

// includes says whether a rollout includes a consumer: a hash of the
// consumer, the rollout and the session's key, so the choice is the
// platform's own and stable within the session. Callers hold s.mu.
func (s *State) includes(r *rollout, consumer string) bool {
	h := fnv.New32a()
	h.Write(s.key[:8])
	h.Write([]byte(r.RolloutID + "\x00" + consumer))
	return int(h.Sum32()%100) < r.ConsumerPercent
}

// methods are the institutions offered to consumer at m now: those the
// merchant enabled, as changed by the rule changes in effect (in the order
// they took effect), and those of the rollouts that include the consumer;
// for consumer "", no rollout's. Callers hold s.mu.
func (s *State) methods(m *iti.Merchant, consumer string) []string {
	out := s.enabledNow(m)
	now := s.now()
	var due []*ruleChange
	for _, c := range s.changes {
		if !c.applied.After(now) && slices.Contains(c.MerchantIDs, m.MerchantID) {
			due = append(due, c)
		}
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].applied.Before(due[j].applied) })
	for _, c := range due {
		i := slices.Index(out, c.InstitutionID)
		switch {
		case c.Action == iti.ChangeAddMethod && i < 0:
			out = append(out, c.InstitutionID)
		case c.Action == iti.ChangeRemoveMethod && i >= 0:
			out = slices.Delete(out, i, i+1)
		}
	}
	for _, r := range s.rollouts {
		if consumer == "" {
			break
		}
		inScope := slices.Contains(r.MerchantIDs, m.MerchantID) || s.violates(RolloutBeyondScope)
		if inScope && s.includes(r, consumer) && !slices.Contains(out, r.InstitutionID) {
			out = append(out, r.InstitutionID)
		}
	}
	return out
}
