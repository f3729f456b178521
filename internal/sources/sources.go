// Package sources is the curated list of the texts hutong's requirements may
// rest on — laws, central-bank notices, guidance, standards, platform rules,
// opinion — with their legal status (from DESIGN.md §2). The catalogue uses
// it to show which known sources no requirement covers yet; a source a
// feature file cites that is not listed here is shown too, as "not in the
// list", so the list and the features can be kept in step.
package sources

import "regexp"

// Source is one known source, or one clause of it.
type Source struct {
	// Name is how the catalogue shows it.
	Name string `json:"name"`
	// Status is its legal status, one of requirement.Statuses.
	Status string `json:"status"`
	// Note says what it asks for, in a line.
	Note string `json:"note"`
	// Cites recognises a requirement's "Source:" text that cites it.
	Cites *regexp.Regexp `json:"-"`
}

func re(s string) *regexp.Regexp { return regexp.MustCompile("(?i)" + s) }

// Known is the list. Clauses that carry separate obligations are listed
// separately, so that a gap shows at the level a regulator reads.
var Known = []Source{
	{"MIIT special rectification campaign for the internet industry (July 2021)", "GUID",
		"no blocking of other platforms' links without justification, no discriminatory blocking",
		re(`MIIT special rectification campaign`)},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021), point 1", "GUID",
		"links to the same type of product get the same display and access form",
		re(`MIIT administrative guidance meeting.*\bpoints?\b[^\[]*\b1\b`)},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021), point 2", "GUID",
		"a legitimate link opens directly in the app when tapped",
		re(`MIIT administrative guidance meeting.*\bpoints?\b[^\[]*\b2\b`)},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021), point 3", "GUID",
		"no extra steps for a specific product's links; users not forced to copy a link into a browser",
		re(`MIIT administrative guidance meeting.*\bpoints?\b[^\[]*\b3\b`)},
	{"WeChat external link management rules (Sep 2021 onwards)", "PRIV",
		"direct access in one-to-one chats, group chat pilot for e-commerce links, complaint entry, risk-based handling",
		re(`WeChat external[- ]link`)},
	{"Anti-Unfair Competition Law Art. 12", "LAW",
		"no technical means that obstruct another firm's lawful online product",
		re(`Anti-Unfair Competition Law.*\bArt\.?\s*12\b`)},
	{"PBoC FinTech Development Plan 2019–2021", "POL",
		"unified barcode coding rules, mutual recognition and mutual scanning of payment codes",
		re(`FinTech Development Plan`)},
	{"JR/T 0245 payment barcode technical specification", "STD",
		"payment barcode technical requirements",
		re(`JR/T\s*0245`)},
	{"PBoC notice 2017 No. 296", "REG",
		"static codes capped at CNY 500 per day; cross-institution transactions through a licensed clearing institution",
		re(`(2017\D+No\.?\s*296|\b296\b.*2017)`)},
	{"PBoC 2021 No. 259", "REG",
		"personal collection codes not for business collection",
		re(`(2021\D+No\.?\s*259|\b259\b.*2021)`)},
	{"Regulation on the Supervision of Non-Bank Payment Institutions (2024), Arts. 3 and 42", "LAW",
		"fair competition",
		re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b(3|42)\b`)},
	{"Regulation on the Supervision of Non-Bank Payment Institutions (2024), Art. 20", "LAW",
		"fair, published service agreements with no terms that restrict competition",
		re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b20\b`)},
	{"Regulation on the Supervision of Non-Bank Payment Institutions (2024), Art. 25", "LAW",
		"payer and payee information not altered in transit",
		re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b25\b`)},
	{"Regulation on the Supervision of Non-Bank Payment Institutions (2024), Art. 30", "LAW",
		"cross-institution business through a designated clearing institution",
		re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b30\b`)},
	{"Regulation on the Supervision of Non-Bank Payment Institutions (2024), Art. 34", "LAW",
		"fees shown; users' right to know and to choose",
		re(`Non-Bank Payment Institutions.*\bArts?\.[^\[]*\b34\b`)},
	{"State Council General Office 2024 No. 10", "GUID",
		"better protect consumers' choice of payment method",
		re(`State Council General Office.*2024`)},
	{"EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode", "STD",
		"TLV payload layout, mandatory fields, CRC-16",
		re(`EMVCo`)},
	{"ISO/IEC 18004 (QR code)", "STD",
		"QR symbol, including the 4-module quiet zone",
		re(`18004`)},
	{"Consumer Rights Protection Law Art. 9", "LAW",
		"the consumer's right to choose goods and services freely",
		re(`Consumer Rights Protection Law.*\bArt\.?\s*9\b`)},
	{"Press reports on the Taobao–WeChat Pay interconnection, 2021–2024 (shared/seeds)", "OPIN",
		"what consumers and merchants actually met: QR screenshot detours, help-me-pay links, WeChat Pay behind \"more\", merchants not enabled",
		re(`Press reports`)},
	{"Expert opinion on equal access for tail payment institutions (e.g. Pan Helin)", "OPIN",
		"interconnection must give small institutions channels too",
		re(`(Pan Helin|[Ee]xpert opinion)`)},
}

// Matching returns the known sources a "Source:" text cites.
func Matching(text string) []Source {
	var out []Source
	for _, s := range Known {
		if s.Cites.MatchString(text) {
			out = append(out, s)
		}
	}
	return out
}
