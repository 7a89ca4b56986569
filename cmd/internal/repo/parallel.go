package repo

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallel calls fn for every item on up to one goroutine per core and
// returns the results in the items' order, or the error of the first item
// that failed. Reading and inflating thousands of objects is CPU work that
// a second core halves; fn must be safe to call concurrently.
func parallel[T, R any](items []T, fn func(T) (R, error)) ([]R, error) {
	out := make([]R, len(items))
	errs := make([]error, len(items))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(items); i = int(next.Add(1) - 1) {
				out[i], errs[i] = fn(items[i])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
