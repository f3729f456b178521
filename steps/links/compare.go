package links

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-02: links to the same type of product, from different providers,
// side by side.

// compare checks that every sent link shows the same value of one property
// as the first link of the first shop named, and records the side-by-side
// table as evidence.
func compare(ctx context.Context, what string, value func(iti.Link) string) error {
	s := st(ctx)
	idx := current(ctx)
	if len(idx) == 0 {
		return fmt.Errorf("no link was sent")
	}
	first, err := seen(ctx, "bob", idx[0])
	if err != nil {
		return err
	}
	ref, refShop := value(first), s.sent[idx[0]].shop
	values := map[string]map[string]int{} // value -> shop -> links
	var rows []string
	err = judgeAll(ctx, "bob", what+" should be the same for every provider", func(sl *sentLink, l iti.Link) string {
		v := value(l)
		if values[v] == nil {
			values[v] = map[string]int{}
		}
		values[v][sl.shop]++
		rows = append(rows, fmt.Sprintf("%-10s %s  (%s)", sl.shop, v, sl.url))
		if v != ref {
			return fmt.Sprintf("%s, where %s's first link has %s", v, refShop, ref)
		}
		return ""
	})
	scenario.From(ctx).Log.Note("Side by side: "+what, strings.Join(rows, "\n"))
	if err == nil {
		return nil
	}
	var parts []string
	for v, shops := range values {
		var ss []string
		for sh, n := range shops {
			ss = append(ss, fmt.Sprintf("%s ×%d", sh, n))
		}
		sort.Strings(ss)
		parts = append(parts, fmt.Sprintf("%s: %s", strings.Join(ss, ", "), v))
	}
	sort.Strings(parts)
	return fmt.Errorf("%s differs between providers — %s (%v)", what, strings.Join(parts, "; "), err)
}

func sameAccess(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return compare(ctx, "access and taps", func(l iti.Link) string {
		return fmt.Sprintf("%s, %d tap(s), instruction %q", l.Access, l.Taps, l.Instruction)
	})
}

func sameWarning(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return compare(ctx, "warning level", func(l iti.Link) string { return l.Warning.Level })
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
