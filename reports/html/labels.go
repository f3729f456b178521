package html

import (
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/model/requirement"
	"github.com/hutong-interop/hutong/model/result"
)

// labels are the page's own words, in one language. The requirement text,
// the step keywords and the feature narrative are the feature files' and come
// in whatever language the run was; the decision's summary and reasons, and
// what the steps found, are the harness's record and stay as recorded.
type labels struct {
	Lang, Title, Heading, By, RolesTested string

	Interrupted, Warning, Partial, Filter, LeftOut      string
	WhyDecision, ContractFindings, ContractFindingsWhat string

	Failed, Waived, NotRun string
	// Counts: each takes the number before it.
	Passed, FailedN, WaivedN, NotRunN, Scenarios string

	Implementation, Target, RolesClaimed, RolesTestedF, TagFilter, Harness, Seed, SeedConc, SeedSame, Depth string
	Started, Finished, RequirementSet, Version, Unversioned                                                 string

	ByRole, Role, RoleFailed, ID, Level, Requirement, Sources, Verdict, StatusesIntro string
	Waivers, Status, Reason, Approver, Expires, ExpiredMeans                          string

	Evidence, EvidenceIntro, EvidencePrint, HowTested, WhyFailed, WhyNotRun string
	CasesJudged, Case, Outcome, Threat, Held, NotHeld, StepNotRun           string
	Exchanges, NoResponse, BodiesCut, Response, ThreatsOf, ChartsCaption    string
	WhoFailed, MarkedBelow, ShowsWho                                        string
	// AttacksNone takes the threats tried, AttacksSome those that got
	// through and those tried: the threat-power sentence (Attacks).
	AttacksNone, AttacksSome string

	Footer, SelfContained, Page string
	// Original heads a step's finding quoted in the English it was
	// written in, on a page in another language.
	Original string

	// Charts.
	Median, Milliseconds, Limit, Place, ShareOfOptions, MeanPlace, Trials, Neutral string

	Verdicts map[string]string // by verdict
	// Basis names how a verdict was established, by evidence level;
	// BasisMeans says it in a sentence (the badge's title).
	Basis, BasisMeans map[string]string
	// Shot heads a screenshot of an observed step.
	Shot      string
	Parties   map[string]string // who failed, by result.Party*
	Waiver    map[string]string // by waiver status
	Headlines map[string]string // by kind
}

