package content

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// AnchorState says how an anchor was found again in a changed body.
type AnchorState int

// The states in the order Resolve tries them. The zero AnchorState is none
// of them, so a zero AnchorMatch never claims to be anchored.
const (
	AnchorAnchored AnchorState = iota + 1 // the quote is where it was
	AnchorMoved                           // the quote is unchanged, somewhere else
	AnchorFuzzy                           // text much like the quote, in much the same context
	AnchorOrphaned                        // not found: shown to the user, never dropped
)

func (s AnchorState) String() string {
	switch s {
	case AnchorAnchored:
		return "anchored"
	case AnchorMoved:
		return "moved"
	case AnchorFuzzy:
		return "fuzzy"
	case AnchorOrphaned:
		return "orphaned"
	}
	return fmt.Sprintf("AnchorState(%d)", int(s))
}

// AnchorMatch is where an anchor landed in a body: runes [Start, End) of
// it, and a Score from 0 to 1 that is 1 for an exact quote. An orphaned
// match has an empty span and score 0.
type AnchorMatch struct {
	State      AnchorState
	Start, End int
	Score      float64
	// Revisions is how many changes of the body the anchor was followed
	// through (FollowAnchors); 0 when it was found by search alone.
	Revisions int
	// HistoryCut is set when the version the anchor was made on is not in
	// the history at hand (a shallow clone, a missing blob), so it was
	// found by search.
	HistoryCut bool
}

// Tuning. They are calibrated on the corpus in testdata/anchors, where
// TestAnchorCorpus reports what they get right and wrong; change them only
// with that test in view.
const (
	// anchorLongQuote is the length (in runes, white space folded) from which
	// a quote that occurs exactly once is trusted on its own, even when the
	// text around it has changed on both sides, as when a whole paragraph
	// moves. Shorter quotes, "the API", need their context to agree.
	anchorLongQuote = 32
	// anchorMinContext is how well prefix and suffix must agree (0..1, see
	// anchorContextSim) for an exact quote found elsewhere to count. In the
	// corpus, another occurrence of a deleted word reaches 0.63 when its
	// sentence is a near copy ("Open the account settings and ...", "when
	// you register"), while a short quote that moved with its paragraph or
	// sentence keeps 0.8 or more. In between ("the" at the start of a
	// sentence that moved) it is better to orphan.
	anchorMinContext = 0.7
	// anchorMinFuzzy is the shortest quote (runes, white space folded) that
	// may be matched fuzzily. Shorter quotes are found verbatim or not at
	// all: once "days" is deleted, "day" in the next sentence is one edit
	// away, and an edited two-letter word is a different word.
	anchorMinFuzzy = 8
	// anchorMinKept is the share of a quote's words that following the
	// history must carry to its new place for the quote to stay there,
	// fuzzy, however short it is or however much the rest was rewritten
	// ("the way" in "the path"): its position came from the diffs, so no
	// other copy of the words can take it.
	anchorMinKept = 0.5
	// anchorMinQuote, anchorMinFuzzyContext and anchorMinScore gate a
	// fuzzy match; its score is the mean of how like the quote the text is
	// and how well the context agrees. Once a quote is deleted, its prefix
	// and suffix meet and agree with the gap between them (up to 0.99), but
	// no text there is like the quote (0.49 at most, and then the context
	// is at most 0.82: mean 0.66); another occurrence of a deleted quote has
	// context 0.63 at most. Lightly edited quotes score 0.59 or more on the
	// quote, with context 0.96 or more, for a mean of at least 0.78.
	anchorMinQuote        = 0.5
	anchorMinFuzzyContext = 0.75
	anchorMinScore        = 0.725

	// anchorCtxSlack is how much more text than the prefix (suffix) is
	// compared with it, so that words inserted next to the quote shift the
	// context instead of ruining it.
	anchorCtxSlack = 8

	// anchorMaxContext is the most prefix or suffix resolving looks at.
	anchorMaxContext = 4 * AnchorContext
	// anchorMaxCandidates bounds the places a fuzzy search aligns the quote
	// against, which bounds its cost.
	anchorMaxCandidates = 6
	// anchorMaxHits is how often a seed may occur before it is too common to
	// say anything.
	anchorMaxHits = 32
)

