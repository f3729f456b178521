// Package target resolves what to certify: the embedded reference, with or
// without violation switches and honest variants, run in-process on the mock network; or an
// implementation reached over HTTP, with the mock network served on a real
// listener for it to call back.
package target

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/network"
	"github.com/hutong-interop/hutong/reference"
)

// Target is a resolved implementation under test.
type Target struct {
	// Spec is the target as given.
	Spec string
	// ITIBase is the root of its ITI.
	ITIBase string
	// Transport reaches the implementation and the mock network.
	Transport http.RoundTripper
	// Network is the mock network the scenarios use.
	Network *network.Network
	// Violations are the reference's switches turned on, if any.
	Violations []string
	// Origins are the implementation's origins the harness may follow links
	// to (black-box: the ITI's own and any --allow-origin); nil in-process.
	Origins []string
	// Variants are the reference's honest variants turned on, if any.
	Variants []string
	// NetworkFixture tells a black-box implementation how to reach the mock
	// network; nil in-process.
	NetworkFixture *iti.NetworkFixture
	// Warnings are things about how the target is reached that every report
	// must show, such as TLS verification being off.
	Warnings []string

	closer func() error
}

// Close stops what the target started (the mock network's listener). It is
// safe to call more than once, and on a target that started nothing.
func (t *Target) Close() error {
	if t == nil || t.closer == nil {
		return nil
	}
	return t.closer()
}

// ReferenceHost is the in-process reference's host on the mock network.
const ReferenceHost = "iut.test"

// UsageError is a target the harness cannot understand.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Help describes the accepted target forms, for --help and errors.
const Help = `builtin:reference (the embedded compliant reference),
builtin:reference?violate=NAME[,NAME...] (the reference with violation switches on; see 'hutong violations'),
builtin:reference?vary=NAME[,NAME...] (the reference with honest variants on, which must still certify; combines with violate=),
builtin:reference?pages=on (the reference showing its pages, to be observed in a browser; combines with the others),
builtin:reference?roles=ROLE[,ROLE...] (the reference claiming only these roles, as an implementation of some roles; combines with the others), or
http(s)://HOST[:PORT]/PATH (an implementation's ITI root, certified as a black box over the network)`

// WithViolations is the built-in target spec with switches on as well:
// spec itself when there are none.
func WithViolations(spec string, violations ...string) string {
	if len(violations) == 0 {
		return spec
	}
	sep := "?"
	if strings.Contains(spec, "?") {
		sep = "&"
	}
	return spec + sep + "violate=" + strings.Join(violations, ",")
}

// Resolve turns a target spec into a Target, with default options.
func Resolve(spec string) (*Target, error) { return ResolveWith(spec, Options{}) }

// ResolveWith turns a target spec into a Target. The caller must Close it.
func ResolveWith(spec string, o Options) (*Target, error) {
	if spec == "" {
		spec = "builtin:reference"
	}
	if rest, ok := strings.CutPrefix(spec, "builtin:"); ok {
		name, query, _ := strings.Cut(rest, "?")
		if name != "reference" {
			return nil, &UsageError{fmt.Sprintf("unknown built-in target %q; accepted: %s", spec, Help)}
		}
		q, err := url.ParseQuery(query)
		if err != nil {
			return nil, &UsageError{fmt.Sprintf("target %q: cannot read the options after '?': %v", spec, err)}
		}
		lists := map[string][]string{"violate": nil, "vary": nil, "roles": nil}
		pages := false
		switch q.Get("pages") {
		case "":
		case "on":
			pages = true
		default:
			return nil, &UsageError{fmt.Sprintf("target %q: pages=%q: the only value is pages=on", spec, q.Get("pages"))}
		}
		q.Del("pages")
		for k, vs := range q {
			if _, ok := lists[k]; !ok {
				return nil, &UsageError{fmt.Sprintf("target %q: unknown option %q; the options are violate=NAME[,NAME...], vary=NAME[,NAME...], roles=ROLE[,ROLE...] and pages=on", spec, k)}
			}
			for _, v := range vs {
				for _, n := range strings.Split(v, ",") {
					if n = strings.TrimSpace(n); n != "" {
						lists[k] = append(lists[k], n)
					}
				}
			}
		}
		return inProcessClaiming(spec, lists["violate"], lists["vary"], lists["roles"], pages, nil)
	}
	if strings.HasPrefix(spec, "http://") || strings.HasPrefix(spec, "https://") {
		return Remote(spec, o)
	}
	return nil, &UsageError{fmt.Sprintf("unknown target %q; accepted: %s", spec, Help)}
}

// InProcess runs the reference with the given switches in memory: the harness
// and the reference reach each other and the mocks through httpmock.
func InProcess(spec string, violations []string) (*Target, error) {
	return inProcess(spec, violations, nil, false, nil)
}

// InProcessVaried is InProcess with honest variants on as well (see
// reference.Variants).
func InProcessVaried(spec string, violations, variants []string) (*Target, error) {
	return inProcess(spec, violations, variants, false, nil)
}

// InProcessWrapped is InProcess with the reference's handler passed through
// wrap (if not nil) before it joins the mock network, so that tests and
// benchmarks can give the implementation other manners — answer slowly,
// count calls — without a switch in the reference itself.
func InProcessWrapped(spec string, violations []string, wrap func(http.Handler) http.Handler) (*Target, error) {
	return inProcess(spec, violations, nil, false, wrap)
}

// InProcessPages is InProcessVaried with the reference's pages on (the
// "pages" capability; builtin:reference?pages=on).
func InProcessPages(spec string, violations, variants []string) (*Target, error) {
	return inProcess(spec, violations, variants, true, nil)
}

// InProcessPagesWrapped is InProcessPages with the reference's handler
// passed through wrap, as InProcessWrapped: a test can make its pages say
// something else than its answers without a switch.
func InProcessPagesWrapped(spec string, violations []string, wrap func(http.Handler) http.Handler) (*Target, error) {
	return inProcess(spec, violations, nil, true, wrap)
}

func inProcess(spec string, violations, variants []string, pages bool, wrap func(http.Handler) http.Handler) (*Target, error) {
	return inProcessClaiming(spec, violations, variants, nil, pages, wrap)
}

// inProcessClaiming is inProcess with the reference claiming only roles
// (nil: all of its roles).
func inProcessClaiming(spec string, violations, variants, roles []string, pages bool, wrap func(http.Handler) http.Handler) (*Target, error) {
	n := network.New()
	tr := n.Transport()
	ref, err := reference.New(reference.Options{Client: &http.Client{Transport: tr}, Violations: violations, Variants: variants, Pages: pages, Roles: roles})
	if err != nil {
		return nil, &UsageError{fmt.Sprintf("target %q: %v", spec, err)}
	}
	var h http.Handler = ref
	if wrap != nil {
		h = wrap(ref)
	}
	n.Handle(ReferenceHost, h)
	return &Target{Spec: spec, ITIBase: "https://" + ReferenceHost + "/iti/v1", Transport: tr, Network: n, Violations: violations, Variants: variants}, nil
}
