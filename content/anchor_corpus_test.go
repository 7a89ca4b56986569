package content

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The corpus test answers one question with numbers: after the kinds of
// edits writers really make, does a comment land on the right words, and is
// it orphaned rather than misplaced when its words are gone? Cases are
// generated from the drafts in testdata/anchors with a fixed seed, so every
// run measures the same thing.

const (
	anchorCatInsert   = "insert-before"
	anchorCatReorder  = "reorder"
	anchorCatEdit     = "edit-quote"
	anchorCatDelete   = "delete"
	anchorCatDelRep   = "delete-repeated"
	anchorCatRepMoved = "repeated-moved"
	anchorCatDup      = "duplicate"
	anchorCatReflow   = "reflow"
	anchorCatMixed    = "mixed"
)

var anchorCategories = []string{
	anchorCatInsert, anchorCatReorder, anchorCatEdit, anchorCatDelete, anchorCatDelRep,
	anchorCatRepMoved, anchorCatDup, anchorCatReflow, anchorCatMixed,
}

type anchorCase struct {
	name     string
	cat      string
	body     string // the draft the comment was made on
	quote    string
	occ      int
	edited   string // the draft after the edit
	orphan   bool   // the quote is gone: the anchor must be orphaned
	expStart int    // else: runes [expStart, expEnd) of edited
	expEnd   int
}

type anchorDoc struct {
	name string
	text string
}

func anchorLoadCorpus(t testing.TB) []anchorDoc {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "anchors", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []anchorDoc
	for _, p := range paths {
		if filepath.Base(p) == "README.md" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, anchorDoc{filepath.Base(p), string(b)})
	}
	if len(docs) < 15 {
		t.Fatalf("corpus has %d drafts, want at least 15", len(docs))
	}
	return docs
}

// anchorEditor applies edits to a text while following the byte span of
// the quote through them.
type anchorEditor struct {
	text   string
	qs, qe int
}

func (e *anchorEditor) replace(a, b int, s string) {
	d := len(s) - (b - a)
	switch {
	case b <= e.qs && !(a == b && a == e.qe && e.qs == e.qe):
		e.qs += d
		e.qe += d
	case a >= e.qe:
	case a >= e.qs && b <= e.qe:
		e.qe += d
	default:
		panic(fmt.Sprintf("edit [%d,%d) overlaps quote [%d,%d)", a, b, e.qs, e.qe))
	}
	e.text = e.text[:a] + s + e.text[b:]
}

type anchorByteSpan struct{ a, b int }

// anchorBlocks returns the paragraphs (blank-line separated) of text.
func anchorBlocks(text string) []anchorByteSpan {
	var out []anchorByteSpan
	start := 0
	for {
		i := strings.Index(text[start:], "\n\n")
		end := len(text)
		if i >= 0 {
			end = start + i
		}
		if strings.TrimSpace(text[start:end]) != "" {
			out = append(out, anchorByteSpan{start, end})
		}
		if i < 0 {
			return out
		}
		start = end + 2
		for start < len(text) && text[start] == '\n' {
			start++
		}
	}
}

func anchorIsProse(block string) bool {
	for _, line := range strings.Split(block, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "-") ||
			strings.HasPrefix(l, "**") || len(l) > 1 && l[0] >= '0' && l[0] <= '9' && l[1] == '.' {
			return false
		}
	}
	return len(strings.Fields(block)) >= 12
}

var anchorSentenceEnd = regexp.MustCompile(`[.!?;]["”)]?\s+`)

// anchorSentences returns the sentences of block (byte spans relative to
// the text), each without the space that follows it.
func anchorSentences(text string, bl anchorByteSpan) []anchorByteSpan {
	block := text[bl.a:bl.b]
	var out []anchorByteSpan
	start := 0
	for _, m := range anchorSentenceEnd.FindAllStringIndex(block, -1) {
		end := m[1]
		for end > m[0] && unicode.IsSpace(rune(block[end-1])) {
			end--
		}
		out = append(out, anchorByteSpan{bl.a + start, bl.a + end})
		start = m[1]
	}
	if start < len(block) {
		out = append(out, anchorByteSpan{bl.a + start, bl.b})
	}
	return out
}

