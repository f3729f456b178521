// Package sources is the curated list of the texts hutong's requirements may
// rest on — laws, central-bank notices, guidance, standards, platform rules,
// opinion — each with its legal status and the date it applies from. Every
// "Source:" line of the feature files must resolve to an entry here, at the
// entry's status and with its date (Check, which lint runs); the catalogue
// shows which entries no requirement covers yet.
//
// An entry says what the project knows of the source and how: Reported marks
// the facts (a date, a point, an edition) known only from press or other
// secondary reports, and the catalogue says "as reported" beside them. An
// entry a newer text replaced stays in the list with ReplacedBy, so that a
// feature citing the old text is told what to cite instead.
package sources

import (
	"fmt"
	"regexp"

	"github.com/hutong-interop/hutong/model/requirement"
)

// Source is one known source, or one clause of it.
type Source struct {
	// Name is how the catalogue shows it, with its number, edition and
	// dates.
	Name string `json:"name"`
	// Status is its legal status, one of requirement.Statuses.
	Status string `json:"status"`
	// Since is the date it applies from (requirement.Source.Since: in
	// force, in effect or published, by status), "" where no single date
	// is meaningful; a feature line citing it carries the same date.
	Since string `json:"since,omitempty"`
	// Reported is set when what is said of it rests on press or secondary
	// reports only, not on its own text.
	Reported bool `json:"as_reported,omitempty"`
	// Note says what it asks for, in a line, and what a reader should know
	// about how far it reaches.
	Note string `json:"note"`
	// ReplacedBy names the entry that replaced this one, with the date;
	// a feature may not cite a replaced source.
	ReplacedBy string `json:"replaced_by,omitempty"`
	// Cites recognises a requirement's "Source:" text that cites it.
	Cites *regexp.Regexp `json:"-"`
	// Titles are its names in the languages of the set's twins, by
	// language ("zh-CN": its original Chinese title); a twin's catalogue
	// shows them.
	Titles map[string]string `json:"titles,omitempty"`
	// Aliases recognise a twin's source line that cites it, by language:
	// the same source under its title in that language, which resolves to
	// this entry, its status and its date as the English line does.
	Aliases map[string]*regexp.Regexp `json:"-"`
	// Notes and ReplacedByTitles are Note and ReplacedBy in the languages
	// of the set's twins, by language; a twin's catalogue shows them.
	Notes            map[string]string `json:"-"`
	ReplacedByTitles map[string]string `json:"-"`
}

func re(s string) *regexp.Regexp { return regexp.MustCompile("(?i)" + s) }

// Title is the source's name in lang, its English Name where it has none.
func (s Source) Title(lang string) string {
	if t, ok := s.Titles[lang]; ok {
		return t
	}
	return s.Name
}

// NoteIn is the source's Note in lang, its English Note where it has none.
func (s Source) NoteIn(lang string) string {
	if t, ok := s.Notes[lang]; ok {
		return t
	}
	return s.Note
}

// ReplacedByIn is the source's ReplacedBy in lang, the English where it has
// none.
func (s Source) ReplacedByIn(lang string) string {
	if t, ok := s.ReplacedByTitles[lang]; ok {
		return t
	}
	return s.ReplacedBy
}

// cites reports whether text, a source line's text, cites s in English or
// in any twin's language.
func (s Source) cites(text string) bool {
	if s.Cites.MatchString(text) {
		return true
	}
	for _, a := range s.Aliases {
		if a.MatchString(text) {
			return true
		}
	}
	return false
}

// The Non-Bank Payment Institutions regulation, as its entries name it.
const decree768 = "Regulation on the Supervision of Non-Bank Payment Institutions (State Council Decree 768, adopted 24 Nov 2023, promulgated 9 Dec 2023 and made public 17 Dec 2023, in force 1 May 2024)"

