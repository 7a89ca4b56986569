package repo

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// What a check with a base judges. The base passed the gate when it was
// merged, so a draft the change does not touch is judged as the base
// judged it: the gate reads what the change touches, and its cost grows
// with the change, not with the repository. Touched means:
//
//   - a draft file of a content folder that differs between the fork point
//     and the change, by content, mode or existence: an edit, a new page,
//     a removal, both ends of a move, an id removed or changed (all of
//     which change the file);
//   - a draft whose review folder differs: an event added, changed or
//     deleted;
//   - every draft that has the id of a touched draft whose id is new at its
//     path (a copy, a move, an id changed), found through the draft index,
//     so that duplicates and moved identities are seen as the full audit
//     sees them.
//
// Anything that changes how drafts are judged (the policy, the allowed
// signers, a site generator's configuration) changed between the fork
// point and the change, or between the fork point and the base's tip,
// makes the check judge every draft, as the full audit does. The checks
// that never
// depended on a draft (foreign pages, site configuration, evidence) run
// as they do for every check.

// policyChanged reports whether anything that judges drafts differs
// between the fork point and the change or the base's tip.
func (g *gate) policyChanged() bool {
	files := append([]string{review.ConfigPath, AllowedSignersPath}, siteConfigFiles...)
	for _, other := range []*gitstore.Snapshot{g.head.snap, g.trust.snap} {
		for _, f := range files {
			if blobAt(g.base.snap, f) != blobAt(other, f) {
				return true
			}
		}
		for _, dir := range []string{"config", "_config"} {
			if treeAt(g.base.snap, dir) != treeAt(other, dir) {
				return true
			}
		}
	}
	return false
}

// scoped fills the gate's drafts, base drafts and summaries with what the
// change touches.
func (g *gate) scoped() error {
	g.was = map[string]content.CatalogEntry{}
	var touched, links []string
	for _, dir := range g.policy.Content {
		err := changedFiles(g.base.snap, g.head.snap, dir, func(p string, link bool) {
			switch {
			case g.policy.InContent(p):
				touched = append(touched, p)
			case link && g.policy.InContentFolder(p) && !slices.Contains(links, p):
				links = append(links, p) // once, though both sides may have it
			}
		})
		if err != nil {
			return err
		}
	}
	inHead := map[string]bool{}
	for _, p := range touched {
		if err := g.addTouched(p, inHead); err != nil {
			return err
		}
	}
	for _, p := range links {
		if err := g.addLink(p); err != nil {
			return err
		}
	}
	folders, err := changedReviewFolders(g.base.snap, g.head.snap)
	if err != nil {
		return err
	}
	// Ids whose drafts the touched files do not already show.
	known := map[string]bool{}
	for _, e := range g.drafts {
		known[e.ID] = true
	}
	for _, b := range g.was {
		known[b.ID] = true
	}
	lookups := map[string]bool{}
	for _, id := range folders {
		if !known[id] {
			lookups[id] = true
		}
	}
	for _, e := range g.drafts {
		if b, ok := g.was[e.Path]; e.ID != "" && (!ok || b.ID != e.ID) {
			lookups[e.ID] = true // new at this path: a copy or a move
		}
	}
	if err := g.addByID(lookups, inHead); err != nil {
		return err
	}
	sort.Slice(g.drafts, func(i, j int) bool { return g.drafts[i].Path < g.drafts[j].Path })
	ids := map[string]bool{}
	for _, id := range folders {
		ids[id] = true
	}
	for _, e := range g.drafts {
		ids[e.ID] = true
	}
	for _, b := range g.was {
		ids[b.ID] = true
	}
	g.summaries, err = summariesOf(g.judged.snap, ids)
	return err
}

// addTouched adds the draft at path p of the change and of the fork point.
func (g *gate) addTouched(p string, inHead map[string]bool) error {
	e, ok, err := g.judged.draftAt(p)
	if err != nil {
		return err
	}
	if ok && !inHead[p] {
		inHead[p] = true
		g.drafts = append(g.drafts, e)
	}
	b, ok, err := g.base.draftAt(p)
	if err != nil {
		return err
	}
	if ok {
		g.was[p] = b
	}
	return nil
}

