package gitstore

import (
	"fmt"

	"strings"
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
