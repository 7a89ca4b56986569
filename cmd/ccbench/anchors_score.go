package main

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/cc-content/cc/content"
)

// The anchoring evaluation: real revision pairs of Markdown files, quotes
// taken from the old text, and truth from a word alignment of the two
// texts that shares nothing with cc's anchoring (a plain longest common
// subsequence of words, by dynamic programming).

// evalPair is one real edit of one file.
type evalPair struct {
	Repo, Commit, Parent, Path string
	Old, New                   string
}

// evalWord is a word of a text: runes [start, end).
type evalWord struct {
	text       string
	start, end int
}

func evalWords(r []rune) []evalWord {
	var out []evalWord
	for i := 0; i < len(r); {
		if !unicode.IsLetter(r[i]) && !unicode.IsDigit(r[i]) {
			i++
			continue
		}
		j := i
		for j < len(r) && (unicode.IsLetter(r[j]) || unicode.IsDigit(r[j])) {
			j++
		}
		out = append(out, evalWord{string(r[i:j]), i, j})
		i = j
	}
	return out
}

// evalMaxCells bounds the alignment table; a pair whose changed middle is
// larger is left out of the evaluation (and counted as such).
const evalMaxCells = 16 << 20

// evalAlign aligns the words of old and new: to[i] is the new word old
// word i became, or -1. ok is false when the texts are too far apart to
// align within evalMaxCells.
func evalAlign(old, new []evalWord) (to []int, ok bool) {
	same := func(a, b evalWord) bool { return a.text == b.text || strings.EqualFold(a.text, b.text) }
	to = make([]int, len(old))
	for i := range to {
		to[i] = -1
	}
	pre := 0
	for pre < len(old) && pre < len(new) && same(old[pre], new[pre]) {
		to[pre] = pre
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && same(old[len(old)-1-suf], new[len(new)-1-suf]) {
		to[len(old)-1-suf] = len(new) - 1 - suf
		suf++
	}
	a, b := old[pre:len(old)-suf], new[pre:len(new)-suf]
	n, m := len(a), len(b)
	if (n+1)*(m+1) > evalMaxCells {
		return nil, false
	}
	lcs := make([]uint16, (n+1)*(m+1)) // lcs[i*(m+1)+j]: of a[i:] and b[j:]
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if same(a[i], b[j]) {
				lcs[i*(m+1)+j] = lcs[(i+1)*(m+1)+j+1] + 1
			} else {
				lcs[i*(m+1)+j] = max(lcs[(i+1)*(m+1)+j], lcs[i*(m+1)+j+1])
			}
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case same(a[i], b[j]):
			to[pre+i] = pre + j
			i, j = i+1, j+1
		case lcs[(i+1)*(m+1)+j] >= lcs[i*(m+1)+j+1]:
			i++
		default:
			j++
		}
	}
	return to, true
}

// evalQuote is a comment's quote: runes [start, end) of the old text, the
// words [wa, wb] it covers, and which occurrence of its text it is.
type evalQuote struct {
	start, end int
	wa, wb     int
	occurrence int
}

// evalPickQuotes takes up to k quotes from the old text, the same ones on
// every run: half near a change (where anchoring is tested), half
// anywhere. Quotes are whole words, from one to ten, within a paragraph.
func evalPickQuotes(p evalPair, old []rune, words []evalWord, to []int, k int) []evalQuote {
	if len(words) == 0 {
		return nil
	}
	sum := sha256.Sum256([]byte(p.Commit + "\x00" + p.Path))
	rng := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
	var near []int
	for i := range words {
		if to[i] < 0 {
			for d := -8; d <= 8; d++ {
				if i+d >= 0 && i+d < len(words) {
					near = append(near, i+d)
				}
			}
		}
	}
	text := string(old)
	var out []evalQuote
	seen := map[[2]int]bool{}
	for try := 0; len(out) < k && try < 8*k; try++ {
		var first int
		if len(out)%2 == 0 && len(near) > 0 {
			first = near[rng.IntN(len(near))]
		} else {
			first = rng.IntN(len(words))
		}
		n := 1 + rng.IntN(min(3, len(words)))
		if rng.IntN(2) == 0 {
			n = 1 + rng.IntN(10)
		}
		last := min(len(words)-1, first+n-1)
		q := evalQuote{start: words[first].start, end: words[last].end, wa: first, wb: last}
		quote := string(old[q.start:q.end])
		if seen[[2]int{q.start, q.end}] || len([]rune(quote)) < 3 || strings.Contains(quote, "\n\n") {
			continue
		}
		seen[[2]int{q.start, q.end}] = true
		bs := len(string(old[:q.start]))
		q.occurrence = strings.Count(text[:bs], quote) + 1 // quotes in the test data never overlap their own copies
		if evalOccurrenceAt(text, quote, q.occurrence) != bs {
			continue // overlapping copies ("aaa"): no way for a user to pick it
		}
		out = append(out, q)
	}
	return out
}

