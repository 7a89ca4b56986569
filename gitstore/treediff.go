package gitstore

import "fmt"

// TreeChange is a path whose entry differs between two snapshots. A zero
// From or To (Mode 0) means the path is absent on that side.
type TreeChange struct {
	Path     string
	From, To Entry
}

// Diff lists the files (blobs, links, submodules) that differ between
// snapshots a and b, in path order. Folders whose tree ids are equal are
// skipped without being read, so the cost grows with the change, not with
// the repository.
func (a *Snapshot) Diff(b *Snapshot) ([]TreeChange, error) {
	var out []TreeChange
	err := a.s.diffTrees(a.tree, b.tree, "", &out)
	return out, err
}

func (s *Store) diffTrees(x, y Hash, dir string, out *[]TreeChange) error {
	if x == y {
		return nil
	}
	var xs, ys []treeEntry
	for _, side := range []struct {
		h   Hash
		dst *[]treeEntry
	}{{x, &xs}, {y, &ys}} {
		if side.h.IsZero() {
			continue
		}
		raw, err := s.readTyped(side.h, objTree)
		if err != nil {
			return err
		}
		if *side.dst, err = parseRawTree(raw); err != nil {
			return fmt.Errorf("tree %s (%s): %w", side.h, dirOrRoot(dir), err)
		}
	}
	// Both lists are in git order; entries are matched by name and kind.
	i, j := 0, 0
	for i < len(xs) || j < len(ys) {
		var c int
		switch {
		case i == len(xs):
			c = 1
		case j == len(ys):
			c = -1
		default:
			c = compareEntries(xs[i], ys[j]) // a file and a folder of one name never compare equal
		}
		var ex, ey *treeEntry
		switch {
		case c < 0:
			ex = &xs[i]
			i++
		case c > 0:
			ey = &ys[j]
			j++
		default:
			ex, ey = &xs[i], &ys[j]
			i, j = i+1, j+1
		}
		if err := s.diffEntries(ex, ey, dir, out); err != nil {
			return err
		}
	}
	return nil
}

// diffEntries records the difference between two entries of one name,
// either of which may be nil.
func (s *Store) diffEntries(ex, ey *treeEntry, dir string, out *[]TreeChange) error {
	if ex != nil && ey != nil && ex.hash == ey.hash && string(ex.mode) == string(ey.mode) {
		return nil
	}
	var name string
	if ex != nil {
		name = string(ex.name)
	} else {
		name = string(ey.name)
	}
	p := joinPath(dir, name)
	if ex != nil && ex.isTree() || ey != nil && ey.isTree() {
		var tx, ty Hash
		if ex != nil {
			tx = ex.hash
		}
		if ey != nil {
			ty = ey.hash
		}
		return s.diffTrees(tx, ty, p, out)
	}
	ch := TreeChange{Path: p}
	if ex != nil {
		ch.From = Entry{Path: p, Blob: ex.hash, Mode: parseMode(ex.mode)}
	}
	if ey != nil {
		ch.To = Entry{Path: p, Blob: ey.hash, Mode: parseMode(ey.mode)}
	}
	*out = append(*out, ch)
	return nil
}
