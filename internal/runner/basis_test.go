package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/model/evidence"
)

// plainBasis is what each requirement of the plain reference's run (no
// pages, no browser) rests on: artefact where every judging step checks
// something the harness holds — a code decoded, a link followed, a payment
// or notice at a counterparty it plays — and declared where any step takes
// an ITI answer's word: what a screen or a message shows, what the
// implementation says it recorded, published or decided.
var plainBasis = map[string]string{
	"ACCESS-01": evidence.Declared, "ACCESS-02": evidence.Declared, "ACCESS-03": evidence.Declared,
	"ACCESS-04": evidence.Declared, "ACCESS-05": evidence.Declared,
	"LINK-01": evidence.Declared, "LINK-02": evidence.Declared, "LINK-03": evidence.Artefact,
	"LINK-04": evidence.Declared, "LINK-05": evidence.Declared, "LINK-06": evidence.Declared, "LINK-07": evidence.Declared,
	"LOG-01": evidence.Declared, "LOG-02": evidence.Declared, "LOG-03": evidence.Declared,
	"PAY-01": evidence.Declared, "PAY-02": evidence.Artefact, "PAY-03": evidence.Declared,
	"PAY-04": evidence.Declared, "PAY-05": evidence.Declared, "PAY-06": evidence.Declared,
	"PAY-07": evidence.Declared, "PAY-08": evidence.Declared, "PAY-09": evidence.Declared,
	"PAY-10": evidence.Declared, "PAY-11": evidence.Declared, "PAY-12": evidence.Declared,
	"QR-01": evidence.Artefact, "QR-02": evidence.Artefact, "QR-03": evidence.Artefact,
	"QR-04": evidence.Declared, "QR-05": evidence.Declared, "QR-06": evidence.Declared,
	"QR-07": evidence.Declared, "QR-08": evidence.Declared,
	"SEC-01": evidence.Artefact, "SEC-02": evidence.Artefact, "SEC-03": evidence.Artefact,
	"SEC-04": evidence.Artefact,
}

// Every requirement of the plain run has the basis its steps earn: a step
// that forgets to record the artefact it judged leaves its requirement
// declared, and one that records artefact for an ITI answer makes it look
// stronger than it is; either shows here.
func TestEveryRequirementRestsOnItsBasis(t *testing.T) {
	t.Parallel()
	run := baseline(t)
	got := map[string]string{}
	for _, q := range run.Requirements {
		got[q.Requirement.ID] = q.Basis
	}
	assert.Equal(t, plainBasis, got)
}
