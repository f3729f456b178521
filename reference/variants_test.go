package reference

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVariantsAreNamedApartFromViolations(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range Violations {
		seen[v.Name] = true
	}
	for _, v := range Variants {
		assert.False(t, seen[v.Name], "%q is both a violation and a variant", v.Name)
		seen[v.Name] = true
		assert.NotEmpty(t, v.Role, v.Name)
		assert.NotEmpty(t, v.Description, v.Name)
		_, err := New(Options{Variants: []string{v.Name}})
		assert.NoError(t, err, v.Name)
	}
}

func TestUnknownVariantsAreRefusedByName(t *testing.T) {
	_, err := New(Options{Variants: []string{"created-as-ok", "shouty-json"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"shouty-json"`)
	assert.NotContains(t, err.Error(), `"created-as-ok"`)
	for _, n := range VariantNames() {
		assert.Contains(t, err.Error(), n, "the error lists the known variants")
	}
	// A violation is not a variant, nor the other way round.
	_, err = New(Options{Variants: []string{Violations[0].Name}})
	assert.Error(t, err)
	_, err = New(Options{Violations: []string{CreatedAsOK}})
	assert.Error(t, err)
}

func TestCreatedAsOKAnswers200WhereTheContractSays201(t *testing.T) {
	for _, vary := range []bool{false, true} {
		o := Options{}
		want := http.StatusCreated
		if vary {
			o.Variants, want = []string{CreatedAsOK}, http.StatusOK
		}
		ref, err := New(o)
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		ref.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/iti/v1/sessions", strings.NewReader(`{}`)))
		assert.Equal(t, want, rec.Code, rec.Body.String())
		assert.Contains(t, rec.Body.String(), `"session_id"`)
		// A status the contract does not specify as 201 stays as it is.
		rec = httptest.NewRecorder()
		ref.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/iti/v1", bytes.NewReader(nil)))
		assert.Equal(t, http.StatusOK, rec.Code)
	}
}
