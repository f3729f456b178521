package message

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// englishKeys are every string constant of en.go: a sentence added there is
// a sentence the catalogue must say in every language.
func englishKeys(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "en.go", nil, 0)
	require.NoError(t, err)
	out := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, err := strconv.Unquote(lit.Value)
						require.NoError(t, err)
						out[name.Name] = s
					}
				}
			}
		}
		return true
	})
	require.NotEmpty(t, out)
	return out
}

// shape is what a format takes: per argument, number or text.
func shape(f string) []string {
	var out []string
	for _, v := range verbs(f) {
		kind := "text"
		if v.verb == 'd' {
			kind = "number"
		}
		for len(out) <= v.arg {
			out = append(out, "")
		}
		out[v.arg] = kind
	}
	return out
}

func TestEverySentenceIsSaidInChineseWithTheSameArguments(t *testing.T) {
	for name, key := range englishKeys(t) {
		zh, ok := chinese[key]
		if !assert.True(t, ok, "%s has no Chinese", name) {
			continue
		}
		assert.Equal(t, shape(key), shape(zh), "%s takes the same arguments in Chinese", name)
		assert.NotContains(t, fmt.Sprintf(zh, sample(key)...), "%!", "%s formats in Chinese", name)
	}
	assert.Len(t, chinese, len(englishKeys(t)), "every Chinese sentence is one of en.go's")
}

func sample(key string) []any {
	var args []any
	for _, k := range shape(key) {
		if k == "number" {
			args = append(args, 3)
		} else {
			args = append(args, "x")
		}
	}
	return args
}

func TestEnglishIsTheKeyThroughFmt(t *testing.T) {
	for name, key := range englishKeys(t) {
		args := sample(key)
		want := fmt.Sprintf(key, args...)
		assert.Equal(t, want, Say(English, key, args...), name)
		assert.Equal(t, want, String(Parts(English, key, args...)), name)
		assert.Equal(t, want, String(Parts("fr", key, args...)), "%s: a language without a catalogue is English", name)
	}
}

func TestPartsKeepsTheQuotedFindingApart(t *testing.T) {
	ps := Parts(Chinese, NotRunGone, "dial tcp: connection refused")
	assert.Equal(t, []Part{{"未运行：被测实现停止了响应（", false}, {"dial tcp: connection refused", true}, {"）", false}}, ps)
	// A spliced argument keeps its own marks.
	ps = Parts(Chinese, ReasonUntestable, []Part{{"gone", true}})
	assert.Equal(t, []Part{{"无法测试被测实现：", false}, {"gone", true}}, ps)
}

func TestTranslateReadsBackEveryRecordedSentence(t *testing.T) {
	for _, key := range Recorded {
		args := sample(key)
		recorded := fmt.Sprintf(key, args...)
		assert.Equal(t, recorded, String(Translate(English, recorded)), "English is left as recorded")
		got := String(Translate(Chinese, recorded))
		assert.Equal(t, Say(Chinese, key, args...), got, "%q read back", key)
	}
	// Arguments that are recorded sentences are said in Chinese too.
	s := fmt.Sprintf(WhoNoAnswer, EndImplementation, "POST http://w.test/n (iut → w.test)", "context deadline", "w.test")
	assert.Equal(t, "被测实现 对 POST http://w.test/n (iut → w.test) 完全没有得到答复（context deadline）：请求或答复在途中丢失，w.test 本会如何答复无从得知", String(Translate(Chinese, s)))
	s = fmt.Sprintf(NoteScenarioCut, 256, 200, fmt.Sprintf(NoteCutBoth, 2, 5))
	assert.Equal(t, "本场景的证据已截断：超过 256 KiB 或 200 次交互，2 次交互未保留报文头和正文，另有 5 次交互未予保留", String(Translate(Chinese, s)))
	// What is no sentence of the harness's is quoted as it was written.
	assert.Equal(t, []Part{{"the wallet said no", true}}, Translate(Chinese, "the wallet said no"))
	assert.True(t, slices.ContainsFunc(Translate(Chinese, fmt.Sprintf(NotRunGone, "no route")), func(p Part) bool { return p.Original && p.Text == "no route" }))
}

// A link's warning finding reads back with both sides in Chinese, nested,
// and the implementation's own words kept apart as recorded.
func TestAWarningContradictionReadsBackSideBySide(t *testing.T) {
	s := fmt.Sprintf(WarnContradicts, WarnDeclaredNone, fmt.Sprintf(WarnSeen, "Bob", "⚠ Caution: this link may be unsafe"))
	ps := Translate(Chinese, s)
	assert.Equal(t, "页面与所声明的警告不符——声明：无警告；在浏览器中观察到：Bob 看到一条警告：“⚠ Caution: this link may be unsafe”", String(ps))
	assert.Contains(t, ps, Part{Text: "⚠ Caution: this link may be unsafe", Original: true})
	s = fmt.Sprintf(WarnContradicts, fmt.Sprintf(WarnDeclared, "danger", "On the list"), fmt.Sprintf(WarnSeenNone, "Bob", 1, 0))
	assert.Equal(t, "页面与所声明的警告不符——声明：\"danger\" 级警告：“On the list”；在浏览器中观察到：Bob 没有看到任何警告，点击 1 次、经过 0 个中间页面即到达链接的页面", String(Translate(Chinese, s)))
}
