package content

import (
	"bytes"
	"testing"
	"time"
)

func TestEqualIgnoringKeys(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", "---\ntitle: A\n---\nbody\n", "---\ntitle: A\n---\nbody\n", true},
		{"draft flipped", "---\ntitle: A\ndraft: true\n---\nbody\n", "---\ntitle: A\ndraft: false\n---\nbody\n", true},
		{"draft added at the end", "---\ntitle: A\n---\nbody\n", "---\ntitle: A\ndraft: false\n---\nbody\n", true},
		{"draft removed in the middle", "---\ntitle: A\ndraft: true\ndate: 2026-01-01\n---\nb\n", "---\ntitle: A\ndate: 2026-01-01\n---\nb\n", true},
		{"draft with a comment", "---\ndraft: true # not yet\ntitle: A\n---\nb\n", "---\ndraft: false\ntitle: A\n---\nb\n", true},
		{"head comment of the next key is kept", "---\ndraft: true\n# about the title\ntitle: A\n---\nb\n", "---\ndraft: false\ntitle: A\n---\nb\n", false},
		{"multi-line value", "---\ndraft:\n  - x\n  - y\ntitle: A\n---\nb\n", "---\ndraft: false\ntitle: A\n---\nb\n", true},
		{"body changed", "---\ndraft: true\n---\nbody\n", "---\ndraft: false\n---\nbody!\n", false},
		{"other key changed", "---\ntitle: A\ndraft: true\n---\nb\n", "---\ntitle: B\ndraft: false\n---\nb\n", false},
		{"comment changed", "---\n# x\ndraft: true\n---\nb\n", "---\n# y\ndraft: false\n---\nb\n", false},
		{"line endings changed", "---\r\ndraft: true\r\n---\r\nb\r\n", "---\ndraft: false\n---\nb\n", false},
		{"crlf kept, draft flipped", "---\r\ndraft: true\r\ntitle: A\r\n---\r\nb\r\n", "---\r\ndraft: false\r\ntitle: A\r\n---\r\nb\r\n", true},
		{"bom kept", "\ufeff---\ndraft: true\n---\nb\n", "\ufeff---\ndraft: false\n---\nb\n", true},
		{"bom lost", "\ufeff---\ndraft: true\n---\nb\n", "---\ndraft: false\n---\nb\n", false},
		{"flow mapping compares bytes", "---\n{title: A, draft: true}\n---\nb\n", "---\n{title: A, draft: false}\n---\nb\n", false},
		{"anchored value compares bytes", "---\ndraft: &d true\nx: *d\n---\nb\n", "---\ndraft: &d false\nx: *d\n---\nb\n", false},
		{"nested draft key is not top-level", "---\nparams:\n  draft: true\n---\nb\n", "---\nparams:\n  draft: false\n---\nb\n", false},
		{"toml flipped", "+++\ntitle = \"A\"\ndraft = true\n+++\nb\n", "+++\ntitle = \"A\"\ndraft = false\n+++\nb\n", true},
		{"toml added", "+++\ntitle = \"A\"\n+++\nb\n", "+++\ntitle = \"A\"\ndraft = false\n+++\nb\n", true},
		{"toml table key is not top-level", "+++\n[params]\ndraft = true\n+++\nb\n", "+++\n[params]\ndraft = false\n+++\nb\n", false},
		{"unparsable compares bytes", "---\ndraft: [\n---\nb\n", "---\ndraft: ]\n---\nb\n", false},
		{"no front matter", "body\n", "body\n", true},
		{"yaml against toml", "---\ndraft: true\n---\nb\n", "+++\ndraft = true\n+++\nb\n", false},
		{"body line looks like the key", "---\ndraft: true\n---\ndraft: true\n", "---\ndraft: false\n---\ndraft: false\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EqualIgnoringKeys([]byte(tt.a), []byte(tt.b), "draft"); got != tt.want {
				t.Fatalf("EqualIgnoringKeys = %v, want %v", got, tt.want)
			}
			if got := EqualIgnoringKeys([]byte(tt.b), []byte(tt.a), "draft"); got != tt.want {
				t.Fatalf("EqualIgnoringKeys swapped = %v, want %v", got, tt.want)
			}
		})
	}
	if EqualIgnoringKeys([]byte("---\ndraft: true\n---\n"), []byte("---\ndraft: false\n---\n")) {
		t.Fatal("no keys: a changed draft compared equal")
	}
}

// TestEqualIgnoringKeysAfterSetBool is the case it exists for: what
// `cc publish` writes compares equal to what was approved.
func TestEqualIgnoringKeysAfterSetBool(t *testing.T) {
	for _, src := range []string{
		string(New("content/posts/our-launch-plan.md", "k3x9q2", "Our launch plan", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), []byte("We ship.\n")).Bytes()),
		"---\ntitle: Old page\ntags: [a, b]   # kept\n---\nText.\n",
		"+++\ntitle = \"Hugo page\"\ndraft = true\n\n[params]\nx = 1\n+++\nText.\n",
		"+++\ntitle = \"Hugo page\"\n\n[params]\nx = 1\n+++\nText.\n",
	} {
		d, err := Parse("a.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if err := d.SetBool("draft", false); err != nil {
			t.Fatal(err)
		}
		if !EqualIgnoringKeys([]byte(src), d.Bytes(), "draft") {
			t.Errorf("publishing changed more than draft:\n%s\n---- became ----\n%s", src, d.Bytes())
		}
		if EqualIgnoringKeys([]byte(src), append(d.Bytes(), 'x'), "draft") {
			t.Errorf("a body change went unnoticed in\n%s", src)
		}
	}
}

func FuzzEqualIgnoringKeys(f *testing.F) {
	f.Add([]byte("---\ntitle: A\ndraft: true\n---\nbody\n"), []byte("---\ntitle: A\ndraft: false\n---\nbody\n"))
	f.Add([]byte("+++\ndraft = true\n+++\nb\n"), []byte("+++\n+++\nb\n"))
	f.Add([]byte("---\ndraft:\n  - x\n# c\ntitle: A\n---\n"), []byte("---\n{draft: 1}\n---\n"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var eq bool
		checkBudget(t, len(a)+len(b), MemoryBudget(len(a)+len(b)), func() { eq = EqualIgnoringKeys(a, b, "draft") })
		if eq != EqualIgnoringKeys(b, a, "draft") {
			t.Fatal("not symmetric")
		}
		if !EqualIgnoringKeys(a, a, "draft") {
			t.Fatal("not reflexive")
		}
		if bytes.Equal(a, b) && !eq {
			t.Fatal("equal bytes compared unequal")
		}
		if !eq {
			return
		}
		// Whatever compares equal differs in draft at most: the bodies
		// and every other key are the same.
		da, errA := Parse("a.md", a)
		db, errB := Parse("b.md", b)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("one side parses and the other does not: %v / %v", errA, errB)
		}
		if errA != nil {
			return
		}
		if !bytes.Equal(da.Body, db.Body) || da.Format != db.Format {
			t.Fatalf("bodies or formats differ:\n%q\n%q", a, b)
		}
		ma, mb := da.Meta(), db.Meta()
		delete(ma, "draft")
		delete(mb, "draft")
		if len(ma) != len(mb) {
			t.Fatalf("keys differ: %v / %v", ma, mb)
		}
	})
}
