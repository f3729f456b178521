package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/reference"
)

func TestViolationsListsTheHonestVariantsApart(t *testing.T) {
	code, out, _ := hutong(t, "violations")
	require.Equal(t, exitOK, code)
	head, variants, ok := strings.Cut(out, "Honest variants")
	require.True(t, ok, "the variants have a heading of their own:\n%s", out)
	assert.Contains(t, variants, "vary=NAME[,NAME...]")
	assert.Contains(t, variants, "VARIANT")
	for _, v := range reference.Variants {
		assert.Contains(t, variants, v.Name)
		assert.NotContains(t, head, v.Name, "a variant is not listed among the violation switches")
	}
}

// Serving the reference, with every variant at once, and certifying it over
// loopback: one certification shows both, since a variant is honest.
func TestServeTakesVariantsAndCertifiesOverLoopback(t *testing.T) {
	code, _, errOut := hutong(t, "serve", "reference", "--vary", "nope")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown variant "nope"`)

	url := startServe(t, "--vary", strings.Join(reference.VariantNames(), ","))
	// Quick depth: the variants are honest at any depth (the runner
	// certifies each alone at a certification's, and the reference black-box).
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--report-dir", t.TempDir(), "--target", url)
	assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "PARTIAL — not a certification: few cases were drawn of each requirement (--depth quick)")
	assert.NotContains(t, out, " FAIL")
	assert.Contains(t, out, "certifying "+url)
}

// The requirements the variant and the switch bear on are the ones run.
func TestCertifyTakesVariantsOfTheBuiltinReference(t *testing.T) {
	code, out, errOut := hutong(t, "certify", "--quiet", "--depth", "quick", "--report-dir", t.TempDir(), "--roles", "platform", "--tags", "@PAY-08 or @PAY-09",
		"--target", "builtin:reference?vary=never-preselect,lowercase-currency&violate=hidden-fee")
	assert.Equal(t, exitNotCertified, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Regexp(t, `PAY-09\s+MUST\s+platform\s+FAIL`, out, "the violation still breaks what it breaks")
	assert.Regexp(t, `PAY-08\s+SHOULD\s+platform\s+PASS`, out, "never preselecting is PAY-08's 'or none'")
	code, _, errOut = hutong(t, "certify", "--quiet", "--target", "builtin:reference?vary=nope")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "known variants")
}
