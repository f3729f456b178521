package html

import (
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/model/result"
)

// failing is one full run of the reference that fails four SHOULD
// requirements of two roles, two of them the differential ones
// (ACCESS-04, ACCESS-05, LINK-06, PAY-09), run once for every test that
// only reads it.
func failing(t testing.TB) *result.Run {
	t.Helper()
	failingOnce.Do(func() { failingRun = reference(t, "", failingSwitches...) })
	require.NotNil(t, failingRun)
	return failingRun
}

// failingPage is the page of failing, drawn once for the tests that only
// read it.
func failingPage(t testing.TB) string {
	t.Helper()
	return referencePage(t, "", failingSwitches...)
}

var (
	failingOnce     sync.Once
	failingRun      *result.Run
	failingSwitches = []string{"rank-by-tier", "slow-tail-handoffs", "no-report", "hidden-fee"}
)

func TestFailedRequirementsAreListedRightUnderTheVerdict(t *testing.T) {
	page := failingPage(t)
	failed := regexp.MustCompile(`(?s)</section>\s*<section id="failed" class="findings fail">\s*<h2>Failed requirements \(4\)</h2>(.*?)</section>`).FindStringSubmatch(page)
	require.NotNil(t, failed, "the failed list follows the verdict")
	at := -1
	for _, id := range []string{"ACCESS-04", "ACCESS-05", "LINK-06", "PAY-09"} {
		assert.Contains(t, failed[1], `<a href="#req-`+id+`">`, "the failed list links %s to its details", id)
		assert.Greater(t, strings.Index(failed[1], id), at, "in ID order")
		at = strings.Index(failed[1], id)
	}
	assert.Contains(t, failed[1], "Kruskal–Wallis", "each failure says why in plain words")
	assert.Contains(t, page, `<div class="big"><a href="#failed">Not certified</a></div>`, "the verdict leads to the failures")

	// A certified run has no failed list, and its verdict leads to the
	// requirements.
	page = referencePage(t, "@LINK-01")
	assert.NotContains(t, page, `id="failed"`)
	assert.NotContains(t, page, `href="#failed"`)
}

// TestEveryLinkOnThePageLeadsSomewhere follows every in-page link, on a
// failing, a waived and a partial run.
func TestEveryLinkOnThePageLeadsSomewhere(t *testing.T) {
	waived := reference(t, "@LINK-01 or @LINK-06", "no-report")
	waived.Requirements[indexOf(t, waived, "LINK-06")].Verdict = result.Waived
	waived.Requirements[indexOf(t, waived, "LINK-06")].Waiver = &result.Waiver{Requirement: "LINK-06", Reason: "report button ships in 4.2", Approver: "Li Wei", Expires: "2099-12-31", Status: result.WaiverApplied}
	waived.Waivers = []result.Waiver{*waived.Requirements[indexOf(t, waived, "LINK-06")].Waiver}
	waived.Decide()
	partial := reference(t, "@LINK-04")
	for name, page := range map[string]string{
		"failing": failingPage(t),
		"waived":  render(t, waived),
		"partial": render(t, partial),
	} {
		t.Run(name, func(t *testing.T) {
			ids := map[string]bool{}
			for _, m := range regexp.MustCompile(`\sid="([^"]+)"`).FindAllStringSubmatch(page, -1) {
				assert.False(t, ids[m[1]], "id %q is used twice", m[1])
				ids[m[1]] = true
			}
			links := regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(page, -1)
			require.NotEmpty(t, links)
			for _, m := range links {
				assert.True(t, ids[m[1]], "a link leads to #%s, which is not on the page", m[1])
			}
		})
	}
	page := render(t, waived)
	assert.Contains(t, page, `<section id="waived" class="findings waived">`)
	assert.Contains(t, page, `<a class="count waived" href="#waived">`)
	assert.Contains(t, page, "report button ships in 4.2 — Li Wei, 2099-12-31")
	page = render(t, partial)
	assert.Contains(t, page, `<a class="count notrun" href="#not-run">`)
	assert.Regexp(t, `<section id="not-run"[^>]*>\s*<h2>Requirements not run \(\d+\)</h2>`, page)
}

func TestTilesLinkToTheirSectionsOnlyWhenThereIsOne(t *testing.T) {
	page := failingPage(t)
	for _, want := range []string{
		`<a class="count pass" href="#roles">`, `<a class="count fail" href="#failed">`,
		`<div class="count waived">`, `<div class="count notrun">`, `<a class="count" href="#scenarios">`,
	} {
		assert.Contains(t, page, want)
	}
}

