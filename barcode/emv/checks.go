package emv

import (
	"unicode/utf8"
)

// checkObject applies the rules for one top-level object. brokenKids says
// its sub-objects could not be decoded, in which case only the checks that
// do not need them run.
func (v *validator) checkObject(o Object, brokenKids bool) {
	id := o.ID
	if o.Value == "" {
		v.add(id, RuleLength, "%s is empty; a data object that is present must have a value", describe(id))
		return
	}
	n, _ := idNumber(id)
	switch {
	case id == "00":
		if o.Value != "01" {
			v.add(id, RuleFormat, "%s is %q; it must be \"01\"", describe(id), o.Value)
		}
	case id == "01":
		if o.Value != "11" && o.Value != "12" {
			v.add(id, RuleFormat, "%s is %q; it must be \"11\" (static) or \"12\" (dynamic)", describe(id), o.Value)
		}
	case n >= 2 && n <= 25:
		// Reserved for card schemes (Visa, Mastercard, ..., UnionPay at
		// 15-16): primitive values, not templates.
		v.checkCharset(id, o.Value)
	case id == "52":
		v.checkNumeric(id, o.Value, 4)
	case id == "53":
		if v.checkNumeric(id, o.Value, 3) {
			if _, ok := currencies[o.Value]; !ok {
				v.add(id, RuleFormat, "%s is %q, which is not an ISO 4217 numeric currency code", describe(id), o.Value)
			}
		}
	case id == "54" || id == "56":
		if v.checkMaxLen(id, o.Value, 13) {
			if msg := amountProblem(o.Value, v.currencyDecimals()); msg != "" {
				v.add(id, RuleFormat, "%s is %q: %s", describe(id), o.Value, msg)
			}
		}
	case id == "55":
		if o.Value != "01" && o.Value != "02" && o.Value != "03" {
			v.add(id, RuleFormat, "%s is %q; it must be \"01\", \"02\" or \"03\"", describe(id), o.Value)
		}
	case id == "57":
		if v.checkMaxLen(id, o.Value, 5) {
			if msg := percentageProblem(o.Value); msg != "" {
				v.add(id, RuleFormat, "%s is %q: %s", describe(id), o.Value, msg)
			}
		}
	case id == "58":
		if utf8.RuneCountInString(o.Value) != 2 {
			v.add(id, RuleLength, "%s is %q; it must be exactly 2 characters", describe(id), o.Value)
		} else if !countries[o.Value] {
			v.add(id, RuleFormat, "%s is %q, which is not an ISO 3166-1 alpha-2 country code", describe(id), o.Value)
		}
	case id == "59":
		v.checkText(id, o.Value, 25)
	case id == "60":
		v.checkText(id, o.Value, 15)
	case id == "61":
		v.checkText(id, o.Value, 10)
	case id == "63":
		if utf8.RuneCountInString(o.Value) != 4 {
			v.add(id, RuleLength, "%s has length %d; it must be 4", describe(id), utf8.RuneCountInString(o.Value))
		} else if !isHex(o.Value) {
			v.add(id, RuleFormat, "%s is %q; it must be four hexadecimal digits", describe(id), o.Value)
		}
	case n >= 65 && n <= 79:
		v.add(id, RuleReserved, "ID %s is reserved for future use by EMVCo and must not be present", id)
	case brokenKids:
		// The TLV problem is already reported; the sub-objects are unknown.
	case isAccountTemplate(id):
		v.checkAccountTemplate(o)
	case id == "62":
		v.checkAdditionalData(o)
	case id == "64":
		v.checkLanguageTemplate(o)
	}
}

// checkAccountTemplate applies the rules shared by templates 26-51 and
// 80-99: a Globally Unique Identifier (sub-ID 00, up to 32 characters)
// comes first, and the sub-objects use the common character set.
func (v *validator) checkAccountTemplate(o Object) {
	v.checkDuplicates(o.ID, o.Children)
	gui := o.ID + ".00"
	if len(o.Children) > 0 && o.Children[0].ID != "00" {
		if _, ok := o.Child("00"); ok {
			v.add(gui, RulePosition, "%s must be the first sub-object of %s", describe(gui), describe(o.ID))
		}
	}
	if g, ok := o.Child("00"); !ok {
		v.add(gui, RuleMandatory, "%s is missing; %s must carry one", describe(gui), describe(o.ID))
	} else if n := utf8.RuneCountInString(g.Value); n > 32 {
		v.add(gui, RuleLength, "%s is %d characters long; at most 32 are allowed", describe(gui), n)
	}
	for _, c := range o.Children {
		path := o.ID + "." + c.ID
		if v.checkNotEmpty(path, c.Value) {
			v.checkCharset(path, c.Value)
		}
	}
}