// Known is the list. Clauses that carry separate obligations are listed
// separately, so that a gap shows at the level a regulator reads.
var Known = []Source{
	// Links between platforms.
	{Name: "MIIT special rectification campaign for the internet industry (from July 2021, six months)", Status: "GUID", Since: "2021-07",
		Note:  "no blocking of other platforms' links without justification, no discriminatory blocking",
		Cites: re(`MIIT special rectification campaign`)},
	{Name: "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 1", Status: "GUID", Since: "2021-09-17", Reported: true,
		Note:  "links to the same type of product get the same display and access form",
		Cites: re(`MIIT administrative guidance meeting.*\bpoints?\b[^\[]*\b1\b`)},
	{Name: "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 2", Status: "GUID", Since: "2021-09-17", Reported: true,
		Note:  "a legitimate link opens directly in the app when tapped",
		Cites: re(`MIIT administrative guidance meeting.*\bpoints?\b[^\[]*\b2\b`)},
	{Name: "MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 3", Status: "GUID", Since: "2021-09-17", Reported: true,
		Note:  "no extra steps for a specific product's links; users not forced to copy a link into a browser",
		Cites: re(`MIIT administrative guidance meeting.*\bpoints?\b[^\[]*\b3\b`)},
	{Name: "WeChat external-link rules: direct access in one-to-one chats (Sep 2021)", Status: "PRIV", Since: "2021-09",
		Note:  "a link to another platform opens directly in a one-to-one chat",
		Cites: re(`WeChat external[- ]link.*one-to-one`)},
	{Name: "WeChat external-link rules: group chat pilot for e-commerce links (from Nov 2021)", Status: "PRIV", Since: "2021-11",
		Note:  "e-commerce links open directly in group chats, piloted",
		Cites: re(`WeChat external[- ]link.*group chat`)},
	{Name: "WeChat external-link rules: complaint entry and risk-based handling of illegal links (Sep 2021)", Status: "PRIV", Since: "2021-09",
		Note:  "users can report a link; illegal links are handled by risk, not by provider",
		Cites: re(`WeChat external[- ]link.*(complaint|risk)`)},
	{Name: "WeChat's 2023 opening of its ad and video surfaces to Taobao/Tmall links: official-account article ads (Feb 2023), Moments ads (May 2023; June in another report), video-account content (before Singles' Day, Nov 2023)", Status: "PRIV", Since: "2023-02", Reported: true,
		Note: "as reported (Southern Metropolis Daily, Sep 2024; a report of 4 Sep 2024 — shared/seeds): ads and video posts placed through Alimama jump directly to Taobao/Tmall stores, product pages and live rooms. " +
			"A platform's own decision, known from the press only; it shows the surfaces the no-blocking rules reach, and binds no one",
		Cites: re(`(official[- ]account|Moments ads|video[- ]account)`)},
	{Name: "Anti-Unfair Competition Law (revised 27 Jun 2025, in force 15 Oct 2025) Art. 13, the internet clause (Art. 12 of the 2017 text as amended 2019)", Status: "LAW", Since: "2025-10-15",
		Note:  "no use of data, algorithms, technical means or platform rules that obstruct another firm's lawful online product, including by influencing user choice or malicious incompatibility",
		Cites: re(`Anti-Unfair Competition Law.*\bArt\.?\s*13\b`)},
	{Name: "Anti-Unfair Competition Law (2017, amended 2019) Art. 12", Status: "LAW", Since: "2018-01-01",
		Note:       "the internet clause as it stood until 14 Oct 2025",
		ReplacedBy: "Art. 13 of the law as revised in 2025, in force since 2025-10-15",
		Cites:      re(`Anti-Unfair Competition Law.*\bArt\.?\s*12\b`)},

	// Payment codes.
	{Name: "PBoC FinTech Development Plan 2019–2021 (issued Aug 2019)", Status: "POL", Since: "2019-08",
		Note:  "unified barcode coding rules, mutual recognition and mutual scanning of payment codes; its period ended in 2021, cited for the aims it set",
		Cites: re(`FinTech Development Plan`)},
	{Name: "JR/T 0245-2025 Technical specification for payment bar code (published and in force 23 Dec 2025, replacing JR/T 0245-2021)", Status: "STD", Since: "2025-12-23", Reported: true,
		Note:  "coding rules for payment and collection codes (clause 4), the interconnection architecture for payment codes (clause 5), message data elements (clause 6) — clauses as its contents list gives them",
		Cites: re(`JR/T\s*0245[-–—]2025`)},
	{Name: "JR/T 0245-2021 payment bar code technical specification", Status: "STD",
		Note:       "the edition before 2025",
		ReplacedBy: "JR/T 0245-2025, in force since 2025-12-23",
		Cites:      re(`JR/T\s*0245[-–—]2021`)},
	{Name: "PBoC 2017 No. 296, Barcode Payment Business Rules (Trial) (issued 27 Dec 2017, in force 1 Apr 2018): daily limits by risk level", Status: "REG", Since: "2018-04-01",
		Note: "per customer and day, for one bank account or all payment accounts at one institution: static codes (level D) at most CNY 500; " +
			"dynamic codes CNY 1,000 with fewer than two verification factors (C), CNY 5,000 with two or more without a digital certificate or electronic signature (B), by agreement with two or more including one (A)",
		Cites: re(`2017\D+No\.?\s*296.*(limit|cap|CNY|risk level)`)},
	{Name: "PBoC 2017 No. 296, Barcode Payment Business Rules (Trial) (in force 1 Apr 2018): cross-institution barcode payments through a licensed clearing institution", Status: "REG", Since: "2018-04-01",
		Note:  "a payment on a code issued by another institution is switched through a licensed clearing institution (UnionPay, NetsUnion)",
		Cites: re(`2017\D+No\.?\s*296.*clearing`)},
	{Name: "PBoC 2021 No. 259, Notice on payment acceptance terminals and related business (issued 13 Oct 2021, in force 1 Mar 2022): personal collection codes with clear business features", Status: "REG", Since: "2022-03-01",
		Note: "a person whose collections show clear business features is to be given a merchant collection code, not served through a personal code; " +
			"as reported, the Payment & Clearing Association's announcement of 22 Feb 2022 kept existing personal codes working and added a voluntary personal business code",
		Cites: re(`2021\D+No\.?\s*259.*(business|merchant code)`)},
	{Name: "PBoC 2021 No. 259 (in force 1 Mar 2022): static personal codes not for remote payment", Status: "REG", Since: "2022-03-01",
		Note:  "a static personal collection code is not to be used for remote, non-face-to-face collection",
		Cites: re(`2021\D+No\.?\s*259.*(remote|face-to-face)`)},
	{Name: "PBoC 2021 No. 259 (in force 1 Mar 2022): a screenshot of a dynamic code is treated as a static code", Status: "REG", Since: "2022-03-01",
		Note:  "a dynamic code saved as a picture and scanned later falls under the static-code rules, including the static-code limit of PBoC 2017 No. 296",
		Cites: re(`2021\D+No\.?\s*259.*screenshot`)},
	{Name: "EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode", Status: "STD",
		Note:  "TLV payload layout, mandatory fields, CRC-16; no version pinned: the checks use the data-object rules of its published versions",
		Cites: re(`EMVCo`)},
	{Name: "ISO/IEC 18004 (QR code)", Status: "STD",
		Note:  "QR symbol, including the 4-module quiet zone; no edition pinned",
		Cites: re(`18004`)},

	// Payment institutions. The regulation has no article on
	// interoperability or on tail institutions by name: what the features
	// ask of hosting platforms and for small institutions rests on these
	// general articles by inference, and on opinion.
	{Name: decree768 + ", Arts. 3 and 42", Status: "LAW", Since: "2024-05-01",
		Note:  "fair competition; no monopoly or unfair competition by payment institutions. No article on interoperability or tail institutions",
		Cites: re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b(3|42)\b`)},
	{Name: decree768 + ", Art. 20", Status: "LAW", Since: "2024-05-01",
		Note:  "fair, published service agreements with no terms that restrict competition",
		Cites: re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b20\b`)},
	{Name: decree768 + ", Art. 25", Status: "LAW", Since: "2024-05-01",
		Note:  "payer and payee information not altered in transit",
		Cites: re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b25\b`)},
	{Name: decree768 + ", Art. 30", Status: "LAW", Since: "2024-05-01",
		Note:  "cross-institution business through a designated clearing institution",
		Cites: re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b30\b`)},
	{Name: decree768 + ", Art. 34", Status: "LAW", Since: "2024-05-01",
		Note:  "fees shown; users' right to know and to choose",
		Cites: re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b34\b`)},
	{Name: "Implementing Rules of the Regulation on the Supervision of Non-Bank Payment Institutions (PBoC, 2024; in force on publication, July 2024)", Status: "REG", Since: "2024-07", Reported: true,
		Note:  "detail the regulation's business rules; no requirement rests on an article of them yet",
		Cites: re(`Implementing Rules`)},
	{Name: "State Council General Office 2024 No. 10, Opinions on further optimising payment services (Mar 2024)", Status: "GUID", Since: "2024-03",
		Note:  "better protect consumers' choice of payment method",
		Cites: re(`State Council General Office.*2024`)},

	// Platforms and consumers.
	{Name: "E-Commerce Law (in force 1 Jan 2019) Art. 34", Status: "LAW", Since: "2019-01-01",
		Note: "a platform operator that changes its service agreement or trading rules publicly solicits opinions on the change in a prominent place on its home page, " +
			"and publishes what changes at least seven days before it takes effect; that a payment method's place in merchants' checkouts is a trading rule is the features' reading",
		Cites: re(`E-Commerce Law.*\bArt\.?\s*34\b`)},
	{Name: "Taobao announcement \"Solicitation of opinions on adding WeChat payment capabilities to Taobao\" (4 Sep 2024)", Status: "PRIV", Since: "2024-09-04", Reported: true,
		Note:  "as reported: Taobao would add WeChat Pay after soliciting opinions and open it gradually to all Taobao and Tmall sellers seven days after the announcement was published; the text itself was not seen",
		Cites: re(`Taobao's announcement soliciting opinions`)},
	{Name: "Taobao customer service on WeChat Pay's gradual opening (2022–2024)", Status: "OPIN", Reported: true,
		Note:  "as reported: WeChat Pay open only to some users, some randomly selected, and only for some products, during a gradual rollout",
		Cites: re(`Taobao customer service`)},
	// The Note's first sentence was checked against the article's Chinese
	// text (电子商务平台经营者不得利用服务协议、交易规则以及技术等手段，对平台内
	// 经营者在平台内的交易、交易价格以及与其他经营者的交易等进行不合理限制或者附加
	// 不合理条件，或者向平台内经营者收取不合理费用。), as several reproductions
	// of the law give it word for word and SAMR's Measures restate it; the
	// NPC's own publication was not at hand, so the wording rests on those.
	// The Measures' Art. 32 was seen only in a reproduction and a press
	// report of its issue (15 Mar 2021): "as reported" in the Note.
	{Name: "E-Commerce Law (in force 1 Jan 2019) Art. 35", Status: "LAW", Since: "2019-01-01",
		Note: "a platform operator may not use service agreements, trading rules, technical or other means to impose unreasonable restrictions or unreasonable conditions on its merchants' transactions on the platform, their transaction prices or their transactions with other businesses, nor charge them unreasonable fees. " +
			"It names no carriers. As reported, SAMR's Measures for the Supervision and Administration of Online Transactions (Order No. 37, in force 1 May 2021), Art. 32, count among such restrictions prohibiting or restricting a merchant's own choice of express and logistics providers: " +
			"that a rival carrier left off a merchant's list is one is SAMR's reading; that a surcharge on a rival carrier, or its tracking hidden from the consumer, is one is an inference",
		Cites: re(`E-Commerce Law.*\bArt\.?\s*35\b`)},
	{Name: "Consumer Rights Protection Law (as amended 2013, in force 15 Mar 2014) Art. 9", Status: "LAW", Since: "2014-03-15",
		Note:  "the consumer's right to choose goods and services freely",
		Cites: re(`Consumer Rights Protection Law.*\bArt\.?\s*9\b`)},

	// Opinion.
	{Name: "Press reports on the Taobao–WeChat Pay interconnection, 2021–2024 (shared/seeds)", Status: "OPIN", Reported: true,
		Note:  "what consumers and merchants actually met: QR screenshot detours, help-me-pay links, WeChat Pay behind \"more\", merchants not enabled",
		Cites: re(`Press reports`)},
	{Name: "Reports of 26 Sep 2024, carried by Southern Metropolis Daily, that Taobao and Tmall would connect JD Logistics (launch expected mid-October 2024) and JD would connect Cainiao's express service and stations (shared/seeds)", Status: "OPIN", Since: "2024-09-26", Reported: true,
		Note:  "Taobao and Tmall merchants to pick JD Logistics when choosing how to ship; JD to connect Cainiao; neither company confirmed to the paper. Earlier reports: JD's third-party merchants using JD Logistics got more traffic; JD no longer required them to use it (Mar 2023)",
		Cites: re(`JD Logistics`)},
	{Name: "Expert opinion on equal access for tail payment institutions (e.g. Pan Helin)", Status: "OPIN", Reported: true,
		Note:  "interconnection must give small institutions channels too",
		Cites: re(`(Pan Helin|[Ee]xpert opinion)`)},
}