func evalOccurrenceAt(text, quote string, n int) int {
	off := 0
	for ; n > 0; n-- {
		i := strings.Index(text[off:], quote)
		if i < 0 {
			return -1
		}
		if n == 1 {
			return off + i
		}
		off += i + 1
	}
	return -1
}

// Outcomes of one comment.
const (
	evalCorrect        = "correct"         // on the words' new place exactly, or orphaned when they are gone
	evalFuzzyRight     = "fuzzy-right"     // on part of the right place, or on what replaced the words
	evalWrong          = "wrong"           // somewhere else
	evalMissed         = "missed"          // orphaned although every word survives
	evalOrphanedEdited = "orphaned-edited" // orphaned while some of its words survive, edited
)

// evalTruth is where the quote's words are in the new text, by the word
// alignment.
type evalTruth struct {
	kind      string   // "kept", "moved", "edited" (most words kept), "gone"
	spans     [][2]int // kept or moved: the words' place(s)
	lo, hi    int      // edited or gone: between the kept words around the quote
	unchanged bool
}

func evalTruthOf(q evalQuote, old, new []evalWord, to []int, newLen int) evalTruth {
	var kept []int
	for i := q.wa; i <= q.wb; i++ {
		if to[i] >= 0 {
			kept = append(kept, to[i])
		}
	}
	t := evalTruth{lo: 0, hi: newLen}
	for i := q.wa - 1; i >= 0; i-- {
		if to[i] >= 0 {
			t.lo = new[to[i]].end
			break
		}
	}
	for i := q.wb + 1; i < len(to); i++ {
		if to[i] >= 0 {
			t.hi = new[to[i]].start
			break
		}
	}
	n := q.wb - q.wa + 1
	switch {
	case len(kept) == n && kept[n-1]-kept[0] == n-1 && evalSameWords(old[q.wa:q.wb+1], new[kept[0]:kept[n-1]+1]):
		t.kind, t.unchanged = "kept", true
		t.spans = [][2]int{{new[kept[0]].start, new[kept[n-1]].end}}
	case 2*len(kept) >= n:
		t.kind = "edited" // most of its words are still there
	case len(kept) > 0:
		t.kind = "gone" // most of its words were deleted: orphaned is right
	default:
		t.kind = "gone"
		// Moved: the same words, in order, among words the edit brought in.
		// One word alone that recurs elsewhere says nothing of a move.
		used := make([]bool, len(new))
		for _, j := range to {
			if j >= 0 {
				used[j] = true
			}
		}
		for j := 0; n > 1 && j+n <= len(new); j++ {
			match := true
			for k := 0; k < n && match; k++ {
				match = !used[j+k] && new[j+k].text == old[q.wa+k].text
			}
			if match {
				t.spans = append(t.spans, [2]int{new[j].start, new[j+n-1].end})
			}
		}
		if len(t.spans) > 0 {
			t.kind, t.unchanged = "moved", true
		}
	}
	return t
}

func evalSameWords(a, b []evalWord) bool {
	for i := range a {
		if a[i].text != b[i].text {
			return false
		}
	}
	return true
}

