package evidence

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
)

// Redacted replaces every secret in a report.
const Redacted = "[redacted]"

// secretName matches the names of headers, query parameters and body fields
// whose values are credentials. Matching is by name because a report cannot
// know which opaque value is a secret; a false positive only hides a value.
var secretName = regexp.MustCompile(`(?i)(authorization|cookie|token|secret|signature|^sig$|^sign$|passw|api[-_]?key|access[-_]?key|private[-_]?key|session[-_]?key|credential|^auth$|auth[-_]?code)`)

// IsSecret reports whether a header, parameter or field called name holds a
// secret.
func IsSecret(name string) bool {
	if v, ok := secretNames.Load(name); ok {
		return v.(bool)
	}
	secret := secretName.MatchString(strings.TrimSpace(name))
	// The same few field names come back in every body; remembering them
	// saves the regular expression most of its work. The names an
	// implementation makes up are not remembered past a bound.
	if secretNamesKept.Add(1) <= maxSecretNames {
		secretNames.Store(name, secret)
	}
	return secret
}

// secretNames remembers IsSecret's answers, at most maxSecretNames of them.
var (
	secretNames     sync.Map
	secretNamesKept atomic.Int64
)

const maxSecretNames = 4096

// urlHeaders are the headers whose whole value is a URL reference, which
// may be relative ("/pay/h1?sig=…").
var urlHeaders = map[string]bool{"Location": true, "Content-Location": true, "Referer": true}

// embeddedURL finds URL references inside other header values: an absolute
// URL, or anything between angle brackets (a Link header's "<…>").
var embeddedURL = regexp.MustCompile(`<[^<>]*>|[A-Za-z][A-Za-z0-9+.-]*://[^\s<>"]+`)

// refreshURL is the URL of a Refresh header ("0; url=/pay/h1?sig=…").
var refreshURL = regexp.MustCompile(`(?i)^(.*?;\s*url\s*=\s*)(.*)$`)

// redactHeader is a header's values as evidence keeps them, joined by ", ":
// all hidden if the header's name is a secret's, and otherwise with every
// URL in them redacted as redactURL does the URL of a request, so that a
// redirect's Location shows a signed handoff's sig no more than the
// request that follows it does.
func redactHeader(name string, values []string) string {
	if IsSecret(name) {
		return Redacted
	}
	out := make([]string, len(values))
	for i, v := range values {
		switch {
		case urlHeaders[http.CanonicalHeaderKey(name)]:
			out[i] = redactURLText(v)
		case http.CanonicalHeaderKey(name) == "Refresh" && refreshURL.MatchString(v):
			m := refreshURL.FindStringSubmatch(v)
			out[i] = m[1] + redactURLText(m[2])
		case !strings.Contains(v, "://") && !strings.Contains(v, "<"):
			out[i] = v
		default:
			out[i] = embeddedURL.ReplaceAllStringFunc(v, func(m string) string {
				if strings.HasPrefix(m, "<") {
					return "<" + redactURLText(m[1:len(m)-1]) + ">"
				}
				return redactURLText(m)
			})
		}
	}
	return strings.Join(out, ", ")
}

// redactURLText is redactURL keeping the text as it was written — a raw
// non-ASCII path, a relative reference — wherever it hides nothing.
func redactURLText(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return redactURL(raw)
		}
	}
	rest, frag, hasFrag := strings.Cut(raw, "#")
	if path, query, ok := strings.Cut(rest, "?"); ok {
		rest = path + "?" + redactQuery(query)
	}
	if hasFrag {
		rest += "#" + frag
	}
	return rest
}

// redactURL hides the values of secret query parameters and any password in
// the user-info part.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactQuery(raw)
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Redacted)
		}
	}
	u.RawQuery = redactQuery(u.RawQuery)
	return u.String()
}

// queryPair is one name=value pair of a query string or form body, with the
// separator before it.
var queryPair = regexp.MustCompile(`(^|[?&;])([^=&;?]+)=([^&;]*)`)

// redactQuery redacts name=value pairs in place, keeping everything else
// byte for byte, so the reader sees the query as it was sent.
func redactQuery(q string) string {
	return queryPair.ReplaceAllStringFunc(q, func(m string) string {
		sm := queryPair.FindStringSubmatch(m)
		name, err := url.QueryUnescape(sm[2])
		if err != nil {
			name = sm[2]
		}
		if !IsSecret(name) {
			return m
		}
		return sm[1] + sm[2] + "=" + url.QueryEscape(Redacted)
	})
}

// jsonField is a JSON string field, possibly cut short at the end of a
// truncated body.
var jsonField = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"(\s*:\s*)"((?:[^"\\]|\\.)*)("|$)`)

// formBody recognises an application/x-www-form-urlencoded body.
var formBody = regexp.MustCompile(`^[^\s{}\[\]<>"]+=[^\s{}\[\]<>"]*(&[^\s{}\[\]<>"]+=[^\s{}\[\]<>"]*)*$`)

// redactBody hides the values of JSON string fields and form fields named
// like secrets, keeping the rest of the body as sent.
func redactBody(b string) string {
	if b == "" {
		return b
	}
	if formBody.MatchString(b) {
		return redactQuery(b)
	}
	if !strings.Contains(b, `"`) {
		return b
	}
	// One pass over the fields' positions: every body of every exchange
	// comes through here, and matching each field twice (to find it, then
	// to take it apart) was a tenth of a whole certification's time.
	var out strings.Builder
	last := 0
	for _, m := range jsonField.FindAllStringSubmatchIndex(b, -1) {
		name, sep, value, end := b[m[2]:m[3]], b[m[4]:m[5]], b[m[6]:m[7]], b[m[8]:m[9]]
		var field string
		switch {
		case IsSecret(name):
			field = `"` + name + `"` + sep + `"` + Redacted + `"`
		case strings.Contains(value, "://") && strings.Contains(value, "@") && !strings.Contains(value, `\`):
			// A URL value may carry a password (a session's proxy URL).
			field = `"` + name + `"` + sep + `"` + redactURL(value) + end
		default:
			continue
		}
		if out.Len() == 0 {
			out.Grow(len(b))
		}
		out.WriteString(b[last:m[0]])
		out.WriteString(field)
		last = m[1]
	}
	if last == 0 {
		return b
	}
	out.WriteString(b[last:])
	return out.String()
}
