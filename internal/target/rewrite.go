package target

import (
	"net/http"
	"net/http/httptest"
)

// Rewriting is a wrap for InProcessWrapped that passes the implementation's
// answers through the edits chosen per request: edits(r) returns the edit of
// r's answer body, or nil to leave the answer as it is. Tests give the
// reference, this way, another form of an answer that the contract allows
// (another spelling, an added field), to prove the harness accepts it, with
// no switch in the reference itself. edits runs before the request is
// served, so it may read r's body (and must put it back).
func Rewriting(edits func(r *http.Request) func([]byte) []byte) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			edit := edits(r)
			if edit == nil {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			// The edited body has a length of its own.
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			w.Write(edit(rec.Body.Bytes()))
		})
	}
}
