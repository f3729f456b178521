package text

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

func failedRun(lang string) *result.Run {
	q := &requirement.Requirement{ID: "LINK-06", Level: requirement.Should, Roles: []string{"messenger"}, Statement: "接收方可以在聊天中举报链接"}
	run := &result.Run{Lang: lang, RolesTested: []string{"messenger"}, RolesClaimed: []string{"messenger"},
		Scenarios: []*result.Scenario{{Name: "Bob 举报他收到的链接", Requirement: "LINK-06", Status: result.Failed, Failure: "Bob is not offered a way to report the link",
			// Judged on a report the harness made, not on a declaration.
			Steps: []result.Step{{Basis: evidence.Artefact}}}}}
	run.Judge([]*requirement.Requirement{q})
	return run
}

func TestTheTerminalSpeaksTheRunsLanguage(t *testing.T) {
	var en, zh bytes.Buffer
	require.NoError(t, Write(&en, failedRun("en")))
	require.NoError(t, Write(&zh, failedRun("zh-CN")))
	assert.Contains(t, en.String(), "REQUIREMENT  LEVEL   ROLE       VERDICT  STATEMENT")
	assert.Contains(t, en.String(), "\nNOT CERTIFIED — 0 MUST and 1 SHOULD requirement(s) failed\n")
	assert.Contains(t, en.String(), `  LINK-06: 1 of 1 scenario(s) failed; first: "Bob 举报他收到的链接": Bob is not offered a way to report the link`)
	for _, want := range []string{"被测实现：", "要求", "未通过", "\n原因：\n", "未通过认证——0 项 MUST 级和 1 项 SHOULD 级要求未通过"} {
		assert.Contains(t, zh.String(), want)
	}
	// Three English words in a row: only the finding the step wrote.
	phrases := regexp.MustCompile(`[A-Za-z]+(?: [A-Za-z]+){2,}`).FindAllString(zh.String(), -1)
	assert.Equal(t, []string{"Bob is not offered a way to report the link"}, phrases)
}
