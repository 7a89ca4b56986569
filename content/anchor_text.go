package content

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// anchorText is a body with every run of white space folded to one space,
// so that rewrapping a paragraph changes nothing an anchor looks at. It keeps
// the way back to rune offsets of the original text.
type anchorText struct {
	s        string  // folded text
	r        []rune  // folded text, as runes
	runeAt   []int32 // byte offset in s -> rune index in r; len(s)+1 entries
	rawStart []int32 // rune index in r -> rune offset in the original where it starts
	rawLen   int     // runes in the original
	// rows is scratch for the context scores of candidate spans, kept
	// here so that scoring many spans allocates it once. An anchorText is
	// used by one goroutine at a time.
	rows []int32
}

func anchorNormalize(src string) *anchorText {
	t := &anchorText{
		r:        make([]rune, 0, len(src)),
		rawStart: make([]int32, 0, len(src)),
	}
	buf := make([]byte, 0, len(src))
	raw := int32(0)
	inSpace := false
	for _, c := range src {
		if anchorIsSpace(c) {
			if inSpace {
				raw++
				continue
			}
			inSpace = true
			c = ' '
		} else {
			inSpace = false
		}
		t.r = append(t.r, c)
		t.rawStart = append(t.rawStart, raw)
		buf = utf8.AppendRune(buf, c)
		raw++
	}
	t.rawLen = int(raw)
	t.s = string(buf)
	t.runeAt = make([]int32, len(t.s)+1)
	n := int32(0)
	for i := 0; i < len(t.s); n++ {
		_, size := utf8.DecodeRuneInString(t.s[i:])
		for k := 0; k < size; k++ {
			t.runeAt[i+k] = n // only a rune's first byte is ever looked up
		}
		i += size
	}
	t.runeAt[len(t.s)] = n
	return t
}

// anchorFold folds white space the way anchorNormalize does, for the short
// strings of an anchor, where the way back is not needed.
func anchorFold(s string) []rune {
	r := make([]rune, 0, len(s))
	inSpace := false
	for _, c := range s {
		if anchorIsSpace(c) {
			if inSpace {
				continue
			}
			inSpace = true
			c = ' '
		} else {
			inSpace = false
		}
		r = append(r, c)
	}
	return r
}

// rawSpan maps the folded range [x, y) back to rune offsets in the original.
func (t *anchorText) rawSpan(x, y int) (int, int) {
	return t.rawAt(x), t.rawAt(y)
}

// rawAt is the rune offset in the original of folded index i; a folded
// space stands for the whole run of white space it replaced.
func (t *anchorText) rawAt(i int) int {
	if i >= len(t.rawStart) {
		return t.rawLen
	}
	return int(t.rawStart[i])
}

