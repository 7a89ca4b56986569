package repo

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// RemovedBlob is what an approval of a draft's removal names as the
// content it approves: none. A live page that a change removes needs the
// policy's approvals of it, as any other change of a live page does.
const RemovedBlob = "0000000000000000000000000000000000000000"

// identities matches each draft of the change to the base draft it is:
// by id, then by path, then, for a draft new to the change, by content
// among the base drafts that are gone (a move that also dropped or
// changed the id). A draft whose id differs from its base version's fails.
func (g *gate) identities() error {
	g.identity = map[string]content.CatalogEntry{}
	byID := map[string]content.CatalogEntry{}
	for _, b := range g.was {
		if b.ID != "" {
			byID[b.ID] = b
		}
	}
	headIDs, headPaths := map[string]bool{}, map[string]bool{}
	var added []content.CatalogEntry
	for _, e := range g.drafts {
		headPaths[e.Path] = true
		if e.ID != "" {
			headIDs[e.ID] = true
		}
	}
	for _, e := range g.drafts {
		if b, ok := byID[e.ID]; ok && e.ID != "" {
			g.identity[e.Path] = b
			continue
		}
		if b, ok := g.was[e.Path]; ok {
			g.identity[e.Path] = b
			if b.ID != "" && b.ID != e.ID {
				g.idChanged(e, b)
			}
			continue
		}
		added = append(added, e)
	}
	gone := g.gone(headIDs, headPaths)
	for _, e := range added {
		b, ok, err := g.closest(e, gone)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		g.identity[e.Path] = b
		delete(gone, b.Path)
		if b.ID != "" && b.ID != e.ID {
			g.idChanged(e, b)
		}
	}
	return nil
}

// gone is the base drafts the change has neither by id nor by path.
func (g *gate) gone(headIDs, headPaths map[string]bool) map[string]content.CatalogEntry {
	out := map[string]content.CatalogEntry{}
	for p, b := range g.was {
		if !headPaths[p] && (b.ID == "" || !headIDs[b.ID]) {
			out[p] = b
		}
	}
	return out
}

func (g *gate) idChanged(e, b content.CatalogEntry) {
	where := ""
	if b.Path != e.Path {
		where = fmt.Sprintf(" (it is %s of %s, moved)", b.Path, g.baseRef)
	}
	now := fmt.Sprintf("%q", e.ID)
	if e.ID == "" {
		now = "gone"
	}
	g.fail(e, true, review.Problem{Code: codeIDChanged,
		Message: fmt.Sprintf("its id was %s at %s and is %s now%s; an id is never changed or removed, or the draft would leave its review behind", b.ID, g.baseRef, now, where),
		Fix:     fmt.Sprintf("put back 'id: %s' in its front matter", b.ID)})
}

