package repo

import (
	"sort"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// Placed is a thread as a reader meets it in the draft now: where its
// words are found again.
type Placed struct {
	Thread *review.Thread
	// Match is where the anchor is now; nil for a whole-draft comment.
	Match *content.AnchorMatch
	// Line is the line of the file the match starts on, and LineText that
	// line; 0 and "" when orphaned or on the whole draft.
	Line     int
	LineText string
}

// PlaceThreads finds every thread's words in draft d (the file e, as
// committed) again, following them through the draft's history, and orders
// the threads as the text reads: whole-draft comments, then by position,
// then orphans. Resolved threads are left out unless all is set; open and
// resolved count them all.
func (v *View) PlaceThreads(e content.CatalogEntry, d *content.Draft, threads []*review.Thread, all bool) (out []Placed, open, resolved int, err error) {
	return v.placeThreads(e, d, true, threads, all)
}

// placeThreads is PlaceThreads in d, which is the work tree's copy of e
// unless committed is set.
func (v *View) placeThreads(e content.CatalogEntry, d *content.Draft, committed bool, threads []*review.Thread, all bool) (out []Placed, open, resolved int, err error) {
	matches, err := v.matchAnchors(e, d, committed, threadAnchors(threads))
	if err != nil {
		return nil, 0, 0, err
	}
	out, open, resolved = placeMatched(d, threads, matches, all)
	return out, open, resolved, nil
}

// PlaceThreadsBySearch is PlaceThreads without the history: each anchor
// is found in d by its quote and context alone.
func PlaceThreadsBySearch(d *content.Draft, threads []*review.Thread, all bool) (out []Placed, open, resolved int) {
	return placeMatched(d, threads, content.ResolveAnchors(string(d.Body), threadAnchors(threads)), all)
}

// threadAnchors are the anchors of threads that have one, in order.
func threadAnchors(threads []*review.Thread) []content.Anchor {
	var anchors []content.Anchor
	for _, t := range threads {
		if t.Anchor != nil {
			anchors = append(anchors, *t.Anchor)
		}
	}
	return anchors
}

// placeMatched orders threads, whose anchors were found at matches (one
// per thread with an anchor, in order), as PlaceThreads says.
func placeMatched(d *content.Draft, threads []*review.Thread, matches []content.AnchorMatch, all bool) (out []Placed, open, resolved int) {
	body := string(d.Body)
	lines, index := strings.Split(body, "\n"), content.NewLineIndex(body)
	type ordered struct {
		p   Placed
		key int
	}
	var list []ordered
	i := 0
	for _, t := range threads {
		if t.Resolved {
			resolved++
		} else {
			open++
		}
		p := Placed{Thread: t}
		key := -1
		if t.Anchor != nil {
			m := matches[i]
			i++
			p.Match = &m
			if m.State == content.AnchorOrphaned {
				key = len(body) + 1
			} else {
				line := index.Line(m.Start)
				p.Line = line + d.BodyLine - 1
				if line-1 < len(lines) {
					p.LineText = lines[line-1]
				}
				key = m.Start
			}
		}
		if all || !t.Resolved {
			list = append(list, ordered{p, key})
		}
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].key < list[b].key })
	out = []Placed{}
	for _, o := range list {
		out = append(out, o.p)
	}
	return out, open, resolved
}
