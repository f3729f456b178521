package links

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-05: warnings and blocks follow the shared list, not the provider.

func warnedOrBlocked(ctx context.Context, viewer string) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeAll(ctx, viewer, "every link on the shared malicious list should be warned about or blocked", func(_ *sentLink, l iti.Link) string {
		var f scenario.Findings
		f.Check(l.Access == iti.AccessInterstitial || l.Access == iti.AccessBlocked, "it reaches %s with %s", viewer, describe(l))
		f.Check(l.Warning.Level != iti.WarningNone, "it carries no warning")
		return errText(f.Err())
	})
}

func reasonShown(ctx context.Context, viewer string) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeAll(ctx, viewer, viewer+" should be told why each link is warned about or blocked", func(_ *sentLink, l iti.Link) string {
		if strings.TrimSpace(l.Warning.Reason) == "" {
			return fmt.Sprintf("%s is warned or blocked without being told why", viewer)
		}
		return ""
	})
}

func noWarning(ctx context.Context, viewer string) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeAll(ctx, viewer, "a clean link from a rival should carry no warning", func(_ *sentLink, l iti.Link) string {
		var f scenario.Findings
		f.Check(l.Warning.Level == iti.WarningNone, "it carries a %q warning: %q", l.Warning.Level, l.Warning.Reason)
		f.Check(l.Access != iti.AccessInterstitial, "it is put behind a warning page")
		return errText(f.Err())
	})
}

func notBlocked(ctx context.Context) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeAll(ctx, "bob", "a clean link from a rival should not be blocked", func(_ *sentLink, l iti.Link) string {
		if l.Access == iti.AccessBlocked {
			return fmt.Sprintf("it is blocked: %q", l.Warning.Reason)
		}
		return ""
	})
}
