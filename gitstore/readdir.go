package gitstore

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// IsDir reports whether the entry is a folder (its Blob is then a tree id).
func (e Entry) IsDir() bool { return e.Mode == modeTree }

// ReadDir returns the entries directly in dir ("" is the root), folders
// included, in git's order. Together with TreeHash it lets a cache skip
// every folder whose tree id it has seen. A missing dir gives an error
// wrapping fs.ErrNotExist.
func (t *Snapshot) ReadDir(dir string) ([]Entry, error) {
	dir = strings.TrimSuffix(dir, "/")
	h, err := t.TreeHash(dir)
	if err != nil {
		return nil, err
	}
	raw, err := t.s.readTyped(h, objTree)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", dirOrRoot(dir), err)
	}
	var out []Entry
	err = walkRawTree(raw, func(e treeEntry) error {
		out = append(out, Entry{Path: joinPath(dir, string(e.name)), Blob: e.hash, Mode: parseMode(e.mode)})
		return nil
	})
	return out, err
}

// WalkTree is Walk for a folder whose tree id the caller already has (from
// ReadDir), naming paths under dir: it skips looking the folder up again,
// which matters when thousands of sibling folders are walked.
func (t *Snapshot) WalkTree(tree Hash, dir string, fn func(Entry) error) error {
	return t.walkTree(tree, strings.TrimSuffix(dir, "/"), nil, fn)
}

// WalkTrees lists the files under each of trees (folders, as Stat or
// ReadDir give them) as WalkTree does, reading the trees of each level
// together, as ReadBlobs reads blobs: files[k] holds those under trees[k],
// in git order.
func (t *Snapshot) WalkTrees(trees []Entry) (files [][]Entry, err error) {
	type folder struct {
		k    int
		tree Hash
		dir  string
	}
	files = make([][]Entry, len(trees))
	nested := make([]bool, len(trees))
	level := make([]folder, len(trees))
	for k, e := range trees {
		level[k] = folder{k, e.Blob, strings.TrimSuffix(e.Path, "/")}
	}
	for len(level) > 0 {
		reads := make([]BlobRead, len(level))
		for i, f := range level {
			reads[i] = BlobRead{ID: f.tree}
		}
		var mu sync.Mutex
		var next []folder
		// Trees are not kept in t.bases: the folders of different
		// chunks of a pass are different trees.
		err := t.s.db.readBatch(reads, objTree, nil, nil, func(i int) ([]byte, error) {
			return t.s.readTyped(reads[i].ID, objTree)
		}, func(i int, raw []byte, err error) error {
			if err != nil {
				return err
			}
			f := level[i]
			var found []Entry
			var subs []folder
			err = walkRawTree(raw, func(e treeEntry) error {
				p := joinPath(f.dir, string(e.name))
				if m := parseMode(e.mode); m == modeTree {
					subs = append(subs, folder{f.k, e.hash, p})
				} else {
					found = append(found, Entry{Path: p, Blob: e.hash, Mode: m})
				}
				return nil
			})
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			files[f.k] = append(files[f.k], found...)
			next = append(next, subs...)
			nested[f.k] = nested[f.k] || len(subs) > 0
			return nil
		})
		if err != nil {
			return nil, err
		}
		level = next
	}
	for k, files := range files {
		if nested[k] {
			// A folder's path followed by '/' is where git sorts it.
			slices.SortFunc(files, func(a, b Entry) int { return cmp.Compare(a.Path, b.Path) })
		}
	}
	return files, nil
}
