package gitstore

import (
	"bytes"
	"errors"
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