var anchorWordRE = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’-]*[\p{L}\p{N}]|[\p{L}\p{N}]`)

// anchorWords returns the words of text[sp.a:sp.b] as byte spans of text.
func anchorWords(text string, sp anchorByteSpan) []anchorByteSpan {
	var out []anchorByteSpan
	for _, m := range anchorWordRE.FindAllStringIndex(text[sp.a:sp.b], -1) {
		out = append(out, anchorByteSpan{sp.a + m[0], sp.a + m[1]})
	}
	return out
}

type anchorGen struct {
	rng  *rand.Rand
	docs []anchorDoc
	doc  anchorDoc
}

func (g *anchorGen) pick(n int) int { return g.rng.IntN(n) }

// quote picks n words inside one sentence of a prose paragraph of the
// draft. unique asks for a quote that occurs once in the draft.
func (g *anchorGen) quote(minWords, maxWords int, unique bool) (anchorByteSpan, bool) {
	text := g.doc.text
	var prose []anchorByteSpan
	for _, bl := range anchorBlocks(text) {
		if anchorIsProse(text[bl.a:bl.b]) {
			prose = append(prose, bl)
		}
	}
	for try := 0; try < 50; try++ {
		bl := prose[g.pick(len(prose))]
		sents := anchorSentences(text, bl)
		words := anchorWords(text, sents[g.pick(len(sents))])
		if len(words) < minWords {
			continue
		}
		n := minWords + g.pick(min(maxWords, len(words))-minWords+1)
		i := g.pick(len(words) - n + 1)
		sp := anchorByteSpan{words[i].a, words[i+n-1].b}
		if unique && strings.Count(text, text[sp.a:sp.b]) != 1 {
			continue
		}
		return sp, true
	}
	return anchorByteSpan{}, false
}

// quoteLength draws a number of words the way people select them: mostly
// a phrase, sometimes one word, sometimes a whole clause.
func (g *anchorGen) quoteLength() (int, int) {
	switch r := g.pick(100); {
	case r < 15:
		return 1, 1
	case r < 45:
		return 2, 3
	case r < 80:
		return 4, 7
	default:
		return 8, 14
	}
}

// foreign returns a paragraph or a sentence from another draft.
func (g *anchorGen) foreign(sentence bool) string {
	for {
		d := g.docs[g.pick(len(g.docs))]
		if d.name == g.doc.name {
			continue
		}
		var prose []anchorByteSpan
		for _, bl := range anchorBlocks(d.text) {
			if anchorIsProse(d.text[bl.a:bl.b]) {
				prose = append(prose, bl)
			}
		}
		bl := prose[g.pick(len(prose))]
		if !sentence {
			return d.text[bl.a:bl.b]
		}
		ss := anchorSentences(d.text, bl)
		one := ss[g.pick(len(ss))]
		return d.text[one.a:one.b]
	}
}

func (g *anchorGen) blockOf(text string, pos int) int {
	for i, bl := range anchorBlocks(text) {
		if pos >= bl.a && pos <= bl.b {
			return i
		}
	}
	return -1
}

func (g *anchorGen) sentenceOf(text string, sp anchorByteSpan) (anchorByteSpan, bool) {
	bl := anchorBlocks(text)[g.blockOf(text, sp.a)]
	for _, s := range anchorSentences(text, bl) {
		if sp.a >= s.a && sp.b <= s.b {
			return s, true
		}
	}
	return anchorByteSpan{}, false
}

// newCase starts a case on the quote sp of the current draft.
func (g *anchorGen) newCase(cat, variant string, sp anchorByteSpan) (anchorCase, *anchorEditor) {
	text := g.doc.text
	q := text[sp.a:sp.b]
	occ := 0
	if strings.Count(text, q) > 1 {
		for _, o := range anchorFindAll(text, q) {
			occ++
			if o.start == sp.a {
				break
			}
		}
	}
	c := anchorCase{
		name:  fmt.Sprintf("%s/%s/%s@%d", g.doc.name, cat, variant, sp.a),
		cat:   cat,
		body:  text,
		quote: q,
		occ:   occ,
	}
	return c, &anchorEditor{text: text, qs: sp.a, qe: sp.b}
}

func (c *anchorCase) finish(e *anchorEditor) anchorCase {
	c.edited = e.text
	c.expStart = utf8.RuneCountInString(e.text[:e.qs])
	c.expEnd = utf8.RuneCountInString(e.text[:e.qe])
	return *c
}

// reflow rewraps the paragraph around pos at width columns (0: one line),
// keeping the quote span right by counting the runes that are not space.
func (g *anchorGen) reflow(e *anchorEditor, pos, width int) bool {
	bl := anchorBlocks(e.text)[g.blockOf(e.text, pos)]
	block := e.text[bl.a:bl.b]
	if !anchorIsProse(block) {
		return false
	}
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(block) {
		n := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case width > 0 && col+1+n > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
	}
	qs, qe := anchorNonSpaceBefore(e.text, e.qs), anchorNonSpaceBefore(e.text, e.qe)
	e.text = e.text[:bl.a] + b.String() + e.text[bl.b:]
	e.qs, e.qe = anchorNthNonSpace(e.text, qs, true), anchorNthNonSpace(e.text, qe, false)
	return true
}

func anchorNonSpaceBefore(s string, off int) int {
	n := 0
	for _, r := range s[:off] {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// anchorNthNonSpace returns the byte offset just before (start) or just
// after (!start) the first n runes of s that are not space.
func anchorNthNonSpace(s string, n int, start bool) int {
	for i, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if n == 0 && start {
			return i
		}
		n--
		if n == 0 && !start {
			return i + utf8.RuneLen(r)
		}
	}
	return len(s)
}

// lightEdit changes the quote a little, the way a writer polishes a
// sentence: a typo fixed, a letter dropped, a word swapped or added.
func (g *anchorGen) lightEdit(e *anchorEditor) string {
	words := anchorWords(e.text, anchorByteSpan{e.qs, e.qe})
	kinds := []string{"char", "chars", "word", "insert-word", "drop-letter"}
	kind := kinds[g.pick(len(kinds))]
	w := words[g.pick(len(words))]
	switch kind {
	case "char", "chars":
		n := 1
		if kind == "chars" {
			n = 2 + g.pick(2)
		}
		for k := 0; k < n; k++ {
			words = anchorWords(e.text, anchorByteSpan{e.qs, e.qe})
			w = words[g.pick(len(words))]
			word := []rune(e.text[w.a:w.b])
			i := g.pick(len(word))
			alt := rune('a' + g.pick(26))
			if alt == word[i] {
				alt = 'x'
			}
			word[i] = alt
			e.replace(w.a, w.b, string(word))
		}
	case "word":
		repl := []string{"new", "simple", "several", "quietly", "often", "second", "clear", "public"}
		e.replace(w.a, w.b, repl[g.pick(len(repl))])
	case "insert-word":
		repl := []string{"really ", "also ", "very ", "still ", "usually "}
		e.replace(w.a, w.a, repl[g.pick(len(repl))])
	case "drop-letter":
		if w.b-w.a > 1 {
			_, size := utf8.DecodeRuneInString(e.text[w.a:])
			_, next := utf8.DecodeRuneInString(e.text[w.a+size:])
			if w.a+size < w.b {
				e.replace(w.a+size, w.a+size+next, "")
			}
		}
	}
	return kind
}

func (g *anchorGen) cases() []anchorCase {
	var out []anchorCase
	add := func(c anchorCase) { out = append(out, c) }
	for i := 0; i < 3; i++ {
		// insert-before: a paragraph, a sentence, or a few words right
		// before the quote.
		if sp, ok := g.quote(anchorMinMax(g.quoteLength())); ok {
			variant := []string{"paragraph", "sentence", "words"}[g.pick(3)]
			c, e := g.newCase(anchorCatInsert, variant, sp)
			switch variant {
			case "paragraph":
				blocks := anchorBlocks(e.text)
				k := g.pick(g.blockOf(e.text, e.qs) + 1)
				e.replace(blocks[k].a, blocks[k].a, g.foreign(false)+"\n\n")
			case "sentence":
				s, _ := g.sentenceOf(e.text, sp)
				e.replace(s.a, s.a, g.foreign(true)+" ")
			case "words":
				e.replace(e.qs, e.qs, []string{"really ", "by the way, ", "— as we said — ", "now "}[g.pick(4)])
			}
			add(c.finish(e))
		}
		// reorder: the quote's paragraph moves, or its sentence moves
		// inside the paragraph.
		if sp, ok := g.quote(anchorMinMax(g.quoteLength())); ok {
			if i != 1 {
				c, e := g.newCase(anchorCatReorder, "paragraph", sp)
				blocks := anchorBlocks(e.text)
				paras := make([]string, len(blocks))
				for j, bl := range blocks {
					paras[j] = e.text[bl.a:bl.b]
				}
				k := g.blockOf(e.text, e.qs)
				off, n := e.qs-blocks[k].a, e.qe-e.qs
				to := g.pick(len(paras) - 1)
				if to >= k {
					to++
				}
				moved := paras[k]
				paras = slices.Delete(paras, k, k+1)
				paras = slices.Insert(paras, to, moved)
				e.text = strings.Join(paras, "\n\n") + "\n"
				at := len(strings.Join(paras[:to], "\n\n"))
				if to > 0 {
					at += 2
				}
				e.qs, e.qe = at+off, at+off+n
				add(c.finish(e))
			} else if s, ok := g.sentenceOf(g.doc.text, sp); ok {
				c, e := g.newCase(anchorCatReorder, "sentence", sp)
				bl := anchorBlocks(e.text)[g.blockOf(e.text, e.qs)]
				sents := anchorSentences(e.text, bl)
				if len(sents) >= 2 {
					sent := e.text[s.a:s.b]
					off, n := e.qs-s.a, e.qe-e.qs
					var text string
					var at int
					if s.a == sents[0].a {
						// first sentence goes last
						text = e.text[:s.a] + e.text[sents[1].a:bl.b] + " " + sent + e.text[bl.b:]
						at = s.a + (bl.b - sents[1].a) + 1
					} else {
						// any other sentence goes first
						text = e.text[:bl.a] + sent + " " + e.text[bl.a:s.a] + e.text[s.b:bl.b]
						text = strings.Replace(text, "  ", " ", 1)
						text += e.text[bl.b:]
						at = bl.a
					}
					e.text, e.qs, e.qe = text, at+off, at+off+n
					if e.text[e.qs:e.qe] == c.quote {
						add(c.finish(e))
					}
				}
			}
		}
		// edit-quote: a few characters or a word of the quote change.
		if sp, ok := g.quote(3, 10, true); ok {
			c, e := g.newCase(anchorCatEdit, "", sp)
			c.name += "/" + g.lightEdit(e)
			if e.text != g.doc.text {
				add(c.finish(e))
			}
		}
		// delete: the quote, its sentence or its paragraph goes away.
		if sp, ok := g.quote(anchorMinMax(g.quoteLength())); ok && strings.Count(g.doc.text, g.doc.text[sp.a:sp.b]) == 1 {
			variant := []string{"quote", "sentence", "paragraph"}[g.pick(3)]
			c, e := g.newCase(anchorCatDelete, variant, sp)
			c.orphan = true
			switch variant {
			case "quote":
				e.text = e.text[:e.qs] + e.text[e.qe:]
			case "sentence":
				s, _ := g.sentenceOf(e.text, sp)
				e.text = e.text[:s.a] + strings.TrimLeft(e.text[s.b:], " ")
			case "paragraph":
				bl := anchorBlocks(e.text)[g.blockOf(e.text, e.qs)]
				e.text = e.text[:bl.a] + strings.TrimLeft(e.text[bl.b:], "\n")
			}
			add(*c.withText(e.text))
		}
		// delete-repeated and repeated-moved: a word that occurs several
		// times; one occurrence is commented on, then its sentence is
		// deleted (orphan) or text is inserted before it (moved).
		if sp, ok := g.repeatedWord(); ok {
			c, e := g.newCase(anchorCatDelRep, "sentence", sp)
			c.orphan = true
			s, _ := g.sentenceOf(e.text, sp)
			e.text = e.text[:s.a] + strings.TrimLeft(e.text[s.b:], " ")
			add(*c.withText(e.text))
		}
		if sp, ok := g.repeatedWord(); ok {
			c, e := g.newCase(anchorCatRepMoved, "", sp)
			blocks := anchorBlocks(e.text)
			k := g.pick(g.blockOf(e.text, e.qs) + 1)
			e.replace(blocks[k].a, blocks[k].a, g.foreign(false)+"\n\n")
			add(c.finish(e))
		}
		// duplicate: the quote, or its whole sentence, is repeated
		// elsewhere in the draft.
		if sp, ok := g.quote(anchorMinMax(g.quoteLength())); ok {
			variant := []string{"quote", "sentence"}[i%2]
			c, e := g.newCase(anchorCatDup, variant, sp)
			copyText := c.quote
			if variant == "sentence" {
				s, _ := g.sentenceOf(e.text, sp)
				copyText = e.text[s.a:s.b]
			} else {
				copyText = "As noted, " + copyText + " matters here."
			}
			blocks := anchorBlocks(e.text)
			qb := g.blockOf(e.text, e.qs)
			k := g.pick(len(blocks))
			// A copy of the sentence at the end of the paragraph just before
			// a paragraph that opens with it sits in exactly the context the
			// anchor remembers (paragraph breaks fold to a space), and so is
			// the original as far as any anchor can tell. Not a fair case.
			for k == qb || variant == "sentence" && k == qb-1 {
				k = (k + 1) % len(blocks)
			}
			e.replace(blocks[k].b, blocks[k].b, " "+copyText)
			add(c.finish(e))
		}
		// reflow: the paragraph is wrapped at another width, or joined
		// into one line.
		if sp, ok := g.quote(anchorMinMax(g.quoteLength())); ok {
			width := []int{40, 0, 100, 55}[g.pick(4)]
			c, e := g.newCase(anchorCatReflow, fmt.Sprintf("w%d", width), sp)
			if g.reflow(e, e.qs, width) && e.text != g.doc.text {
				add(c.finish(e))
			}
		}
		// mixed: a paragraph inserted before, the quote edited, and its
		// paragraph rewrapped, in one change.
		if sp, ok := g.quote(3, 10, true); ok {
			c, e := g.newCase(anchorCatMixed, "", sp)
			c.name += "/" + g.lightEdit(e)
			blocks := anchorBlocks(e.text)
			k := g.pick(g.blockOf(e.text, e.qs) + 1)
			e.replace(blocks[k].a, blocks[k].a, g.foreign(false)+"\n\n")
			g.reflow(e, e.qs, []int{45, 0, 90}[g.pick(3)])
			add(c.finish(e))
		}
	}
	return out
}

func anchorMinMax(lo, hi int) (int, int, bool) { return lo, hi, false }

func (c *anchorCase) withText(text string) *anchorCase {
	c.edited = text
	return c
}

// repeatedWord picks an occurrence of a word of five or more letters that
// occurs at least twice in the draft, as a whole word each time.
func (g *anchorGen) repeatedWord() (anchorByteSpan, bool) {
	text := g.doc.text
	count := map[string]int{}
	words := anchorWords(text, anchorByteSpan{0, len(text)})
	for _, w := range words {
		count[text[w.a:w.b]]++
	}
	var cands []anchorByteSpan
	for _, w := range words {
		s := text[w.a:w.b]
		if utf8.RuneCountInString(s) >= 5 && count[s] >= 2 && strings.Count(text, s) == count[s] {
			if _, ok := g.sentenceOf(text, w); ok && anchorIsProse(text[anchorBlocks(text)[g.blockOf(text, w.a)].a:anchorBlocks(text)[g.blockOf(text, w.a)].b]) {
				cands = append(cands, w)
			}
		}
	}
	if len(cands) == 0 {
		return anchorByteSpan{}, false
	}
	return cands[g.pick(len(cands))], true
}

// anchorSeeds seed the case generator. The thresholds in anchor_resolve.go
// were set looking at the cases of 2026, 7, 99 and 12345; 4, 5 and 6 were
// first run after they were set.
var anchorSeeds = []uint64{2026, 4, 5, 6}

func anchorCorpusCases(t testing.TB) []anchorCase {
	docs := anchorLoadCorpus(t)
	var all []anchorCase
	for _, seed := range anchorSeeds {
		for i, d := range docs {
			g := &anchorGen{rng: rand.New(rand.NewPCG(seed, uint64(i))), docs: docs, doc: d}
			for _, c := range g.cases() {
				c.name = fmt.Sprintf("seed%d/%s", seed, c.name)
				all = append(all, c)
			}
		}
	}
	return all
}

type anchorTally struct {
	cases, correct, exact, wrong, orphaned int
	states                                 map[AnchorState]int
}

func TestAnchorCorpus(t *testing.T) {
	cases := anchorCorpusCases(t)
	if len(cases) < 200*len(anchorSeeds) {
		t.Fatalf("generated %d cases, want at least 200", len(cases))
	}
	tally := map[string]*anchorTally{}
	for _, cat := range append(slices.Clone(anchorCategories), "all") {
		tally[cat] = &anchorTally{states: map[AnchorState]int{}}
	}
	for _, c := range cases {
		a, err := NewAnchor(c.body, c.quote, c.occ, "blob")
		if err != nil {
			t.Fatalf("%s: NewAnchor(%q, %d): %v", c.name, c.quote, c.occ, err)
		}
		m := a.Resolve(c.edited)
		for _, tl := range []*anchorTally{tally[c.cat], tally["all"]} {
			tl.cases++
			tl.states[m.State]++
			switch {
			case m.State == AnchorOrphaned && c.orphan:
				tl.correct++
				tl.exact++
			case m.State == AnchorOrphaned:
				tl.orphaned++
			case c.orphan:
				tl.wrong++
			case anchorOverlap(m.Start, m.End, c.expStart, c.expEnd) >= 0.75:
				tl.correct++
				if m.Start == c.expStart && m.End == c.expEnd {
					tl.exact++
				}
			default:
				tl.wrong++
			}
		}
		if ok := c.orphan == (m.State == AnchorOrphaned) &&
			(c.orphan || anchorOverlap(m.Start, m.End, c.expStart, c.expEnd) >= 0.75); !ok {
			got := ""
			if m.State != AnchorOrphaned {
				got = string([]rune(c.edited)[m.Start:m.End])
			}
			want := "(orphaned)"
			if !c.orphan {
				want = string([]rune(c.edited)[c.expStart:c.expEnd])
			}
			t.Logf("miss %s: quote %q: got %v %.2f %q, want %q", c.name, c.quote, m.State, m.Score, got, want)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-16s %5s %16s %16s %16s %12s   %s\n", "category", "cases", "correct", "wrong", "orphaned", "exact span", "states (anchored/moved/fuzzy/orphaned)")
	for _, cat := range append(slices.Clone(anchorCategories), "all") {
		tl := tally[cat]
		pct := func(n int) string { return fmt.Sprintf("%4d %5.1f%%", n, 100*float64(n)/float64(max(tl.cases, 1))) }
		note := ""
		if cat == anchorCatDelete || cat == anchorCatDelRep {
			note = " (correct = orphaned)"
		}
		// correct: the span overlaps the expected one by 75% or more
		// (intersection over union); exact span: it is the expected one.
		fmt.Fprintf(&b, "%-16s %5d %16s %16s %16s %12s   %d/%d/%d/%d%s\n", cat, tl.cases, pct(tl.correct), pct(tl.wrong), pct(tl.orphaned), pct(tl.exact),
			tl.states[AnchorAnchored], tl.states[AnchorMoved], tl.states[AnchorFuzzy], tl.states[AnchorOrphaned], note)
	}
	t.Log(b.String())
	for _, cat := range []string{anchorCatDelete, anchorCatDelRep} {
		if n := tally[cat].wrong; n > 0 {
			t.Errorf("%s: %d anchors landed on other text; a deleted quote must be orphaned", cat, n)
		}
	}
	if n := tally["all"].wrong; n > 0 {
		t.Errorf("%d anchors landed on the wrong text", n)
	}
	if all := tally["all"]; float64(all.correct) < 0.9*float64(all.cases) {
		t.Errorf("only %d of %d anchors are right", all.correct, all.cases)
	}
}

// anchorOverlap is the intersection over the union of two spans.
func anchorOverlap(a0, a1, b0, b1 int) float64 {
	in := min(a1, b1) - max(a0, b0)
	if in <= 0 {
		return 0
	}
	return float64(in) / float64(max(a1, b1)-min(a0, b0))
}
