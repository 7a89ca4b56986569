package repo

import (
	"cmp"
	"slices"
	"strings"

	"github.com/cc-content/cc/review"
)

// audit judges every draft for the full audit as the summaries of their
// event folders come (from the summaryRun that run started), and the
// drafts without events after them: it holds no summary once its drafts
// are judged, so its memory does not grow with the number of events. Its verdict reads as
// judgeAll's would: the drafts with bad event files by id, then the stray
// files of .cc/reviews, then the drafts in catalog order.
func (g *gate) audit() error {
	byID := make([]int, 0, len(g.drafts)) // the drafts with an id, by id
	for i, e := range g.drafts {
		if e.ID != "" {
			byID = append(byID, i)
		}
	}
	slices.SortStableFunc(byID, func(a, b int) int { return strings.Compare(g.drafts[a].ID, g.drafts[b].ID) })
	withID := func(id string) []int {
		from, _ := slices.BinarySearchFunc(byID, id, func(i int, id string) int { return strings.Compare(g.drafts[i].ID, id) })
		to := from
		for to < len(byID) && g.drafts[byID[to]].ID == id {
			to++
		}
		return byID[from:to]
	}
	// Where each failure the audit adds goes in the verdict.
	type place struct {
		phase int // 0 bad event files, 1 stray files, 2 drafts
		id    string
		at    int
	}
	before := len(g.order)
	places := map[string]place{}
	placed := func(from int, p place) {
		for _, path := range g.order[from:] {
			places[path] = p
		}
	}
	judged := make([]bool, len(g.drafts))
	judge := func(i int, sum review.Summary) error {
		from := len(g.order)
		judged[i] = true
		err := g.judge(g.drafts[i], sum)
		placed(from, place{phase: 2, at: i})
		return err
	}
	left := map[string]int{}
	err := g.sums.each(g.judged, func(id string, sum review.Summary) error {
		drafts := withID(id)
		if n := len(sum.OpenThreads); n > 0 && len(drafts) == 0 {
			left[id] = n
		}
		from := len(g.order)
		g.badEvents(id, sum)
		placed(from, place{phase: 0, id: id})
		for _, i := range drafts {
			if err := judge(i, sum); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	g.leftBehind(left)
	from := len(g.order)
	if err := g.strayEventFiles(); err != nil {
		return err
	}
	for k, path := range g.order[from:] {
		places[path] = place{phase: 1, at: k}
	}
	for i := range g.drafts {
		if !judged[i] {
			if err := judge(i, review.Summary{}); err != nil {
				return err
			}
		}
	}
	slices.SortStableFunc(g.order[before:], func(a, b string) int {
		pa, pb := places[a], places[b]
		return cmp.Or(cmp.Compare(pa.phase, pb.phase), strings.Compare(pa.id, pb.id), cmp.Compare(pa.at, pb.at))
	})
	return nil
}
