package content

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// allocated returns the bytes f allocates, garbage included.
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// checkBudget runs f, which reads n bytes, and fails when that allocates
// more than limit.
func checkBudget(t testing.TB, n int, limit int64, f func()) {
	t.Helper()
	if a := allocated(f); a > limit {
		t.Fatalf("reading %d bytes allocated %d, over the budget of %d (%.1f times the input)",
			n, a, limit, float64(a)/float64(max(n, 1)))
	}
}

// checkParseBudget parses data and fails when that allocates more than
// MemoryBudget(len(data)).
func checkParseBudget(t *testing.T, data []byte) error {
	t.Helper()
	var err error
	if n := allocated(func() { _, err = Parse("m.md", data) }); n > MemoryBudget(len(data)) {
		t.Errorf("parsing %d bytes allocated %d, over the budget of %d (%.1f times the input)",
			len(data), n, MemoryBudget(len(data)), float64(n)/float64(len(data)))
	}
	return err
}

func TestParseSizeLimits(t *testing.T) {
	big := make([]byte, MaxDraftSize+1)
	_, err := Parse("big.md", big)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "33554433 bytes") || !strings.Contains(err.Error(), "32 MiB") {
		t.Errorf("oversized draft: %v", err)
	}
	fm := "---\nnotes: \"" + strings.Repeat("x", MaxFrontMatterSize) + "\"\n---\nbody\n"
	_, err = Parse("fm.md", []byte(fm))
	var pe *ParseError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &pe) || pe.Line != 1 || !strings.Contains(err.Error(), "256 KiB") {
		t.Errorf("oversized front matter: %v", err)
	}
	// Just under the limit, a block is still read only if yaml.v3 can read
	// it within the memory budget: one long string cannot be, ...
	fm = "---\nnotes: \"" + strings.Repeat("x", MaxFrontMatterSize-12) + "\"\n---\nbody\n"
	if _, err := Parse("fm.md", []byte(fm)); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "too large in structure") {
		t.Errorf("front matter at the limit: %v", err)
	}
	// ... a page with a long description can.
	fm = "---\nnotes: \"" + strings.Repeat("x", 24<<10) + "\"\n---\nbody\n"
	if _, err := Parse("fm.md", []byte(fm)); err != nil {
		t.Errorf("front matter with a long value: %v", err)
	}
}