// evalJudge scores match m (in runes of the new text) against the truth.
func evalJudge(m content.AnchorMatch, t evalTruth, newText []rune) string {
	if m.State == content.AnchorOrphaned {
		switch {
		case t.unchanged:
			return evalMissed
		case t.kind == "edited":
			return evalOrphanedEdited
		}
		return evalCorrect
	}
	s, e := m.Start, m.End
	for s < e && unicode.IsSpace(newText[s]) {
		s++
	}
	for e > s && unicode.IsSpace(newText[e-1]) {
		e--
	}
	for _, sp := range t.spans {
		if s == sp[0] && e == sp[1] {
			return evalCorrect
		}
	}
	for _, sp := range t.spans {
		if s < sp[1] && e > sp[0] {
			return evalFuzzyRight
		}
	}
	// Inside the stretch between the kept words around the quote, give or
	// take a word at its edges: mostly inside.
	if in := min(e, t.hi) - max(s, t.lo); !t.unchanged && e > s && 2*in >= e-s {
		return evalFuzzyRight
	}
	return evalWrong
}

// evalTally counts outcomes.
type evalTally struct {
	Pairs, Skipped, Comments int
	Outcomes                 map[string]int
}

func (t *evalTally) add(outcome string) {
	if t.Outcomes == nil {
		t.Outcomes = map[string]int{}
	}
	t.Outcomes[outcome]++
	t.Comments++
}

func (t *evalTally) share(outcomes ...string) float64 {
	if t.Comments == 0 {
		return 0
	}
	n := 0
	for _, o := range outcomes {
		n += t.Outcomes[o]
	}
	return float64(n) / float64(t.Comments)
}

// evalModes are the two ways cc places a comment: following the history
// (the edit is known) and searching (a shallow clone, where it is not).
var evalModes = []string{"history", "search"}

// evalRank orders outcomes from best to worst, to take the better of the
// two truths.
var evalRank = map[string]int{evalCorrect: 0, evalFuzzyRight: 1, evalOrphanedEdited: 2, evalMissed: 3, evalWrong: 4}

// evalAlignBoth returns two optimal word alignments: one that pairs
// repeated words as early as it can, and one as late. Where they differ,
// either is a fair reading of the edit, and a comment is judged by the one
// that agrees with it better.
func evalAlignBoth(old, new []evalWord) (early, late []int, ok bool) {
	early, ok = evalAlign(old, new)
	if !ok {
		return nil, nil, false
	}
	rev := func(w []evalWord) []evalWord {
		out := make([]evalWord, len(w))
		for i := range w {
			out[len(w)-1-i] = w[i]
		}
		return out
	}
	r, _ := evalAlign(rev(old), rev(new))
	late = make([]int, len(old))
	for i, j := range r {
		late[len(old)-1-i] = -1
		if j >= 0 {
			late[len(old)-1-i] = len(new) - 1 - j
		}
	}
	return early, late, true
}

// evalScorePair places every quote of p in both modes and tallies them;
// show, when not nil, is told of every comment cc placed wrongly or missed
// while following the history.
func evalScorePair(p evalPair, quotes int, tallies map[string]*evalTally, show evalShow) {
	old, new := []rune(p.Old), []rune(p.New)
	ow, nw := evalWords(old), evalWords(new)
	to, late, ok := evalAlignBoth(ow, nw)
	for _, mode := range evalModes {
		tallies[mode].Pairs++
		if !ok {
			tallies[mode].Skipped++
		}
	}
	if !ok {
		return
	}
	for _, q := range evalPickQuotes(p, old, ow, to, quotes) {
		a, err := content.NewAnchor(p.Old, string(old[q.start:q.end]), q.occurrence, "")
		if err != nil || a.Position != q.start {
			continue
		}
		truth, truth2 := evalTruthOf(q, ow, nw, to, len(new)), evalTruthOf(q, ow, nw, late, len(new))
		judge := func(m content.AnchorMatch) string {
			o, o2 := evalJudge(m, truth, new), evalJudge(m, truth2, new)
			if evalRank[o2] < evalRank[o] {
				return o2
			}
			return o
		}
		hist := content.FollowAnchors([]string{p.Old, p.New}, []content.Anchor{a}, []int{0})[0]
		outcome := judge(hist)
		tallies["history"].add(outcome)
		if show != nil && outcome != evalCorrect && outcome != evalFuzzyRight {
			show(p, string(old[q.start:q.end]), outcome, hist, truth)
		}
		tallies["search"].add(judge(a.Resolve(p.New)))
	}
}
