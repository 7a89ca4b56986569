package repo

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestWithHeadroomOverlapping(t *testing.T) {
	old := debug.SetMemoryLimit(100 << 20)
	defer debug.SetMemoryLimit(old)
	a := withHeadroom(10 << 20)
	b := withHeadroom(10 << 20)
	if got := debug.SetMemoryLimit(-1); got != 110<<20 {
		t.Fatalf("two passes: limit %d MiB, want 110", got>>20)
	}
	a()
	if got := debug.SetMemoryLimit(-1); got != 110<<20 {
		t.Fatalf("one pass left: limit %d MiB, want 110", got>>20)
	}
	b()
	if got := debug.SetMemoryLimit(-1); got != 100<<20 {
		t.Fatalf("after both: limit %d MiB, want 100", got>>20)
	}

	debug.SetMemoryLimit(math.MaxInt64)
	withHeadroom(10 << 20)()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("without a limit: limit %d, want none", got)
	}
}
