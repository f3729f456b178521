package iti

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation is one operation of the ITI description, with what brings it
// into a run: what an implementation that claims its role, and announces
// what it needs, must answer. 'hutong iti check' holds the operations a
// run reached against these.
type Operation struct {
	ID     string // its operationId
	Method string
	Path   string // its path template below the ITI root
	// Role is the role it belongs to, the path's segment after the
	// session ("messenger", "platform", …); "" for discovery and
	// sessions, which every implementation answers.
	Role string
	// Capability is the capability that brings it (its x-capability,
	// such as CapabilityLogistics); "" for a part of its role.
	Capability string
	// PerSurface marks an operation offered once for each surface the
	// messenger names at discovery (its x-per-surface): it is reached on
	// a surface, not once for all.
	PerSurface bool
}

// Key names the operation as a run records it reached: its method and
// path template, and for an operation offered per surface, the surface.
func (o Operation) Key(surface string) string {
	k := o.Method + " " + o.Path
	if o.PerSurface {
		k += " on " + surface
	}
	return k
}

// Operations are the description's operations, by path then method.
func (v *Validator) Operations() []Operation { return v.operations }

// Reached says which operation a call was, and its key (Operation.Key)
// with the call's surface: the call of method on path, below the ITI root
// with this call's ids. ok is false for a call the description does not
// have.
func (v *Validator) Reached(method, path string) (key string, ok bool) {
	u := &url.URL{Path: path}
	if p, _, cut := strings.Cut(path, "?"); cut {
		u.Path = p
	}
	route, params, err := v.router.FindRoute(&http.Request{Method: method, URL: u})
	if err != nil {
		return "", false
	}
	for _, o := range v.operations {
		if o.Method == method && o.Path == route.Path {
			return o.Key(params["surface"]), true
		}
	}
	return "", false
}

// operations reads the operations of doc.
func operations(doc *openapi3.T) []Operation {
	var out []Operation
	for path, item := range doc.Paths.Map() {
		role := ""
		if rest, ok := strings.CutPrefix(path, "/sessions/{session}/"); ok {
			role, _, _ = strings.Cut(rest, "/")
		}
		for method, op := range item.Operations() {
			o := Operation{ID: op.OperationID, Method: method, Path: path, Role: role}
			if c, ok := op.Extensions["x-capability"].(string); ok {
				o.Capability = c
			}
			if b, ok := op.Extensions["x-per-surface"].(bool); ok {
				o.PerSurface = b
			}
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}
