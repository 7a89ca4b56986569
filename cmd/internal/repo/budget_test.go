package repo

import (
	"runtime"
	"strings"
	"testing"

	"github.com/cc-content/cc/content"
)

// checkBudget runs f, which reads n bytes, and fails when that allocates
// more than content.MemoryBudget(n), garbage included.
func checkBudget(t testing.TB, n int, f func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	if a := int64(after.TotalAlloc - before.TotalAlloc); a > content.MemoryBudget(n) {
		t.Fatalf("reading %d bytes allocated %d, over the budget of %d (%.1f times the input)",
			n, a, content.MemoryBudget(n), float64(a)/float64(max(n, 1)))
	}
}

// Reading an event index costs the file and no more, whatever it holds:
// the sections are substrings of it.
func TestDecodeEventIndexMemoryBudget(t *testing.T) {
	tree := strings.Repeat("a", 40)
	many := strings.Repeat(indexLine("01JF0000000000000000000001", "d"), 1<<15)
	for _, tt := range []struct {
		name string
		data string
		ok   bool
	}{
		{"empty lines", eventIndexHeader + strings.Repeat("\n", 1<<20), false},
		{"tabs", eventIndexHeader + strings.Repeat("\t", 1<<20), false},
		{"real ids", eventIndexHeader + tree + "\n=\n" + indexLine("d", tree) + "=\n" + many + "=\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ok bool
			checkBudget(t, len(tt.data), func() { _, ok = decodeEventIndex([]byte(tt.data)) })
			if ok != tt.ok {
				t.Errorf("decoded = %v", ok)
			}
		})
	}
}
