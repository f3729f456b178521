package scenario_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hutong-interop/hutong/steps/scenario"
)

func ExampleFindings() {
	var f scenario.Findings
	paid, credits := "unpaid", 2
	f.Check(paid == "paid", "the platform records the order as %s", paid)
	f.Check(credits == 1, "the platform records %d credits", credits)
	f.Check(true, "never reported")
	fmt.Println(f.Err())

	var none scenario.Findings
	none.Check(true, "never reported")
	fmt.Println(none.Err())
	// Output:
	// the platform records the order as unpaid; the platform records 2 credits
	// <nil>
}

func TestCasesFailedSaysHowManyAndShowsTheFirst(t *testing.T) {
	assert.NoError(t, scenario.CasesFailed("every link opens", 24, "links sent", nil, 4))
	err := scenario.CasesFailed("every link opens", 24, "links sent", []string{"a — x", "b — y", "c — z"}, 2)
	assert.EqualError(t, err, "every link opens: 3 of the 24 links sent did not: a — x; b — y; and 1 more")
	err = scenario.CasesFailed("every consumer is told", 5, "", []string{"c1 — wrong"}, 4)
	assert.EqualError(t, err, "every consumer is told: 1 of the 5 did not: c1 — wrong")
}