// checkAdditionalData checks template 62 lightly: its sub-objects decode,
// are unique, and the labels 01-08 and the consumer data request 09 keep
// to their lengths.
func (v *validator) checkAdditionalData(o Object) {
	v.checkDuplicates(o.ID, o.Children)
	for _, c := range o.Children {
		path := o.ID + "." + c.ID
		if !v.checkNotEmpty(path, c.Value) {
			continue
		}
		n, _ := idNumber(c.ID)
		switch {
		case n >= 1 && n <= 8:
			v.checkText(path, c.Value, 25)
		case n == 9:
			if v.checkMaxLen(path, c.Value, 3) && !isConsumerDataRequest(c.Value) {
				v.add(path, RuleFormat, "%s is %q; it may hold only the letters A, M and E, each at most once", describe(path), c.Value)
			}
		default:
			v.checkCharset(path, c.Value)
		}
	}
}

// checkLanguageTemplate checks template 64, whose sub-objects may use any
// UTF-8 text: a two-character Language Preference (00) and an alternate
// Merchant Name (01) are required, an alternate Merchant City (02) is
// optional.
func (v *validator) checkLanguageTemplate(o Object) {
	v.checkDuplicates(o.ID, o.Children)
	if c, ok := o.Child("00"); !ok {
		v.add("64.00", RuleMandatory, "%s is missing; it is mandatory in %s", describe("64.00"), describe("64"))
	} else if n := utf8.RuneCountInString(c.Value); n != 2 {
		v.add("64.00", RuleLength, "%s is %q; it must be exactly 2 characters (ISO 639-1)", describe("64.00"), c.Value)
	}
	if _, ok := o.Child("01"); !ok {
		v.add("64.01", RuleMandatory, "%s is missing; it is mandatory in %s", describe("64.01"), describe("64"))
	}
	for _, c := range o.Children {
		path := o.ID + "." + c.ID
		if c.ID != "00" && !v.checkNotEmpty(path, c.Value) {
			continue
		}
		switch c.ID {
		case "01":
			v.checkMaxLen(path, c.Value, 25)
		case "02":
			v.checkMaxLen(path, c.Value, 15)
		}
		if !utf8.ValidString(c.Value) {
			v.add(path, RuleFormat, "%s is not valid UTF-8", describe(path))
		}
	}
}

// checkNumeric checks a fixed-length numeric value and reports whether it
// passed.
func (v *validator) checkNumeric(id, value string, size int) bool {
	if n := utf8.RuneCountInString(value); n != size {
		v.add(id, RuleLength, "%s is %q; it must be exactly %d digits", describe(id), value, size)
		return false
	}
	if !isDigits(value) {
		v.add(id, RuleFormat, "%s is %q; it must be %d digits", describe(id), value, size)
		return false
	}
	return true
}

// checkText checks a free-text value of the common character set with a
// maximum length.
func (v *validator) checkText(id, value string, max int) {
	if v.checkMaxLen(id, value, max) {
		v.checkCharset(id, value)
	}
}

func (v *validator) checkMaxLen(id, value string, max int) bool {
	if n := utf8.RuneCountInString(value); n > max {
		v.add(id, RuleLength, "%s is %d characters long; at most %d are allowed", describe(id), n, max)
		return false
	}
	return true
}

func (v *validator) checkNotEmpty(id, value string) bool {
	if value == "" {
		v.add(id, RuleLength, "%s is empty; a data object that is present must have a value", describe(id))
		return false
	}
	return true
}

// checkCharset enforces the "ans" format: outside template 64, values are
// limited to the printable ASCII of the common character set, which is
// why Chinese names belong in the language template.
func (v *validator) checkCharset(id, value string) {
	for i := 0; i < len(value); i++ {
		if value[i] < 0x20 || value[i] > 0x7E {
			r, _ := utf8.DecodeRuneInString(value[i:])
			v.add(id, RuleFormat, "%s contains %q, which is outside the common character set (printable ASCII); other scripts belong in template 64", describe(id), r)
			return
		}
	}
}

// currencyDecimals is how many decimals an amount may have: the minor
// unit of the currency in ID 53 when it is known, else 2.
func (v *validator) currencyDecimals() int {
	if c, ok := find(v.objs, "53"); ok {
		if cur, ok := currencies[c.Value]; ok && cur.minor >= 0 {
			return cur.minor
		}
	}
	return 2
}

// isHex reports whether s is hexadecimal digits, in either letter case:
// EMVCo asks for the checksum as four hexadecimal characters without fixing
// their case (its examples, and Build, write capitals).
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'F') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isConsumerDataRequest(s string) bool {
	seen := map[byte]bool{}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c != 'A' && c != 'M' && c != 'E') || seen[c] {
			return false
		}
		seen[c] = true
	}
	return true
}
