package cmd

import (
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// memProfileEvery is how often a memory profile looks at the live heap.
const memProfileEvery = 20 * time.Millisecond

// startMemProfile writes the heap profile to file whenever the heap that
// survived a collection is the largest yet, for measuring cc itself
// (CC_MEMPROFILE; go tool pprof -sample_index=inuse_space FILE): what a
// command holds at its peak, not what is left at its end. The profile is
// in text form (debug=1) and its first line counts the live heap. stop
// ends it, after one last look.
func startMemProfile(file string) (stop func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var most uint64
	look := func() {
		metrics.Read(sample)
		if live := sample[0].Value.Uint64(); live > most {
			most = live
			if f, err := os.Create(file); err == nil {
				_ = pprof.Lookup("heap").WriteTo(f, 1)
				_ = f.Close()
			}
		}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(memProfileEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				look()
				return
			case <-tick.C:
				look()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
