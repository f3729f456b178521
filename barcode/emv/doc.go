// Package emv decodes, builds and checks payloads that follow the EMVCo QR
// Code Specification for Payment Systems, Merchant-Presented Mode (MPM).
//
// A payload is a run of data objects, each written as a two-digit ID, a
// two-digit length and the value. The length counts characters (Unicode
// code points), not bytes, because the Merchant Information—Language
// Template (ID 64) may carry text such as Chinese merchant names in UTF-8.
//
// ID allocation at the top level, as the specification lays it out:
//
//	00     Payload Format Indicator, always "01", always first
//	01     Point of Initiation Method: "11" static, "12" dynamic
//	02-03  Merchant Account Information reserved for Visa
//	04-05  ... for Mastercard
//	06-08  ... for EMVCo
//	09-10  ... for Discover
//	11-12  ... for Amex
//	13-14  ... for JCB
//	15-16  ... for UnionPay
//	17-25  ... reserved by EMVCo
//	       (02-25 are primitive objects, not templates)
//	26-51  Merchant Account Information templates; sub-ID 00 is the
//	       Globally Unique Identifier of the scheme
//	52     Merchant Category Code (ISO 18245)
//	53     Transaction Currency (ISO 4217 numeric)
//	54     Transaction Amount
//	55     Tip or Convenience Indicator
//	56     Value of Convenience Fee Fixed
//	57     Value of Convenience Fee Percentage
//	58     Country Code (ISO 3166-1 alpha-2)
//	59     Merchant Name
//	60     Merchant City
//	61     Postal Code
//	62     Additional Data Field Template
//	63     CRC, always last
//	64     Merchant Information—Language Template
//	65-79  reserved for future use by EMVCo
//	80-99  Unreserved Templates; sub-ID 00 is a Globally Unique Identifier
//
// Parse is strict and stops at the first broken object. Validate never
// stops: it reports every rule a payload breaks, including payloads from
// national schemes (Pix, PromptPay, QRIS, DuitNow, ...) that leave out
// objects EMVCo calls mandatory.
package emv