// Resolve finds the anchor again in body, a later version of the body it
// was made on. In order: the exact quote at its old position (anchored); the
// exact quote elsewhere, picked by how well its prefix and suffix agree and
// then by nearness (moved); text like the quote where the quote and its
// context point (fuzzy, with a score). Line breaks and runs of spaces never
// count as a difference. When nothing is good enough the anchor is orphaned:
// a comment is better shown without a place than at the wrong one.
func (a Anchor) Resolve(body string) AnchorMatch {
	r := anchorResolver{body: body}
	return r.resolve(a)
}

// ResolveAnchors resolves many anchors against one body, preparing the body
// once. It returns one match per anchor, in order.
func ResolveAnchors(body string, anchors []Anchor) []AnchorMatch {
	r := anchorResolver{body: body}
	out := make([]AnchorMatch, len(anchors))
	for i, a := range anchors {
		out[i] = r.resolve(a)
	}
	return out
}

type anchorResolver struct {
	body  string
	t     *anchorText // built the first time an anchor is not where it was
	lines *LineIndex  // built when a second anchor's position is checked
	asked bool
}

// byteOffset is anchorByteOffset on the body. One anchor scans the body;
// from the second on, its lines are indexed, so that resolving many
// anchors costs one pass over the body rather than one each.
func (r *anchorResolver) byteOffset(n int) int {
	if r.lines == nil && !r.asked {
		r.asked = true
		return anchorByteOffset(r.body, n)
	}
	if r.lines == nil {
		r.lines = NewLineIndex(r.body)
	}
	return r.lines.byteOffset(n)
}

func (r *anchorResolver) text() *anchorText {
	if r.t == nil {
		r.t = anchorNormalize(r.body)
	}
	return r.t
}

func (r *anchorResolver) resolve(a Anchor) AnchorMatch {
	if strings.TrimSpace(a.Quote) == "" {
		return AnchorMatch{State: AnchorOrphaned}
	}
	// cc keeps AnchorContext runes each side. An event file written by
	// hand may keep whole paragraphs, and every context score is a table
	// of context × window: only the runes next to the quote count.
	a.Prefix = anchorLastRunes(a.Prefix, anchorMaxContext)
	a.Suffix = anchorFirstRunes(a.Suffix, anchorMaxContext)
	if off := r.byteOffset(a.Position); off >= 0 &&
		strings.HasPrefix(r.body[off:], a.Quote) && anchorRawContextAgrees(a, r.body, off) {
		return AnchorMatch{
			State: AnchorAnchored,
			Start: a.Position,
			End:   a.Position + utf8.RuneCountInString(a.Quote),
			Score: 1,
		}
	}
	q, p, s := anchorFold(a.Quote), anchorFold(a.Prefix), anchorFold(a.Suffix)
	if start, ok := anchorMovedVerbatim(r.body, a, q, p, s); ok {
		return AnchorMatch{State: AnchorMoved, Start: start, End: start + utf8.RuneCountInString(a.Quote), Score: 1}
	}
	t := r.text()
	hint := t.foldedIndex(a.Position)
	if x, ok := anchorExact(t, q, p, s, hint); ok {
		start, end := t.rawSpan(x, x+len(q))
		state := AnchorMoved
		if start == a.Position {
			state = AnchorAnchored // only line breaks or spacing changed
		}
		return AnchorMatch{State: state, Start: start, End: end, Score: 1}
	}
	if len(q) < anchorMinFuzzy {
		return AnchorMatch{State: AnchorOrphaned}
	}
	if x, y, score, ok := anchorFuzzy(t, q, p, s, hint); ok {
		x, y = anchorSnapWords(t, q, p, s, x, y)
		start, end := t.rawSpan(x, y)
		return AnchorMatch{State: AnchorFuzzy, Start: start, End: end, Score: score}
	}
	return AnchorMatch{State: AnchorOrphaned}
}

