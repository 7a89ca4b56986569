package content

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AnchorContext is how many runes of text before and after a quote an
// Anchor keeps. The W3C text-quote selector leaves it open; 32 is enough to
// tell repeated words apart without copying whole sentences into every event.
const AnchorContext = 32

// Anchor ties a comment to the words it is about, as a W3C Web Annotation
// text-quote selector: the quote, a little text on either side, the rune
// offset of the quote in the draft body (front matter excluded, so editing
// front matter moves nothing), and the blob the anchor was made on.
type Anchor struct {
	Quote    string
	Prefix   string
	Suffix   string
	Position int
	Blob     string
}

// QuotePlace is one place a quote occurs in a body, for telling the user
// which occurrence to pick.
type QuotePlace struct {
	Line    int // 1-based
	Column  int // 1-based, in runes
	Context string
}

// AmbiguousQuoteError reports a quote that occurs more than once when the
// caller asked for the only occurrence.
type AmbiguousQuoteError struct {
	Quote  string
	Places []QuotePlace
}

func (e *AmbiguousQuoteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "quote %q occurs %d times:", e.Quote, len(e.Places))
	for i, p := range e.Places {
		fmt.Fprintf(&b, "\n  %d. line %d, column %d: %s", i+1, p.Line, p.Column, p.Context)
	}
	b.WriteString("\npass --occurrence N to pick one, or quote more words")
	return b.String()
}

// NewAnchor anchors quote in body. occurrence 0 asks for the only
// occurrence and fails with *AmbiguousQuoteError when there are several;
// occurrence n >= 1 picks the n-th. A quote that is not in body verbatim but
// matches once line breaks and runs of spaces are ignored (the draft was
// wrapped differently from what the user typed) is anchored on the body's own
// text.
func NewAnchor(body, quote string, occurrence int, blob string) (Anchor, error) {
	if strings.TrimSpace(quote) == "" {
		return Anchor{}, errors.New("quote is empty")
	}
	if occurrence < 0 {
		return Anchor{}, fmt.Errorf("occurrence %d: must be 0 (the only one) or a number from 1", occurrence)
	}
	spans := anchorFindAll(body, quote)
	if len(spans) == 0 {
		spans = anchorFindAllLoose(body, quote)
	}
	if len(spans) == 0 {
		return Anchor{}, fmt.Errorf("quote %q is not in the draft", quote)
	}
	var sp anchorSpan
	switch {
	case occurrence == 0 && len(spans) == 1:
		sp = spans[0]
	case occurrence == 0:
		return Anchor{}, &AmbiguousQuoteError{Quote: quote, Places: anchorPlaces(body, spans)}
	case occurrence > len(spans):
		return Anchor{}, fmt.Errorf("quote %q occurs %d times, so there is no occurrence %d", quote, len(spans), occurrence)
	default:
		sp = spans[occurrence-1]
	}
	return anchorAt(body, sp, blob), nil
}

// AnchorLine anchors the whole of line (1-based, counted in body), without
// its leading and trailing white space.
func AnchorLine(body string, line int, blob string) (Anchor, error) {
	n := strings.Count(body, "\n") + 1
	if strings.HasSuffix(body, "\n") {
		n-- // a final newline ends the last line, it does not start another
	}
	if line < 1 || line > n {
		return Anchor{}, fmt.Errorf("line %d is out of range: the body has %d lines", line, n)
	}
	start := 0
	for i := 1; i < line; i++ {
		start += strings.IndexByte(body[start:], '\n') + 1
	}
	end := len(body)
	if i := strings.IndexByte(body[start:], '\n'); i >= 0 {
		end = start + i
	}
	text := body[start:end]
	trimmed := strings.TrimLeftFunc(text, unicode.IsSpace)
	start += len(text) - len(trimmed)
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	if trimmed == "" {
		return Anchor{}, fmt.Errorf("line %d is blank", line)
	}
	return anchorAt(body, anchorSpan{start, start + len(trimmed)}, blob), nil
}

// LineIndex finds lines and byte offsets of rune offsets in one body by
// binary search over where its lines start, so that placing many anchors
// costs one pass over the body rather than one per anchor.
type LineIndex struct {
	body  string
	runes []int // rune offset at which each line starts
	bytes []int // byte offset at which each line starts
}

