package sources

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/model/requirement"
)

func names(ss []Source) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}

// named is the entry whose name starts with prefix; exactly one must.
func named(t *testing.T, prefix string) Source {
	t.Helper()
	var found []Source
	for _, s := range Known {
		if strings.HasPrefix(s.Name, prefix) {
			found = append(found, s)
		}
	}
	require.Len(t, found, 1, "entries named %q…", prefix)
	return found[0]
}

func TestEveryKnownSourceIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Known {
		assert.NotEmpty(t, requirement.Statuses[s.Status], "%s: status %q", s.Name, s.Status)
		assert.NotEmpty(t, s.Note, s.Name)
		assert.NotNil(t, s.Cites, s.Name)
		assert.False(t, seen[s.Name], "%s is listed twice", s.Name)
		seen[s.Name] = true
		// Every binding text and standard says since when it applies,
		// except the two standards whose edition is not pinned.
		if s.Status != "OPIN" && s.ReplacedBy == "" && !strings.HasPrefix(s.Name, "EMVCo") && !strings.HasPrefix(s.Name, "ISO/IEC") {
			assert.NotEmpty(t, s.Since, "%s has no date", s.Name)
		}
		if s.Since != "" {
			assert.Regexp(t, `^\d{4}-\d{2}(-\d{2})?$`, s.Since, s.Name)
		}
	}
}

func TestMatchingIsByClause(t *testing.T) {
	p1 := named(t, "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 1")
	p2 := named(t, "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 2")
	p3 := named(t, "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 3")
	assert.Equal(t, []string{p2.Name, p3.Name}, names(Matching("MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, points 2 and 3")))
	assert.Equal(t, []string{p1.Name}, names(Matching("MIIT administrative guidance meeting on blocking URL links, 9 Sep 2021, point 1")))
	fair := named(t, decree768+", Arts. 3 and 42")
	assert.Equal(t, []string{fair.Name}, names(Matching("Regulation on the Supervision of Non-Bank Payment Institutions (Decree 768) Arts. 3/42")))
	assert.Empty(t, Matching("Regulation on the Supervision of Non-Bank Payment Institutions, Art. 300"))
	assert.Empty(t, Matching("something else entirely"))

	// PBoC 2021 No. 259 carries three obligations, each its own entry.
	screenshot := named(t, "PBoC 2021 No. 259 (in force 1 Mar 2022): a screenshot")
	assert.Equal(t, []string{screenshot.Name}, names(Matching("PBoC 2021 No. 259: a screenshot of a dynamic code counts as a static code")))
	assert.Empty(t, Matching("PBoC notice 2021 No. 259 on personal collection codes"), "a citation of 259 names the point it rests on")
}

func TestReplacedSourcesNameTheirSuccessor(t *testing.T) {
	old := named(t, "Anti-Unfair Competition Law (2017, amended 2019) Art. 12")
	assert.Contains(t, old.ReplacedBy, "Art. 13")
	assert.Equal(t, []string{old.Name}, names(Matching("Anti-Unfair Competition Law Art. 12")))
	jrt := named(t, "JR/T 0245-2021")
	assert.Contains(t, jrt.ReplacedBy, "JR/T 0245-2025")
	for _, s := range Known {
		if s.ReplacedBy == "" {
			continue
		}
		successor := 0
		for _, k := range Known {
			if k.ReplacedBy == "" && strings.Contains(s.ReplacedBy, k.Since) {
				successor++
			}
		}
		assert.Positive(t, successor, "%s: its successor %q is not in the list at that date", s.Name, s.ReplacedBy)
	}
}

// The features agree with the list: every source line resolves to an entry,
// at its status and with its date, and none cites a replaced text.
func TestEverySourceOfTheFeaturesResolves(t *testing.T) {
	set, err := requirement.Load(features.FS)
	require.NoError(t, err)
	for _, p := range Check(set) {
		t.Error(p)
	}
}

