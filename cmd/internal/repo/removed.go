package repo

import (
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// removedDraft finds a draft that has no file in the content folders any
// more, by its id or an id prefix: what an approval of its removal is
// recorded on, and whose history log and diff read. A draft with a review
// folder is found among those (a prefix must name one only); only when
// none matches is history searched (see removedInHistory), so a draft
// that was never reviewed is found too, the newest that matches.
func (v *View) removedDraft(ref string) (content.CatalogEntry, bool) {
	ref = strings.TrimSpace(ref)
	if len(ref) < 2 {
		return content.CatalogEntry{}, false
	}
	folders, err := v.reviewFolders()
	if err != nil {
		return content.CatalogEntry{}, false
	}
	x, err := v.draftIndex()
	if err != nil {
		return content.CatalogEntry{}, false
	}
	gone := func(id string) bool { return strings.HasPrefix(id, ref) && len(lookup(x.ids, id, false)) == 0 }
	var found []string
	for draft := range folders {
		if gone(draft) {
			found = append(found, draft)
		}
	}
	if len(found) == 0 {
		id, err := v.removedInHistory(gone)
		if err != nil || id == "" {
			return content.CatalogEntry{}, false
		}
		found = append(found, id)
	}
	if len(found) != 1 {
		return content.CatalogEntry{}, false
	}
	id := found[0]
	return content.CatalogEntry{ID: id, Path: reviewDir(id), Title: "removed draft " + id, Blob: RemovedBlob}, true
}

// removedInHistory walks history back from the tip and returns the first
// draft id gone reports true for: named by a Cc-Draft trailer, or in the
// front matter of a content file a commit removed or gave another id (a
// draft added and removed with plain git). A commit of cc's about one
// draft names it, so its tree is not read; only the trees of other
// commits are compared with their parents'. It returns "" when history
// has no such id.
func (v *View) removedInHistory(gone func(id string) bool) (string, error) {
	store := v.r.store
	w, err := store.NewHistoryWalk()
	if err != nil {
		return "", err
	}
	if err := w.Push(v.snap.Commit(), ""); err != nil {
		return "", err
	}
	for {
		c, _, _, ok := w.Next()
		if !ok {
			return "", nil
		}
		for _, id := range trailers(c.Message, "Cc-Draft") {
			if gone(id) {
				return id, nil
			}
		}
		cc := len(c.Parents) == 1 && trailer(c.Message, "Cc-Action") != ""
		now := store.SnapshotOf(c)
		for _, ph := range c.Parents {
			if !cc {
				before, err := store.Snapshot(ph)
				if err != nil {
					return "", err
				}
				id, err := v.goneIn(before, now, gone)
				if id != "" || err != nil {
					return id, err
				}
			}
			if err := w.Push(ph, ""); err != nil {
				return "", err
			}
		}
	}
}

// goneIn is the id gone reports true for that a content file of before
// had, when the commit from before to now removed the file or gave it
// another id; "" when there is none.
func (v *View) goneIn(before, now *gitstore.Snapshot, gone func(id string) bool) (string, error) {
	removed, modified, err := v.changedMarkdown(before, now)
	if err != nil || len(removed)+len(modified) == 0 {
		return "", err
	}
	_, id, err := v.leftID(before, now, removed, modified, gone)
	return id, err
}
