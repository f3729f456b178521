package evidence

import (
	"net/url"
	"regexp"
	"strings"
)

// Redacted replaces every secret in a report.
const Redacted = "[redacted]"

// secretName matches the names of headers, query parameters and body fields
// whose values are credentials. Matching is by name because a report cannot
// know which opaque value is a secret; a false positive only hides a value.
var secretName = regexp.MustCompile(`(?i)(authorization|cookie|token|secret|signature|^sig$|^sign$|passw|api[-_]?key|access[-_]?key|private[-_]?key|session[-_]?key|credential|^auth$|auth[-_]?code)`)

// IsSecret reports whether a header, parameter or field called name holds a
// secret.
func IsSecret(name string) bool { return secretName.MatchString(strings.TrimSpace(name)) }

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
	return jsonField.ReplaceAllStringFunc(b, func(m string) string {
		sm := jsonField.FindStringSubmatch(m)
		if !IsSecret(sm[1]) {
			// A URL value may carry a password (a session's proxy URL).
			if strings.Contains(sm[3], "://") && strings.Contains(sm[3], "@") && !strings.Contains(sm[3], `\`) {
				return `"` + sm[1] + `"` + sm[2] + `"` + redactURL(sm[3]) + sm[4]
			}
			return m
		}
		return `"` + sm[1] + `"` + sm[2] + `"` + Redacted + `"`
	})
}