// NewLineIndex indexes the lines of body.
func NewLineIndex(body string) *LineIndex {
	x := &LineIndex{body: body, runes: []int{0}, bytes: []int{0}}
	n := 0
	for i, r := range body {
		n++
		if r == '\n' {
			x.runes = append(x.runes, n)
			x.bytes = append(x.bytes, i+1)
		}
	}
	return x
}

// Line returns the 1-based line of the body that holds the rune at
// runeOffset. Offsets past the end count as the last line.
func (x *LineIndex) Line(runeOffset int) int {
	return max(1, sort.Search(len(x.runes), func(k int) bool { return x.runes[k] > runeOffset }))
}

// byteOffset returns the byte offset of rune offset n, or -1 when the body
// is shorter, as anchorByteOffset does.
func (x *LineIndex) byteOffset(n int) int {
	if n < 0 {
		return -1
	}
	k := x.Line(n) - 1
	if off := anchorByteOffset(x.body[x.bytes[k]:], n-x.runes[k]); off >= 0 {
		return x.bytes[k] + off
	}
	return -1
}

// anchorSpan is a half-open range of byte offsets in a body.
type anchorSpan struct{ start, end int }

func anchorFindAll(body, quote string) []anchorSpan {
	var spans []anchorSpan
	for off := 0; off <= len(body); {
		i := strings.Index(body[off:], quote)
		if i < 0 {
			break
		}
		spans = append(spans, anchorSpan{off + i, off + i + len(quote)})
		_, size := utf8.DecodeRuneInString(body[off+i:])
		off += i + max(size, 1)
	}
	return spans
}

// anchorFindAllLoose finds quote with every run of white space in either
// text treated as one space.
func anchorFindAllLoose(body, quote string) []anchorSpan {
	q := anchorNormalize(quote)
	t := anchorNormalize(body)
	var spans []anchorSpan
	for _, sp := range anchorFindAll(t.s, q.s) {
		rs, re := t.rawSpan(int(t.runeAt[sp.start]), int(t.runeAt[sp.end]))
		spans = append(spans, anchorSpan{anchorByteOffset(body, rs), anchorByteOffset(body, re)})
	}
	return spans
}

// anchorAt builds the anchor for the bytes sp of body.
func anchorAt(body string, sp anchorSpan, blob string) Anchor {
	before := body[:sp.start]
	after := body[sp.end:]
	return Anchor{
		Quote:    body[sp.start:sp.end],
		Prefix:   anchorLastRunes(before, AnchorContext),
		Suffix:   anchorFirstRunes(after, AnchorContext),
		Position: utf8.RuneCountInString(before),
		Blob:     blob,
	}
}

func anchorLastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func anchorFirstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// anchorByteOffset returns the byte offset of rune offset n in s, or -1
// when s has fewer than n runes.
func anchorByteOffset(s string, n int) int {
	if n < 0 {
		return -1
	}
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	if n == 0 {
		return len(s)
	}
	return -1
}

func anchorPlaces(body string, spans []anchorSpan) []QuotePlace {
	places := make([]QuotePlace, 0, len(spans))
	for _, sp := range spans {
		lineStart := strings.LastIndexByte(body[:sp.start], '\n') + 1
		lineEnd := len(body)
		if i := strings.IndexByte(body[sp.start:], '\n'); i >= 0 {
			lineEnd = sp.start + i
		}
		line := strings.Count(body[:lineStart], "\n") + 1
		col := utf8.RuneCountInString(body[lineStart:sp.start]) + 1
		places = append(places, QuotePlace{
			Line:    line,
			Column:  col,
			Context: anchorExcerpt(body[lineStart:sp.start], body[sp.start:min(sp.end, lineEnd)], body[min(sp.end, lineEnd):lineEnd]),
		})
	}
	return places
}

// anchorExcerpt shows a quote inside its line, shortened to a readable
// width, with the quote marked by brackets.
func anchorExcerpt(before, quote, after string) string {
	const side = 30
	before = strings.TrimLeftFunc(before, unicode.IsSpace)
	if utf8.RuneCountInString(before) > side {
		before = "…" + anchorLastRunes(before, side)
	}
	if utf8.RuneCountInString(after) > side {
		after = anchorFirstRunes(after, side) + "…"
	}
	return before + "[" + quote + "]" + strings.TrimRightFunc(after, unicode.IsSpace)
}
