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

func TestDecodeEventIndexMemoryBudget(t *testing.T) {
	tree := strings.Repeat("a", 40)
	for _, tt := range []struct {
		name    string
		data    string
		refused bool
	}{
		{"empty ids", eventIndexHeader + "d\t" + tree + "\t" + strings.Repeat(",", 1<<20) + "\n", true},
		{"blank lines", eventIndexHeader + strings.Repeat("\n", 1<<20), false},
		{"tabs", eventIndexHeader + strings.Repeat("\t", 1<<20), false},
		{"short folders", eventIndexHeader + strings.Repeat("d\t"+tree+"\t\n", 1<<14), false},
		{"real ids", eventIndexHeader + "d\t" + tree + "\t" + strings.Repeat("01JF0000000000000000000001,", 1<<15) + "x\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []eventFolder
			checkBudget(t, len(tt.data), func() { got = decodeEventIndex([]byte(tt.data)) })
			if refused := got == nil; refused != tt.refused {
				t.Errorf("refused = %v", refused)
			}
		})
	}
}
