package target_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/target"
	"github.com/hutong-interop/hutong/reference"
)

func TestBuiltinReferenceTakesViolationsAndVariants(t *testing.T) {
	tg, err := target.Resolve("builtin:reference")
	require.NoError(t, err)
	assert.Empty(t, tg.Violations)
	assert.Empty(t, tg.Variants)

	tg, err = target.Resolve("builtin:reference?vary=created-as-ok,%20padded-signatures&vary=never-preselect")
	require.NoError(t, err)
	assert.Equal(t, []string{"created-as-ok", "padded-signatures", "never-preselect"}, tg.Variants)
	assert.Empty(t, tg.Violations)

	tg, err = target.Resolve("builtin:reference?violate=rival-links-blocked&vary=lowercase-currency")
	require.NoError(t, err)
	assert.Equal(t, []string{"rival-links-blocked"}, tg.Violations)
	assert.Equal(t, []string{"lowercase-currency"}, tg.Variants)
	assert.Equal(t, "builtin:reference?violate=rival-links-blocked&vary=lowercase-currency", tg.Spec)
}

func TestBuiltinReferenceRefusesWhatItDoesNotKnow(t *testing.T) {
	var ue *target.UsageError
	_, err := target.Resolve("builtin:reference?vary=shouty-json")
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), `unknown variant "shouty-json"`)
	for _, n := range reference.VariantNames() {
		assert.Contains(t, err.Error(), n, "the error lists the known variants")
	}

	// A violation is not a variant, and the other way round.
	_, err = target.Resolve("builtin:reference?vary=rival-links-blocked")
	assert.ErrorAs(t, err, &ue)
	_, err = target.Resolve("builtin:reference?violate=created-as-ok")
	assert.ErrorAs(t, err, &ue)

	_, err = target.Resolve("builtin:reference?varry=created-as-ok")
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "violate=NAME[,NAME...], vary=NAME[,NAME...], roles=ROLE[,ROLE...] and pages=on")
	assert.Contains(t, target.Help, "vary=")
	assert.Contains(t, target.Help, "roles=")

	_, err = target.Resolve("builtin:reference?roles=acquirer,bank")
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), `no role "bank"`)
	assert.Contains(t, err.Error(), "messenger, platform, acquirer, wallet", "the error lists the roles")
}

func TestWithViolationsAddsToTheSpec(t *testing.T) {
	assert.Equal(t, "builtin:reference", target.WithViolations("builtin:reference"))
	assert.Equal(t, "builtin:reference?violate=a,b", target.WithViolations("builtin:reference", "a", "b"))
	assert.Equal(t, "builtin:reference?roles=wallet&violate=a", target.WithViolations("builtin:reference?roles=wallet", "a"))
}

// roles= makes the reference an implementation of those roles only: its
// discovery claims them, once each, in the order given.
func TestBuiltinReferenceClaimsTheRolesAskedFor(t *testing.T) {
	for spec, want := range map[string][]string{
		"builtin:reference":                               {"messenger", "platform", "acquirer", "wallet"},
		"builtin:reference?roles=wallet,acquirer":         {"wallet", "acquirer"},
		"builtin:reference?roles=acquirer&roles=acquirer": {"acquirer"},
	} {
		tg, err := target.Resolve(spec)
		require.NoError(t, err, spec)
		c, err := iti.NewClient(tg.ITIBase, &http.Client{Transport: tg.Transport})
		require.NoError(t, err, spec)
		d, err := c.Discover(context.Background())
		require.NoError(t, err, spec)
		assert.Equal(t, want, d.Roles, spec)
		tg.Close()
	}
}
