package target_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	assert.Contains(t, err.Error(), "violate=NAME[,NAME...], vary=NAME[,NAME...] and pages=on")
	assert.Contains(t, target.Help, "vary=")
}
