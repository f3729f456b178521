package emv_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/hutong-interop/hutong/barcode/emv"
)

// seedCorpus adds the Annex B example, every national-scheme example and a
// few broken shapes, so fuzzing starts from realistic payloads.
func seedCorpus(f *testing.F) {
	f.Add(annexB)
	for _, s := range schemePayloads(f) {
		f.Add(s)
	}
	for _, s := range []string{"", "0", "00", "0002", "000201", "6299", "64040099", "82327FFC", "5X04abcd", "0002016404最佳运"} {
		f.Add(s)
	}
}

func FuzzParse(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := emv.Parse(s)
		if p == nil {
			t.Fatal("Parse returned a nil Payload")
		}
		if err != nil {
			var pe *emv.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Offset < 0 || pe.Offset > utf8.RuneCountInString(s) {
				t.Fatalf("offset %d outside a payload of %d characters", pe.Offset, utf8.RuneCountInString(s))
			}
			return
		}
		// Whatever parses re-encodes to exactly the same text.
		enc, err := emv.Encode(p.Objects...)
		if err != nil {
			t.Fatalf("re-encoding parsed objects failed: %v", err)
		}
		if enc != s {
			t.Fatalf("round trip changed the payload:\n in  %q\n out %q", s, enc)
		}
	})
}

var knownRules = map[string]bool{
	emv.RuleTLV: true, emv.RuleCRC: true, emv.RuleMandatory: true, emv.RulePosition: true,
	emv.RuleFormat: true, emv.RuleLength: true, emv.RuleDuplicate: true,
	emv.RuleConditional: true, emv.RuleReserved: true,
}

func FuzzValidate(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := emv.Validate(s)
		if r.Valid != (len(r.Problems) == 0) {
			t.Fatalf("Valid=%v with %d problems", r.Valid, len(r.Problems))
		}
		if r.Valid && !r.CRCOK {
			t.Fatal("a valid payload must have a correct CRC")
		}
		for _, p := range r.Problems {
			if !knownRules[p.Rule] || p.Message == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if _, err := emv.Parse(s); err != nil {
			found := false
			for _, p := range r.Problems {
				found = found || p.Rule == emv.RuleTLV
			}
			if !found {
				t.Fatalf("Parse failed (%v) but Validate reported no tlv problem", err)
			}
		}
	})
}