// anchorRawContextAgrees guards the quick path: the quote is at its old
// offset, but a short quote there could be a different "the" that text
// shifted into place, so some of its context must agree too.
func anchorRawContextAgrees(a Anchor, body string, off int) bool {
	if utf8.RuneCountInString(a.Quote) >= anchorLongQuote {
		return true
	}
	lp, ls := utf8.RuneCountInString(a.Prefix), utf8.RuneCountInString(a.Suffix)
	if lp+ls == 0 {
		return true
	}
	kp := anchorCommonTail([]rune(a.Prefix), []rune(anchorLastRunes(body[:off], lp)))
	ks := anchorCommonHead([]rune(a.Suffix), []rune(anchorFirstRunes(body[off+len(a.Quote):], ls)))
	return kp+ks >= min(8, lp+ls)
}

// anchorMovedVerbatim is the common case of a moved quote, done without
// folding the whole body: the quote occurs byte for byte, and the context
// of one occurrence backs it, judged on a folded window around it. It
// returns the rune offset of that occurrence. When it finds nothing, the
// full search, which also sees quotes whose line breaks changed, decides.
func anchorMovedVerbatim(body string, a Anchor, q, p, s []rune) (int, bool) {
	type place struct{ at, runes, adj, dist int }
	var places []place
	runes, last := 0, 0
	for off := 0; off < len(body); {
		i := strings.Index(body[off:], a.Quote)
		if i < 0 {
			break
		}
		if len(places) == anchorMaxHits {
			return 0, false // a common word: the full search ranks them better
		}
		at := off + i
		runes += utf8.RuneCountInString(body[last:at])
		last = at
		places = append(places, place{
			at:    at,
			runes: runes,
			adj:   anchorCommonTailString(a.Prefix, body[:at]) + anchorCommonHeadString(a.Suffix, body[at+len(a.Quote):]),
			dist:  anchorAbs(runes - a.Position),
		})
		_, size := utf8.DecodeRuneInString(body[at:])
		off = at + size
	}
	slices.SortFunc(places, func(a, b place) int {
		if a.adj != b.adj {
			return b.adj - a.adj
		}
		return a.dist - b.dist
	})
	const window = 96 // runes each side; folding only shrinks what the context needs
	best, bestCtx := -1, 0.0
	for i, pl := range places[:min(len(places), 4)] {
		lo := pl.at - len(anchorLastRunes(body[:pl.at], window))
		end := pl.at + len(a.Quote)
		hi := end + len(anchorFirstRunes(body[end:], window))
		w := anchorNormalize(body[lo:hi])
		x := w.foldedIndex(utf8.RuneCountInString(body[lo:pl.at]))
		y := w.foldedIndex(utf8.RuneCountInString(body[lo:end]))
		// Where the window stops short of the body's ends, the text goes
		// on, and an empty prefix or suffix must not match there.
		xs, ys := x, y
		if lo > 0 {
			xs = -1
		}
		if hi < len(body) {
			ys = -1
		}
		if y-x != len(q) || !anchorOneSideIntactAt(w.r, p, s, x, y, xs, ys) {
			continue
		}
		ctx := anchorContextSim(w, p, s, x, y)
		if ctx >= anchorMinContext && (best < 0 || ctx > bestCtx+1e-9 || ctx > bestCtx-1e-9 && pl.dist < places[best].dist) {
			best, bestCtx = i, ctx
		}
	}
	if best < 0 {
		return 0, false
	}
	return places[best].runes, true
}

