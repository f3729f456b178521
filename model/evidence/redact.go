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

// isFormBody recognises an application/x-www-form-urlencoded body: a
// name, "=", and nothing JSON, markup or white space would need.
func isFormBody(b string) bool {
	if len(b) < 2 || !strings.Contains(b[1:], "=") {
		return false
	}
	return !strings.ContainsAny(b, " \t\n\f\r{}[]<>\"")
}

// jsonString is the end of the JSON string whose opening quote is at
// b[i-1], scanning from i: the index of its closing quote, or len(b) for a
// string cut short at the end of a truncated body; -1 where it is no
// string (a backslash with nothing or a line break after it).
func jsonString(b string, i int) int {
	for i < len(b) {
		switch b[i] {
		case '"':
			return i
		case '\\':
			if i+1 >= len(b) || b[i+1] == '\n' {
				return -1
			}
			i += 2
		default:
			i++
		}
	}
	return len(b)
}

// jsonSpace skips JSON's white space (and the form feed) from i.
func jsonSpace(b string, i int) int {
	for i < len(b) && strings.IndexByte(" \t\n\f\r", b[i]) >= 0 {
		i++
	}
	return i
}

// stringField reads the string field "name": "value" starting at the quote
// b[at], possibly cut short at the end of a truncated body: the indexes
// name [n0, n1), the separator [n1+1, v0-1), the value [v0, v1), and the
// field's end; ok false where no such field starts at b[at].
func stringField(b string, at int) (n1, v0, v1, end int, ok bool) {
	n1 = jsonString(b, at+1)
	if n1 < 0 || n1 >= len(b) {
		return 0, 0, 0, 0, false
	}
	i := jsonSpace(b, n1+1)
	if i >= len(b) || b[i] != ':' {
		return 0, 0, 0, 0, false
	}
	i = jsonSpace(b, i+1)
	if i >= len(b) || b[i] != '"' {
		return 0, 0, 0, 0, false
	}
	v0 = i + 1
	v1 = jsonString(b, v0)
	switch {
	case v1 < 0:
		return 0, 0, 0, 0, false
	case v1 == len(b):
		return n1, v0, v1, v1, true
	}
	return n1, v0, v1, v1 + 1, true
}

// redactBody hides the values of JSON string fields and form fields named
// like secrets, keeping the rest of the body as sent.
func redactBody(b string) string {
	if b == "" {
		return b
	}
	if isFormBody(b) {
		return redactQuery(b)
	}
	if !strings.Contains(b, `"`) {
		return b
	}
	// A hand-written scan of the string fields, not a regexp: every body of
	// every exchange comes through here, and the regexp's backtracking was
	// the largest share of a certification's time after the ITI calls
	// themselves. A quote that starts no field is passed over, and the scan
	// goes on at the next byte, as a regexp's leftmost search would.
	var out strings.Builder
	last := 0
	for at := strings.IndexByte(b, '"'); at >= 0; {
		n1, v0, v1, end, ok := stringField(b, at)
		if !ok {
			next := strings.IndexByte(b[at+1:], '"')
			if next < 0 {
				break
			}
			at += 1 + next
			continue
		}
		name, sep, value, closing := b[at+1:n1], b[n1+1:v0-1], b[v0:v1], b[v1:end]
		var field string
		switch {
		case IsSecret(name):
			field = `"` + name + `"` + sep + `"` + Redacted + `"`
		case strings.Contains(value, "://") && strings.Contains(value, "@") && !strings.Contains(value, `\`):
			// A URL value may carry a password (a session's proxy URL).
			field = `"` + name + `"` + sep + `"` + redactURL(value) + closing
		}
		if field != "" {
			if out.Len() == 0 {
				out.Grow(len(b))
			}
			out.WriteString(b[last:at])
			out.WriteString(field)
			last = end
		}
		if end >= len(b) {
			break
		}
		next := strings.IndexByte(b[end:], '"')
		if next < 0 {
			break
		}
		at = end + next
	}
	if last == 0 {
		return b
	}
	out.WriteString(b[last:])
	return out.String()
}
