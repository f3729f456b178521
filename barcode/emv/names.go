package emv

import (
	"fmt"
	"strings"
)

// topNames are the specification's names for fixed top-level IDs; ranges
// are handled in describe.
var topNames = map[string]string{
	"00": "Payload Format Indicator",
	"01": "Point of Initiation Method",
	"52": "Merchant Category Code",
	"53": "Transaction Currency",
	"54": "Transaction Amount",
	"55": "Tip or Convenience Indicator",
	"56": "Value of Convenience Fee Fixed",
	"57": "Value of Convenience Fee Percentage",
	"58": "Country Code",
	"59": "Merchant Name",
	"60": "Merchant City",
	"61": "Postal Code",
	"62": "Additional Data Field Template",
	"63": "CRC",
	"64": "Merchant Information—Language Template",
}

var additionalDataNames = map[string]string{
	"01": "Bill Number",
	"02": "Mobile Number",
	"03": "Store Label",
	"04": "Loyalty Number",
	"05": "Reference Label",
	"06": "Customer Label",
	"07": "Terminal Label",
	"08": "Purpose of Transaction",
	"09": "Additional Consumer Data Request",
}

var languageNames = map[string]string{
	"00": "Language Preference",
	"01": "Merchant Name—Alternate Language",
	"02": "Merchant City—Alternate Language",
}

// describe names a data object for messages, from its path ("59" or
// "62.05"), e.g. "Reference Label (ID 05 of template 62)".
func describe(path string) string {
	top, sub, nested := strings.Cut(path, ".")
	if !nested {
		return fmt.Sprintf("%s (ID %s)", topName(top), top)
	}
	return fmt.Sprintf("%s (ID %s of template %s)", Name(path), sub, top)
}

// Name is the specification's name for a data object, from its path ("59"
// or "62.05"), e.g. "Merchant Name" or "Reference Label"; sub-objects the
// specification leaves to each scheme are "Data object".
func Name(path string) string {
	top, sub, nested := strings.Cut(path, ".")
	if !nested {
		return topName(top)
	}
	switch {
	case top == "62" && additionalDataNames[sub] != "":
		return additionalDataNames[sub]
	case top == "64" && languageNames[sub] != "":
		return languageNames[sub]
	case sub == "00" && isAccountTemplate(top):
		return "Globally Unique Identifier"
	}
	return "Data object"
}

func topName(id string) string {
	if n, ok := topNames[id]; ok {
		return n
	}
	n, ok := idNumber(id)
	switch {
	case !ok:
		return "Data object"
	case n >= 2 && n <= 51:
		return "Merchant Account Information"
	case n >= 65 && n <= 79:
		return "Reserved data object"
	case n >= 80:
		return "Unreserved Template"
	}
	return "Data object"
}

// isAccountTemplate reports whether a top-level ID is a template whose
// sub-ID 00 is a Globally Unique Identifier: 26-51 and 80-99.
func isAccountTemplate(id string) bool {
	n, ok := idNumber(id)
	return ok && ((n >= 26 && n <= 51) || n >= 80)
}
