package scenario

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestEachAtOnceRunsEveryCaseAtMostAtOnceAndKeepsTheirErrors(t *testing.T) {
	var now, most, ran atomic.Int64
	errs := EachAtOnce(30, func(i int) error {
		n := now.Add(1)
		defer now.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(2 * time.Millisecond)
		ran.Add(1)
		if i%7 == 3 {
			return errors.New("case failed")
		}
		return nil
	})
	if ran.Load() != 30 || len(errs) != 30 {
		t.Fatalf("ran %d cases, %d errors; want 30 and 30", ran.Load(), len(errs))
	}
	if most.Load() > AtOnce || most.Load() < 2 {
		t.Errorf("%d cases ran at once; want between 2 and %d", most.Load(), AtOnce)
	}
	for i, err := range errs {
		if (err != nil) != (i%7 == 3) {
			t.Errorf("case %d: error %v", i, err)
		}
	}
}