// Matching returns the known sources a "Source:" text cites.
func Matching(text string) []Source {
	var out []Source
	for _, s := range Known {
		if s.cites(text) {
			out = append(out, s)
		}
	}
	return out
}

// Check returns every source line of set that does not agree with the list,
// each at its place: a text no entry recognises, a status other than the
// entry's, a date other than the entry's (or none where the entry has one),
// and a citation of a replaced source. Lint reports them; an empty result
// means every requirement's sources are the curated ones, at their status,
// with their dates.
func Check(set *requirement.Set) requirement.Errors {
	var out requirement.Errors
	for _, r := range set.Requirements {
		for _, src := range r.Sources {
			at := func(format string, a ...any) {
				out = append(out, &requirement.Error{File: r.File, Line: src.Line, Msg: r.ID + ": " + fmt.Sprintf(format, a...)})
			}
			m := Matching(src.Text)
			said := map[string]bool{}
			if len(m) == 0 {
				at("source %q is not in hutong's list of known sources (internal/sources); cite a listed source, or add this one there with its status and date", src.Text)
				continue
			}
			for _, k := range m {
				switch {
				case k.ReplacedBy != "":
					at("source %q cites %s, which was replaced: cite %s", src.Text, k.Name, k.ReplacedBy)
				case k.Status != src.Status:
					at("source %q is cited as [%s]; the list has %s as [%s] (%s)", src.Text, src.Status, k.Name, k.Status, requirement.Statuses[k.Status])
				case k.Since != src.Since && k.Since == "":
					at("source %q carries the date %s; the list gives %s no single date: drop \", since %s\"", src.Text, src.Since, k.Name, src.Since)
				case k.Since != src.Since && !said[k.Since]:
					said[k.Since] = true
					at("source %q should say since when it applies: end the line with [%s, since %s] (the list has %s, %s %s)", src.Text, k.Status, k.Since, k.Name, requirement.SinceLabel(k.Status), k.Since)
				}
			}
		}
	}
	return out
}