func TestParseAliasBomb(t *testing.T) {
	bomb := `---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
`
	start := time.Now()
	_, err := Parse("bomb.md", []byte(bomb))
	if err == nil || !strings.Contains(err.Error(), "through aliases") {
		t.Errorf("billion laughs: err = %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("billion laughs took %v", time.Since(start))
	}
	// A few aliases, as a real page might use, are fine.
	ok := "---\nbase: &base {layout: post}\none: *base\ntwo: *base\n---\n"
	if _, err := Parse("ok.md", []byte(ok)); err != nil {
		t.Errorf("small aliases: %v", err)
	}
}

func TestParseMemoryBudget(t *testing.T) {
	const mib = 1 << 20
	lines := func(s string, n int) string { return strings.Repeat(s, n) }
	keys := func(format string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	for _, tt := range []struct {
		name, data string
		refused    bool // as too large in structure
	}{
		{"yaml flow list", "---\ntags: [" + lines("a,", 100_000) + "a]\n---\n", true},
		{"yaml block list", "---\ntags:\n" + lines("- a\n", 60_000) + "---\n", true},
		{"yaml many keys", "---\n" + lines("a: b\n", 50_000) + "---\n", true},
		{"yaml deep nesting", "---\na: " + lines("[", 10_000) + lines("]", 10_000) + "\n---\n", true},
		{"yaml flow mappings", "---\na: [" + lines("{a: b},", 30_000) + "{}]\n---\n", true},
		{"yaml anchors", "---\na: [" + lines("&a a,", 50_000) + "a]\n---\n", true},
		{"yaml aliases", "---\na: &a [a, a, a, a, a, a, a, a]\nb: [" + lines("*a,", 50_000) + "*a]\n---\n", true},
		{"yaml long anchor", "---\na: &" + lines("a", 200_000) + " b\n---\n", true},
		{"yaml literal of one-byte lines", "---\na: |\n" + lines("  a\n", 60_000) + "---\n", true},
		{"yaml plain words", "---\na: " + lines("a ", 100_000) + "\n---\n", true},
		{"toml array", "+++\na = [" + lines("1,", 100_000) + "1]\n+++\n", true},
		{"toml nested arrays", "+++\na = " + lines("[", 10_000) + lines("]", 10_000) + "\n+++\n", true},
		{"toml inline tables", "+++\na = [" + lines("{},", 50_000) + "{}]\n+++\n", true},
		{"toml tables", "+++\n" + lines("[[a]]\n", 40_000) + "+++\n", true},
		{"toml dotted key", "+++\na" + lines(".a", 20_000) + " = 1\n+++\n", true},
		{"toml deep table", "+++\n[a" + lines(".a", 2_000) + "]\n" + lines("k = 1\n", 2_000) + "+++\n", true},
		{"yaml duplicate keys", "---\n" + lines("k: v\n", 200) + "---\n", false},
		{"body of one-byte lines", "---\ntitle: A\n---\n" + lines("a\n", mib/2), false},
		{"body with CRLF", "---\r\ntitle: A\r\n---\r\n" + lines("a\r\n", mib/3), false},
		{"no front matter", lines("\n", mib), false},
		{"yaml page", "---\ntitle: A\ntags: [" + lines("tag,", 50) + "x]\n" + keys("k%d: v\n", 100) + "---\nbody\n", false},
		{"toml page", "+++\ntitle = 'A'\ntags = [" + lines("'tag',", 50) + "'x']\n" + keys("[t%d]\nk = 1\n", 20) + "+++\nbody\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := checkParseBudget(t, []byte(tt.data))
			var pe *ParseError
			switch {
			case strings.Contains(tt.name, "duplicate"):
				if err == nil || !strings.Contains(err.Error(), "already defined at line 1") {
					t.Errorf("duplicate keys: %v", err)
				}
			case !tt.refused && err != nil:
				t.Errorf("refused: %v", err)
			case tt.refused && (!errors.Is(err, ErrTooLarge) || !errors.As(err, &pe) || pe.Line < 2 ||
				!strings.Contains(err.Error(), "too large in structure")):
				t.Errorf("not refused as too large: %v", err)
			}
		})
	}
}

// The front matter of the real pages is far from the limits.
func TestCostOfRealPages(t *testing.T) {
	for _, data := range realPages(t) {
		s, err := splitFrontMatter("p.md", data)
		if err != nil {
			t.Fatal(err)
		}
		cost, _ := YAMLCost(s.block, 1<<62)
		if s.format == FormatTOML {
			cost, _ = tomlCost(s.block, 1<<62)
		}
		if cost > frontMatterBudget(len(s.block))/4 {
			t.Errorf("%q: cost %d of %d bytes is near the budget", s.block, cost, len(s.block))
		}
	}
}

func realPages(t *testing.T) [][]byte {
	var pages [][]byte
	for _, dir := range []string{"testdata/pages", "testdata/bench", "testdata/anchors"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, b)
		}
	}
	return pages
}

// TestYAMLCostComments: the rest of a line after a comment's "#" costs its
// bytes only, unless a quote on the line could make the "#" text followed
// by structure.
func TestYAMLCostComments(t *testing.T) {
	prose := strings.Repeat("# a: b, c - d [e] {f}: g\n", 100)
	comments, _ := YAMLCost([]byte(prose), 1<<40)
	text, _ := YAMLCost([]byte(strings.ReplaceAll(prose, "#", "x")), 1<<40)
	if comments > text/4 {
		t.Errorf("100 comment lines cost %d, against %d as text: as if they held nodes", comments, text)
	}
	tail, _ := YAMLCost([]byte("key: value  # x: y, [z]\n"), 1<<40)
	head, _ := YAMLCost([]byte("key: value\n"), 1<<40)
	if tail-head > 64*int64(yamlByteCost+yamlRunCost) {
		t.Errorf("a line comment after a value costs %d more than the value alone", tail-head)
	}
	// A quote on the line: the "#" may be inside a scalar that closes
	// before more structure, so everything counts.
	for _, in := range []string{
		"[ \"a\n # \", [[[[[[[[[[\n",
		"k: 'x # y', z: [1, 2, 3]\n",
	} {
		got, _ := YAMLCost([]byte(in), 1<<40)
		if got < int64(strings.Count(in, "[")*3*yamlNodeCost) {
			t.Errorf("YAMLCost(%q) = %d: it skipped structure after a quoted #", in, got)
		}
	}
}
