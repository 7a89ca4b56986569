package content

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// Mark asks for the runes [Start, End) of a body (the offsets of an
// AnchorMatch) to be highlighted as the words thread ID is about.
type Mark struct {
	ID         string
	Start, End int
}

// byteMark is a Mark in byte offsets of the body.
type byteMark struct {
	id         string
	start, end int
}

// markIndex finds the marks that overlap a span of the source quickly: the
// marks sorted by start, and for each the largest end among it and those
// before it, so a search can stop as soon as no earlier mark reaches the
// span.
type markIndex struct {
	marks  []byteMark
	maxEnd []int
}

func newMarkIndex(body []byte, marks []Mark) *markIndex {
	ix := &markIndex{}
	if len(marks) == 0 {
		return ix
	}
	// Rune offsets to byte offsets in one pass over the body.
	offsets := make([]int, 0, 2*len(marks))
	for _, m := range marks {
		if m.End > m.Start && m.Start >= 0 {
			offsets = append(offsets, m.Start, m.End)
		}
	}
	slices.Sort(offsets)
	offsets = slices.Compact(offsets)
	byteAt := make(map[int]int, len(offsets))
	r, k := 0, 0
	for i := 0; k < len(offsets); {
		if offsets[k] == r {
			byteAt[r] = i
			k++
			continue
		}
		if i >= len(body) {
			break
		}
		_, size := utf8.DecodeRune(body[i:])
		i += size
		r++
	}
	for _, m := range marks {
		s, okS := byteAt[m.Start]
		e, okE := byteAt[m.End]
		if okS && okE && e > s {
			ix.marks = append(ix.marks, byteMark{m.ID, s, e})
		}
	}
	slices.SortStableFunc(ix.marks, func(a, b byteMark) int { return a.start - b.start })
	ix.maxEnd = make([]int, len(ix.marks))
	for i, m := range ix.marks {
		ix.maxEnd[i] = m.end
		if i > 0 {
			ix.maxEnd[i] = max(ix.maxEnd[i], ix.maxEnd[i-1])
		}
	}
	return ix
}

// overlapping returns the marks that overlap bytes [s, e), in order of
// start.
func (ix *markIndex) overlapping(s, e int) []byteMark {
	if len(ix.marks) == 0 || s >= e {
		return nil
	}
	j, _ := slices.BinarySearchFunc(ix.marks, e, func(m byteMark, e int) int {
		if m.start < e {
			return -1
		}
		return 1
	})
	var out []byteMark
	for j--; j >= 0 && ix.maxEnd[j] > s; j-- {
		if ix.marks[j].end > s {
			out = append(out, ix.marks[j])
		}
	}
	slices.Reverse(out)
	return out
}

// ids is the data-t attribute value of the marks covering offset at.
func markIDs(marks []byteMark, at int) string {
	var ids []string
	for _, m := range marks {
		if m.start <= at && at < m.end {
			ids = append(ids, m.id)
		}
	}
	return strings.Join(ids, " ")
}

// writeMarked writes source[s:e] through write, cut where marks begin and
// end, with each marked piece inside <mark class="cc-hl" data-t="IDS">.
func (ix *markIndex) writeMarked(w util.BufWriter, source []byte, s, e int, write func(util.BufWriter, []byte)) {
	marks := ix.overlapping(s, e)
	if len(marks) == 0 {
		write(w, source[s:e])
		return
	}
	cuts := []int{s, e}
	for _, m := range marks {
		cuts = append(cuts, max(m.start, s), min(m.end, e))
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		ids := markIDs(marks, a)
		if ids != "" {
			openMark(w, ids)
		}
		write(w, source[a:b])
		if ids != "" {
			_, _ = w.WriteString("</mark>")
		}
	}
}

// openMark writes the start of a highlight of the words of threads ids.
func openMark(w util.BufWriter, ids string) {
	_, _ = w.WriteString(`<mark class="cc-hl" data-t="`)
	_, _ = w.WriteString(html.EscapeString(ids))
	_, _ = w.WriteString(`">`)
}

// spanIDs is the data-t value for a node that cannot be cut (a code span,
// an image, a shortcode): every mark that overlaps any of it.
func (ix *markIndex) spanIDs(s, e int) string {
	marks := ix.overlapping(s, e)
	ids := make([]string, len(marks))
	for i, m := range marks {
		ids[i] = m.id
	}
	return strings.Join(ids, " ")
}
