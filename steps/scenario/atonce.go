package scenario

import "sync"

// AtOnce is how many cases a step runs at the same time: enough to hide an
// implementation's latency (the guide tells implementers to expect up to
// this many calls at once in one session), few enough to keep its load
// modest.
const AtOnce = 8

// EachAtOnce runs f(0) … f(n-1), AtOnce at a time, and returns their
// errors by index (nil where f succeeded), so a caller can report the
// first or all of them. Each f must touch only its own case's state.
func EachAtOnce(n int, f func(i int) error) []error {
	errs := make([]error, n)
	sem := make(chan struct{}, AtOnce)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = f(i)
		}()
	}
	wg.Wait()
	return errs
}
