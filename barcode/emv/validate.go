package emv

import (
	"fmt"
	"strings"
)

// Rule codes carried by Problem.Rule. They are stable: tools may match on
// them.
const (
	RuleTLV         = "tlv"         // the TLV structure is broken
	RuleCRC         = "crc"         // the CRC does not match the payload
	RuleMandatory   = "mandatory"   // a required data object is missing
	RulePosition    = "position"    // a data object is out of its place
	RuleFormat      = "format"      // a value has the wrong form or is not an allowed value
	RuleLength      = "length"      // a value is empty, too long or not its fixed length
	RuleDuplicate   = "duplicate"   // an ID occurs more than once at one level
	RuleConditional = "conditional" // a data object is missing or present against another's value
	RuleReserved    = "reserved"    // an ID the specification reserves for future use
)

// Problem is one broken rule.
type Problem struct {
	// ID is the data object concerned: "59" at top level, "62.05" for a
	// sub-object of a template, "02-51" for the rule that at least one
	// Merchant Account Information object be present. It is "" only for
	// a TLV fault in a top-level ID that cannot be read.
	ID string
	// Rule is one of the Rule constants.
	Rule string
	// Message names the data object and the rule in plain English.
	Message string
}

// Report is the outcome of Validate.
type Report struct {
	// Valid is true when no rule is broken.
	Valid bool
	// CRCOK is true when the CRC was found and matches the payload.
	CRCOK bool
	// CRC is the checksum as found in the payload ("" if none was found).
	CRC string
	// ExpectedCRC is the checksum the payload should carry, computed over
	// everything up to and including "6304" ("" if no CRC was found).
	ExpectedCRC string
	// Fields are the top-level objects that could be decoded.
	Fields []Object
	// Problems lists every broken rule, in a stable order.
	Problems []Problem
}

// Validate checks a payload against the rules of the specification and
// reports every rule it breaks rather than stopping at the first. It never
// panics. When the TLV structure breaks, the objects after the break
// cannot be read, so Validate does not claim that mandatory objects are
// missing; it still checks the CRC if the payload ends in "6304" and four
// characters.
func Validate(s string) Report {
	v := &validator{raw: s}
	v.decode()
	v.locateCRC()
	v.checkTopLevel()
	for i, o := range v.objs {
		v.checkObject(o, v.brokenKids[i])
	}
	if v.complete {
		v.checkMandatory()
	}
	v.checkFees()
	v.checkCRC()
	return Report{
		Valid:       len(v.problems) == 0,
		CRCOK:       v.crcOK,
		CRC:         v.crcFound,
		ExpectedCRC: v.crcExpected,
		Fields:      v.objs,
		Problems:    v.problems,
	}
}

type validator struct {
	raw        string
	objs       []Object
	pos        []position
	complete   bool         // the top level decoded to the end
	brokenKids map[int]bool // templates whose sub-objects could not be decoded
	problems   []Problem

	crcLocated            bool
	crcFound, crcExpected string
	crcOK                 bool
}

