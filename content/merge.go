package content

import (
	"bytes"
	"fmt"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// MergeLabels name the two sides in conflict markers, as git's do
// ("<<<<<<< HEAD", ">>>>>>> origin/main").
type MergeLabels struct {
	Ours, Theirs string
}

// LineRange is lines From to To of a text, counted from 1, To included;
// an empty range (To < From) stands before line From.
type LineRange struct {
	From, To int
}

// MergeConflict is one region both sides changed, each its own way.
type MergeConflict struct {
	// Line is where the region's "<<<<<<<" marker stands in the merged
	// text.
	Line int
	// Ours and Theirs are the region's lines in each side's text.
	Ours, Theirs LineRange
	// Key is the front-matter or configuration key both changed, when the
	// conflict is one.
	Key string
}

// MergeResult is a three-way merge: the merged text and where it holds
// conflict markers. Without conflicts Text is the merge.
type MergeResult struct {
	Text      []byte
	Conflicts []MergeConflict
}

// Merge3 merges two texts that both started from base, line by line, as
// diff3 and git merge do: a region changed on one side only takes that
// side's change, a region both changed the same way takes it once, and a
// region both changed differently is a conflict, written with git-style
// markers holding both sides. Nothing of either side is dropped.
func Merge3(base, ours, theirs []byte, labels MergeLabels) MergeResult {
	o, a, b := splitLines(base), splitLines(ours), splitLines(theirs)
	ma, mb := matchLines(base, ours, len(o)), matchLines(base, theirs, len(o))
	var out MergeResult
	var buf bytes.Buffer
	line := 1 // next line of the output
	emit := func(ls [][]byte) {
		for _, l := range ls {
			buf.Write(l)
			line++
		}
	}
	i, j, k := 0, 0, 0
	for i < len(o) || j < len(a) || k < len(b) {
		m := 0
		for i+m < len(o) && ma[i+m] == j+m && mb[i+m] == k+m {
			m++
		}
		if m > 0 {
			emit(o[i : i+m])
			i, j, k = i+m, j+m, k+m
			continue
		}
		// An unstable region runs up to the next base line both sides kept.
		n := i
		for n < len(o) && (ma[n] < 0 || mb[n] < 0) {
			n++
		}
		ea, eb := len(a), len(b)
		if n < len(o) {
			ea, eb = ma[n], mb[n]
		}
		oPart, aPart, bPart := o[i:n], a[j:ea], b[k:eb]
		switch {
		case sameLines(aPart, oPart):
			emit(bPart)
		case sameLines(bPart, oPart) || sameLines(aPart, bPart):
			emit(aPart)
		default:
			// Lines both sides start or end the region with are agreed
			// on; only what lies between is in conflict (git's zealous
			// level).
			pre := 0
			for pre < len(aPart) && pre < len(bPart) && bytes.Equal(aPart[pre], bPart[pre]) {
				pre++
			}
			suf := 0
			for suf < len(aPart)-pre && suf < len(bPart)-pre &&
				bytes.Equal(aPart[len(aPart)-1-suf], bPart[len(bPart)-1-suf]) {
				suf++
			}
			emit(aPart[:pre])
			out.Conflicts = append(out.Conflicts, MergeConflict{
				Line:   line,
				Ours:   LineRange{j + pre + 1, ea - suf},
				Theirs: LineRange{k + pre + 1, eb - suf},
			})
			emit([][]byte{[]byte("<<<<<<< " + labels.Ours + "\n")})
			emit(terminated(aPart[pre : len(aPart)-suf]))
			emit([][]byte{[]byte("=======\n")})
			emit(terminated(bPart[pre : len(bPart)-suf]))
			emit([][]byte{[]byte(">>>>>>> " + labels.Theirs + "\n")})
			emit(aPart[len(aPart)-suf:])
		}
		i, j, k = n, ea, eb
	}
	out.Text = buf.Bytes()
	if out.Text == nil {
		out.Text = []byte{}
	}
	return out
}

// splitLines cuts text into lines that keep their "\n"; the last may lack
// one.
func splitLines(text []byte) [][]byte {
	var lines [][]byte
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			lines = append(lines, text)
			break
		}
		lines = append(lines, text[:i+1])
		text = text[i+1:]
	}
	return lines
}

// matchLines maps each of base's n lines to the line of other it is kept
// as, or -1 when other removed or changed it, from a line diff.
func matchLines(base, other []byte, n int) []int {
	m := make([]int, n)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // an exact diff: a timeout would make merges depend on the machine's speed
	bc, oc, _ := dmp.DiffLinesToRunes(string(base), string(other))
	i, j := 0, 0
	for _, d := range dmp.DiffMainRunes(bc, oc, false) {
		c := len([]rune(d.Text))
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for range c {
				m[i] = j
				i, j = i+1, j+1
			}
		case diffmatchpatch.DiffDelete:
			for range c {
				m[i] = -1
				i++
			}
		case diffmatchpatch.DiffInsert:
			j += c
		}
	}
	return m
}

func sameLines(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// terminated returns lines whose last one ends in "\n", so a marker that
// follows starts a line of its own.
func terminated(lines [][]byte) [][]byte {
	if n := len(lines); n > 0 && !bytes.HasSuffix(lines[n-1], []byte("\n")) {
		out := append([][]byte(nil), lines...)
		out[n-1] = append(append([]byte(nil), lines[n-1]...), '\n')
		return out
	}
	return lines
}

// HasConflictMarkers reports whether text still holds a conflict region
// written by Merge3: a line that starts with "<<<<<<< " followed later by
// "=======" and ">>>>>>> " lines. It returns the line of the first one.
func HasConflictMarkers(text []byte) (int, bool) {
	state, first := 0, 0
	for n, l := range splitLines(text) {
		switch {
		case state == 0 && bytes.HasPrefix(l, []byte("<<<<<<< ")):
			state, first = 1, n+1
		case state == 1 && bytes.Equal(bytes.TrimRight(l, "\r\n"), []byte("=======")):
			state = 2
		case state == 2 && bytes.HasPrefix(l, []byte(">>>>>>> ")):
			return first, true
		}
	}
	return 0, false
}

// String describes the conflict for a person: which lines, and of whom.
func (c MergeConflict) String() string {
	if c.Key != "" {
		return fmt.Sprintf("front matter key %q (line %d)", c.Key, c.Line)
	}
	return fmt.Sprintf("line %d: ours %s, theirs %s", c.Line, c.Ours, c.Theirs)
}

// String writes the range as "lines 3-5", "line 3" or "nothing (before line 3)".
func (r LineRange) String() string {
	switch {
	case r.To < r.From:
		return fmt.Sprintf("removed (before line %d)", r.From)
	case r.To == r.From:
		return fmt.Sprintf("line %d", r.From)
	}
	return fmt.Sprintf("lines %d-%d", r.From, r.To)
}