// foldedIndex returns the folded index of the rune at original offset raw,
// or of the nearest one after it.
func (t *anchorText) foldedIndex(raw int) int {
	lo, hi := 0, len(t.rawStart)
	for lo < hi {
		m := (lo + hi) / 2
		if t.rawAt(m+1) <= raw {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// anchorFit is one way the quote fits a stretch of text: runes
// [start, end) of it, with edits changes.
type anchorFit struct{ start, end, edits int }

// anchorAlign finds where pattern fits best inside text, allowing edits:
// a semi-global edit distance in which text before and after the fit is
// free. Several ends can be almost as good (an inserted word can be taken
// in or left out), and only the context can tell which is right, so it
// returns up to max fits with at most 2 edits more than the best, best
// first, ties broken by nearness to wantEnd. The cost is
// O(len(pattern) * len(text)) time and O(len(text)) memory.
func anchorAlign(pattern, text []rune, wantEnd, max int) []anchorFit {
	n := len(text)
	cost := make([]int32, 2*(n+1))
	from := make([]int32, 2*(n+1))
	prevC, curC := cost[:n+1], cost[n+1:]
	prevF, curF := from[:n+1], from[n+1:]
	for j := 0; j <= n; j++ {
		prevC[j], prevF[j] = 0, int32(j)
	}
	for i := 1; i <= len(pattern); i++ {
		p := pattern[i-1]
		curC[0], curF[0] = int32(i), 0
		for j := 1; j <= n; j++ {
			sub := prevC[j-1]
			if text[j-1] != p {
				sub++
			}
			c, f := sub, prevF[j-1]
			if d := prevC[j] + 1; d < c {
				c, f = d, prevF[j]
			}
			if ins := curC[j-1] + 1; ins < c {
				c, f = ins, curF[j-1]
			}
			curC[j], curF[j] = c, f
		}
		prevC, curC = curC, prevC
		prevF, curF = curF, prevF
	}
	best := prevC[0]
	for _, c := range prevC {
		best = min(best, c)
	}
	var fits []anchorFit
	for j := 0; j <= n; j++ {
		if prevC[j] <= best+2 && int(prevF[j]) < j {
			fits = append(fits, anchorFit{int(prevF[j]), j, int(prevC[j])})
		}
	}
	slices.SortFunc(fits, func(a, b anchorFit) int {
		if a.edits != b.edits {
			return a.edits - b.edits
		}
		return anchorAbs(a.end-wantEnd) - anchorAbs(b.end-wantEnd)
	})
	return fits[:min(len(fits), max)]
}

// anchorEdgeEdits is anchorEdgeEditsIn with rows grown as needed and
// returned, as its scratch space: a caller that scores many spans reuses
// one instead of allocating two rows per span.
func anchorEdgeEdits(want, have []rune, head bool, rows []int32) (int, []int32) {
	if need := 2 * (len(have) + 1); cap(rows) < need {
		rows = make([]int32, max(need, 2*cap(rows)))
	}
	return anchorEdgeEditsIn(want, have, head, rows[:cap(rows)]), rows
}

// anchorEdgeEditsIn is the number of edits that turn want into a suffix
// of have (what comes before the match in have is free) or, with head, into
// a prefix of have: the same table run from the other end, so neither side
// needs a reversed copy. rows must hold 2*(len(have)+1) entries.
func anchorEdgeEditsIn(want, have []rune, head bool, rows []int32) int {
	n, m := len(have), len(want)
	prev, cur := rows[:n+1], rows[n+1:2*(n+1)]
	clear(prev) // row 0 is all zero: the match may start anywhere
	for i := 1; i <= m; i++ {
		w := want[i-1]
		if head {
			w = want[m-i]
		}
		cur[0] = int32(i)
		for j := 1; j <= n; j++ {
			h := have[j-1]
			if head {
				h = have[n-j]
			}
			c := prev[j-1]
			if h != w {
				c++
			}
			if d := prev[j] + 1; d < c {
				c = d
			}
			if ins := cur[j-1] + 1; ins < c {
				c = ins
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return int(prev[n])
}

func anchorAbs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// anchorAlignContext aligns prefix+quote+suffix as one pattern inside text
// and returns the part of text that lines up with the quote. The quote alone
// cannot place its own edges: with "year are now due" edited to "year are
// really now due", dropping "year are" costs fewer edits than taking in
// "really", and only the words around the quote say it belongs. edits counts
// the changes inside the quote only. ok is false when the pattern and text
// are too large for the full table this needs.
func anchorAlignContext(prefix, quote, suffix, text []rune) (fit anchorFit, ok bool) {
	pat := make([]rune, 0, len(prefix)+len(quote)+len(suffix))
	pat = append(append(append(pat, prefix...), quote...), suffix...)
	rows, cols := len(pat)+1, len(text)+1
	if rows*cols > 1<<22 {
		return anchorFit{}, false
	}
	const (
		diag = iota
		up   // a pattern rune with no text rune
		left // a text rune with no pattern rune
	)
	dir := make([]uint8, rows*cols)
	prev := make([]int32, cols) // row 0 is all zero: the match may start anywhere
	cur := make([]int32, cols)
	for i := 1; i < rows; i++ {
		p := pat[i-1]
		cur[0] = int32(i)
		dir[i*cols] = up
		for j := 1; j < cols; j++ {
			c, d := prev[j-1], uint8(diag)
			if text[j-1] != p {
				c++
			}
			if u := prev[j] + 1; u < c {
				c, d = u, up
			}
			if l := cur[j-1] + 1; l < c {
				c, d = l, left
			}
			cur[j], dir[i*cols+j] = c, d
		}
		prev, cur = cur, prev
	}
	end := 0
	for j := range prev {
		if prev[j] < prev[end] {
			end = j
		}
	}
	qFirst, qLast := len(prefix), len(prefix)+len(quote) // quote rows are (qFirst, qLast]
	i, j := rows-1, end
	fit.start, fit.end = -1, -1
	for i > 0 {
		if i == qLast && fit.end < 0 {
			if d := dir[i*cols+j]; d != left {
				fit.end = j
			}
		}
		d := dir[i*cols+j]
		inQuote := i > qFirst && i <= qLast
		switch d {
		case diag:
			if inQuote && text[j-1] != pat[i-1] {
				fit.edits++
			}
			i, j = i-1, j-1
		case up:
			if inQuote {
				fit.edits++
			}
			i--
		case left:
			if inQuote && i < qLast {
				fit.edits++
			}
			j--
		}
		if i == qFirst && fit.start < 0 {
			fit.start = j
		}
	}
	if fit.end < 0 {
		fit.end = j
	}
	if fit.start < 0 {
		fit.start = j
	}
	// Text runes left over between the prefix and the quote's first rune
	// were taken as insertions before the quote; they stay outside it.
	return fit, fit.end > fit.start
}

// anchorIsSpace is unicode.IsSpace, quicker on the ASCII that most of a
// draft is.
func anchorIsSpace(c rune) bool {
	if c < 0x80 {
		return c == ' ' || c >= '\t' && c <= '\r'
	}
	return unicode.IsSpace(c)
}