func TestCheckSaysWhatToFix(t *testing.T) {
	set, err := requirement.Load(fstest.MapFS{"x/x.feature": {Data: []byte(`Feature: X
  Rule: X-01 a requirement
    Source: A provincial notice nobody listed [GUID]
    Source: Anti-Unfair Competition Law Art. 12 [LAW]
    Source: E-Commerce Law Art. 34: announce rule changes [GUID, since 2019-01-01]
    Source: E-Commerce Law Art. 34: announce rule changes [LAW]
    Source: EMVCo QR Code Specification [STD, since 2020-11]
    Source: E-Commerce Law Art. 34: announce rule changes [LAW, since 2019-01-01]

    @X-01 @must @role:payer
    Scenario: s
      Given x
`)}})
	require.NoError(t, err)
	var got []string
	for _, p := range Check(set) {
		got = append(got, p.Error())
	}
	require.Len(t, got, 5, strings.Join(got, "\n"))
	assert.Contains(t, got[0], "x/x.feature:3: X-01: source \"A provincial notice nobody listed\" is not in hutong's list")
	assert.Contains(t, got[1], "x/x.feature:4: X-01:")
	assert.Contains(t, got[1], "was replaced: cite Art. 13")
	assert.Contains(t, got[2], "x/x.feature:5: X-01:")
	assert.Contains(t, got[2], "is cited as [GUID]; the list has E-Commerce Law (in force 1 Jan 2019) Art. 34 as [LAW]")
	assert.Contains(t, got[3], "x/x.feature:6: X-01:")
	assert.Contains(t, got[3], "end the line with [LAW, since 2019-01-01]")
	assert.Contains(t, got[4], "x/x.feature:7: X-01:")
	assert.Contains(t, got[4], `drop ", since 2020-11"`)
}

// Every known source has its Chinese title, for the Chinese catalogue, and
// a Chinese line citing it by that title resolves to it alone.
func TestEveryKnownSourceHasItsChineseTitle(t *testing.T) {
	for _, s := range Known {
		title := s.Title("zh-CN")
		assert.NotEqual(t, s.Name, title, "%s has no Chinese title", s.Name)
		assert.NotNil(t, s.Aliases["zh-CN"], s.Name)
		assert.Equal(t, s.Name, s.Title("fr"), "a language without titles shows the English name")
	}
	p2 := named(t, "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 2")
	p3 := named(t, "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 3")
	assert.Equal(t, []string{p2.Name, p3.Name}, names(Matching("工业和信息化部“屏蔽网址链接问题行政指导会”，2021年9月9日，第二、三条合规标准，据报道")))
	assert.Equal(t, []string{p3.Name}, names(Matching("工业和信息化部“屏蔽网址链接问题行政指导会”，2021年9月9日，第三条合规标准")))
	fair := named(t, decree768+", Arts. 3 and 42")
	assert.Equal(t, []string{fair.Name}, names(Matching("《非银行支付机构监督管理条例》（国务院令第768号）第三条、第四十二条：公平竞争")))
	art34 := named(t, decree768+", Art. 34")
	assert.Equal(t, []string{art34.Name}, names(Matching("《非银行支付机构监督管理条例》（国务院令第768号）第三十四条")), "第三十四条 is not 第三条 or 第三十条")
	assert.Equal(t, []string{named(t, "Implementing Rules").Name}, names(Matching("《非银行支付机构监督管理条例实施细则》第三条")), "the implementing rules are not the regulation")
	old := named(t, "Anti-Unfair Competition Law (2017, amended 2019) Art. 12")
	assert.Equal(t, []string{old.Name}, names(Matching("《中华人民共和国反不正当竞争法》第十二条")), "a replaced text is found in Chinese too, so lint can say what replaced it")
}

// Every known source says what it asks, and what replaced it, in Chinese
// too, for the Chinese catalogue; a language without them says it in
// English.
func TestEveryKnownSourceSaysWhatItAsksInChinese(t *testing.T) {
	for _, s := range Known {
		assert.NotEmpty(t, s.Notes["zh-CN"], "%s says what it asks only in English", s.Name)
		assert.NotEqual(t, s.Note, s.NoteIn("zh-CN"), s.Name)
		assert.Equal(t, s.Note, s.NoteIn("fr"))
		if s.ReplacedBy != "" {
			assert.NotEqual(t, s.ReplacedBy, s.ReplacedByIn("zh-CN"), "%s says what replaced it only in English", s.Name)
		}
		assert.Equal(t, s.ReplacedBy, s.ReplacedByIn("fr"))
	}
}

// The Chinese twin's source lines resolve as the English ones do.
func TestEverySourceOfTheChineseTwinResolves(t *testing.T) {
	set, err := requirement.LoadLang(features.All, "zh-CN")
	require.NoError(t, err)
	for _, p := range Check(set) {
		t.Error(p)
	}
}
