package security

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hutong-interop/hutong/steps/internal/checkout"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// SEC-04: a help-me-pay link that has expired. That a link pays its own
// order and no later one needs no words of its own: PAY's pay from the link,
// and stillUnpaid reads the later order.

func linkExpires(ctx context.Context) error {
	s := checkout.From(ctx)
	if s.Link == nil {
		return errors.New("no help-me-pay link was made")
	}
	sess, err := checkout.Platform(ctx)
	if err != nil {
		return err
	}
	clock, err := sess.AdvanceClock(ctx, 0)
	if err != nil {
		return err
	}
	if s.Link.ExpiresAt.IsZero() {
		return errors.New("the platform gave the help-me-pay link no expiry time")
	}
	wait := s.Link.ExpiresAt.Sub(clock.Now) + time.Minute
	if wait < time.Minute {
		wait = time.Minute
	}
	_, err = sess.AdvanceClock(ctx, wait)
	return err
}

// tryPayFromLink only records what happened: paying is the attempt here, and
// friendCouldNotPay judges it.
func tryPayFromLink(ctx context.Context, friend, inst string) error {
	ok, why, err := checkout.PayFromLink(ctx, friend, inst)
	st(ctx).friendPaid = ok
	if err == nil && !ok {
		scenario.From(ctx).Log.Note(friend+" could not pay through the link", why)
	}
	return err
}

func friendCouldNotPay(ctx context.Context, friend string) error {
	s := checkout.From(ctx)
	if s.Link == nil {
		return errors.New("no help-me-pay link was made")
	}
	if st(ctx).friendPaid {
		return fmt.Errorf("%s paid through the help-me-pay link after it should have expired (it expired at %s)", friend, s.Link.ExpiresAt.Format(time.RFC3339))
	}
	return nil
}
