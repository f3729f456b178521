package links

import (
	"context"
	"fmt"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/message"
	"github.com/hutong-interop/hutong/observe"
	"github.com/hutong-interop/hutong/steps/scenario"
	"github.com/hutong-interop/hutong/untrusted"
)

// LINK-05: warnings and blocks follow the shared list, not the provider.
// Each link is judged on its declaration first; where the run observes
// pages, on what its pages show too (observe.Warnings: the rule of what
// counts as a warning shown with a link), and a declaration the page
// contradicts fails, both shown side by side. judgeSeen records which
// links rest on their page and which on their declaration alone.

func warnedOrBlocked(ctx context.Context, viewer string) error {
	return judgeSeen(ctx, viewer, "every link on the shared malicious list should be warned about or blocked", func(sl *sentLink, l iti.Link) string {
		var f scenario.Findings
		f.Check(l.Access == iti.AccessInterstitial || l.Access == iti.AccessBlocked, "it reaches %s with %s", viewer, describe(l))
		f.Check(l.Warning.Level != iti.WarningNone, "it carries no warning")
		if f.Err() != nil {
			return errText(f.Err())
		}
		return onPage(ctx, viewer, sl, func(j observe.Journey) string {
			// Blocked on the page, or warned about: either is what the
			// rule allows. What fails is a page that lets the recipient
			// through and warns of nothing.
			if blockedSeen(j) || len(j.Warnings()) > 0 {
				return ""
			}
			return say(message.WarnContradicts, declaredWarning(l), seenWarning(viewer, j))
		})
	})
}

func reasonShown(ctx context.Context, viewer string) error {
	return judgeSeen(ctx, viewer, viewer+" should be told why each link is warned about or blocked", func(sl *sentLink, l iti.Link) string {
		if strings.TrimSpace(l.Warning.Reason) == "" {
			return fmt.Sprintf("%s is warned or blocked without being told why", viewer)
		}
		return onPage(ctx, viewer, sl, func(j observe.Journey) string {
			// A reason is words: a warning sign alone tells nobody why.
			for _, w := range j.Warnings() {
				if w.Worded() {
					return ""
				}
			}
			return say(message.WarnContradicts, declaredWarning(l), say(message.WarnNoReason, viewer))
		})
	})
}

func noWarning(ctx context.Context, viewer string) error {
	return judgeSeen(ctx, viewer, "a clean link from a rival should carry no warning", func(sl *sentLink, l iti.Link) string {
		var f scenario.Findings
		f.Check(l.Warning.Level == iti.WarningNone, "it carries a %q warning: %q", l.Warning.Level, l.Warning.Reason)
		f.Check(l.Access != iti.AccessInterstitial, "it is put behind a warning page")
		if f.Err() != nil {
			return errText(f.Err())
		}
		return onPage(ctx, viewer, sl, func(j observe.Journey) string {
			if len(j.Warnings()) == 0 {
				return ""
			}
			return say(message.WarnContradicts, declaredWarning(l), seenWarning(viewer, j))
		})
	})
}

func notBlocked(ctx context.Context) error {
	return judgeSeen(ctx, "bob", "a clean link from a rival should not be blocked", func(sl *sentLink, l iti.Link) string {
		if l.Access == iti.AccessBlocked {
			return fmt.Sprintf("it is blocked: %q", l.Warning.Reason)
		}
		return onPage(ctx, "bob", sl, func(j observe.Journey) string {
			switch {
			case !j.Found:
				return say(message.BlockContradicts, l.Access, message.BlockNotOnPage)
			case !j.Tappable:
				return say(message.BlockContradicts, l.Access, message.BlockNotTappable)
			}
			return ""
		})
	})
}

// say is a finding in the catalogue's words (model/message), recorded in
// English and read back in the report's language.
func say(key string, args ...any) string { return message.Say(message.English, key, args...) }

// blockedSeen: the page does not let the recipient reach the link's page —
// the link is not there, cannot be tapped, or leads nowhere.
func blockedSeen(j observe.Journey) bool { return !j.Found || !j.Tappable || !j.Reached }

// declaredWarning is the warning l declares, in the catalogue's words.
func declaredWarning(l iti.Link) string {
	if l.Warning.Level == iti.WarningNone || l.Warning.Level == "" {
		return message.WarnDeclaredNone
	}
	return say(message.WarnDeclared, l.Warning.Level, oneLine(l.Warning.Reason))
}

// seenWarning is what viewer was shown of the link's warning on its pages.
func seenWarning(viewer string, j observe.Journey) string {
	if ws := j.Warnings(); len(ws) > 0 {
		var shown []string
		for _, w := range ws {
			shown = append(shown, w.String())
		}
		return say(message.WarnSeen, viewer, oneLine(strings.Join(shown, " / ")))
	}
	switch {
	case !j.Found:
		return say(message.WarnSeenNoneAbsent, viewer)
	case !j.Tappable:
		return say(message.WarnSeenNoneDead, viewer)
	case !j.Reached:
		return say(message.WarnSeenNoneLost, viewer, j.Taps)
	}
	return say(message.WarnSeenNone, viewer, j.Taps, len(j.Between))
}

// oneLine is what the implementation wrote, its white space squeezed and
// every control made visible (untrusted.Line), so that a finding quoting it
// is one line a report can read back and nothing in it hides or reorders
// the words around it.
func oneLine(s string) string {
	return untrusted.Line(strings.Join(strings.Fields(s), " "), 600)
}