// closest finds the gone base draft whose content e's is most like, at
// least half the same lines, as git's rename detection would.
func (g *gate) closest(e content.CatalogEntry, gone map[string]content.CatalogEntry) (content.CatalogEntry, bool, error) {
	if len(gone) == 0 {
		return content.CatalogEntry{}, false, nil
	}
	now, err := readFileLimited(g.head.snap, e.Path)
	if err != nil {
		return content.CatalogEntry{}, false, err
	}
	paths := make([]string, 0, len(gone))
	for p := range gone {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	best, bestScore := content.CatalogEntry{}, 0.5
	found := false
	for _, p := range paths {
		b := gone[p]
		was, err := readFileLimited(g.base.snap, b.Path)
		if err != nil {
			return content.CatalogEntry{}, false, err
		}
		if s := similarity(was, now); s >= bestScore {
			best, bestScore, found = b, s, true
		}
	}
	return best, found, nil
}

// similarity is the share of lines two texts have in common, from 0 to 1.
func similarity(a, b []byte) float64 {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	if len(la)+len(lb) == 0 {
		return 1
	}
	count := map[string]int{}
	for _, l := range la {
		count[string(l)]++
	}
	common := 0
	for _, l := range lb {
		if count[string(l)] > 0 {
			count[string(l)]--
			common++
		}
	}
	return float64(2*common) / float64(len(la)+len(lb))
}

// duplicates fails every draft whose id another draft also has: two
// drafts would share one review, and one's approval would cover the other.
func (g *gate) duplicates() {
	for _, group := range DuplicateIDs(g.drafts) {
		for _, e := range group {
			var others []string
			for _, o := range group {
				if o.Path != e.Path {
					others = append(others, o.Path)
				}
			}
			g.fail(e, g.changed(e), review.Problem{Code: codeDuplicateID,
				Message: fmt.Sprintf("its id %s is also the id of %s; two drafts would share one review", e.ID, strings.Join(others, ", ")),
				Fix:     "give the copy its own id: delete its id: line and run cc draft save"})
		}
	}
}

// DuplicateIDs groups the drafts that share an id, each group in path
// order, the groups in id order.
func DuplicateIDs(drafts []content.CatalogEntry) [][]content.CatalogEntry {
	byID := map[string][]content.CatalogEntry{}
	for _, e := range drafts {
		if e.ID != "" {
			byID[e.ID] = append(byID[e.ID], e)
		}
	}
	var ids []string
	for id, group := range byID {
		if len(group) > 1 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	out := make([][]content.CatalogEntry, 0, len(ids))
	for _, id := range ids {
		group := byID[id]
		sort.Slice(group, func(i, j int) bool { return group[i].Path < group[j].Path })
		out = append(out, group)
	}
	return out
}

// removals fails every page that was live at the base and that the change
// removes from cc's view (deleted, moved out of the content folders, to a
// dot-file or another extension), unless the removal is approved: the
// policy's approvals naming RemovedBlob.
func (g *gate) removals() error {
	matched := map[string]bool{}
	for _, b := range g.identity {
		matched[b.Path] = true
	}
	var paths []string
	for p := range g.was {
		if !matched[p] {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		b := g.was[p]
		live, err := g.wasLive(b)
		if err != nil {
			return err
		}
		if !live {
			continue
		}
		removers, err := g.editors(b, g.summaries[b.ID])
		if err != nil {
			return err
		}
		facts := review.DraftFacts{ID: b.ID, Path: b.Path, Blob: RemovedBlob, Authors: appendPeople(g.baseAuthors(b), removers...)}
		sum := g.summaries[b.ID]
		if g.policy.Workflow.RequireSigned {
			if sum, err = g.keys.verified(sum); err != nil {
				return err
			}
		}
		st := review.Evaluate(g.policy, facts, sum, nil, g.now)
		g.out.Checked++
		if len(st.Problems) == 0 && b.ID != "" {
			continue
		}
		f := &Failing{Entry: b, State: st.State, Changed: true}
		f.Problems = append(f.Problems, review.Problem{Code: codeRemoved,
			Message: fmt.Sprintf("it was live at %s and the change removes it from the content folders (deleted, or moved where cc and the gate do not look); removing a live page needs approval like any change", g.baseRef),
			Fix:     fmt.Sprintf("put it back (git checkout %s -- %s), or have its removal approved: cc draft rm records it, cc approve %s approves it", g.baseRef, b.Path, ref(b))})
		f.Problems = append(f.Problems, st.Problems...)
		g.failing[b.Path] = f
		g.order = append(g.order, b.Path)
	}
	return nil
}

// wasLive reports whether base draft b was live at the base: published
// by cc, or live for its site generator.
func (g *gate) wasLive(b content.CatalogEntry) (bool, error) {
	if sum, ok := g.summaries[b.ID]; ok && b.ID != "" && sum.Published() {
		return true, nil
	}
	if b.Problem != "" {
		return true, nil // unreadable: it may well be live
	}
	d, err := g.base.ParseDraft(b)
	if err != nil {
		return true, nil
	}
	return content.Live(b.Path, d), nil
}

// baseAuthors are the front-matter authors of base draft b: what the
// change writes into author: cannot take an author's name off a draft.
func (g *gate) baseAuthors(b content.CatalogEntry) []review.Person {
	d, err := g.base.ParseDraft(b)
	if err != nil {
		return nil
	}
	return draftAuthors(d)
}
