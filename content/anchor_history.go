package content

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// FollowAnchors finds anchors again in the last of revs, the versions of a
// body oldest first, by following each anchor from the version it was made
// on (from[i], an index into revs) through every later one. Each change is
// diffed word by word and the quote's span is carried through it, so the
// quote stays on its own words: a quote whose words are deleted is lost (or
// fuzzy at the words that replaced it) instead of being found at another
// copy of the same words, and one whose markup around it changes keeps its
// place. Only where a change takes all of a quote's words away does it look
// for them, and then only in the text that change brought in, where a moved
// paragraph lands. An anchor whose from is negative (the version it was made
// on is not known) is found by search, as Resolve does, with HistoryCut set.
// It returns one match per anchor, in order.
func FollowAnchors(revs []string, anchors []Anchor, from []int) []AnchorMatch {
	out := make([]AnchorMatch, len(anchors))
	if len(revs) == 0 {
		for i := range out {
			out[i] = AnchorMatch{State: AnchorOrphaned, HistoryCut: true}
		}
		return out
	}
	last := len(revs) - 1
	cur := anchorResolver{body: revs[last]}
	type carried struct {
		i          int
		start, end int // runes of the version reached
		revisions  int
		lost       bool
		kept       float64 // share of the quote's words the diffs carried, not replaced
	}
	var live []*carried
	first := last
	for i, a := range anchors {
		switch k := from[i]; {
		case k < 0 || k >= len(revs):
			out[i] = cur.resolve(a)
			out[i].HistoryCut = true
		case k == last:
			out[i] = cur.resolve(a)
		default:
			first = min(first, k)
			live = append(live, &carried{i: i, kept: 1})
		}
	}
	// Each anchor starts on its own words in the version it was made on;
	// an anchor that does not match that version (written by hand) is
	// placed there by search first.
	var old []rune
	for k := first; k < last; k++ {
		made := anchorResolver{body: revs[k]}
		for _, c := range live {
			if from[c.i] == k {
				m := made.resolve(anchors[c.i])
				c.start, c.end, c.lost = m.Start, m.End, m.State == AnchorOrphaned
			}
		}
		if revs[k] == revs[k+1] {
			continue
		}
		if old == nil {
			old = []rune(revs[k])
		}
		next := []rune(revs[k+1])
		var step *anchorStep
		for _, c := range live {
			if from[c.i] > k || c.lost {
				continue
			}
			if step == nil {
				step = newAnchorStep(old, next)
			}
			c.revisions++
			var kept float64
			c.start, c.end, kept, c.lost = step.carry(c.start, c.end)
			c.kept *= kept
		}
		old = next
	}
	body := []rune(revs[last])
	for _, c := range live {
		a := anchors[c.i]
		m := AnchorMatch{State: AnchorOrphaned, Revisions: c.revisions}
		if !c.lost {
			m = anchorJudge(a, body, c.start, c.end, c.kept)
			m.Revisions = c.revisions
		}
		out[c.i] = m
	}
	return out
}

// anchorJudge says what became of anchor a whose words were carried to
// runes [s, e) of body, kept being the share of its words the diffs kept
// there. A quote changed beyond likeness, or too short for likeness to say
// much, is orphaned unless most of its own words were carried through
// every change: then the history, not a search, put it there, and it is
// fuzzy at its edited words.
func anchorJudge(a Anchor, body []rune, s, e int, kept float64) AnchorMatch {
	q, t := anchorFold(a.Quote), anchorFold(string(body[s:e]))
	if slices.Equal(q, t) {
		state := AnchorMoved
		if s == a.Position {
			state = AnchorAnchored
		}
		return AnchorMatch{State: state, Start: s, End: e, Score: 1}
	}
	sim := anchorSimilarity(q, t)
	if (sim < anchorMinQuote || len(q) < anchorMinFuzzy) && (kept < anchorMinKept || anchorWordCount(t) == 0) {
		return AnchorMatch{State: AnchorOrphaned}
	}
	// A fuzzy match scores above 0 however little of the text is alike.
	return AnchorMatch{State: AnchorFuzzy, Start: s, End: e, Score: min(max(sim, 0.001), 0.999)}
}

// anchorSimilarity is 1 minus the edit distance of a and b over the longer.
func anchorSimilarity(a, b []rune) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	if min(len(a), len(b))*2 < n {
		return float64(min(len(a), len(b))) / float64(n) // below the bar whatever the edits
	}
	dmp := anchorDiffer()
	return 1 - float64(dmp.DiffLevenshtein(dmp.DiffMainRunes(a, b, false)))/float64(n)
}

