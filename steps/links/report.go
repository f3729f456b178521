package links

import (
	"context"
	"fmt"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/model/evidence"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-06: the recipient can report every link, and the messenger records it.

func reportOffered(ctx context.Context, viewer string) error {
	scenario.Rest(ctx, evidence.Declared)
	return judgeAll(ctx, viewer, viewer+" should be offered a way to report every link", func(_ *sentLink, l iti.Link) string {
		if !l.ReportAvailable {
			return fmt.Sprintf("%s is not offered a way to report the link", viewer)
		}
		return ""
	})
}

func reportLink(ctx context.Context, reporter string) error {
	s := st(ctx)
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	return judgeAll(ctx, reporter, reporter+" should be able to report every link", func(sl *sentLink, l iti.Link) string {
		r, err := sess.ReportLink(ctx, s.conv, sl.message, l.Index, iti.ReportRequest{Reporter: user(reporter), Reason: "I think this link is a scam"})
		if err != nil {
			return fmt.Sprintf("%s could not report the link: %v", reporter, err)
		}
		s.reports = append(s.reports, r)
		return ""
	})
}

func reportRecorded(ctx context.Context, reporter string) error {
	scenario.Rest(ctx, evidence.Declared)
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	reports, err := sess.Reports(ctx)
	if err != nil {
		return err
	}
	return judgeAll(ctx, reporter, "the messenger should record "+reporter+"'s report of every link", func(sl *sentLink, _ iti.Link) string {
		for _, r := range reports {
			if r.Reporter == user(reporter) && r.MessageID == sl.message && sameLink(r.URL, sl.url) {
				return ""
			}
		}
		return fmt.Sprintf("the messenger lists %d report(s), none from %s about it", len(reports), reporter)
	})
}
