package iti

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/hutong-interop/hutong/untrusted"
)

// Validator checks the implementation's answers against the schemas of the
// ITI description itself (openapi.yaml), so that what the contract says and
// what the harness accepts cannot drift apart. A departure is reported as a
// Deviation, never as a failure: the call goes on with whatever the Go types
// can read, and a requirement fails only where the answer cannot be judged.
type Validator struct {
	router     routers.Router
	operations []Operation
}

var (
	validatorOnce sync.Once
	validator     *Validator
	validatorErr  error
)

// NewValidator returns the validator of the embedded description; it is
// built once per process.
func NewValidator() (*Validator, error) {
	validatorOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(OpenAPI)
		if err != nil {
			validatorErr = fmt.Errorf("the ITI description does not load: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			validatorErr = fmt.Errorf("the ITI description is not valid OpenAPI: %w", err)
			return
		}
		// Paths are matched below the ITI root, wherever it is served.
		doc.Servers = openapi3.Servers{{URL: "/"}}
		r, err := legacy.NewRouter(doc)
		if err != nil {
			validatorErr = err
			return
		}
		validator = &Validator{router: r, operations: operations(doc)}
	})
	return validator, validatorErr
}

// Template returns the description's path template that path matches for
// method ("/sessions/{session}/platform/checkouts"), or path itself when
// none does: the name of the operation without this session's ids.
func (v *Validator) Template(method, path string) string {
	u := &url.URL{Path: path}
	if p, _, ok := strings.Cut(path, "?"); ok {
		u.Path = p
	}
	route, _, err := v.router.FindRoute(&http.Request{Method: method, URL: u})
	if err != nil {
		return path
	}
	return route.Path
}

// Check validates one answer: status, headers and body, for method and the
// ITI path below the root. It returns "" when the answer is what the
// description says, and otherwise the first problems in words, bounded.
func (v *Validator) Check(method, path string, status int, header http.Header, body []byte) string {
	u := &url.URL{Path: path}
	if p, q, ok := strings.Cut(path, "?"); ok {
		u.Path, u.RawQuery = p, q
	}
	req := &http.Request{Method: method, URL: u, Header: http.Header{}}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return "" // not an operation of the description: the client said so already
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return untrusted.Line(strings.Join(strings.Fields(err.Error()), " "), 600)
	}
	return ""
}
