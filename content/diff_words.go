package content

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// WordOp says which side of a word diff a piece of text belongs to.
type WordOp int8

// The sides of a word diff.
const (
	WordSame     WordOp = iota // in both texts
	WordDeleted                // only in the old text
	WordInserted               // only in the new text
)

func (o WordOp) String() string {
	switch o {
	case WordDeleted:
		return "deleted"
	case WordInserted:
		return "inserted"
	}
	return "same"
}

// WordChunk is one piece of a word diff.
type WordChunk struct {
	Op   WordOp
	Text string
}

// WordDiff compares a and b word by word, as git diff --word-diff does:
// the old text is the concatenation of the same and deleted chunks, the
// new text of the same and inserted ones. Words are runs of letters,
// digits and marks; runs of spaces, line breaks and every other character
// are tokens of their own, so a changed word never drags its neighbours
// in and a changed line ending shows as such.
func WordDiff(a, b string) []WordChunk {
	if a == b {
		if a == "" {
			return nil
		}
		return []WordChunk{{WordSame, a}}
	}
	ids := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		var out []rune
		for _, t := range wordTokens(s) {
			r, ok := ids[t]
			if !ok {
				r = tokenRune(len(tokens))
				ids[t] = r
				tokens = append(tokens, t)
			}
			out = append(out, r)
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // the whole answer, however long it takes
	diffs := dmp.DiffMainRunes(ra, rb, false)
	for i := range diffs {
		var text strings.Builder
		for _, r := range diffs[i].Text {
			text.WriteString(tokens[runeToken(r)])
		}
		diffs[i].Text = text.String()
	}
	// Slide each change to where it reads best (a line start before a
	// word start), as git's diff heuristics do: an added line is shown
	// as a line, not as the end of one and the start of the next. The
	// library works on runes, so text that is not UTF-8 is left as it is.
	if utf8.ValidString(a) && utf8.ValidString(b) {
		diffs = dmp.DiffCleanupSemanticLossless(diffs)
	}
	var out []WordChunk
	for _, d := range diffs {
		op := WordSame
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = WordDeleted
		case diffmatchpatch.DiffInsert:
			op = WordInserted
		}
		if d.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += d.Text
		} else {
			out = append(out, WordChunk{op, d.Text})
		}
	}
	return out
}

// tokenRune stands for the i-th distinct token in the diff: a valid rune,
// so that the diff library's conversions to and from strings keep it.
func tokenRune(i int) rune {
	r := rune(i) + 1
	if r >= 0xD800 {
		r += 0x800 // past the surrogates
	}
	return r
}

func runeToken(r rune) int {
	if r >= 0xD800+0x800 {
		r -= 0x800
	}
	return int(r) - 1
}

// wordTokens splits s into words (letters, digits, marks), runs of spaces
// and tabs, and single other characters (line breaks and punctuation). An
// invalid UTF-8 byte is a token of its own.
func wordTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		class := tokenClass(r, n)
		if class != 0 {
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if tokenClass(r2, n2) != class {
					break
				}
				j += n2
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// tokenClass is 1 for a word character, 2 for a space or tab, and 0 for a
// character that is a token alone.
func tokenClass(r rune, n int) int {
	switch {
	case r == utf8.RuneError && n <= 1:
		return 0
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return 1
	case r == ' ' || r == '\t':
		return 2
	}
	return 0
}

// WordMarks are what a word diff writes around deleted and inserted text.
type WordMarks struct {
	DeletedStart, DeletedEnd, InsertedStart, InsertedEnd string
}

// PlainMarks are git diff --word-diff=plain's markers.
var PlainMarks = WordMarks{"[-", "-]", "{+", "+}"}

// ColorMarks colour deleted text red and inserted text green, as git's
// --word-diff=color does.
var ColorMarks = WordMarks{"\x1b[31m", "\x1b[m", "\x1b[32m", "\x1b[m"}

// markLines writes chunks as lines of text, changes between marks; a
// change that spans lines keeps its line breaks inside its marks, so the
// text is exact. Each line says whether it holds a change, and the old and
// new line numbers it starts on.
func markLines(chunks []WordChunk, m WordMarks) []markedLine {
	lines := []markedLine{{oldLine: 1, newLine: 1}}
	oldLine, newLine := 1, 1
	for _, c := range chunks {
		cur := &lines[len(lines)-1]
		switch c.Op {
		case WordDeleted:
			cur.changed = true
			cur.text = append(append(append(cur.text, m.DeletedStart...), c.Text...), m.DeletedEnd...)
			oldLine += strings.Count(c.Text, "\n")
			continue
		case WordInserted:
			cur.changed = true
			cur.text = append(append(append(cur.text, m.InsertedStart...), c.Text...), m.InsertedEnd...)
			newLine += strings.Count(c.Text, "\n")
			continue
		}
		for text := c.Text; text != ""; {
			piece, rest, nl := strings.Cut(text, "\n")
			cur := &lines[len(lines)-1]
			cur.text = append(cur.text, piece...)
			if !nl {
				break
			}
			cur.text = append(cur.text, '\n')
			oldLine, newLine = oldLine+1, newLine+1
			lines = append(lines, markedLine{oldLine: oldLine, newLine: newLine})
			text = rest
		}
	}
	if last := &lines[len(lines)-1]; len(last.text) == 0 {
		lines = lines[:len(lines)-1]
	}
	return lines
}

type markedLine struct {
	text             []byte
	changed          bool
	oldLine, newLine int
}

// MarkWords writes the whole of a word diff as one text, changes between
// marks: with PlainMarks, what git diff --word-diff=plain shows of it.
func MarkWords(chunks []WordChunk, m WordMarks) string {
	var b strings.Builder
	for _, l := range markLines(chunks, m) {
		b.Write(l.text)
	}
	return b.String()
}

// WordDiffText is a word diff for reading: headed by the names given, the
// lines that changed with context lines around them, each run of them
// headed by the line numbers it starts at in each text as a unified diff
// is; "" when nothing changed.
func WordDiffText(aName, bName string, chunks []WordChunk, context int, m WordMarks) string {
	lines := markLines(chunks, m)
	var b strings.Builder
	for i := 0; i < len(lines); {
		if !lines[i].changed {
			i++
			continue
		}
		if b.Len() == 0 {
			fmt.Fprintf(&b, "--- %s\n+++ %s\n", aName, bName)
		}
		start, end := max(0, i-context), i
		for j := i; j < len(lines) && j-end <= 2*context; j++ {
			if lines[j].changed {
				end = j
			}
		}
		stop := min(len(lines), end+context+1)
		fmt.Fprintf(&b, "@@ -%d +%d @@\n", lines[start].oldLine, lines[start].newLine)
		for _, l := range lines[start:stop] {
			text := string(l.text)
			b.WriteString(text)
			if !strings.HasSuffix(text, "\n") {
				b.WriteString("\n")
			}
		}
		i = stop
	}
	return b.String()
}