// addLink adds the link or submodule at path p of the change, whatever
// its name, as the catalog lists a draft that is one: with its problem,
// which fails the gate. A site may follow a link to a folder, or build
// with a submodule checked out: a change that adds or moves one publishes
// pages that no one reviewed here.
func (g *gate) addLink(p string) error {
	te, err := g.judged.snap.Stat(p)
	if isNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !te.IsFile() && !te.IsDir() {
		e, _, _ := fileEntry(g.judged.snap, g.judged.config.Site, te)
		g.drafts = append(g.drafts, e)
	}
	return nil
}

// addByID adds every draft of the change whose id is one of ids, and its
// fork-point version: it is untouched, so both are the same file.
func (g *gate) addByID(ids map[string]bool, inHead map[string]bool) error {
	if len(ids) == 0 {
		return nil
	}
	x, err := g.judged.draftIndex()
	if err != nil {
		return err
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted) // the report reads the same every run
	for _, id := range sorted {
		for _, p := range lookup(x.ids, id, false) {
			if err := g.addTouched(p, inHead); err != nil {
				return err
			}
		}
	}
	return nil
}

// changedFiles calls fn for every file under dir that differs between a
// and b: added, removed, or changed in content or mode, and whether it is
// a symbolic link or a submodule on a side that has it. Folders whose
// tree ids are equal are not read.
func changedFiles(a, b *gitstore.Snapshot, dir string, fn func(p string, link bool)) error {
	dir = treeDir(dir)
	ta, err := folderTree(a, dir)
	if err != nil {
		return err
	}
	tb, err := folderTree(b, dir)
	if err != nil || ta == tb {
		return err
	}
	entries := map[string][2]gitstore.Entry{}
	var order []string
	for side, snap := range []*gitstore.Snapshot{a, b} {
		if []string{ta, tb}[side] == "" {
			continue
		}
		list, err := snap.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range list {
			pair, seen := entries[e.Path]
			if !seen {
				order = append(order, e.Path)
			}
			pair[side] = e
			entries[e.Path] = pair
		}
	}
	for _, p := range order {
		pair := entries[p]
		if pair[0] == pair[1] {
			continue
		}
		for side, e := range pair {
			if e.IsDir() && (pair[1-side].Path == "" || !pair[1-side].IsDir()) {
				// A folder on one side only: every file in it.
				snap := []*gitstore.Snapshot{a, b}[side]
				if err := snap.Walk(p, func(f gitstore.Entry) error { fn(f.Path, !f.IsFile()); return nil }); err != nil {
					return err
				}
			} else if e.Path != "" && !e.IsDir() {
				fn(p, !e.IsFile())
			}
		}
		if pair[0].IsDir() && pair[1].IsDir() {
			if err := changedFiles(a, b, p, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// folderTree is the tree id of folder dir in snap, "" when there is none
// there; any other error is returned, never taken for an absent folder.
func folderTree(snap *gitstore.Snapshot, dir string) (string, error) {
	h, err := snap.TreeHash(dir)
	switch {
	case isNotExist(err):
		return "", nil
	case err != nil:
		return "", err
	}
	return h.String(), nil
}

// changedReviewFolders are the draft ids whose review folder differs
// between a and b, in order.
func changedReviewFolders(a, b *gitstore.Snapshot) ([]string, error) {
	if treeAt(a, reviewsDir) == treeAt(b, reviewsDir) {
		return nil, nil
	}
	folders := map[string][2]gitstore.Hash{}
	for side, snap := range []*gitstore.Snapshot{a, b} {
		list, err := snap.ReadDir(reviewsDir)
		if isNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			if e.IsDir() {
				pair := folders[path.Base(e.Path)]
				pair[side] = e.Blob
				folders[path.Base(e.Path)] = pair
			}
		}
	}
	var ids []string
	for id, pair := range folders {
		if pair[0] != pair[1] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// summariesOf folds the review folders of ids in snap; an id without one
// has no summary.
func summariesOf(snap *gitstore.Snapshot, ids map[string]bool) (map[string]review.Summary, error) {
	var dirs []gitstore.Entry
	for id := range ids {
		if id == "" || id == "." || id == ".." || strings.Contains(id, "/") {
			continue // no folder can have this name
		}
		h, err := snap.TreeHash(reviewDir(id))
		if isNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, gitstore.Entry{Path: reviewDir(id), Blob: h})
	}
	return summarize(snap, dirs)
}
