package iti_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/internal/runner"
	"github.com/hutong-interop/hutong/internal/target"
)

type spec struct {
	OpenAPI string                    `yaml:"openapi"`
	Paths   map[string]map[string]any `yaml:"paths"`
}

// TestEveryCallIsDescribedInTheOpenAPIFile certifies the reference and checks
// that every ITI request the harness made, and the status it got, is in
// openapi.yaml: the published contract is the one the harness really uses.
func TestEveryCallIsDescribedInTheOpenAPIFile(t *testing.T) {
	var s spec
	require.NoError(t, yaml.Unmarshal(iti.OpenAPI, &s))
	require.True(t, strings.HasPrefix(s.OpenAPI, "3."), "an OpenAPI 3 document")

	type route struct {
		re     *regexp.Regexp
		path   string
		method map[string]any
	}
	var routes []route
	for p, ops := range s.Paths {
		re := "^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`) + "$"
		routes = append(routes, route{regexp.MustCompile(re), p, ops})
	}

	tg, err := target.InProcess("test", nil)
	require.NoError(t, err)
	run, err := runner.Run(context.Background(), runner.Config{Target: tg, Concurrency: 4, Seed: 1})
	require.NoError(t, err)
	require.True(t, run.Certified, run.Summary)

	base, _ := url.Parse(tg.ITIBase)
	seen := 0
	for _, sc := range run.Scenarios {
		for _, x := range sc.Evidence {
			u, err := url.Parse(x.URL)
			require.NoError(t, err)
			if x.From != "harness" || u.Host != base.Host || !strings.HasPrefix(u.Path, base.Path) {
				continue
			}
			p := strings.TrimPrefix(u.Path, base.Path)
			if p == "" {
				p = "/"
			}
			seen++
			var r *route
			for i := range routes {
				if routes[i].re.MatchString(p) {
					r = &routes[i]
				}
			}
			if !assert.NotNil(t, r, "%s %s is not in openapi.yaml", x.Method, p) {
				continue
			}
			op, ok := r.method[strings.ToLower(x.Method)].(map[string]any)
			if !assert.True(t, ok, "%s is not allowed on %s in openapi.yaml", x.Method, r.path) {
				continue
			}
			responses, _ := op["responses"].(map[string]any)
			_, ok = responses[strconv.Itoa(x.Status)]
			assert.True(t, ok, "%s %s answered %d, which openapi.yaml does not list", x.Method, r.path, x.Status)
		}
	}
	assert.Positive(t, seen)
}
