package gitstore

import (
	"fmt"
	"io/fs"
	"strings"
)

// Entry is a file (or, from Stat of a folder, a tree) in a snapshot.
type Entry struct {
	Path string // repository-relative, slash-separated
	Blob Hash   // blob id; the tree id for a folder
	Mode uint32 // git mode: 0o100644, 0o100755, 0o120000, 0o160000, 0o040000
}

// IsFile reports whether e is a regular file, executable or not: not a
// folder, a symbolic link or a submodule.
func (e Entry) IsFile() bool { return e.Mode == modeFile || e.Mode == modeExec }

// IsSymlink reports whether e is a symbolic link, whose blob holds the
// name of its target.
func (e Entry) IsSymlink() bool { return e.Mode == modeSymlink }

// Snapshot is the tree of one commit, read lazily. A Snapshot of the zero
// commit is empty: it stands for an unborn branch.
type Snapshot struct {
	s      *Store
	commit Hash
	tree   Hash            // zero for the empty snapshot
	bases  *baseRing       // see WithBases; nil when none
	kept   map[Hash][]byte // blobs of a Spill's group (Spill.Group)
}

// Snapshot returns the tree of commit; the zero Hash gives an empty snapshot.
func (s *Store) Snapshot(commit Hash) (*Snapshot, error) {
	t := &Snapshot{s: s, commit: commit}
	if commit.IsZero() {
		return t, nil
	}
	body, err := s.readTyped(commit, objCommit)
	if err != nil {
		return nil, err
	}
	if t.tree, err = commitTree(body); err != nil {
		return nil, fmt.Errorf("commit %s: %w", commit, err)
	}
	return t, nil
}

// SnapshotOf is the tree of a commit already read with ReadCommit, without
// reading the commit again: for walks over history.
func (s *Store) SnapshotOf(c CommitInfo) *Snapshot {
	return &Snapshot{s: s, commit: c.ID, tree: c.Tree}
}

// Commit returns the commit the snapshot was made from (zero when empty).
func (t *Snapshot) Commit() Hash { return t.commit }

// lookup finds the entry at path. Folders are returned with mode 040000.
func (t *Snapshot) lookup(path string) (Entry, error) {
	if t.tree.IsZero() {
		return Entry{}, fs.ErrNotExist
	}
	if path == "" {
		return Entry{Path: "", Blob: t.tree, Mode: modeTree}, nil
	}
	cur := t.tree
	parts := strings.Split(path, "/")
	for i, name := range parts {
		raw, err := t.s.readTree(cur)
		if err != nil {
			return Entry{}, err
		}
		e, ok, err := findRawTreeEntry(raw, name)
		if err != nil {
			return Entry{}, fmt.Errorf("tree %s: %w", cur, err)
		}
		if !ok {
			return Entry{}, fs.ErrNotExist
		}
		mode := parseMode(e.mode)
		if i == len(parts)-1 {
			return Entry{Path: path, Blob: e.hash, Mode: mode}, nil
		}
		if mode != modeTree {
			return Entry{}, fs.ErrNotExist
		}
		cur = e.hash
	}
	panic("unreachable")
}

// Stat returns the entry at path; a missing path gives an error wrapping
// fs.ErrNotExist.
func (t *Snapshot) Stat(path string) (Entry, error) {
	if err := checkPath(path); err != nil {
		return Entry{}, err
	}
	e, err := t.lookup(path)
	if err != nil {
		return Entry{}, fmt.Errorf("stat %s: %w", path, err)
	}
	return e, nil
}

// ReadFile returns the content of the file at path; a missing path gives an
// error wrapping fs.ErrNotExist, a symbolic link (whose blob is the name of
// its target, not a file's content) one wrapping ErrSymlink, and a blob the
// object store lacks a *MissingBlobError.
func (t *Snapshot) ReadFile(path string) ([]byte, error) {
	e, err := t.fileEntry(path)
	if err != nil {
		return nil, err
	}
	data, err := t.s.readTyped(e.Blob, objBlob)
	if err != nil {
		return nil, t.s.missingBlob(path, e.Blob, err)
	}
	return data, nil
}

// fileEntry is the entry of the regular file at path, or why there is none.
func (t *Snapshot) fileEntry(path string) (Entry, error) {
	if err := checkPath(path); err != nil {
		return Entry{}, err
	}
	e, err := t.lookup(path)
	if err == nil && e.Mode == modeTree {
		err = fmt.Errorf("is a folder: %w", fs.ErrNotExist)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("read %s: %w", path, err)
	}
	if e.Mode == modeGitlink {
		return Entry{}, fmt.Errorf("read %s: is a submodule", path)
	}
	if e.Mode == modeSymlink {
		return Entry{}, fmt.Errorf("read %s: %w", path, ErrSymlink)
	}
	return e, nil
}

// ReadBlob returns the content of a blob by id. A blob the object store
// lacks gives a *MissingBlobError.
func (t *Snapshot) ReadBlob(h Hash) ([]byte, error) {
	data, err := t.s.readTyped(h, objBlob)
	if err != nil {
		return nil, t.s.missingBlob("", h, err)
	}
	return data, nil
}

// TreeHash returns the tree id of the folder dir ("" is the root), for
// cache keys. A missing folder gives an error wrapping fs.ErrNotExist.
func (t *Snapshot) TreeHash(dir string) (Hash, error) {
	dir = strings.TrimSuffix(dir, "/")
	if err := checkDir(dir); err != nil {
		return Hash{}, err
	}
	e, err := t.lookup(dir)
	if err == nil && e.Mode != modeTree {
		err = fmt.Errorf("not a folder: %w", fs.ErrNotExist)
	}
	if err != nil {
		return Hash{}, fmt.Errorf("tree %s: %w", dirOrRoot(dir), err)
	}
	return e.Blob, nil
}

// Walk calls fn for every file (blob or submodule) below dir ("" for the
// whole tree), recursively, in path order. A missing dir gives no calls and
// no error. An error from fn stops the walk and is returned.
func (t *Snapshot) Walk(dir string, fn func(Entry) error) error {
	dir = strings.TrimSuffix(dir, "/")
	if err := checkDir(dir); err != nil {
		return err
	}
	e, err := t.lookup(dir)
	if err != nil {
		if isNotExist(err) {
			return nil
		}
		return err
	}
	if e.Mode != modeTree {
		return nil
	}
	return t.walkTree(e.Blob, dir, nil, fn)
}

// walkTree visits a tree in git order, which is path order: a folder sorts
// as its name followed by '/', exactly where its files' paths sort. A
// folder enter rejects is not read (nil enters every folder).
func (t *Snapshot) walkTree(h Hash, dir string, enter func(dir string) bool, fn func(Entry) error) error {
	raw, err := t.s.readTree(h)
	if err != nil {
		return err
	}
	return walkRawTree(raw, func(e treeEntry) error {
		p := joinPath(dir, string(e.name))
		if m := parseMode(e.mode); m == modeTree {
			if enter != nil && !enter(p) {
				return nil
			}
			return t.walkTree(e.hash, p, enter, fn)
		} else {
			return fn(Entry{Path: p, Blob: e.hash, Mode: m})
		}
	})
}