func anchorDiffer() *diffmatchpatch.DiffMatchPatch {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // a time limit would make the answer depend on the machine
	return dmp
}

// anchorStep is one change of a body, word by word: which old words are
// still there and where.
type anchorStep struct {
	old, new     []rune
	oldAt, newAt []int // token boundaries: token k is runes [at[k], at[k+1])
	to           []int // old token -> new token, or -1 when it was changed
	kept         []bool
}

// newAnchorStep diffs old and new line by line first, then word by word
// inside each changed stretch of lines. Lines keep a word diff from pairing
// words across unrelated lines, as when two link definitions trade places
// and a word diff alone would take one URL's words for the other's.
func newAnchorStep(old, new []rune) *anchorStep {
	st := &anchorStep{old: old, new: new, oldAt: []int{0}, newAt: []int{0}}
	dmp := anchorDiffer()
	a, b, lines := dmp.DiffLinesToRunes(string(old), string(new))
	codes := anchorCodes{m: map[string]rune{}, next: 1}
	o, n := 0, 0 // runes of old and new done
	var delLines, insLines []rune
	flush := func() {
		if len(delLines)+len(insLines) == 0 {
			return
		}
		do, dn := anchorLinesLen(delLines, lines), anchorLinesLen(insLines, lines)
		st.addChanged(&codes, o, o+do, n, n+dn)
		o, n = o+do, n+dn
		delLines, insLines = delLines[:0], insLines[:0]
	}
	// A blank line kept between two changes pairs nothing; it joins the
	// change around it, so that the words on either side are diffed
	// together.
	diffs := dmp.DiffMainRunes(a, b, false)
	for i, d := range diffs {
		rs := []rune(d.Text)
		switch {
		case d.Type == diffmatchpatch.DiffDelete:
			delLines = append(delLines, rs...)
		case d.Type == diffmatchpatch.DiffInsert:
			insLines = append(insLines, rs...)
		case len(delLines)+len(insLines) > 0 && i+1 < len(diffs) && anchorBlankLines(rs, lines):
			delLines = append(delLines, rs...)
			insLines = append(insLines, rs...)
		default:
			flush()
			k := anchorLinesLen(rs, lines)
			st.addKept(o, o+k, n)
			o, n = o+k, n+k
		}
	}
	flush()
	return st
}

func anchorBlankLines(ids []rune, lines []string) bool {
	for _, id := range ids {
		if strings.TrimSpace(lines[id]) != "" {
			return false
		}
	}
	return true
}

func anchorLinesLen(ids []rune, lines []string) int {
	n := 0
	for _, id := range ids {
		n += utf8.RuneCountInString(lines[id])
	}
	return n
}

// addKept adds old runes [o0, o1), unchanged at new rune n0.
func (st *anchorStep) addKept(o0, o1, n0 int) {
	at := anchorTokens(st.old[o0:o1])
	for k := 1; k < len(at); k++ {
		st.to = append(st.to, len(st.kept))
		st.kept = append(st.kept, true)
		st.oldAt = append(st.oldAt, o0+at[k])
		st.newAt = append(st.newAt, n0+at[k])
	}
}

// addChanged adds old runes [o0, o1) that became new runes [n0, n1), diffed
// word by word. White space takes no part: two runs of it are always
// alike, and pairing them would let a diff keep a space and lose the word
// next to it.
func (st *anchorStep) addChanged(codes *anchorCodes, o0, o1, n0, n1 int) {
	x, oldIdx := st.addTokens(codes, &st.oldAt, st.old[o0:o1], o0, len(st.to))
	y, newIdx := st.addTokens(codes, &st.newAt, st.new[n0:n1], n0, len(st.kept))
	for len(st.to) < len(st.oldAt)-1 {
		st.to = append(st.to, -1)
	}
	for len(st.kept) < len(st.newAt)-1 {
		st.kept = append(st.kept, false)
	}
	o, n := 0, 0
	for _, d := range anchorDiffer().DiffMainRunes(x, y, false) {
		k := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for i := range k {
				st.to[oldIdx[o+i]] = newIdx[n+i]
				st.kept[newIdx[n+i]] = true
			}
			o, n = o+k, n+k
		case diffmatchpatch.DiffDelete:
			o += k
		default:
			n += k
		}
	}
}

// addTokens appends the token boundaries of r, which starts at rune base,
// to at, and returns the codes of its tokens other than white space with
// their token indices (counted from first).
func (st *anchorStep) addTokens(codes *anchorCodes, at *[]int, r []rune, base, first int) ([]rune, []int) {
	bounds := anchorTokens(r)
	var enc []rune
	var idx []int
	for k := 0; k+1 < len(bounds); k++ {
		*at = append(*at, base+bounds[k+1])
		tok := r[bounds[k]:bounds[k+1]]
		if anchorIsSpace(tok[0]) {
			continue
		}
		enc = append(enc, codes.code(tok))
		idx = append(idx, first+k)
	}
	return enc, idx
}