func (v *validator) add(id, rule, format string, args ...any) {
	v.problems = append(v.problems, Problem{ID: id, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// decode reads the top level and every template, recording TLV faults as
// problems instead of stopping, so the rest can still be checked.
func (v *validator) decode() {
	objs, pos, perr := decodeLevel(v.raw, 0, 0, "")
	v.objs, v.pos, v.complete = objs, pos, perr == nil
	v.brokenKids = map[int]bool{}
	for i := range objs {
		if !isTemplate(objs[i].ID) {
			continue
		}
		kids, _, kerr := decodeLevel(objs[i].Value, pos[i].valueChar, pos[i].valueByte, objs[i].ID)
		if kerr != nil {
			v.brokenKids[i] = true
			v.addTLV(kerr)
			continue
		}
		objs[i].Children = kids
	}
	if perr != nil {
		v.addTLV(perr)
	}
}

func (v *validator) addTLV(e *ParseError) {
	id := e.ID
	switch {
	case e.Template != "" && e.ID != "":
		id = e.Template + "." + e.ID
	case e.Template != "":
		id = e.Template
	}
	switch {
	case e.Template != "" && e.ID != "":
		v.add(id, RuleTLV, "%s is broken at character offset %d: %s", describe(id), e.Offset, e.Reason)
		return
	case e.Template != "":
		v.add(id, RuleTLV, "%s has a sub-object with an unreadable ID at character offset %d: %s",
			describe(e.Template), e.Offset, e.Reason)
		return
	}
	what := "a data object with an unreadable ID"
	if e.ID != "" {
		what = describe(e.ID)
	}
	v.add(id, RuleTLV, "TLV breaks at character offset %d in %s: %s; nothing after it can be read",
		e.Offset, what, e.Reason)
}

// locateCRC finds the checksum the payload carries and the one it should
// carry. With intact TLV that is the last ID 63; with broken TLV it falls
// back to the payload's tail, since a CRC is always written last.
func (v *validator) locateCRC() {
	last := -1
	for i, o := range v.objs {
		if o.ID == "63" {
			last = i
		}
	}
	n := len(v.raw)
	switch {
	case !v.complete && n >= 8 && v.raw[n-8:n-4] == "6304":
		v.crcFound, v.crcExpected = v.raw[n-4:], crcHex(v.raw[:n-4])
	case last >= 0:
		v.crcFound, v.crcExpected = v.objs[last].Value, crcHex(v.raw[:v.pos[last].valueByte])
	default:
		return
	}
	v.crcLocated = true
	v.crcOK = equalFoldASCII(v.crcFound, v.crcExpected)
}

func (v *validator) checkCRC() {
	if v.crcLocated && !v.crcOK {
		v.add("63", RuleCRC, "CRC (ID 63) is %q but the payload's CRC-16/CCITT-FALSE is %q", v.crcFound, v.crcExpected)
	}
}

func (v *validator) checkTopLevel() {
	if len(v.objs) > 0 && v.objs[0].ID != "00" {
		if _, ok := find(v.objs, "00"); ok {
			v.add("00", RulePosition, "%s must be the first data object; %s comes first", describe("00"), describe(v.objs[0].ID))
		}
	}
	if v.complete && len(v.objs) > 0 && v.objs[len(v.objs)-1].ID != "63" {
		if _, ok := find(v.objs, "63"); ok {
			v.add("63", RulePosition, "%s must be the last data object; %s comes last", describe("63"), describe(v.objs[len(v.objs)-1].ID))
		}
	}
	v.checkDuplicates("", v.objs)
}

// checkDuplicates reports each ID that occurs more than once among
// objects; prefix is the enclosing template's path.
func (v *validator) checkDuplicates(prefix string, objs []Object) {
	count := map[string]int{}
	for _, o := range objs {
		count[o.ID]++
	}
	for _, o := range objs {
		if c := count[o.ID]; c > 1 {
			path := join(prefix, o.ID)
			v.add(path, RuleDuplicate, "%s occurs %d times; each ID may occur only once at its level", describe(path), c)
			count[o.ID] = 0 // report each ID once
		}
	}
}

func (v *validator) checkMandatory() {
	for _, id := range []string{"00", "MAI", "52", "53", "58", "59", "60", "63"} {
		if id == "MAI" {
			if !hasAccountInfo(v.objs) {
				v.add("02-51", RuleMandatory, "Merchant Account Information is missing: at least one of IDs 02 to 51 must be present")
			}
			continue
		}
		if _, ok := find(v.objs, id); !ok {
			v.add(id, RuleMandatory, "%s is missing; it is mandatory", describe(id))
		}
	}
}

// checkFees applies the rules that tie the fee objects 56 and 57 to the
// Tip or Convenience Indicator (55): "02" requires a fixed fee and "03" a
// percentage fee, and neither fee may appear otherwise.
func (v *validator) checkFees() {
	tip, tipFound := find(v.objs, "55")
	// With broken TLV the objects after the break are unknown: a fee or an
	// indicator that seems missing may sit in the unreadable tail.
	tipKnown := v.complete || tipFound
	for _, f := range []struct{ id, needs string }{{"56", "02"}, {"57", "03"}} {
		_, present := find(v.objs, f.id)
		switch {
		case tip.Value == f.needs && !present && v.complete:
			v.add(f.id, RuleConditional, "%s is missing; it is required when %s is %q", describe(f.id), describe("55"), f.needs)
		case tip.Value != f.needs && present && tipKnown:
			v.add(f.id, RuleConditional, "%s is present; it is allowed only when %s is %q", describe(f.id), describe("55"), f.needs)
		}
	}
}

func hasAccountInfo(objs []Object) bool {
	for _, o := range objs {
		if n, ok := idNumber(o.ID); ok && n >= 2 && n <= 51 {
			return true
		}
	}
	return false
}

func find(objs []Object, id string) (Object, bool) {
	for _, o := range objs {
		if o.ID == id {
			return o, true
		}
	}
	return Object{}, false
}

func join(prefix, id string) string {
	if prefix == "" {
		return id
	}
	return prefix + "." + id
}

// equalFoldASCII compares case-insensitively over ASCII only, so that no
// Unicode folding can make a non-hex character match a hex digit.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	return strings.EqualFold(a, b) && isASCII(a)
}
