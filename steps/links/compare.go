package links

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-02: links to the same type of product, from different providers,
// side by side.

// compare checks that every sent link shows the same value of one property
// as the first link of the first shop named, and records the side-by-side
// table as evidence.
func compare(ctx context.Context, what string, value func(iti.Link) string) error {
	idx := current(ctx)
	if len(idx) == 0 {
		return fmt.Errorf("no link was sent")
	}
	if _, err := seen(ctx, "bob", idx[0]); err != nil {
		return err
	}
	values, err := compareBy(ctx, judgeAll, what, "Side by side: "+what, func(_ *sentLink, l iti.Link) (string, string, bool) {
		return value(l), "", true
	}, func(v, shop, ref string) string { return fmt.Sprintf("%s, where %s's first link has %s", v, shop, ref) })
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s differs between providers — %s (%v)", what, values, err)
}

// compareBy is compare over what value makes of each link, judged by judge
// (judgeAll, or judgeSeen when value looks at pages): its value, a finding
// against the link alone (judged before the comparison), and whether the
// link is compared at all. differs says how a link's value departs from
// the first compared link's. It returns the values seen, with the shops
// that showed each, and judge's error.
func compareBy(ctx context.Context, judge func(context.Context, string, string, func(*sentLink, iti.Link) string) error,
	what, title string, value func(*sentLink, iti.Link) (string, string, bool), differs func(v, shop, ref string) string) (valuesSeen, error) {
	ref, refShop, haveRef := "", "", false
	values := valuesSeen{} // value -> shop -> links
	var rows []string
	err := judge(ctx, "bob", what+" should be the same for every provider", func(sl *sentLink, l iti.Link) string {
		v, alone, ok := value(sl, l)
		if !ok {
			return alone
		}
		if values[v] == nil {
			values[v] = map[string]int{}
		}
		values[v][sl.shop]++
		rows = append(rows, fmt.Sprintf("%-10s %s  (%s)", sl.shop, v, sl.url))
		if !haveRef {
			ref, refShop, haveRef = v, sl.shop, true
		}
		if alone != "" {
			return alone
		}
		if v != ref {
			return differs(v, refShop, ref)
		}
		return ""
	})
	scenario.From(ctx).Log.Note(title, strings.Join(rows, "\n"))
	return values, err
}

// valuesSeen are the values a comparison saw: value -> shop -> links.
type valuesSeen map[string]map[string]int

// String lists each value with the shops that showed it, in order.
func (vs valuesSeen) String() string {
	var parts []string
	for v, shops := range vs {
		var ss []string
		for sh, n := range shops {
			ss = append(ss, fmt.Sprintf("%s ×%d", sh, n))
		}
		sort.Strings(ss)
		parts = append(parts, fmt.Sprintf("%s: %s", strings.Join(ss, ", "), v))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

func sameAccess(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return compare(ctx, "access and taps", func(l iti.Link) string {
		return fmt.Sprintf("%s, %d tap(s), instruction %q", l.Access, l.Taps, l.Instruction)
	})
}

// sameWarning compares the warning levels declared and, where the run
// observes pages, the warnings the pages show: each link's page must show
// what it declares (a contradiction fails, side by side), and every
// provider's links the same. A difference in the declarations fails on them.
func sameWarning(ctx context.Context) error {
	if err := compare(ctx, "warning level", func(l iti.Link) string { return l.Warning.Level }); err != nil || !scenario.From(ctx).Observing() {
		scenario.Rest(ctx, evidence.Declared)
		return err
	}
	what := "the warning shown on the page"
	values, err := compareBy(ctx, judgeSeen, what, message.NoteWarningsSeen, func(sl *sentLink, l iti.Link) (string, string, bool) {
		v := observed(ctx, "bob", sl)
		switch {
		case v == nil:
			return "", "", false
		case v.finding != "":
			return "", v.finding, false
		}
		shown, warned := message.WarnValueNone, len(v.j.Warnings()) > 0
		if warned {
			shown = message.WarnValueShown
		}
		if warned != (l.Warning.Level != iti.WarningNone && l.Warning.Level != "") {
			return shown, say(message.WarnContradicts, declaredWarning(l), seenWarning("Bob", v.j)), true
		}
		return shown, "", true
	}, func(v, shop, ref string) string { return say(message.WarnDiffers, v, shop, ref) })
	if err != nil && len(values) > 1 {
		return fmt.Errorf("%s differs between providers — %s (%v)", what, values, err)
	}
	return err
}

func samePreview(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return compare(ctx, "preview fields", func(l iti.Link) string {
		var keys []string
		for k, v := range l.Preview {
			if v != "" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		return "[" + strings.Join(keys, " ") + "]"
	})
}