// anchorTokens splits r into words (runs of letters and digits), runs of
// white space and single other runes, and returns the boundaries.
func anchorTokens(r []rune) []int {
	at := make([]int, 1, len(r)/4+2)
	for i := 0; i < len(r); {
		j := i + 1
		switch {
		case anchorIsWordRune(r[i]):
			for j < len(r) && anchorIsWordRune(r[j]) {
				j++
			}
		case anchorIsSpace(r[i]):
			for j < len(r) && anchorIsSpace(r[j]) {
				j++
			}
		}
		at = append(at, j)
		i = j
	}
	return at
}

// anchorCodes gives every distinct token one rune, so that a rune diff is
// a token diff.
type anchorCodes struct {
	m    map[string]rune
	next rune
}

func (c *anchorCodes) code(tok []rune) rune {
	code, ok := c.m[string(tok)]
	if !ok {
		code = c.next
		c.next++
		if c.next == 0xD800 {
			c.next = 0xE000 // surrogates are not runes a string can hold
		}
		c.m[string(tok)] = code
	}
	return code
}

// tokenAt returns the token that holds rune i of text with boundaries at.
func tokenAt(at []int, i int) int {
	return sort.Search(len(at)-1, func(k int) bool { return at[k+1] > i })
}

// carry maps runes [s, e) of the old text to the new one. kept is the
// share of its words (letters and digits) the change kept; lost is set
// when none of its words are left there and the change brought in nothing
// like them.
func (st *anchorStep) carry(s, e int) (ns, ne int, kept float64, lost bool) {
	if e <= s || e > len(st.old) {
		return 0, 0, 0, true
	}
	ts, te := tokenAt(st.oldAt, s), tokenAt(st.oldAt, e-1)
	survives := false
	words, keptWords := 0, 0
	for k := ts; k <= te; k++ {
		c := st.old[st.oldAt[k]]
		if anchorIsWordRune(c) {
			words++
			if st.to[k] >= 0 {
				keptWords++
			}
		}
		if st.to[k] >= 0 && !anchorIsSpace(c) {
			survives = true
		}
	}
	if words > 0 {
		kept = float64(keptWords) / float64(words)
	}
	ns, ne = st.mapPos(s, ts), st.mapPos(e, te)
	if survives {
		ns, ne = st.tidy(s, e, ns, ne)
		return ns, ne, kept, ne <= ns
	}
	// All the words went in this change. What replaced them is where the
	// quote is now if it is much like it; else the words may have moved
	// to text the change brought in.
	if ne > ns {
		ns2, ne2 := st.tidy(s, e, ns, ne)
		if ne2 > ns2 && anchorSimilarity(anchorFold(string(st.old[s:e])), anchorFold(string(st.new[ns2:ne2]))) >= anchorMinQuote {
			return ns2, ne2, 0, false
		}
	}
	ns, ne, lost = st.inBroughtIn(s, e)
	return ns, ne, 0, lost
}

// mapPos maps the old rune offset p, inside or at the end of token k, to
// the new text: through the token when it is kept, else through a rune
// diff of the changed stretch between the kept tokens around it.
func (st *anchorStep) mapPos(p, k int) int {
	if j := st.to[k]; j >= 0 {
		return st.newAt[j] + min(p-st.oldAt[k], st.newAt[j+1]-st.newAt[j])
	}
	o0, n0, o1, n1 := 0, 0, len(st.old), len(st.new)
	for b := k - 1; b >= 0; b-- {
		if j := st.to[b]; j >= 0 {
			o0, n0 = st.oldAt[b+1], st.newAt[j+1]
			break
		}
	}
	for a := k + 1; a < len(st.to); a++ {
		if j := st.to[a]; j >= 0 {
			o1, n1 = st.oldAt[a], st.newAt[j]
			break
		}
	}
	if n1 <= n0 {
		return n0
	}
	dmp := anchorDiffer()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(st.old[o0:o1], st.new[n0:n1], false))
	return n0 + anchorXIndex(diffs, p-o0)
}

