package content

import (
	"strings"
	"testing"
)

// sides rebuilds the old and the new text from a word diff.
func sides(chunks []WordChunk) (old, new string) {
	var a, b strings.Builder
	for _, c := range chunks {
		if c.Op != WordInserted {
			a.WriteString(c.Text)
		}
		if c.Op != WordDeleted {
			b.WriteString(c.Text)
		}
	}
	return a.String(), b.String()
}

// unmark reads a text MarkWords wrote with PlainMarks back into its old
// and new sides; ok is false when the marks do not pair up.
func unmark(s string) (old, new string, ok bool) {
	var a, b strings.Builder
	marks := []struct {
		start, end string
		side       *strings.Builder
	}{{"[-", "-]", &a}, {"{+", "+}", &b}}
next:
	for s != "" {
		for _, m := range marks {
			if rest, found := strings.CutPrefix(s, m.start); found {
				text, rest, found := strings.Cut(rest, m.end)
				if !found {
					return "", "", false
				}
				m.side.WriteString(text)
				s = rest
				continue next
			}
		}
		a.WriteByte(s[0])
		b.WriteByte(s[0])
		s = s[1:]
	}
	return a.String(), b.String(), true
}

func TestWordDiff(t *testing.T) {
	cases := []struct{ a, b, marked string }{
		{"We launch in March.\n", "We launch in April.\n", "We launch in [-March-]{+April+}.\n"},
		{"one two three\n", "one three\n", "one [-two -]three\n"},
		{"naïve café\n", "naive café\n", "[-naïve-]{+naive+} café\n"},
		{"a\nb\n", "a b\n", "a[-\n-]{+ +}b\n"},
		{"same\n", "same\n", "same\n"},
		{"", "new\n", "{+new\n+}"},
	}
	for _, tc := range cases {
		chunks := WordDiff(tc.a, tc.b)
		if got := MarkWords(chunks, PlainMarks); got != tc.marked {
			t.Errorf("WordDiff(%q, %q) marked %q, want %q", tc.a, tc.b, got, tc.marked)
		}
		if a, b := sides(chunks); a != tc.a || b != tc.b {
			t.Errorf("WordDiff(%q, %q) has sides %q and %q", tc.a, tc.b, a, b)
		}
	}
}

func TestWordDiffText(t *testing.T) {
	var a, b strings.Builder
	for i := 1; i <= 20; i++ {
		line := strings.Repeat("word ", i%4+1) + "line\n"
		a.WriteString(line)
		if i == 3 {
			line = strings.Replace(line, "line", "row", 1)
		}
		if i == 15 {
			b.WriteString("an added line\n")
		}
		b.WriteString(line)
	}
	got := WordDiffText("a/f.md (v1)", "b/f.md (HEAD)", WordDiff(a.String(), b.String()), 1, PlainMarks)
	want := "--- a/f.md (v1)\n+++ b/f.md (HEAD)\n" +
		"@@ -2 +2 @@\nword word word line\nword word word word [-line-]{+row+}\nword line\n" +
		"@@ -14 +14 @@\nword word word line\n{+an added line\n+}word word word word line\nword line\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := WordDiffText("a", "b", WordDiff("x\n", "x\n"), 3, PlainMarks); got != "" {
		t.Errorf("no change gave %q", got)
	}
	colored := WordDiffText("a", "b", WordDiff("red\n", "green\n"), 3, ColorMarks)
	if !strings.Contains(colored, "\x1b[31mred\x1b[m\x1b[32mgreen\x1b[m") {
		t.Errorf("colour marks: %q", colored)
	}
}

// FuzzWordDiff checks that a word diff is exact: its old side is the old
// text and its new side the new one, both as chunks and as the marked text
// (when the texts hold no bracket that could be taken for a mark).
func FuzzWordDiff(f *testing.F) {
	f.Add("We launch in March.\n", "We launch in the second week of March.\n")
	f.Add("a\nb\n", "a b")
	f.Add("", "x")
	f.Add("naïve\xffcafé", "naive café\r\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		chunks := WordDiff(a, b)
		if old, new := sides(chunks); old != a || new != b {
			t.Fatalf("WordDiff(%q, %q) has sides %q and %q", a, b, old, new)
		}
		for i, c := range chunks {
			if c.Text == "" || (i > 0 && chunks[i-1].Op == c.Op) {
				t.Fatalf("WordDiff(%q, %q): chunk %d is empty or not merged: %q", a, b, i, chunks)
			}
		}
		if strings.ContainsAny(a+b, "[]{}") {
			return
		}
		marked := MarkWords(chunks, PlainMarks)
		old, new, ok := unmark(marked)
		if !ok || old != a || new != b {
			t.Fatalf("marked %q reads back as %q and %q (ok %v), want %q and %q", marked, old, new, ok, a, b)
		}
		if a != b && WordDiffText("a", "b", chunks, len(a)+len(b), PlainMarks) == "" {
			t.Fatalf("WordDiffText of %q and %q is empty", a, b)
		}
	})
}
