package repo

import (
	"slices"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// draftVersion is a commit of a draft's history: the commit, and the
// draft's path there ("" while the walk of a removed draft has not yet met
// its file).
type draftVersion struct {
	Commit gitstore.CommitInfo
	Path   string
}

// walkDraft calls fn, newest first, for every commit that changed draft e:
// its file, followed back through renames (cc draft mv, and git's rename
// detection of a plain git mv), or its review events. Merged lines are
// walked too, so what arrived through a merge's second parent is met; a
// merge that took the draft as one parent had it is left out, as git log
// does. fn returns false to stop. cut reports the edge of a shallow clone.
//
// A removed draft (e.Path the review folder, as removedDraft gives it) is
// found in the commit that removed it, by its id, and followed from there.
func (v *View) walkDraft(e content.CatalogEntry, fn func(draftVersion) bool) (cut bool, err error) {
	store := v.r.store
	start := e.Path
	if e.Blob == RemovedBlob {
		start = ""
	}
	w, err := store.NewHistoryWalk()
	if err != nil {
		return false, err
	}
	if err := w.Push(v.snap.Commit(), start); err != nil {
		return false, err
	}
	for {
		c, p, edge, ok := w.Next()
		if !ok {
			return cut, nil
		}
		cut = cut || edge
		parents := c.Parents
		if len(parents) == 1 && trailer(c.Message, "Cc-Action") != "" && e.ID != "" && !slices.Contains(trailers(c.Message, "Cc-Draft"), e.ID) {
			// cc says this commit was about other drafts: no tree is read.
			if err := w.Push(parents[0], p); err != nil {
				return cut, err
			}
			continue
		}
		sides, err := v.draftSides(c, parents, p, e.ID)
		if err != nil {
			return cut, err
		}
		follow := sides
		include := true
		for _, s := range sides {
			if s.same {
				follow, include = []draftSide{s}, false
				break
			}
		}
		if len(parents) == 0 {
			root := store.SnapshotOf(c)
			include = p != "" && blobAt(root, p) != "" || e.ID != "" && treeAt(root, reviewDir(e.ID)) != ""
		}
		if include && !fn(draftVersion{Commit: c, Path: p}) {
			return cut, nil
		}
		for _, s := range follow {
			if s.present {
				if err := w.Push(s.parent, s.path); err != nil {
					return cut, err
				}
			}
		}
	}
}

// draftSide is the draft in one parent of a commit: its path there,
// whether it is there at all (file or events; a removed draft whose file
// the walk has not met yet is further back), and whether it is the same
// as in the commit.
type draftSide struct {
	parent  gitstore.Hash
	path    string
	present bool
	same    bool
}

// draftSides compares the draft at path p (and the events of id) in commit
// c with each of its parents.
func (v *View) draftSides(c gitstore.CommitInfo, parents []gitstore.Hash, p, id string) ([]draftSide, error) {
	store := v.r.store
	now := store.SnapshotOf(c)
	fileNow := ""
	if p != "" {
		fileNow = blobAt(now, p)
	}
	var sides []draftSide
	for _, ph := range parents {
		before, err := store.Snapshot(ph)
		if err != nil {
			return nil, err
		}
		pp, fileBefore := p, ""
		if p != "" {
			fileBefore = blobAt(before, p)
		}
		if fileBefore == "" {
			var old gitstore.Entry
			if p == "" || fileNow != "" {
				old, err = v.renamedFrom(c, before, now, p, fileNow, id)
				if err != nil {
					return nil, err
				}
			}
			if old.Path != "" {
				pp, fileBefore = old.Path, old.Blob.String()
			}
		}
		// The events folder is read only when .cc changed at all, or
		// when only the events can say whether the draft is there.
		eventsNow, eventsBefore := "", ""
		if id != "" && (fileBefore == "" || treeAt(now, ".cc") != treeAt(before, ".cc")) {
			eventsNow, eventsBefore = treeAt(now, reviewDir(id)), treeAt(before, reviewDir(id))
		}
		sides = append(sides, draftSide{
			parent:  ph,
			path:    pp,
			present: fileBefore != "" || eventsBefore != "" || p == "",
			same:    pp == p && fileBefore == fileNow && eventsBefore == eventsNow,
		})
	}
	return sides, nil
}

// renamedFrom finds the file of before that became draft p of commit c
// (blob blobNow, id id): the old path a cc draft mv names, else among the
// Markdown files c removed from the content folders, the one with the same
// content, then the same id, then most of its body lines, as git's rename
// detection pairs a removed file with an added one. With p "" (a removed
// draft not met yet) only the id counts, and a file c kept but gave
// another id (a save with --new-id) counts too. It returns a zero Entry
// when the draft is new in c.
func (v *View) renamedFrom(c gitstore.CommitInfo, before, now *gitstore.Snapshot, p, blobNow, id string) (gitstore.Entry, error) {
	if old := movedFrom(c.Message, p); old != "" {
		if e, err := before.Stat(old); err == nil {
			return e, nil
		}
	}
	removed, modified, err := v.changedMarkdown(before, now)
	if err != nil {
		return gitstore.Entry{}, err
	}
	if p == "" {
		old, _, err := v.leftID(before, now, removed, modified, func(was string) bool { return was == id })
		return old, err
	}
	if len(removed) == 0 {
		return gitstore.Entry{}, nil
	}
	for _, g := range removed {
		if g.Blob.String() == blobNow {
			return g, nil
		}
	}
	data, err := readHexBlob(now, blobNow)
	if err != nil {
		return gitstore.Entry{}, err
	}
	if d, err := v.config.Site.Parse(p, data); err == nil && d.ID != "" {
		id = d.ID
	}
	nowLines := bodyLines(p, data)
	best, bestScore := gitstore.Entry{}, 0.0
	for _, g := range removed {
		data, err := before.ReadBlob(g.Blob)
		if err != nil {
			return gitstore.Entry{}, err
		}
		if id != "" && catalogEntry(v.config.Site, g.Path, "", data).ID == id {
			return g, nil
		}
		old := bodyLines(g.Path, data)
		hits := 0
		for l := range old {
			if nowLines[l] {
				hits++
			}
		}
		if len(old) > 0 {
			if score := float64(hits) / float64(len(old)); score >= 0.5 && score > bestScore {
				best, bestScore = g, score
			}
		}
	}
	return best, nil
}

// changedMarkdown lists the Markdown files of the content folders that
// before has and now has not (removed), or has with other content
// (modified), as before has them.
func (v *View) changedMarkdown(before, now *gitstore.Snapshot) (removed, modified []gitstore.Entry, err error) {
	for _, root := range v.config.Content {
		gone, changed, err := v.r.store.Changed(before, now, root)
		if err != nil {
			return nil, nil, err
		}
		removed, modified = appendMarkdown(removed, gone), appendMarkdown(modified, changed)
	}
	return removed, modified, nil
}

// leftID finds the file of before whose id match takes that a commit
// removed, or kept under another id: where a removed draft was last. It
// returns the file and the id it had.
func (v *View) leftID(before, now *gitstore.Snapshot, removed, modified []gitstore.Entry, match func(id string) bool) (gitstore.Entry, string, error) {
	idOf := func(snap *gitstore.Snapshot, g gitstore.Entry) (string, error) {
		data, err := readFileLimited(snap, g.Path)
		if err != nil {
			return "", err
		}
		return catalogEntry(v.config.Site, g.Path, "", data).ID, nil
	}
	for i, g := range append(removed, modified...) {
		was, err := idOf(before, g)
		if err != nil {
			return gitstore.Entry{}, "", err
		}
		if was == "" || !match(was) {
			continue
		}
		if i < len(removed) {
			return g, was, nil
		}
		is, err := idOf(now, g)
		if err != nil {
			return gitstore.Entry{}, "", err
		}
		if is != was {
			return g, was, nil
		}
	}
	return gitstore.Entry{}, "", nil
}

func appendMarkdown(out, entries []gitstore.Entry) []gitstore.Entry {
	for _, g := range entries {
		if g.IsFile() && hasMarkdownExt(g.Path) {
			out = append(out, g)
		}
	}
	return out
}

// FindDraftOrRemoved is FindDraft, and for a reference that names no
// draft, a removed one by its id or an id prefix (see removedDraft). The
// entry of a removed draft has RemovedBlob as its blob and its review
// folder as its path.
func (v *View) FindDraftOrRemoved(ref string) (content.CatalogEntry, error) {
	e, err := v.FindDraft(ref)
	if err != nil {
		if gone, ok := v.removedDraft(ref); ok {
			return gone, nil
		}
	}
	return e, err
}

// FormerID is the id draft e's file had before it lost it (a copy without
// id: committed with git, or a save with --new-id) and whose review is
// left without a draft: what e's threads are filed under. It is "" when e
// has a review of its own, when no review is left without a draft (so
// nothing is walked), or when no earlier version of e names such an id.
func (v *View) FormerID(e content.CatalogEntry) (string, error) {
	folders, err := v.reviewFolders()
	if err != nil {
		return "", err
	}
	if _, ok := folders[e.ID]; ok && e.ID != "" {
		return "", nil
	}
	x, err := v.draftIndex()
	if err != nil {
		return "", err
	}
	left := map[string]bool{}
	for id := range folders {
		if len(lookup(x.ids, id, false)) == 0 {
			left[id] = true
		}
	}
	if len(left) == 0 {
		return "", nil
	}
	found := ""
	var readErr error
	_, err = v.walkDraft(content.CatalogEntry{Path: e.Path}, func(d draftVersion) bool {
		snap := v.r.store.SnapshotOf(d.Commit)
		data, err := readFileLimited(snap, d.Path)
		if isNotExist(err) {
			return true
		}
		if err != nil {
			readErr = err
			return false
		}
		if id := catalogEntry(v.config.Site, d.Path, "", data).ID; left[id] {
			found = id
			return false
		}
		return true
	})
	if err == nil {
		err = readErr
	}
	return found, err
}
