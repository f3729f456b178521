package links

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-05: warnings and blocks follow the shared list, not the provider.

func warnedOrBlocked(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(l.Access == iti.AccessInterstitial || l.Access == iti.AccessBlocked, "a link on the shared malicious list reaches %s with %s", viewer, describe(l))
	f.Check(l.Warning.Level != iti.WarningNone, "a link on the shared malicious list carries no warning")
	return f.Err()
}

func reasonShown(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	if strings.TrimSpace(l.Warning.Reason) == "" {
		return fmt.Errorf("%s is warned or blocked without being told why", viewer)
	}
	return nil
}

func noWarning(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	var f scenario.Findings
	f.Check(l.Warning.Level == iti.WarningNone, "a clean link from a rival carries a %q warning: %q", l.Warning.Level, l.Warning.Reason)
	f.Check(l.Access != iti.AccessInterstitial, "a clean link from a rival is put behind a warning page")
	return f.Err()
}

func notBlocked(ctx context.Context) error {
	l, err := last(ctx, "bob")
	if err != nil {
		return err
	}
	if l.Access == iti.AccessBlocked {
		return fmt.Errorf("a clean link from a rival is blocked: %q", l.Warning.Reason)
	}
	return nil
}
