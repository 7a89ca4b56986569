package content

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// UnifiedDiff returns the line differences between a and b as a unified
// diff (the format of diff -u and git diff) with context lines around each
// change, headed by the names given; "" when they are equal.
func UnifiedDiff(aName, bName string, a, b []byte, context int) string {
	if string(a) == string(b) {
		return ""
	}
	dmp := diffmatchpatch.New()
	ac, bc, lines := dmp.DiffLinesToChars(string(a), string(b))
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ac, bc, false), lines)

	// One entry per line: ' ' kept, '-' removed, '+' added.
	type line struct {
		op   byte
		text string
	}
	// At most every line of a and of b, once each: sized up front, since
	// growing by appends would allocate several times over.
	all := make([]line, 0, strings.Count(string(a), "\n")+strings.Count(string(b), "\n")+2)
	for _, d := range diffs {
		op := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = '-'
		case diffmatchpatch.DiffInsert:
			op = '+'
		}
		text := d.Text
		for text != "" {
			l, rest, found := strings.Cut(text, "\n")
			if !found {
				l += "\n\\ No newline at end of file"
			}
			all = append(all, line{op, l})
			text = rest
		}
	}

	var b2 strings.Builder
	fmt.Fprintf(&b2, "--- %s\n+++ %s\n", aName, bName)
	for i := 0; i < len(all); {
		if all[i].op == ' ' {
			i++
			continue
		}
		// A hunk: from context lines before this change to context lines
		// after the last change that is no more than 2*context lines away.
		start := max(0, i-context)
		end := i
		for j := i; j < len(all); j++ {
			if all[j].op != ' ' {
				end = j
			} else if j-end > 2*context {
				break
			}
		}
		stop := min(len(all), end+context+1)
		aStart, bStart := 1, 1
		for _, l := range all[:start] {
			if l.op != '+' {
				aStart++
			}
			if l.op != '-' {
				bStart++
			}
		}
		aLen, bLen := 0, 0
		for _, l := range all[start:stop] {
			if l.op != '+' {
				aLen++
			}
			if l.op != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&b2, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
		for _, l := range all[start:stop] {
			b2.WriteByte(l.op)
			b2.WriteString(l.text)
			b2.WriteByte('\n')
		}
		i = stop
	}
	return b2.String()
}

// FilePatch is the change of one file from a (at aPath) to b (at bPath)
// as git diff writes it, which git apply accepts: a diff --git header, a
// rename when the paths differ, and /dev/null for a side that does not
// exist (aExists, bExists); "" when nothing changed.
func FilePatch(aPath, bPath string, a, b []byte, aExists, bExists bool) string {
	if aPath == bPath && aExists == bExists && string(a) == string(b) {
		return ""
	}
	var h strings.Builder
	fmt.Fprintf(&h, "diff --git a/%s b/%s\n", aPath, bPath)
	aName, bName := "a/"+aPath, "b/"+bPath
	switch {
	case !aExists:
		h.WriteString("new file mode 100644\n")
		aName = "/dev/null"
	case !bExists:
		h.WriteString("deleted file mode 100644\n")
		bName = "/dev/null"
	case aPath != bPath:
		fmt.Fprintf(&h, "rename from %s\nrename to %s\n", aPath, bPath)
	}
	body := UnifiedDiff(aName, bName, a, b, 3)
	if body == "" {
		return h.String() // renamed, not changed
	}
	return h.String() + body
}

// hunkRange writes a hunk's start and length as diff -u does: an empty
// range starts at the line before it.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
