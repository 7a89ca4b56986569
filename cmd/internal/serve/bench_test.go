package serve

import (
	"net/http/httptest"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/cc-content/cc/cmd/internal/preview"
	"github.com/cc-content/cc/cmd/internal/repo"
)

// BenchmarkFirstVisits makes the page of every draft of the corpus in
// $CC_SERVE_CORPUS (made by `ccbench corpus`), one after another, each for
// the first time, as the first visits of `ccbench serve` do but without
// HTTP or contention: the CPU and memory a first page costs. Each round
// opens the repository and starts a server afresh, untimed.
//
//	CC_SERVE_CORPUS=/tmp/cbig go test ./cmd/internal/serve -run '^$' -bench FirstVisits -benchtime 1x -cpuprofile cpu.out
func BenchmarkFirstVisits(b *testing.B) {
	dir := os.Getenv("CC_SERVE_CORPUS")
	if dir == "" {
		b.Skip("CC_SERVE_CORPUS names no corpus")
	}
	pages, cpu := 0, time.Duration(0)
	for b.Loop() {
		b.StopTimer()
		r, err := repo.Open(repo.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		s := New(r, Options{})
		v, err := s.view()
		if err != nil {
			b.Fatal(err)
		}
		drafts, err := v.Drafts()
		if err != nil {
			b.Fatal(err)
		}
		if err := v.PrepareFileHistories(); err != nil {
			b.Fatal(err)
		}
		if err := v.PrepareReviews(); err != nil {
			b.Fatal(err)
		}
		h := s.Handler()
		b.StartTimer()
		before := cpuTime(b)
		for _, e := range drafts {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1:1"+preview.DraftURL(e), nil))
			if w.Code != 200 {
				b.Fatalf("%s: %d %s", e.Path, w.Code, w.Body)
			}
		}
		cpu += cpuTime(b) - before
		pages += len(drafts)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pages), "ns/page")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(pages), "cpu-ns/page")
}

// cpuTime is the CPU time the process has used, the collector's included:
// on a loaded machine, the wall time of a page says more about the others.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
