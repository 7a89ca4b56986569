package content

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnifiedDiffMatchesGitApply(t *testing.T) {
	// The output must be a patch git accepts: apply it to a and get b.
	cases := []struct{ a, b string }{
		{"one\ntwo\nthree\n", "one\n2\nthree\n"},
		{"", "new\n"},
		{"gone\n", ""},
		{"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\nn\n"},
		{"no newline", "no newline\nnow"},
		{"x\n", "x\ny\nz\n"},
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed to check the patches")
	}
	for _, tc := range cases {
		d := UnifiedDiff("a/f.md", "b/f.md", []byte(tc.a), []byte(tc.b), 3)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "f.md"), []byte(tc.a), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("git", "apply", "--unidiff-zero", "-")
		cmd.Dir, cmd.Stdin = dir, strings.NewReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git apply of\n%s\nfailed: %v\n%s", d, err, out)
		}
		got, _ := os.ReadFile(filepath.Join(dir, "f.md"))
		if string(got) != tc.b {
			t.Fatalf("applying\n%s\nto %q gave %q, want %q", d, tc.a, got, tc.b)
		}
	}
	if d := UnifiedDiff("a", "b", []byte("same\n"), []byte("same\n"), 3); d != "" {
		t.Fatalf("equal inputs gave %q", d)
	}
}

// diffLineCost bounds what the diff library and UnifiedDiff allocate per
// line beyond the bytes (measured: about 160 bytes for empty lines).
const diffLineCost = 512

func FuzzUnifiedDiff(f *testing.F) {
	f.Add("one\ntwo\n", "one\n2\n")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		var d string
		// A line diff keeps a few small records per line, whatever the
		// line's length, so its bound is the parsers' bound plus a fixed
		// cost per line: a file of empty lines costs more than its bytes.
		lines := strings.Count(a, "\n") + strings.Count(b, "\n") + 2
		checkBudget(t, len(a)+len(b), MemoryBudget(len(a)+len(b))+int64(diffLineCost*lines), func() { d = UnifiedDiff("a", "b", []byte(a), []byte(b), 3) })
		if (d == "") != (a == b) {
			t.Fatalf("diff of %q and %q is %q", a, b, d)
		}
		// Every line of a and of b is accounted for: removed or kept lines
		// rebuild a's changed region, added or kept lines b's.
		for _, l := range strings.Split(strings.TrimSuffix(d, "\n"), "\n") {
			if l != "" && !strings.ContainsRune(" +-@\\", rune(l[0])) {
				t.Fatalf("stray line %q in\n%s", l, d)
			}
		}
	})
}
