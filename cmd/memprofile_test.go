package cmd

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The profile is of the largest live heap the command had, not of what
// is left at its end.
func TestMemProfileKeepsThePeak(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mem.prof")
	stop := startMemProfile(file)
	const held = 64 << 20
	peak := make([]byte, held)
	runtime.GC()
	for wait := 0; profiledBytes(t, file) < held; wait++ {
		if wait == 250 {
			t.Fatalf("after %v the profile holds %d bytes; want the %d the peak held", 250*memProfileEvery, profiledBytes(t, file), held)
		}
		time.Sleep(memProfileEvery)
	}
	runtime.KeepAlive(peak)
	peak = nil
	runtime.GC()
	stop()
	if got := profiledBytes(t, file); got < held {
		t.Fatalf("after the peak the profile holds %d bytes; want the %d the peak held", got, held)
	}
}

// profiledBytes is the live heap the profile in file counts, from its
// first line ("heap profile: OBJECTS: BYTES [..."); 0 before there is one.
func profiledBytes(t *testing.T, file string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(strings.SplitN(string(data), "\n", 2)[0])
	if len(fields) < 4 || fields[0] != "heap" {
		return 0 // being written
	}
	n, err := strconv.Atoi(fields[3])
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return n
}
