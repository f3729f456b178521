package requirement_test

import (
	"testing"

	"github.com/hutong-interop/hutong/features"
	"github.com/hutong-interop/hutong/model/requirement"
)

func TestTheClausesQuoteEveryRule(t *testing.T) {
	for _, lang := range []string{"en", "zh-CN"} {
		set, err := requirement.LoadLang(features.All, lang)
		if err != nil {
			t.Fatal(err)
		}
		if !set.HasClauses {
			t.Errorf("%s: the set has no %s", lang, requirement.ClausesFile)
		}
		for _, e := range set.ClauseErrors {
			t.Errorf("%s: %v", lang, e)
		}
	}
}
