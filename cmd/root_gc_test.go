package cmd

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// A command collects nothing below gcMemoryLimit, a sync nothing below
// syncMemoryLimit; a server collects as the
// heap grows, with no limit; GOGC in the environment overrides both.
func TestServerUndoesTheCommandsCollectorSettings(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGC()
	if p, l := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); p != -1 || l != gcMemoryLimit {
		t.Errorf("a command collects at GOGC %d, limit %d; want off and %d", p, l, gcMemoryLimit)
	}
	tuneGCForSync()
	if p, l := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); p != -1 || l != syncMemoryLimit {
		t.Errorf("a sync collects at GOGC %d, limit %d; want off and %d", p, l, syncMemoryLimit)
	}
	tuneGCForServer()
	if p, l := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); p != serverGCPercent || l != math.MaxInt64 {
		t.Errorf("a server collects at GOGC %d, limit %d; want %d and none", p, l, serverGCPercent)
	}
	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	tuneGCForServer()
	if p := debug.SetGCPercent(-1); p != 50 {
		t.Errorf("with GOGC=50 a server collects at GOGC %d", p)
	}
}

// cc runs on at most maxProcs threads unless GOMAXPROCS says otherwise.
func TestProcsCapped(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(procs) })
	for _, c := range []struct {
		env         string
		procs, want int
	}{
		{"", 32, maxProcs},
		{"", maxProcs + 1, maxProcs},
		{"", maxProcs, maxProcs},
		{"", 2, 2},
		{"32", 32, 32},
	} {
		t.Setenv("GOMAXPROCS", c.env)
		runtime.GOMAXPROCS(c.procs)
		capProcs()
		if got := runtime.GOMAXPROCS(0); got != c.want {
			t.Errorf("GOMAXPROCS=%q and %d Ps: capProcs leaves %d, want %d", c.env, c.procs, got, c.want)
		}
	}
}