func TestRolesWithFailuresComeFirstAndFailuresFirstWithin(t *testing.T) {
	run := failing(t)
	require.Equal(t, []string{"acquirer", "messenger", "platform", "wallet"}, run.RolesTested)
	page := failingPage(t)
	roles := regexp.MustCompile(`<h3 class="role" id="role-([a-z]+)">`).FindAllStringSubmatch(page, -1)
	var order []string
	for _, m := range roles {
		order = append(order, m[1])
	}
	assert.Equal(t, []string{"messenger", "platform", "acquirer", "wallet"}, order, "the roles with failures first, each group in name order")
	assert.Contains(t, page, `id="role-platform">Role: platform <span class="n">3 failed</span></h3>`)
	table := page[strings.Index(page, `id="role-platform"`):]
	table = table[:strings.Index(table, "</table>")]
	rows := regexp.MustCompile(`<tr class="v-([a-z]+)">\s*<td class="mono"><a href="#req-([A-Z0-9-]+)"`).FindAllStringSubmatch(table, -1)
	require.Greater(t, len(rows), 4)
	var got [][]string
	for _, r := range rows[:4] {
		got = append(got, r[1:])
	}
	assert.Equal(t, [][]string{{"fail", "ACCESS-04"}, {"fail", "ACCESS-05"}, {"fail", "PAY-09"}, {"pass", "ACCESS-01"}}, got, "the failed requirements head their role's table")
	for i := 4; i < len(rows); i++ {
		assert.Less(t, rows[i-1][2], rows[i][2], "the rest stay in ID order")
	}
}

func TestTheFeatureNarrativeIsKept(t *testing.T) {
	page := referencePage(t, "@ACCESS-01 or @LINK-01")
	for _, want := range []string{
		`<h3 class="feature"><span class="kw">Feature:</span> Equal access for small payment institutions</h3>`,
		// Lines of a paragraph joined, paragraphs kept apart.
		`<p class="narrative">A platform that opens its checkout to rival wallets must open it to small (&#34;tail&#34;) payment institutions on the same footing`,
		`<p class="narrative">These are differential checks.`,
		`<span class="kw">Feature:</span> No blocked links between platforms`,
		// The Rule's own description, how the requirement is tested.
		`<details class="how"><summary>How it is tested</summary><p>The same request, differing only in the institution&#39;s size, gets the same answer`,
	} {
		assert.True(t, strings.Contains(page, want), "the page does not say %q", want)
	}
	// Each requirement's details sit under its feature.
	access, links := strings.Index(page, `id="feature-access-access-feature"`), strings.Index(page, `id="feature-links-links-feature"`)
	assert.True(t, access > 0 && links > access)
	assert.Greater(t, strings.Index(page, `id="req-ACCESS-01"`), access)
	assert.Greater(t, strings.Index(page, `id="req-LINK-01"`), links)
}

func TestARunWithoutTheFeatureTextStillReports(t *testing.T) {
	// A run merged from shards read back from JSON carries the files'
	// digests, not their text.
	run := reference(t, "@LINK-01")
	for i := range run.RequirementFiles {
		run.RequirementFiles[i].Bytes = nil
	}
	page := render(t, run)
	assert.Contains(t, page, `<h3 class="feature">No blocked links between platforms</h3>`)
	assert.NotContains(t, page, `class="narrative"`)
}

func TestPrintLayout(t *testing.T) {
	page := failingPage(t)
	css := page[strings.Index(page, "<style>"):strings.Index(page, "</style>")]
	// The running header of every printed page names the implementation
	// and the decision.
	assert.Contains(t, css, `@top-left{content:"hutong reference implementation 0.1.0 — Not certified"`)
	assert.Contains(t, css, `@bottom-right{content:counter(page) " / " counter(pages)`)
	print := css[strings.Index(css, "@media print"):]
	for _, rule := range []string{".counts,.noprint{display:none}", "details:not([open]){display:none}", "h2.section{break-before:page}"} {
		assert.Contains(t, print, rule)
	}
	assert.Contains(t, page, `<h2 id="roles" class="section">`)
	assert.Contains(t, page, `<h2 id="scenarios" class="section">`)
}

func indexOf(t *testing.T, run *result.Run, id string) int {
	t.Helper()
	for i, q := range run.Requirements {
		if q.Requirement.ID == id {
			return i
		}
	}
	t.Fatalf("no requirement %s in the run", id)
	return -1
}

func TestTheRunningHeaderCannotBeBrokenOutOf(t *testing.T) {
	// The implementation names itself; its name goes into the print
	// stylesheet's running header.
	run := reference(t, "@LINK-01")
	run.Implementation.Name = `x";}</style><script>alert(1)</script><style>@page{@top-left{content:"owned`
	page := render(t, run)
	assert.NotContains(t, page, "<script>")
	css := page[strings.Index(page, "<style>"):strings.Index(page, "</style>")]
	assert.Equal(t, 1, strings.Count(css, "@top-left{"), "the name stays inside its CSS string")
	assert.Contains(t, css, `@media print{`)
}