func anchorCommonTailString(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func anchorCommonHeadString(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func anchorCommonTail(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func anchorCommonHead(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// anchorExact looks for the quote verbatim (white space folded) and returns
// its folded start if one occurrence has the context to back it.
func anchorExact(t *anchorText, q, p, s []rune, hint int) (int, bool) {
	type place struct{ x, adj, dist int }
	var places []place
	qs := string(q)
	for off := 0; off < len(t.s); {
		i := strings.Index(t.s[off:], qs)
		if i < 0 {
			break
		}
		x := int(t.runeAt[off+i])
		places = append(places, place{
			x:    x,
			adj:  anchorCommonTail(p, t.r[:x]) + anchorCommonHead(s, t.r[x+len(q):]),
			dist: anchorAbs(x - hint),
		})
		_, size := utf8.DecodeRuneInString(t.s[off+i:])
		off += i + size
	}
	if len(places) == 0 {
		return 0, false
	}
	if len(places) == 1 && len(q) >= anchorLongQuote {
		return places[0].x, true
	}
	// Only the few places whose immediate context agrees best are worth
	// the full comparison; a common word can occur hundreds of times.
	slices.SortFunc(places, func(a, b place) int {
		if a.adj != b.adj {
			return b.adj - a.adj
		}
		return a.dist - b.dist
	})
	best, bestCtx := -1, 0.0
	for i, pl := range places[:min(len(places), 8)] {
		if !anchorOneSideIntact(t, p, s, pl.x, pl.x+len(q)) {
			continue
		}
		ctx := anchorContextSim(t, p, s, pl.x, pl.x+len(q))
		if best < 0 || ctx > bestCtx+1e-9 || ctx > bestCtx-1e-9 && pl.dist < places[best].dist {
			best, bestCtx = i, ctx
		}
	}
	if best < 0 || bestCtx < anchorMinContext {
		return 0, false
	}
	return places[best].x, true
}

// anchorOneSideIntact says whether the text right next to folded [x, y) is
// what was next to the quote, on at least one side, for the nearest 8
// runes. Text that moved with the quote brings one side along. A word that
// merely recurs nearby ("Scheduled exports are written" deleted, "Failed
// exports are retried" left in its place) usually has the wider context
// but not the words touching it.
func anchorOneSideIntact(t *anchorText, p, s []rune, x, y int) bool {
	return anchorOneSideIntactAt(t.r, p, s, x, y, x, y)
}

// anchorOneSideIntactAt is anchorOneSideIntact on text that may be a window
// of the body: xs and ys are x and y, or -1 where the window ends before
// the body does.
func anchorOneSideIntactAt(r, p, s []rune, x, y, xs, ys int) bool {
	const near = 8
	if len(p) > 0 && anchorCommonTail(p, r[:x]) >= min(near, len(p)) || len(p) == 0 && xs == 0 {
		return true
	}
	return len(s) > 0 && anchorCommonHead(s, r[y:]) >= min(near, len(s)) || len(s) == 0 && ys == len(r)
}

// anchorContextSim says how well the text around folded [x, y) agrees with
// the anchor's prefix and suffix. It is the mean of two views: both sides,
// each weighed by its length, and the better side alone. Text that moved
// with the quote keeps at least one side (a paragraph moved elsewhere keeps
// the words after a quote that opens it), while unrelated text agrees a
// little on both sides and well on neither, so the better side is what sets
// them apart. A side shorter than 16 runes counts for less, since a few
// runes agree by chance.
func anchorContextSim(t *anchorText, p, s []rune, x, y int) float64 {
	lp, ls := len(p), len(s)
	if lp+ls == 0 {
		return 1
	}
	var ps, ss float64
	if lp > 0 {
		var edits int
		edits, t.rows = anchorEdgeEdits(p, t.r[max(0, x-lp-anchorCtxSlack):x], false, t.rows)
		ps = 1 - float64(edits)/float64(lp)
	}
	if ls > 0 {
		var edits int
		edits, t.rows = anchorEdgeEdits(s, t.r[y:min(len(t.r), y+ls+anchorCtxSlack)], true, t.rows)
		ss = 1 - float64(edits)/float64(ls)
	}
	both := (float64(lp)*ps + float64(ls)*ss) / float64(lp+ls)
	better := max(ps*min(1, float64(lp)/16), ss*min(1, float64(ls)/16))
	return (both + better) / 2
}
