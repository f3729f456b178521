package html

import (
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	featurefiles "github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// What a Chinese page may show in English: the evidence, code, IDs, what a
// step found (marked as the original English), and text that is not the
// harness's at all. englishProse strips these and finds what is left.
var (
	notProse = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<style>.*?</style>`),
		regexp.MustCompile(`(?s)<details class="x".*?</details>`), // the HTTP exchanges
		regexp.MustCompile(`(?s)<pre>.*?</pre>`),
		regexp.MustCompile(`(?s)<code>.*?</code>`),
		regexp.MustCompile(`<span class="orig" lang="en"><span class="orig-l"[^>]*>[^<]*</span>[^<]*</span>`),
		regexp.MustCompile(`(?s)<div class="note orig" lang="en">.*?</div>\s*(?:<table>.*?</table>)?\s*</div>`),
		regexp.MustCompile(`<(?:span|td|a)[^>]*class="[^"]*\bmono\b[^"]*"[^>]*>[^<]*`),
	}
	tag         = regexp.MustCompile(`<[^>]*>`)
	webAddress  = regexp.MustCompile(`https?://\S+|\([^()→]*→[^()]*\)`)
	asciiPhrase = regexp.MustCompile(`[A-Za-z][A-Za-z'’-]*(?:[ ,;:"“”]+[A-Za-z][A-Za-z'’-]*){2,}`)
)

// englishProse lists every run of three or more English words a page
// shows outside what may be English, and not in allowed.
func englishProse(page, allowed string) []string {
	for _, re := range notProse {
		page = re.ReplaceAllString(page, " ")
	}
	text := html.UnescapeString(tag.ReplaceAllString(page, "\n"))
	text = webAddress.ReplaceAllString(text, " ")
	var out []string
	for _, m := range asciiPhrase.FindAllString(text, -1) {
		if !strings.Contains(allowed, m) {
			out = append(out, m)
		}
	}
	return out
}

// notTheHarnesss is the text a Chinese page may show in English because it
// is not the harness's own: the implementation's name and roles, and the
// Chinese requirement text, which quotes names (商户 "Lao Wang Noodles").
func notTheHarnesss(t *testing.T, run *result.Run) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintln(&b, run.Implementation.Name, run.Implementation.Version, run.Implementation.Vendor, run.Harness)
	fmt.Fprintln(&b, strings.Join(run.RolesClaimed, ", "), strings.Join(run.RolesTested, ", "))
	require.NoError(t, fs.WalkDir(featurefiles.All, "zh-CN", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			text, err := fs.ReadFile(featurefiles.All, path)
			b.Write(text)
			return err
		}
		return err
	}))
	return b.String()
}

func TestAChineseReportHasNoEnglishTheHarnessWrote(t *testing.T) {
	run := chineseRun(t, "rank-by-tier", "slow-tail-handoffs")
	allowed := notTheHarnesss(t, run)
	page := render(t, run)
	assert.Empty(t, englishProse(page, allowed), "harness-written English on the Chinese page")
	assert.Contains(t, page, "未通过认证——0 项 MUST 级和 2 项 SHOULD 级要求未通过")
	assert.Contains(t, page, `<span class="orig-l" lang="zh-CN">英文原文</span>`, "what the steps found is marked as the original English")

	// The decision's other sentences, the notes the runner adds and why a
	// scenario was not run, as a run that lost the implementation records
	// them.
	var s *result.Scenario
	for _, q := range run.Requirements {
		if len(q.Scenarios) > 0 && s == nil {
			s = q.Scenarios[0]
		}
	}
	s.Status = result.NotRunStatus
	s.Failure = fmt.Sprintf(message.NotRunGone, "dial tcp 127.0.0.1:1: connect: connection refused")
	s.Notes = append(s.Notes, evidence.Note{Title: message.NoteTruncated, Text: fmt.Sprintf(message.NoteRunBudget, 2, 3)},
		evidence.Note{Title: message.NoteTruncated, Text: fmt.Sprintf(message.NoteScenarioCut, 256, 200, fmt.Sprintf(message.NoteCutBoth, 2, 5))})
	run.Untestable = fmt.Sprintf(message.UntestableGone, 1, "unreachable")
	run.Judge(reqsOf(run))
	require.Equal(t, result.NotTested, run.Decision)
	page = render(t, run)
	assert.Empty(t, englishProse(page, allowed), "harness-written English on the Chinese page")
	for _, want := range []string{"无法测试——被测实现在运行中停止了响应", "本次运行的证据已达 2 MiB 上限", "未运行：被测实现停止了响应（", "证据已截断", "被测实现声明了角色“wallet”，但该角色未经测试"} {
		assert.Contains(t, page, want)
	}
	run.Untestable = ""
	run.Judge(reqsOf(run))
	assert.Empty(t, englishProse(render(t, run), allowed))

	// The heuristic catches a label left in English.
	saved := chinese.WhyFailed
	chinese.WhyFailed = "Why it failed:"
	defer func() { chinese.WhyFailed = saved }()
	run = chineseRun(t, "rank-by-tier", "slow-tail-handoffs")
	assert.Contains(t, englishProse(render(t, run), allowed), "Why it failed")
}

func TestAnEnglishReportSaysTheDecisionAsRecorded(t *testing.T) {
	// The run the Chinese-label test certifies, a scenario failed by hand:
	// no certification of its own.
	run := reference(t, "@LINK-06")
	for _, s := range run.Scenarios {
		if s.Requirement == "LINK-06" {
			s.Status, s.Failure = result.Failed, "Bob is not offered a way to report the link"
		}
	}
	run.Judge(reqsOf(run))
	require.Equal(t, result.NotCertified, run.Decision)
	page := render(t, run)
	assert.Contains(t, page, html.EscapeString(run.Summary))
	for _, r := range run.Reasons {
		assert.Contains(t, page, "<li>"+html.EscapeString(r)+"</li>")
	}
	for _, q := range run.Requirements {
		if q.Verdict == result.Fail {
			assert.Contains(t, page, `<div class="reason">`+html.EscapeString(q.Reason)+`</div>`)
		}
	}
	assert.NotContains(t, page, `class="orig`, "nothing is marked as quoted in English on an English page")
}

func reqsOf(run *result.Run) []*requirement.Requirement {
	var out []*requirement.Requirement
	for _, q := range run.Requirements {
		out = append(out, q.Requirement)
	}
	return out
}