var english = labels{
	Lang: "en", Title: "hutong report", Heading: "hutong conformance report", By: " by %s", RolesTested: "roles tested: %s",
	Interrupted:      "This run was interrupted before it finished. The results below are incomplete and are not a certification.",
	Warning:          "Warning:",
	Partial:          "Partial run — not a certification.",
	Filter:           "Filter:",
	LeftOut:          "Requirements left out are listed as “not run”.",
	WhyDecision:      "Why the decision is what it is",
	ContractFindings: "Contract findings", ContractFindingsWhat: "— departures from the ITI's letter that change no meaning; no requirement fails for them:",
	Failed: "Failed requirements", Waived: "Waived requirements", NotRun: "Requirements not run",
	Passed: "requirements passed", FailedN: "requirements failed", WaivedN: "requirements waived", NotRunN: "requirements not run",
	Scenarios:      "scenarios run, %d failed",
	Implementation: "Implementation", Target: "Target", RolesClaimed: "Roles claimed", RolesTestedF: "Roles tested",
	TagFilter: "Tag filter", Harness: "Harness", Seed: "Seed", Depth: "Depth",
	SeedConc: "(concurrency %d) — rerun with", SeedSame: "for the same order",
	Started: "Started", Finished: "Finished", RequirementSet: "Requirement set", Version: "version", Unversioned: "unversioned",
	ByRole: "Requirements by role", Role: "Role: %s", RoleFailed: "%d failed", ID: "ID", Level: "Level", Requirement: "Requirement", Sources: "Sources", Verdict: "Verdict",
	StatusesIntro: "What a source's status means — a requirement never claims more authority than its sources have:",
	Waivers:       "Waivers", Status: "Status", Reason: "Reason", Approver: "Approver", Expires: "Expires",
	ExpiredMeans:  "past its expiry: ignored, the failure stands",
	Evidence:      "Scenarios",
	EvidenceIntro: "Each feature's requirements with their scenarios and steps. Failed scenarios are open; click any scenario, and any step's “HTTP exchanges”, to see the evidence (secrets redacted, bodies cut at 4 KiB).",
	EvidencePrint: "Each feature's requirements; for each failed scenario its steps and what was found. Passed scenarios and the HTTP exchanges are in the report's HTML file.",
	HowTested:     "How it is tested",
	WhyFailed:     "Why it failed:", WhyNotRun: "Why it was not run:",
	CasesJudged: "%d case(s) judged", Case: "Case", Outcome: "Outcome", Threat: "threat:", Held: "held", NotHeld: "NOT HELD", StepNotRun: "(not run)",
	Exchanges: "%d HTTP exchange(s)", NoResponse: "no response", BodiesCut: "(bodies cut)", Response: "response",
	ThreatsOf:     ", %d of them threats from the requirement's threat model",
	AttacksNone:   "None of these %d attacks got through.",
	AttacksSome:   "%d of these %d attacks got through.",
	ChartsCaption: "What the comparison measured, drawn from the case the scenario judged.",
	WhoFailed:     "Who failed:", MarkedBelow: "(the exchange is marked below)", ShowsWho: "this exchange shows who failed",
	Footer: "Generated by %s %s on %s.", SelfContained: "This page is self-contained: it loads nothing from anywhere.",
	Page: "page", Original: "as recorded",
	Median: "median", Milliseconds: "ms", Limit: "the rule's limit for the tail median",
	Place: "place on the screen", ShareOfOptions: "share of the tier's options", MeanPlace: "mean place", Trials: "trials",
	Neutral:  "a neutral order",
	Verdicts: map[string]string{"pass": "PASS", "fail": "FAIL", "waived": "WAIVED", "not run": "NOT RUN"},
	Basis:    map[string]string{evidence.Artefact: "artefact", evidence.Observed: "observed", evidence.Declared: "declared"},
	BasisMeans: map[string]string{
		evidence.Artefact: "established on an artefact the harness followed or checked: a link, a redirect, a signed notice, a payment at a counterparty it plays, a decoded picture",
		evidence.Observed: "established on the implementation's page, seen in a browser",
		evidence.Declared: "established on the implementation's own word in an ITI answer",
	},
	Shot: "As the harness saw it in the browser:",
	Parties: map[string]string{
		result.PartyImplementation: "the implementation under test",
		result.PartyCounterparty:   "a counterparty the harness plays (the harness's double, not the implementation)",
		result.PartyNetwork:        "the network",
		result.PartyHarness:        "the harness itself",
	},
	Waiver: map[string]string{"applied": "APPLIED", "unused": "UNUSED", "expired": "EXPIRED"},
	Headlines: map[string]string{
		"interrupted":   "Interrupted — could not be tested, not a certification",
		"nothing":       "Could not be tested",
		"partial":       "Partial run — not a certification",
		"not-certified": "Not certified",
		"findings":      "Certified, with findings",
		"waivers":       "Certified, with waivers",
		"certified":     "Certified",
		"none":          "No decision",
	},
}

