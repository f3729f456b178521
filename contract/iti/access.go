package iti

import (
	"context"
	"net/http"
)

// The ACCESS family compares institutions with each other; what it needs
// beyond the platform role is the platform's published technical criteria
// for connecting an institution, so that a refusal can be checked against
// them.

// Criterion is one published technical criterion for connecting an
// institution.
type Criterion struct {
	// Code is what a refusal names (InstitutionConnection.ReasonCodes).
	Code string `json:"code"`
	// Field is the InstitutionRequest field the criterion is about, by its
	// JSON name (e.g. "notify_public_key", "capabilities").
	Field string `json:"field"`
	// Requirement says in plain words what meets the criterion.
	Requirement string `json:"requirement"`
}

// ConnectionCriteria are the criteria the platform publishes: the same for
// every institution.
type ConnectionCriteria struct {
	Criteria []Criterion `json:"criteria"`
}

// ConnectionCriteria reads the platform's published criteria for connecting
// an institution.
func (s *Session) ConnectionCriteria(ctx context.Context) (ConnectionCriteria, error) {
	var out ConnectionCriteria
	err := s.c.do(ctx, "read the platform's criteria for connecting an institution", http.MethodGet, s.path("platform", "criteria"), nil, http.StatusOK, &out)
	return out, err
}
