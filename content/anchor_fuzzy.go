package content

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// anchorFuzzy aligns the quote, allowing edits, at the places that pieces
// of the quote, prefix and suffix point to, and returns the best folded
// span that is good enough.
func anchorFuzzy(t *anchorText, q, p, s []rune, hint int) (x, y int, score float64, ok bool) {
	best, ok := anchorFuzzyBest(t, q, p, s, hint, true)
	if !ok {
		return 0, 0, 0, false
	}
	return best.start, best.end, min(best.score, 0.999), true
}

// anchorScored is a candidate span with how it scored.
type anchorScored struct {
	start, end int
	quote      float64 // similarity of the span to the quote
	context    float64 // anchorContextSim
	score      float64 // the reported score
	cost       int     // edits in the span and its nearest context: what picks the best span
	dist       int     // from the old position, for ties
	intact     bool    // anchorOneSideIntact
}

func (sc anchorScored) good() bool {
	return sc.quote >= anchorMinQuote && sc.context >= anchorMinFuzzyContext && sc.score >= anchorMinScore && sc.intact
}

// anchorNear is how much of the prefix and suffix next to the quote takes
// part in picking the span's edges.
const anchorNear = 16

// anchorFuzzyBest returns the candidate span with the fewest edits in it
// and in the text just around it: that is what places the edges right when
// the quote's own edits make a shorter or longer span look as good. With
// onlyGood it considers only spans that pass the thresholds.
func anchorFuzzyBest(t *anchorText, q, p, s []rune, hint int, onlyGood bool) (best anchorScored, ok bool) {
	m := len(q)
	slack := min(8+m/4, 64)
	pp, ss := p[max(0, len(p)-anchorNear):], s[:min(len(s), anchorNear)]
	for _, c := range anchorCandidates(t, q, p, s, hint) {
		lo, hi := max(0, c-slack), min(len(t.r), c+m+slack)
		if hi <= lo {
			continue
		}
		fits := anchorAlign(q, t.r[lo:hi], c+m-lo, 6)
		clo, chi := max(0, lo-len(pp)), min(len(t.r), hi+len(ss))
		if f, ok := anchorAlignContext(pp, q, ss, t.r[clo:chi]); ok {
			fits = append(fits, anchorFit{f.start + clo - lo, f.end + clo - lo, f.edits})
		}
		for _, f := range fits {
			sc := anchorScored{start: f.start + lo, end: f.end + lo}
			sc.quote = 1 - float64(f.edits)/float64(max(m, sc.end-sc.start))
			sc.context = anchorContextSim(t, p, s, sc.start, sc.end)
			sc.score = (sc.quote + sc.context) / 2
			sc.dist = anchorAbs(sc.start - hint)
			sc.intact = anchorOneSideIntact(t, p, s, sc.start, sc.end)
			var before, after int
			before, t.rows = anchorEdgeEdits(pp, t.r[max(0, sc.start-len(pp)-anchorCtxSlack):sc.start], false, t.rows)
			after, t.rows = anchorEdgeEdits(ss, t.r[sc.end:min(len(t.r), sc.end+len(ss)+anchorCtxSlack)], true, t.rows)
			sc.cost = f.edits + before + after
			if onlyGood && !sc.good() {
				continue
			}
			if !ok || sc.cost < best.cost || sc.cost == best.cost &&
				(sc.score > best.score || sc.score == best.score && sc.dist < best.dist) {
				best, ok = sc, true
			}
		}
	}
	return best, ok
}

// anchorCandidates returns the folded offsets where the quote most likely
// starts now: exact pieces of the quote, of the end of the prefix and of the
// start of the suffix each vote for one; votes close together add up. The
// old position is always a candidate, for a quote edited in place whose
// pieces are all too common to vote.
func anchorCandidates(t *anchorText, q, p, s []rune, hint int) []int {
	type vote struct{ pos, weight int }
	var votes []vote
	seed := func(piece []rune, toStart int) {
		if len(piece) < 4 {
			return
		}
		ps := string(piece)
		var hits []int
		for off := 0; off < len(t.s); {
			i := strings.Index(t.s[off:], ps)
			if i < 0 {
				break
			}
			if len(hits) == anchorMaxHits {
				return
			}
			hits = append(hits, int(t.runeAt[off+i]))
			_, size := utf8.DecodeRuneInString(t.s[off+i:])
			off += i + size
		}
		for _, h := range hits {
			votes = append(votes, vote{h + toStart, len(piece)})
		}
	}
	m := len(q)
	size := min(max(m/3, 4), 10)
	if n := m / size; n > 0 {
		step := max(1, n/20) // at most about 20 pieces of a long quote
		for k := 0; k < n; k += step {
			seed(q[k*size:(k+1)*size], -k*size)
		}
	}
	for _, k := range []int{12, 24} {
		if len(p) >= k {
			seed(p[len(p)-k:len(p)-k+12], k)
		} else if k == 12 && len(p) > 0 {
			seed(p, len(p))
		}
		if len(s) >= k {
			seed(s[k-12:k], -m-(k-12))
		} else if k == 12 && len(s) > 0 {
			seed(s, -m)
		}
	}
	slices.SortFunc(votes, func(a, b vote) int { return a.pos - b.pos })
	type group struct{ center, weight int }
	var groups []group
	tol := 4 + m/8
	for i := 0; i < len(votes); {
		j, w := i, 0
		for j < len(votes) && votes[j].pos-votes[i].pos <= tol {
			w += votes[j].weight
			j++
		}
		groups = append(groups, group{votes[(i+j)/2].pos, w})
		i = j
	}
	slices.SortStableFunc(groups, func(a, b group) int { return b.weight - a.weight })
	centers := []int{hint}
	for _, g := range groups {
		if len(centers) > anchorMaxCandidates {
			break
		}
		if anchorAbs(g.center-hint) > tol {
			centers = append(centers, g.center)
		}
	}
	return centers
}

// anchorSnapWords widens a fuzzy span to whole words where the quote began
// or ended on a word boundary: when "a branch" became "quietly branch", the
// alignment may take only "y branch", and half a word is never what a
// reviewer meant.
func anchorSnapWords(t *anchorText, q, p, s []rune, x, y int) (int, int) {
	const most = 16
	if anchorIsWordRune(q[0]) && (len(p) == 0 || !anchorIsWordRune(p[len(p)-1])) {
		for n := 0; n < most && x > 0 && anchorIsWordRune(t.r[x-1]) && anchorIsWordRune(t.r[x]); n++ {
			x--
		}
	}
	if anchorIsWordRune(q[len(q)-1]) && (len(s) == 0 || !anchorIsWordRune(s[0])) {
		for n := 0; n < most && y < len(t.r) && anchorIsWordRune(t.r[y-1]) && anchorIsWordRune(t.r[y]); n++ {
			y++
		}
	}
	return x, y
}

func anchorIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
