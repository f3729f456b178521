package links

import (
	"context"
	"fmt"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// LINK-06: the recipient can report a link, and the messenger records it.

func reportOffered(ctx context.Context, viewer string) error {
	l, err := last(ctx, viewer)
	if err != nil {
		return err
	}
	if !l.ReportAvailable {
		return fmt.Errorf("%s is not offered a way to report the link", viewer)
	}
	return nil
}

func reportLink(ctx context.Context, reporter string) error {
	s := st(ctx)
	if len(s.sent) == 0 {
		return fmt.Errorf("no link was sent")
	}
	l, err := last(ctx, reporter)
	if err != nil {
		return err
	}
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	sl := s.sent[len(s.sent)-1]
	r, err := sess.ReportLink(ctx, s.conv, sl.message, l.Index, iti.ReportRequest{Reporter: user(reporter), Reason: "I think this link is a scam"})
	if err != nil {
		return fmt.Errorf("%s could not report the link: %v", reporter, err)
	}
	s.reports = append(s.reports, r)
	return nil
}

func reportRecorded(ctx context.Context, reporter string) error {
	s := st(ctx)
	sess, err := scenario.From(ctx).Session(ctx)
	if err != nil {
		return err
	}
	reports, err := sess.Reports(ctx)
	if err != nil {
		return err
	}
	sl := s.sent[len(s.sent)-1]
	for _, r := range reports {
		if r.Reporter == user(reporter) && sameLink(r.URL, sl.url) {
			return nil
		}
	}
	return fmt.Errorf("the messenger lists %d report(s), none from %s about %s", len(reports), reporter, sl.url)
}
