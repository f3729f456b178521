package links

import "strings"

// sameLink reports whether got, a link as the messenger reports it in
// original_url or a report's url, is want, the link as sent. The two match
// when they are the same text, or the same URI once both are written in
// the URI form of RFC 3987 §3.1 (every byte of a non-ASCII character
// percent-encoded) and normalised as RFC 3986 §6.2.2 lets any reader:
// scheme and host in lower case, a port that is the scheme's default left
// out, an empty path written "/", hexadecimal digits of percent-encodings
// in capitals, and percent-encoded unreserved characters decoded. So
// "/item/手机壳" and "/item/%E6%89%8B%E6%9C%BA%E5%A3%B3" are the same link;
// one that lost its path, its query or a character of either is not, and
// neither is one whose reserved characters changed meaning ("%26" for "&").
func sameLink(got, want string) bool {
	return got == want || uriForm(got) == uriForm(want)
}

// uriForm writes a link in the normal URI form sameLink compares.
func uriForm(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(d) {
				b.WriteByte(d)
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[d>>4])
				b.WriteByte(hex[d&0xF])
			}
			i += 2
		case c >= 0x80 || c <= ' ' || c == 0x7F:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
		default:
			b.WriteByte(c)
		}
	}
	u := b.String()
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	scheme = strings.ToLower(scheme)
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	user, host := "", authority
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		user, host = authority[:at+1], authority[at+1:]
	}
	host = strings.ToLower(host)
	if (scheme == "http" && strings.HasSuffix(host, ":80")) || (scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	if tail == "" || tail[0] != '/' {
		tail = "/" + tail
	}
	return scheme + "://" + user + host + tail
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// isUnreserved is RFC 3986's unreserved set: ALPHA / DIGIT / "-" / "." /
// "_" / "~".
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
