// Package message is the catalogue of the sentences the harness writes
// itself — the decision and its reasons, verdict reasons, detection power,
// who failed, the notes the runner adds, the terminal's and the reports'
// own words — in every language a report is read in.
//
// A sentence is keyed by its English text, a fmt format, so the code that
// writes it reads as it did and the English output is, byte for byte, what
// fmt makes of the key. Each other language is one map from those keys to
// formats taking the same arguments (zh.go). A key with no translation is
// said in English: nothing is ever left blank.
//
// In a key, the verb %v marks an argument quoted as recorded rather than
// said by the harness: a step's finding, written in English by the step
// that made it. Parts keeps such arguments apart, so a page in another
// language can show them as the original English they are.
package message

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Languages.
const (
	English = "en"
	Chinese = "zh-CN"
)

// IsChinese reports whether lang names Chinese ("zh", "zh-CN", "zh-Hans",
// in any case).
func IsChinese(lang string) bool {
	l := strings.ToLower(lang)
	return l == "zh" || strings.HasPrefix(l, "zh-cn") || strings.HasPrefix(l, "zh-hans")
}

// Norm is lang as the catalogue knows it: Chinese, or else English.
func Norm(lang string) string {
	if IsChinese(lang) {
		return Chinese
	}
	return English
}

func catalogue(lang string) map[string]string {
	if IsChinese(lang) {
		return chinese
	}
	return nil
}

// Say is the sentence keyed by key, in lang, with args.
func Say(lang, key string, args ...any) string {
	if f, ok := catalogue(lang)[key]; ok {
		return fmt.Sprintf(f, args...)
	}
	return fmt.Sprintf(key, args...)
}

// Part is a piece of a sentence: words in the reader's language, or an
// argument quoted as recorded (Original), in the language it was written in.
type Part struct {
	Text     string
	Original bool
}

// String joins parts into the sentence.
func String(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// Parts is Say's sentence in pieces, the arguments the key quotes with %v
// kept apart as Original. An argument that is itself []Part is spliced in
// as it is.
func Parts(lang, key string, args ...any) []Part {
	f, ok := catalogue(lang)[key]
	if !ok {
		f = key
	}
	original := map[int]bool{}
	for _, v := range verbs(key) {
		if v.verb == 'v' {
			original[v.arg] = true
		}
	}
	var out []Part
	add := func(p Part) {
		if p.Text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Original == p.Original {
			out[n-1].Text += p.Text
			return
		}
		out = append(out, p)
	}
	at := 0
	for _, v := range verbs(f) {
		add(Part{Text: strings.ReplaceAll(f[at:v.start], "%%", "%")})
		at = v.end
		if v.arg >= len(args) {
			add(Part{Text: f[v.start:v.end]})
			continue
		}
		if ps, ok := args[v.arg].([]Part); ok {
			for _, p := range ps {
				add(p)
			}
			continue
		}
		add(Part{Text: fmt.Sprintf("%"+v.flags+string(v.verb), args[v.arg]), Original: original[v.arg]})
	}
	add(Part{Text: strings.ReplaceAll(f[at:], "%%", "%")})
	return out
}

// verb is one formatting verb of a format: where it is, which argument
// it formats (0-based), its flags and its letter.
type verb struct {
	start, end, arg int
	flags           string
	verb            byte
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?([-+# 0]*[0-9]*(?:\.[0-9]+)?)([a-zA-Z%])`)

// verbs are the formatting verbs of f, with the arguments fmt gives them.
func verbs(f string) []verb {
	var out []verb
	next := 0
	for _, m := range verbRE.FindAllStringSubmatchIndex(f, -1) {
		if f[m[6]] == '%' {
			continue
		}
		arg := next
		if m[2] >= 0 {
			n, _ := strconv.Atoi(f[m[2]:m[3]])
			arg = n - 1
		}
		next = arg + 1
		out = append(out, verb{start: m[0], end: m[1], arg: arg, flags: f[m[4]:m[5]], verb: f[m[6]]})
	}
	return out
}

// A recorded sentence is one the harness wrote down in English while the
// run went on (who failed, a note, why a scenario was not run) and that a
// report shows later. recorded are the keys Translate can read back.
type recorded struct {
	key, prefix string
	re          *regexp.Regexp
	verbs       []verb
}

var (
	readBackOnce sync.Once
	readBack     []recorded
)

func compileRecorded() {
	for _, key := range Recorded {
		vs := verbs(key)
		var b strings.Builder
		b.WriteString("^")
		at := 0
		for _, v := range vs {
			b.WriteString(regexp.QuoteMeta(strings.ReplaceAll(key[at:v.start], "%%", "%")))
			at = v.end
			switch v.verb {
			case 'd':
				b.WriteString(`(-?[0-9]+)`)
			case 'q':
				b.WriteString(`("(?:[^"\\]|\\.)*")`)
			default:
				// Greedy: an exchange line or an error holds brackets of
				// its own, and the words after it are the key's.
				b.WriteString(`((?s:.*))`)
			}
		}
		b.WriteString(regexp.QuoteMeta(strings.ReplaceAll(key[at:], "%%", "%")))
		b.WriteString("$")
		prefix := key
		if len(vs) > 0 {
			prefix = key[:vs[0].start]
		}
		readBack = append(readBack, recorded{key, strings.ReplaceAll(prefix, "%%", "%"), regexp.MustCompile(b.String()), vs})
	}
	// The longest keys first: the more a key says, the surer its match.
	sort.SliceStable(readBack, func(i, j int) bool { return len(readBack[i].key) > len(readBack[j].key) })
}

// Translate says s, a sentence recorded in English during a run, in lang.
// When s is wholly one of the Recorded sentences, its arguments are read
// back from it and it is said again in lang (an argument that is itself a
// recorded sentence is translated too); otherwise s is returned as it is,
// marked Original when lang is not English.
func Translate(lang, s string) []Part {
	if !IsChinese(lang) {
		return []Part{{Text: s}}
	}
	if ps, ok := translate(lang, s); ok {
		return ps
	}
	if s == "" {
		return nil
	}
	return []Part{{Text: s, Original: true}}
}

func translate(lang, s string) ([]Part, bool) {
	readBackOnce.Do(compileRecorded)
	for _, r := range readBack {
		// Most keys open with words of their own: a cheap test first.
		if !strings.HasPrefix(s, r.prefix) {
			continue
		}
		m := r.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		args := make([]any, len(r.verbs))
		for i, v := range r.verbs {
			switch v.verb {
			case 'd':
				n, _ := strconv.Atoi(m[i+1])
				args[v.arg] = n
			case 'q':
				u, err := strconv.Unquote(m[i+1])
				if err != nil {
					u = m[i+1]
				}
				args[v.arg] = u
			case 'v':
				args[v.arg] = m[i+1]
			default:
				// A host, an exchange, an error: shown as it is, unless
				// it is a recorded sentence itself.
				if ps, ok := translate(lang, m[i+1]); ok {
					args[v.arg] = ps
				} else {
					args[v.arg] = m[i+1]
				}
			}
		}
		return Parts(lang, r.key, args...), true
	}
	return nil, false
}

// Word is key, a sentence or word that takes no arguments, in lang.
func Word(lang, key string) string {
	if f, ok := catalogue(lang)[key]; ok {
		return f
	}
	return key
}