var chinese = labels{
	Lang: "zh-CN", Title: "hutong 报告", Heading: "hutong 互联互通合规测试报告", By: "，提供方：%s", RolesTested: "测试角色：%s",
	Interrupted:      "本次运行在完成前被中断。以下结果不完整，不构成认证。",
	Warning:          "警告：",
	Partial:          "部分运行——不构成认证。",
	Filter:           "筛选条件：",
	LeftOut:          "未纳入的要求列为“未运行”。",
	WhyDecision:      "作出此结论的理由",
	ContractFindings: "接口规范偏差", ContractFindingsWhat: "——与 ITI 条文字面不符但不改变含义之处；不因此判定任何要求未通过：",
	Failed: "未通过的要求", Waived: "已豁免的要求", NotRun: "未运行的要求",
	Passed: "项要求通过", FailedN: "项要求未通过", WaivedN: "项要求已豁免", NotRunN: "项要求未运行",
	Scenarios:      "个场景已运行，%d 个未通过",
	Implementation: "被测实现", Target: "测试目标", RolesClaimed: "声明的角色", RolesTestedF: "测试的角色",
	TagFilter: "标签筛选", Harness: "测试工具", Seed: "随机种子", Depth: "抽样深度",
	SeedConc: "（并发数 %d）——以", SeedSame: "重新运行可得到相同顺序",
	Started: "开始时间", Finished: "结束时间", RequirementSet: "要求集", Version: "版本", Unversioned: "无版本号",
	ByRole: "按角色列出的要求", Role: "角色：%s", RoleFailed: "%d 项未通过", ID: "编号", Level: "级别", Requirement: "要求", Sources: "依据", Verdict: "结论",
	StatusesIntro: "依据类别的含义——任何要求的效力都不超过其依据：",
	Waivers:       "豁免", Status: "状态", Reason: "理由", Approver: "批准人", Expires: "有效期至",
	ExpiredMeans:  "已过期：不予采纳，未通过的结论维持不变",
	Evidence:      "场景",
	EvidenceIntro: "按功能列出各项要求及其场景和步骤。未通过的场景默认展开；点击任一场景及任一步骤的“HTTP 交互”可查看证据（密钥已脱敏，报文正文截断至 4 KiB）。",
	EvidencePrint: "按功能列出各项要求；对每个未通过的场景列出其步骤及发现。通过的场景和 HTTP 交互见报告的 HTML 文件。",
	HowTested:     "测试方法",
	WhyFailed:     "未通过原因：", WhyNotRun: "未运行原因：",
	CasesJudged: "已判定 %d 个用例", Case: "用例", Outcome: "结果", Threat: "威胁：", Held: "满足", NotHeld: "不满足", StepNotRun: "（未运行）",
	Exchanges: "%d 次 HTTP 交互", NoResponse: "无响应", BodiesCut: "（正文已截断）", Response: "响应",
	ThreatsOf:     "，其中 %d 个来自该要求威胁模型的威胁",
	AttacksNone:   "这 %d 次攻击均未得逞。",
	AttacksSome:   "这 %[2]d 次攻击中有 %[1]d 次得逞。",
	ChartsCaption: "比较所测得的数据，取自该场景所判定的用例。",
	WhoFailed:     "责任方：", MarkedBelow: "（相关交互已在下方标出）", ShowsWho: "此交互表明了责任方",
	Footer: "由 %s %s 生成于 %s。", SelfContained: "本页面完全自包含：不从任何地方加载任何内容。",
	Page: "页", Original: "英文原文",
	Median: "中位数", Milliseconds: "毫秒", Limit: "规则对尾部机构中位数的上限",
	Place: "在支付页面上的位置", ShareOfOptions: "占该层级选项的比例", MeanPlace: "平均位置", Trials: "次试验",
	Neutral:  "中立排序",
	Verdicts: map[string]string{"pass": "通过", "fail": "未通过", "waived": "已豁免", "not run": "未运行"},
	Basis:    map[string]string{evidence.Artefact: "实物核验", evidence.Observed: "页面观察", evidence.Declared: "自我声明"},
	BasisMeans: map[string]string{
		evidence.Artefact: "依据测试工具跟随或核验的实物：链接、跳转、签名通知、其模拟的对方机构收到的支付、解码的图片",
		evidence.Observed: "依据在浏览器中看到的被测实现的页面",
		evidence.Declared: "依据被测实现在 ITI 应答中的自我声明",
	},
	Shot: "测试工具在浏览器中看到的页面：",
	Parties: map[string]string{
		result.PartyImplementation: "被测实现",
		result.PartyCounterparty:   "测试工具扮演的交易对手（测试工具的模拟方，而非被测实现）",
		result.PartyNetwork:        "网络",
		result.PartyHarness:        "测试工具本身",
	},
	Waiver: map[string]string{"applied": "已适用", "unused": "未使用", "expired": "已过期"},
	Headlines: map[string]string{
		"interrupted":   "运行中断——无法测试，不构成认证",
		"nothing":       "无法测试",
		"partial":       "部分运行——不构成认证",
		"not-certified": "未通过认证",
		"findings":      "通过认证，有发现的问题",
		"waivers":       "通过认证，含豁免",
		"certified":     "通过认证",
		"none":          "无结论",
	},
}

// Since says since when a source of status applies: "in force since
// 2024-05-01".
func (l *labels) Since(status, date string) string {
	return message.Say(l.Lang, requirement.SinceKey(status), date)
}

// labelsFor returns the labels of lang ("zh-CN", "zh", "zh-Hans" are
// Chinese; anything else is English).
// Attacks is the threat-power sentence of a requirement that tried threats:
// how many of them got through (result.Attacks says what that means).
func (l *labels) Attacks(tried, through int) string {
	if through == 0 {
		return fmt.Sprintf(l.AttacksNone, tried)
	}
	return fmt.Sprintf(l.AttacksSome, through, tried)
}

func labelsFor(lang string) *labels {
	l := strings.ToLower(lang)
	if l == "zh" || strings.HasPrefix(l, "zh-cn") || strings.HasPrefix(l, "zh-hans") {
		return &chinese
	}
	return &english
}
