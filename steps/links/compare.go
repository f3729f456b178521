package links

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-02: links to the same type of product, from different providers,
// side by side.

// compare checks that every sent link shows the same value of one property,
// and records the side-by-side table as evidence.
func compare(ctx context.Context, what string, value func(iti.Link) string) error {
	s := st(ctx)
	rows := make([]string, 0, len(s.sent))
	values := map[string][]string{}
	for i, sl := range s.sent {
		l, err := seen(ctx, "bob", i)
		if err != nil {
			return err
		}
		v := value(l)
		values[v] = append(values[v], sl.shop)
		rows = append(rows, fmt.Sprintf("%-10s %s", sl.shop, v))
	}
	scenario.From(ctx).Log.Note("Side by side: "+what, strings.Join(rows, "\n"))
	if len(values) > 1 {
		var parts []string
		for v, shops := range values {
			parts = append(parts, fmt.Sprintf("%s: %s", strings.Join(shops, ", "), v))
		}
		sort.Strings(parts)
		return fmt.Errorf("%s differs between providers — %s", what, strings.Join(parts, "; "))
	}
	return nil
}

func sameAccess(ctx context.Context) error {
	return compare(ctx, "access and taps", func(l iti.Link) string {
		return fmt.Sprintf("%s, %d tap(s), instruction %q", l.Access, l.Taps, l.Instruction)
	})
}

func sameWarning(ctx context.Context) error {
	return compare(ctx, "warning level", func(l iti.Link) string { return l.Warning.Level })
}

func samePreview(ctx context.Context) error {
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
