package content

import (
	"bytes"
	"testing"
)

// mergeSeeds are base, ours and theirs texts at the edges of the merge.
var mergeSeeds = [][3]string{
	{"", "", ""},
	{"a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n"},
	{"a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n"},
	{"a", "b", "c"},
	{"a\n", "", "a\nb\n"},
	{"\n\n\n", "x\n\n\n", "\n\n\ny"},
	{"<<<<<<< a\n=======\n>>>>>>> b\n", "", "x"},
	{"id: a\ntitle: b\n", "id: a\ntitle: c\n", "id: a\ntitle: b\ntags: [x]\n"},
	{"# c\nk: 1\n", "k: 2\n", "# c\nk: 1\nj: 3\n"},
	{"a: {b: 1}\n", "a:\n  b: 2\n", "a: {b: 1}\nz: 0"},
}

// FuzzMerge3 checks the merge's defining properties: a side that did not
// change takes the other, equal sides merge to themselves, and every
// conflict region holds exactly both sides' lines.
func FuzzMerge3(f *testing.F) {
	for _, s := range mergeSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, base, a, b string) {
		if got := Merge3([]byte(base), []byte(a), []byte(base), testLabels); string(got.Text) != a || len(got.Conflicts) > 0 {
			t.Fatalf("merge(base, a, base) = %q %v, want %q", got.Text, got.Conflicts, a)
		}
		if got := Merge3([]byte(base), []byte(base), []byte(a), testLabels); string(got.Text) != a || len(got.Conflicts) > 0 {
			t.Fatalf("merge(base, base, a) = %q, want %q", got.Text, a)
		}
		if got := Merge3([]byte(base), []byte(a), []byte(a), testLabels); string(got.Text) != a || len(got.Conflicts) > 0 {
			t.Fatalf("merge(base, a, a) = %q, want %q", got.Text, a)
		}
		res := Merge3([]byte(base), []byte(a), []byte(b), testLabels)
		checkConflictRegions(t, res, a, b)
	})
}

// checkConflictRegions asserts that each conflict of res holds the lines
// of ours and theirs it names, between markers at the line it names.
func checkConflictRegions(t *testing.T, res MergeResult, ours, theirs string) {
	t.Helper()
	out := splitLines(res.Text)
	ol, tl := splitLines([]byte(ours)), splitLines([]byte(theirs))
	for _, c := range res.Conflicts {
		at := c.Line - 1
		if at >= len(out) || !bytes.HasPrefix(out[at], []byte("<<<<<<< ")) {
			t.Fatalf("conflict %+v: no marker at line %d of %q", c, c.Line, res.Text)
		}
		at++
		for _, side := range []struct {
			lines [][]byte
			r     LineRange
			end   string
		}{{ol, c.Ours, "=======\n"}, {tl, c.Theirs, ">>>>>>> "}} {
			for n := side.r.From; n <= side.r.To; n++ {
				want := bytes.TrimSuffix(side.lines[n-1], []byte("\n"))
				if at >= len(out) || !bytes.Equal(bytes.TrimSuffix(out[at], []byte("\n")), want) {
					t.Fatalf("conflict %+v: line %d of a side is not in the region of %q", c, n, res.Text)
				}
				at++
			}
			if at >= len(out) || !bytes.HasPrefix(out[at], []byte(side.end)) {
				t.Fatalf("conflict %+v: region does not end with %q in %q", c, side.end, res.Text)
			}
			at++
		}
	}
}

// FuzzMergeKeys checks the key merge: an unchanged side takes the other,
// equal sides merge to themselves, and a clean merge reads back as a
// mapping whose every key has the value one of the sides gave it.
func FuzzMergeKeys(f *testing.F) {
	for _, s := range mergeSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, base, a, b string) {
		if len(base)+len(a)+len(b) > 4096 {
			return
		}
		aSeg, ok := yamlSegments([]byte(a))
		if !ok {
			return
		}
		aText := joinSegments(aSeg)
		for _, pair := range [][2]string{{a, base}, {base, a}, {a, a}} {
			got, ok := MergeKeys([]byte(base), []byte(pair[0]), []byte(pair[1]), testLabels)
			if ok && (string(got.Text) != aText || len(got.Conflicts) > 0) {
				t.Fatalf("merge(%q, %q, %q) = %q %v, want %q", base, pair[0], pair[1], got.Text, got.Conflicts, aText)
			}
		}
		res, ok := MergeKeys([]byte(base), []byte(a), []byte(b), testLabels)
		if !ok || len(res.Conflicts) > 0 {
			return
		}
		m, ok := yamlSegments(res.Text)
		if !ok {
			t.Fatalf("clean merge %q is not a mapping", res.Text)
		}
		bSeg, _ := yamlSegments([]byte(b))
		for _, k := range m.keys {
			if !bytes.Equal(m.text[k], aSeg.text[k]) && !bytes.Equal(m.text[k], bSeg.text[k]) {
				t.Fatalf("key %q = %q, from neither side", k, m.text[k])
			}
		}
	})
}

func joinSegments(s yamlSegmented) string {
	var b []byte
	for _, k := range s.keys {
		b = append(b, s.text[k]...)
	}
	return string(b)
}
