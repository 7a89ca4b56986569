package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Git file modes as stored in trees.
const (
	modeTree    = 0o040000
	modeFile    = 0o100644
	modeExec    = 0o100755
	modeSymlink = 0o120000
	modeGitlink = 0o160000
)

// treeEntry is one entry of a raw tree. mode keeps the bytes it was read
// with, so untouched entries are written back exactly.
type treeEntry struct {
	mode []byte
	name []byte
	hash Hash
}

func (e treeEntry) isTree() bool { return parseMode(e.mode) == modeTree }

// parseMode reads an octal mode; it returns 0 for garbage.
func parseMode(b []byte) uint32 {
	var m uint32
	if len(b) == 0 || len(b) > 7 {
		return 0
	}
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0
		}
		m = m<<3 | uint32(c-'0')
	}
	return m
}

var errBadTree = errors.New("malformed tree object")

// walkRawTree calls fn for each entry of a raw tree body, in stored order.
// The slices passed to fn alias raw.
func walkRawTree(raw []byte, fn func(e treeEntry) error) error {
	for len(raw) > 0 {
		e, rest, err := nextRawEntry(raw)
		if err != nil {
			return err
		}
		raw = rest
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// nextRawEntry parses the first entry of a non-empty raw tree body and
// returns it (its slices alias raw) with the entries after it.
func nextRawEntry(raw []byte) (treeEntry, []byte, error) {
	sp := bytes.IndexByte(raw, ' ')
	if sp <= 0 {
		return treeEntry{}, nil, errBadTree
	}
	nul := bytes.IndexByte(raw[sp+1:], 0)
	if nul <= 0 {
		return treeEntry{}, nil, errBadTree
	}
	nul += sp + 1
	if len(raw) < nul+21 {
		return treeEntry{}, nil, errBadTree
	}
	e := treeEntry{mode: raw[:sp], name: raw[sp+1 : nul]}
	if parseMode(e.mode) == 0 {
		return treeEntry{}, nil, errBadTree
	}
	copy(e.hash[:], raw[nul+1:nul+21])
	return e, raw[nul+21:], nil
}

// minTreeEntry is the size of the shortest tree entry: a one-digit mode,
// a space, a one-byte name, a NUL and the id.
const minTreeEntry = 1 + 1 + 1 + 1 + 20

// parseRawTree returns all entries of a raw tree. The slice is sized from
// the NULs but never past what raw could hold: a NUL in every byte would
// otherwise cost 72 times raw's size.
func parseRawTree(raw []byte) ([]treeEntry, error) {
	entries := make([]treeEntry, 0, min(bytes.Count(raw, []byte{0}), len(raw)/minTreeEntry))
	err := walkRawTree(raw, func(e treeEntry) error {
		entries = append(entries, e)
		return nil
	})
	return entries, err
}

// findRawTreeEntry finds name in a raw tree without building a slice.
func findRawTreeEntry(raw []byte, name string) (treeEntry, bool, error) {
	var found treeEntry
	ok := false
	errStop := errors.New("stop")
	err := walkRawTree(raw, func(e treeEntry) error {
		if string(e.name) == name {
			found, ok = e, true
			return errStop
		}
		return nil
	})
	if err == errStop {
		err = nil
	}
	return found, ok, err
}

// compareTreeNames orders names as git does in trees: byte-wise, with a
// folder's name compared as if it ended in '/'.
func compareTreeNames(a []byte, aTree bool, b []byte, bTree bool) int {
	n := min(len(a), len(b))
	if c := bytes.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	end := func(name []byte, tree bool) byte {
		if len(name) > n {
			return name[n]
		}
		if tree {
			return '/'
		}
		return 0
	}
	ca, cb := end(a, aTree), end(b, bTree)
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

func compareEntries(a, b treeEntry) int {
	return compareTreeNames(a.name, a.isTree(), b.name, b.isTree())
}

// encodeTree serialises entries, which must already be in git order.
func encodeTree(entries []treeEntry) []byte {
	n := 0
	for _, e := range entries {
		n += len(e.mode) + len(e.name) + 22
	}
	b := make([]byte, 0, n)
	for _, e := range entries {
		b = append(b, e.mode...)
		b = append(b, ' ')
		b = append(b, e.name...)
		b = append(b, 0)
		b = append(b, e.hash[:]...)
	}
	return b
}

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

// patchTree writes the tree that results from applying node to the tree
// base (zero: no tree yet) and the new trees below it. It starts from the
// parent's raw bytes and splices entries, so unchanged entries are copied
// as they are. empty is true when nothing is left; the caller then drops the
// folder, as git cannot store an empty tree below the root.
func (s *Store) patchTree(base Hash, node *changeTree, dir string) (h Hash, empty bool, err error) {
	var entries []treeEntry
	if !base.IsZero() {
		raw, err := s.readTyped(base, objTree)
		if err != nil {
			return h, false, err
		}
		if entries, err = parseRawTree(raw); err != nil {
			return h, false, fmt.Errorf("tree %s (%s): %w", base, dirOrRoot(dir), err)
		}
	}
	seen := 0
	out := entries[:0:0]
	if len(node.files)+len(node.dirs) > 0 {
		out = make([]treeEntry, 0, len(entries)+len(node.files)+len(node.dirs))
	}
	for _, e := range entries {
		if f, ok := node.files[string(e.name)]; ok {
			seen++
			switch parseMode(e.mode) {
			case modeTree:
				return h, false, fmt.Errorf("%s: is a folder in the tip", f.path)
			case modeSymlink, modeGitlink:
				return h, false, fmt.Errorf("%s: is a symlink or submodule in the tip", f.path)
			}
			if f.delete {
				continue
			}
			out = append(out, treeEntry{mode: modeFileBytes, name: e.name, hash: f.blob})
			continue
		}
		if sub, ok := node.dirs[string(e.name)]; ok {
			seen++
			p := joinPath(dir, string(e.name))
			if !e.isTree() {
				return h, false, fmt.Errorf("%s: is a file in the tip, not a folder", p)
			}
			sh, subEmpty, err := s.patchTree(e.hash, sub, p)
			if err != nil {
				return h, false, err
			}
			if !subEmpty {
				out = append(out, treeEntry{mode: e.mode, name: e.name, hash: sh})
			}
			continue
		}
		out = append(out, e)
	}
	if seen < len(node.files)+len(node.dirs) {
		added := false
		for name, f := range node.files {
			if slices.ContainsFunc(entries, func(e treeEntry) bool { return string(e.name) == name }) {
				continue
			}
			if f.delete {
				return h, false, fmt.Errorf("delete %s: not in the tip", f.path)
			}
			out = append(out, treeEntry{mode: modeFileBytes, name: []byte(name), hash: f.blob})
			added = true
		}
		for name, sub := range node.dirs {
			if slices.ContainsFunc(entries, func(e treeEntry) bool { return string(e.name) == name }) {
				continue
			}
			sh, subEmpty, err := s.patchTree(Hash{}, sub, joinPath(dir, name))
			if err != nil {
				return h, false, err
			}
			if !subEmpty {
				out = append(out, treeEntry{mode: modeTreeBytes, name: []byte(name), hash: sh})
				added = true
			}
		}
		if added {
			sort.SliceStable(out, func(i, j int) bool { return compareEntries(out[i], out[j]) < 0 })
		}
	}
	if len(out) == 0 && dir != "" {
		return h, true, nil
	}
	h, err = s.writeObject(objTree, encodeTree(out))
	return h, false, err
}

func joinPath(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

func dirOrRoot(dir string) string {
	if dir == "" {
		return "root"
	}
	return dir
}
