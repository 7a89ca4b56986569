package gitstore

import (
	"fmt"
	"slices"
	"strings"
)

// changeTree is a plan's changes grouped by folder.
type changeTree struct {
	files map[string]*plannedFile
	dirs  map[string]*changeTree
}

// plannedFile is one change with its blob id (zero for a delete).
type plannedFile struct {
	path   string
	data   []byte
	delete bool
	base   []byte // work-tree content the change was made from, or nil
	blob   Hash
}

func newChangeTree(files []*plannedFile) (*changeTree, error) {
	root := &changeTree{}
	for _, f := range files {
		node := root
		parts := strings.Split(f.path, "/")
		for _, dir := range parts[:len(parts)-1] {
			if _, clash := node.files[dir]; clash {
				return nil, fmt.Errorf("%s: a parent folder is also changed as a file", f.path)
			}
			if node.dirs == nil {
				node.dirs = map[string]*changeTree{}
			}
			next := node.dirs[dir]
			if next == nil {
				next = &changeTree{}
				node.dirs[dir] = next
			}
			node = next
		}
		name := parts[len(parts)-1]
		if _, clash := node.dirs[name]; clash {
			return nil, fmt.Errorf("%s: changed both as a file and as a folder", f.path)
		}
		if _, dup := node.files[name]; dup {
			return nil, fmt.Errorf("%s: changed twice in one commit", f.path)
		}
		if node.files == nil {
			node.files = map[string]*plannedFile{}
		}
		node.files[name] = f
	}
	return root, nil
}

var (
	modeTreeBytes = []byte("40000")
	modeFileBytes = []byte("100644")
)

// appendTreeEntry appends one entry in a tree's encoding.
func appendTreeEntry(out, mode, name []byte, h Hash) []byte {
	out = append(out, mode...)
	out = append(out, ' ')
	out = append(out, name...)
	out = append(out, 0)
	return append(out, h[:]...)
}

// nameChange is one name a folder's changes touch, a file or a folder with
// changes below it, and where it falls in the folder's raw tree: the span
// of the entry of that name, or where a new entry goes (start == end).
type nameChange struct {
	name       []byte
	file       *plannedFile // nil for a folder
	sub        *changeTree
	start, end int
	found      treeEntry // the entry of that name, when there is one
	ok         bool
}

func (c *nameChange) isTree() bool { return c.file == nil }

// sortedChanges lists node's names in tree order, and maps each name to
// its place in the list.
func (node *changeTree) sortedChanges() ([]nameChange, map[string]int) {
	cs := make([]nameChange, 0, len(node.files)+len(node.dirs))
	for name, f := range node.files {
		cs = append(cs, nameChange{name: []byte(name), file: f})
	}
	for name, sub := range node.dirs {
		cs = append(cs, nameChange{name: []byte(name), sub: sub})
	}
	slices.SortFunc(cs, func(a, b nameChange) int { return compareTreeNames(a.name, a.isTree(), b.name, b.isTree()) })
	at := make(map[string]int, len(cs))
	for i := range cs {
		at[string(cs[i].name)] = i
	}
	return cs, at
}

// patchTree writes the tree that results from applying node to the tree
// base (zero: no tree yet) and the new trees below it. It splices the
// parent's raw bytes: one pass finds where each changed name is or goes,
// and every other entry is copied as it is, in runs, so a folder of 10,000
// files costs one scan and one copy, not a decode, sort and encode. empty
// is true when nothing is left; the caller then drops the folder, as git
// cannot store an empty tree below the root.
func (s *Store) patchTree(base Hash, node *changeTree, dir string) (h Hash, empty bool, err error) {
	var raw []byte
	if !base.IsZero() {
		if raw, err = s.readTree(base); err != nil {
			return h, false, err
		}
	}
	cs, at := node.sortedChanges()
	next, pos := 0, 0 // the first change not yet placed; where the entry starts
	err = walkRawTree(raw, func(e treeEntry) error {
		start := pos
		pos += len(e.mode) + len(e.name) + 22
		for ; next < len(cs) && compareTreeNames(cs[next].name, cs[next].isTree(), e.name, e.isTree()) < 0; next++ {
			if !cs[next].ok {
				cs[next].start, cs[next].end = start, start
			}
		}
		if i, ok := at[string(e.name)]; ok {
			cs[i].start, cs[i].end, cs[i].found, cs[i].ok = start, pos, e, true
		}
		return nil
	})
	if err != nil {
		return h, false, fmt.Errorf("tree %s (%s): %w", base, dirOrRoot(dir), err)
	}
	for ; next < len(cs); next++ {
		if !cs[next].ok {
			cs[next].start, cs[next].end = len(raw), len(raw)
		}
	}
	grow := 0
	for _, c := range cs {
		grow += len(modeFileBytes) + len(c.name) + 22
	}
	out := make([]byte, 0, len(raw)+grow)
	copied := 0
	for i := range cs {
		c := &cs[i]
		entry, err := s.patchEntry(c, dir)
		if err != nil {
			return h, false, err
		}
		if c.start < copied {
			return h, false, fmt.Errorf("tree %s (%s): entries out of order", base, dirOrRoot(dir))
		}
		out = append(out, raw[copied:c.start]...)
		out = append(out, entry...)
		copied = c.end
	}
	out = append(out, raw[copied:]...)
	if len(out) == 0 && dir != "" {
		return h, true, nil
	}
	h, err = s.writeObject(objTree, out)
	return h, false, err
}

// patchEntry returns the encoded entry that replaces c's (nil: none),
// writing the subtree for a folder.
func (s *Store) patchEntry(c *nameChange, dir string) ([]byte, error) {
	if f := c.file; f != nil {
		if c.ok {
			switch parseMode(c.found.mode) {
			case modeTree:
				return nil, fmt.Errorf("%s: is a folder in the tip", f.path)
			case modeSymlink, modeGitlink:
				return nil, fmt.Errorf("%s: is a symlink or submodule in the tip", f.path)
			}
		}
		switch {
		case f.delete && !c.ok:
			return nil, fmt.Errorf("delete %s: not in the tip", f.path)
		case f.delete:
			return nil, nil
		}
		return appendTreeEntry(nil, modeFileBytes, c.name, f.blob), nil
	}
	p := joinPath(dir, string(c.name))
	var base Hash
	mode := modeTreeBytes
	if c.ok {
		if !c.found.isTree() {
			return nil, fmt.Errorf("%s: is a file in the tip, not a folder", p)
		}
		base, mode = c.found.hash, c.found.mode
	}
	sh, empty, err := s.patchTree(base, c.sub, p)
	if err != nil || empty {
		return nil, err
	}
	return appendTreeEntry(nil, mode, c.name, sh), nil
}
