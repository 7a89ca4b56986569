package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fuzzDraftSeeds are inputs at the edges of the front matter rules.
var fuzzDraftSeeds = []string{
	"---js\nconst eleventyNavigation = { key: \"About\" };\n---\n# About\n",
	"",
	"---",
	"---\n",
	"---\n---\n",
	"---\n...\n",
	"+++\n+++\n",
	"---\r\ntitle: A\r\n---\r\nbody\r\n",
	"\ufeff---\nid: k3x9q2\n---\n",
	"\ufeff\ufeff---\n",
	"---\ntitle: A\n---\na\rb\r\r\nc",
	"---\nid:\n---\n",
	"---\nid: 234567\n---\n",
	"---\n# comment only\n---\n",
	"---\n{title: A}\n---\n",
	"---\n  title: A\n  x: 1\n---\n",
	"---\ntitle: a long\n  title\n---\n",
	"---\ntitle: |\n  block\n  ---\n---\n",
	"---\na: &a [1, 2]\nb: *a\n---\n",
	"---\na: &a [*a]\n---\n",
	"---\n<<: {x: 1}\n---\n",
	"---\n? [a]\n: b\n---\n",
	"---\ntitle: A\n--- x\n---\n",
	"---\nx: .nan\ny: 2026-11-25\n---\n",
	"+++\ntitle = \"A\" # c\n[params]\nid = \"x\"\n+++\n",
	"+++\nnotes = \"\"\"\n[fake]\n+++x\n\"\"\"\n+++\n",
	"+++\na.b = 1\n'c' = 2\n\"d\\u0041\" = 3\n+++\n",
	"+++\nt = [\n [1, 2], # c\n]\n+++\n",
	"--- \t\r\ntitle: A\n... \n",
	"# no front matter\n\n---\n",
	"\xff",
	"a\x00b",
}

func addDraftSeeds(f *testing.F, add func(data []byte)) {
	for _, s := range fuzzDraftSeeds {
		add([]byte(s))
	}
	for _, dir := range []string{"testdata/pages", "testdata/bench"} {
		names, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			add(b)
		}
	}
}

func FuzzParse(f *testing.F) {
	addDraftSeeds(f, func(b []byte) { f.Add(b) })
	f.Fuzz(func(t *testing.T, data []byte) {
		var d *Draft
		var err error
		if n := allocated(func() { d, err = Parse("f.md", data) }); n > MemoryBudget(len(data)) {
			t.Fatalf("parsing %d bytes allocated %d, over the budget of %d: %q", len(data), n, MemoryBudget(len(data)), data)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error %T %v, want *ParseError", err, err)
			}
			return
		}
		if !bytes.Equal(d.Bytes(), data) {
			t.Fatalf("Bytes() of an unchanged draft = %q, want %q", d.Bytes(), data)
		}
		if _, err := json.Marshal(d.Meta()); err != nil {
			t.Fatalf("json.Marshal(Meta()): %v", err)
		}
		// Written out again after a change, the draft must read the same.
		d.SetBody(d.Body)
		back, err := Parse("f.md", d.Bytes())
		if err != nil {
			t.Fatalf("Parse(Bytes()) after SetBody: %v\ninput %q\noutput %q", err, data, d.Bytes())
		}
		if back.ID != d.ID || back.Title != d.Title || !bytes.Equal(back.Body, d.Body) || back.BodyLine != d.BodyLine {
			t.Fatalf("round trip: {%q %q %q %d} -> {%q %q %q %d}\ninput %q\noutput %q",
				d.ID, d.Title, d.Body, d.BodyLine, back.ID, back.Title, back.Body, back.BodyLine, data, d.Bytes())
		}
		if !reflect.DeepEqual(back.Meta(), d.Meta()) {
			t.Fatalf("round trip changed Meta: %#v -> %#v", d.Meta(), back.Meta())
		}
	})
}

func FuzzSetRoundTrip(f *testing.F) {
	addDraftSeeds(f, func(b []byte) {
		f.Add(b, "title", "New title", false)
		f.Add(b, "id", "k3x9q2", true)
	})
	f.Add([]byte("---\ntitle: A\n---\n"), "title", "yes", false)
	f.Add([]byte("---\ntitle: A\n---\n"), "title", "multi\nline\n---\n", false)
	f.Add([]byte("+++\ntitle = \"A\"\n+++\n"), "title", "quote \" and \\ and \t", true)
	f.Add([]byte("---\ntitle: 'x' # c\n---\n"), "title", "it's", false)
	f.Add([]byte("body only"), "draft", "1:20", true)
	f.Fuzz(func(t *testing.T, data []byte, key, value string, setDraft bool) {
		d, err := Parse("f.md", data)
		if err != nil {
			return
		}
		before := d.Meta()
		// Set reads the draft's front matter again to edit it in place.
		n := len(data) + len(key) + len(value)
		checkBudget(t, n, MemoryBudget(n), func() { err = d.Set(key, value) })
		if err != nil {
			if !bytes.Equal(d.Bytes(), data) {
				t.Fatalf("a failed Set(%q, %q) changed the draft: %v", key, value, err)
			}
			return
		}
		if setDraft && key != "draft" {
			if err := d.SetBool("draft", false); err != nil {
				// Refusals (draft holds a list, ...) are fine; the draft must still read back.
				setDraft = false
			}
		}
		out := d.Bytes()
		back, err := Parse("f.md", out)
		if err != nil {
			t.Fatalf("Parse after Set(%q, %q): %v\ninput %q\noutput %q", key, value, err, data, out)
		}
		if got, ok := back.Get(key); !ok || got != value {
			t.Fatalf("Get(%q) after Set = %q, %v; want %q\noutput %q", key, got, ok, value, out)
		}
		if back.ID != d.ID || back.Title != d.Title || !bytes.Equal(back.Body, d.Body) || back.BodyLine != d.BodyLine {
			t.Fatalf("round trip: {%q %q %q %d} -> {%q %q %q %d}\noutput %q",
				d.ID, d.Title, d.Body, d.BodyLine, back.ID, back.Title, back.Body, back.BodyLine, out)
		}
		after := back.Meta()
		for k, v := range before {
			if k == key || (setDraft && k == "draft") {
				continue
			}
			if !reflect.DeepEqual(v, after[k]) {
				t.Fatalf("Set(%q) changed %q: %#v -> %#v\ninput %q\noutput %q", key, k, v, after[k], data, out)
			}
		}
		if bytes.Contains(out, []byte("\r\n")) {
			t.Fatalf("output holds CRLF: %q", out)
		}
	})
}