// anchorXIndex maps rune offset loc of a diff's first text to its second,
// as diffmatchpatch's DiffXIndex does for bytes.
func anchorXIndex(diffs []diffmatchpatch.Diff, loc int) int {
	c1, c2, last1, last2 := 0, 0, 0, 0
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		if d.Type != diffmatchpatch.DiffInsert {
			c1 += n
		}
		if d.Type != diffmatchpatch.DiffDelete {
			c2 += n
		}
		if c1 > loc {
			if d.Type == diffmatchpatch.DiffDelete {
				return last2
			}
			break
		}
		last1, last2 = c1, c2
	}
	return last2 + (loc - last1)
}

// tidy gives the new span [ns, ne) the shape of the old one [s, e): whole
// words where the old one began or ended on a word boundary, and no white
// space at its edges that the old one did not have, so a line break next
// to the quote never joins it.
func (st *anchorStep) tidy(s, e, ns, ne int) (int, int) {
	old, new := st.old, st.new
	ns, ne = max(0, min(ns, len(new))), max(0, min(ne, len(new)))
	if ne < ns {
		return ns, ns
	}
	if !anchorIsSpace(old[s]) {
		for ns < ne && anchorIsSpace(new[ns]) {
			ns++
		}
	}
	if !anchorIsSpace(old[e-1]) {
		for ne > ns && anchorIsSpace(new[ne-1]) {
			ne--
		}
	}
	const most = 16
	if ns < ne && anchorIsWordRune(old[s]) && (s == 0 || !anchorIsWordRune(old[s-1])) {
		for n := 0; n < most && ns > 0 && anchorIsWordRune(new[ns-1]) && anchorIsWordRune(new[ns]); n++ {
			ns--
		}
	}
	if ns < ne && anchorIsWordRune(old[e-1]) && (e == len(old) || !anchorIsWordRune(old[e])) {
		for n := 0; n < most && ne < len(new) && anchorIsWordRune(new[ne-1]) && anchorIsWordRune(new[ne]); n++ {
			ne++
		}
	}
	return ns, ne
}

// inBroughtIn looks for the words of old runes [s, e) in what the change
// brought in, so that another copy of the words that was there before can
// never take the quote: verbatim first, judged by its context in the whole
// new text, then fuzzily with every kept word hidden.
func (st *anchorStep) inBroughtIn(s, e int) (int, int, bool) {
	brought := make([]bool, len(st.new))
	for k, kept := range st.kept {
		for i := st.newAt[k]; i < st.newAt[k+1]; i++ {
			brought[i] = !kept
		}
	}
	inside := func(a, b int) bool {
		for i := a; i < b; i++ {
			if !brought[i] && !anchorIsSpace(st.new[i]) {
				return false
			}
		}
		return b > a
	}
	old := string(st.old)
	a := anchorAt(old, anchorSpan{anchorByteOffset(old, s), anchorByteOffset(old, e)}, "")
	q, p, sf := anchorFold(a.Quote), anchorFold(a.Prefix), anchorFold(a.Suffix)
	t := anchorNormalize(string(st.new))
	best, bestCtx, found := 0, -1.0, 0
	for off := 0; off < len(t.s); {
		i := strings.Index(t.s[off:], string(q))
		if i < 0 {
			break
		}
		x := int(t.runeAt[off+i])
		if rs, re := t.rawSpan(x, x+len(q)); inside(rs, re) {
			found++
			ctx := anchorContextSim(t, p, sf, x, x+len(q))
			if !anchorOneSideIntact(t, p, sf, x, x+len(q)) {
				ctx = min(ctx, anchorMinContext-0.01)
			}
			if ctx > bestCtx {
				best, bestCtx = x, ctx
			}
		}
		_, size := utf8.DecodeRuneInString(t.s[off+i:])
		off += i + size
	}
	// Words that left in this change and came back verbatim in the one
	// place it brought in moved there. A single word says nothing of a
	// move: it recurs anywhere, context and all.
	if anchorWordCount(q) < 2 {
		return 0, 0, true
	}
	if found == 1 && len(q) >= anchorMinFuzzy || bestCtx >= anchorMinContext {
		rs, re := t.rawSpan(best, best+len(q))
		return rs, re, false
	}
	masked := make([]rune, len(st.new))
	for i, c := range st.new {
		masked[i] = c
		if !brought[i] && !anchorIsSpace(c) {
			masked[i] = '\uFFFC'
		}
	}
	m := (&anchorResolver{body: string(masked)}).resolve(a)
	if m.State != AnchorFuzzy || !inside(m.Start, m.End) {
		return 0, 0, true
	}
	return m.Start, m.End, false
}

func anchorWordCount(r []rune) int {
	n := 0
	for i, c := range r {
		if anchorIsWordRune(c) && (i == 0 || !anchorIsWordRune(r[i-1])) {
			n++
		}
	}
	return n
}
