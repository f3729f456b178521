package platform

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
)

func (f *fixture) offers(t *testing.T, consumer, inst string) bool {
	t.Helper()
	c, err := f.s.Checkout(iti.CheckoutRequest{MerchantID: "tea-house", Consumer: consumer, AmountMinor: 100, Currency: "CNY"})
	require.NoError(t, err)
	for _, o := range c.Options {
		if o.InstitutionID == inst {
			return true
		}
	}
	return false
}

// advanceTo moves the session's clock to the whole second at or after at.
func (f *fixture) advanceTo(t *testing.T, at time.Time) {
	t.Helper()
	now, err := f.s.AdvanceClock(0)
	require.NoError(t, err)
	secs := int64(at.Sub(now.Now).Seconds() + 0.999999)
	_, err = f.s.AdvanceClock(max(0, secs))
	require.NoError(t, err)
}

func TestARuleChangeWaitsSevenDaysWhateverIsAsked(t *testing.T) {
	for _, asked := range []time.Duration{0, 6*24*time.Hour + 23*time.Hour, 7 * 24 * time.Hour, 8 * 24 * time.Hour} {
		f := setup(t)
		c, err := f.s.ChangeRules(iti.RuleChangeRequest{Action: iti.ChangeRemoveMethod, InstitutionID: "rival-pay", MerchantIDs: []string{"tea-house"}, NoticeSeconds: int64(asked / time.Second)})
		require.NoError(t, err)
		assert.Equal(t, max(asked, 7*24*time.Hour), c.EffectiveAt.Sub(c.PublishedAt), "asked %s", asked)
		assert.Equal(t, []iti.RuleChange{c}, f.s.RuleChanges().Changes)
		_, err = f.s.GiveOpinion(c.ChangeID, iti.OpinionRequest{Author: "tea-house", Text: "too soon"})
		assert.NoError(t, err, "opinions are taken while the change is announced")
		assert.True(t, f.offers(t, "alice", "rival-pay"))
		f.advanceTo(t, c.EffectiveAt.Add(-2*time.Second))
		assert.True(t, f.offers(t, "alice", "rival-pay"), "asked %s: removed before it takes effect", asked)
		f.advanceTo(t, c.EffectiveAt)
		assert.False(t, f.offers(t, "alice", "rival-pay"), "asked %s: still offered once removed", asked)
		_, err = f.s.GiveOpinion(c.ChangeID, iti.OpinionRequest{Author: "tea-house", Text: "late"})
		assert.Error(t, err, "opinions close when the change takes effect")
	}
}

func TestRuleChangeSwitchesAndVariant(t *testing.T) {
	short := setup(t, RuleChangeShortNotice)
	c, err := short.s.ChangeRules(iti.RuleChangeRequest{Action: iti.ChangeAddMethod, InstitutionID: "rival-pay", MerchantIDs: []string{"tea-house"}, NoticeSeconds: int64((6*24 + 23) * 3600)})
	require.NoError(t, err)
	assert.Equal(t, (6*24+23)*time.Hour, c.EffectiveAt.Sub(c.PublishedAt), "the boundary switch honours 6 days 23 hours")
	c, err = short.s.ChangeRules(iti.RuleChangeRequest{Action: iti.ChangeAddMethod, InstitutionID: "rival-pay", MerchantIDs: []string{"tea-house"}})
	require.NoError(t, err)
	assert.Equal(t, 7*24*time.Hour, c.EffectiveAt.Sub(c.PublishedAt), "and nothing shorter")

	gone := setup(t, MethodRemovalUnannounced)
	c, err = gone.s.ChangeRules(iti.RuleChangeRequest{Action: iti.ChangeRemoveMethod, InstitutionID: "rival-pay", MerchantIDs: []string{"tea-house"}})
	require.NoError(t, err)
	assert.Equal(t, 7*24*time.Hour, c.EffectiveAt.Sub(c.PublishedAt), "the published change still names seven days")
	assert.False(t, gone.offers(t, "alice", "rival-pay"), "but the method is off at once")

	late := setupWith(t, nil, []string{RuleChangesAtMidnight})
	c, err = late.s.ChangeRules(iti.RuleChangeRequest{Action: iti.ChangeRemoveMethod, InstitutionID: "rival-pay", MerchantIDs: []string{"tea-house"}})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, c.EffectiveAt.Sub(c.PublishedAt), 7*24*time.Hour)
	assert.Equal(t, c.EffectiveAt, c.EffectiveAt.Truncate(24*time.Hour), "at midnight")
}

func TestARolloutAnswersAsTheCheckoutOffers(t *testing.T) {
	for _, v := range []string{"", RolloutAnswerDisagrees} {
		f := setup(t, v)
		_, err := f.s.SetMerchant("tea-house", iti.MerchantRequest{Name: "tea-house", BrandTier: iti.BrandOrdinary, EnabledInstitutions: []string{"own-pay"}})
		require.NoError(t, err)
		_, err = f.s.SetMerchant("other", iti.MerchantRequest{Name: "other", BrandTier: iti.BrandOrdinary, EnabledInstitutions: []string{"own-pay"}})
		require.NoError(t, err)
		r, err := f.s.StartRollout(iti.RolloutRequest{InstitutionID: "rival-pay", MerchantIDs: []string{"tea-house"}, ConsumerPercent: 50})
		require.NoError(t, err)
		assert.Equal(t, iti.RolloutGradual, r.State)
		assert.Equal(t, []iti.Rollout{r}, f.s.Rollouts().Rollouts)
		in, err := f.s.AskRollout(r.RolloutID, "other", "")
		require.NoError(t, err)
		assert.False(t, in.Included, "a merchant outside the scope is told so")
		agree, included := 0, 0
		// 24 consumers: all in or all out by chance once in 8 million.
		for i := range 24 {
			consumer := fmt.Sprintf("c%d", i)
			a, err := f.s.AskRollout(r.RolloutID, "tea-house", consumer)
			require.NoError(t, err)
			offered := f.offers(t, consumer, "rival-pay")
			if a.Included == offered {
				agree++
			}
			if offered {
				included++
			}
		}
		if v == "" {
			assert.Equal(t, 24, agree)
			assert.Positive(t, included, "some consumers are included")
			assert.Less(t, included, 24, "and some are not")
		} else {
			assert.Equal(t, 16, agree, "every third answer disagrees")
		}
	}
}
