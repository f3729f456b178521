package scenario_test

import (
	"fmt"

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
