package repo

import (
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
	idx, err := g.indexGone(gone)
	if err != nil {
		return err
	}
	for _, e := range added {
		b, ok, err := g.closest(e, idx)
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

// leftBehind notes the reviews with open threads that no draft of the tip
// has (left: how many open threads each has, by draft id): the draft was
// removed, or lost or changed its id, and its threads are out of view.
// Not a failure by itself (a removed draft's threads may stay open), but
// never passed over in silence.
func (g *gate) leftBehind(left map[string]int) {
	var ids []string
	open := 0
	for id, n := range left {
		ids = append(ids, id)
		open += n
	}
	if len(ids) == 0 {
		return
	}
	sort.Strings(ids)
	named := strings.Join(ids[:min(len(ids), 5)], ", ")
	if len(ids) > 5 {
		named += fmt.Sprintf(" and %d more", len(ids)-5)
	}
	threads := fmt.Sprintf("%d open threads belong", open)
	if open == 1 {
		threads = "1 open thread belongs"
	}
	g.out.Notes = append(g.out.Notes, threads+" to drafts no file has the id of now ("+named+
		"): removed, or their id: line was lost or changed; 'cc log <id>' shows where each went, and 'cc review show <path>' shows a path's lost threads")
}

// goneIndex finds the base drafts a change removed by the lines of their
// bodies: each gone file is read once, and a new draft is compared with
// all of them in one pass over its own lines.
type goneIndex struct {
	drafts []content.CatalogEntry
	lines  []int            // distinct body lines of each gone draft
	where  map[string][]int // body line -> the gone drafts that have it
	taken  []bool
}

func (g *gate) indexGone(gone map[string]content.CatalogEntry) (*goneIndex, error) {
	idx := &goneIndex{where: map[string][]int{}}
	paths := make([]string, 0, len(gone))
	for p := range gone {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		data, err := readFileLimited(g.base.snap, p)
		if err != nil {
			return nil, err
		}
		i := len(idx.drafts)
		idx.drafts = append(idx.drafts, gone[p])
		idx.taken = append(idx.taken, false)
		lines := bodyLines(p, data)
		idx.lines = append(idx.lines, len(lines))
		for l := range lines {
			idx.where[l] = append(idx.where[l], i)
		}
	}
	return idx, nil
}

// bodyLines is the set of a draft's non-blank body lines, trimmed: what
// identifies its text, whatever its front matter and padding.
func bodyLines(p string, data []byte) map[string]bool {
	body := data
	if d, err := content.Parse(p, data); err == nil {
		body = d.Body
	}
	out := map[string]bool{}
	for _, l := range strings.Split(string(body), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out[l] = true
		}
	}
	return out
}

// closest finds the gone base draft most of whose body lines e's body has,
// at least half of them: a draft that moved, however much was added to it
// or changed in its front matter, is found; one with text of its own is
// not taken for another.
func (g *gate) closest(e content.CatalogEntry, idx *goneIndex) (content.CatalogEntry, bool, error) {
	if len(idx.drafts) == 0 {
		return content.CatalogEntry{}, false, nil
	}
	data, err := readFileLimited(g.head.snap, e.Path)
	if err != nil {
		return content.CatalogEntry{}, false, err
	}
	hits := map[int]int{}
	for l := range bodyLines(e.Path, data) {
		for _, i := range idx.where[l] {
			hits[i]++
		}
	}
	candidates := make([]int, 0, len(hits))
	for i := range hits {
		candidates = append(candidates, i)
	}
	sort.Ints(candidates) // ties go to the first in path order
	best, bestScore := -1, 0.0
	for _, i := range candidates {
		if idx.taken[i] || idx.lines[i] == 0 {
			continue
		}
		if score := float64(hits[i]) / float64(idx.lines[i]); score >= 0.5 && score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return content.CatalogEntry{}, false, nil
	}
	idx.taken[best] = true
	return idx.drafts[best], true, nil
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
		removers, unknown, err := g.editors(b, g.summaries[b.ID], g.baseAuthors(b))
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
		if facts.AuthorKeys, err = g.authorKeys(facts.Authors); err != nil {
			return err
		}
		st := review.Evaluate(g.policy, facts, sum, nil, g.now)
		if unknown {
			st.Problems = append(st.Problems, shallowProblem())
		}
		if len(st.Problems) == 0 && b.ID != "" {
			if g.failing[b.Path] == nil {
				g.out.Checked++
			}
			continue
		}
		approve := fmt.Sprintf("cc approve %s approves it", b.ID)
		if b.ID == "" {
			approve = "give it an id first (cc submit " + b.Path + " at the base), since an approval names a draft by its id"
		}
		f := g.fail(b, true, review.Problem{Code: codeRemoved,
			Message: fmt.Sprintf("it was live at %s and the change removes it from the content folders (deleted, or moved where cc and the gate do not look); removing a live page needs approval like any change", g.baseRef),
			Fix:     fmt.Sprintf("put it back (git checkout %s -- %s), or have its removal approved: %s", g.baseRef, b.Path, approve)})
		f.State = st.State
		f.Problems = append(f.Problems, st.Problems...)
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
	return g.base.config.Site.Live(b.Path, d), nil
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
