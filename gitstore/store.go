package gitstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotRepository is returned (wrapped, with the directory) by Open when no
// repository encloses the directory.
var ErrNotRepository = errors.New("not a git repository")

// Store is an opened repository. Its methods may be called from several
// goroutines; commits are serialised by a lock file, so several processes may
// also commit to one repository at once.
type Store struct {
	root      string // work-tree top, "" when bare
	gitDir    string // per-worktree git dir (HEAD, index)
	commonDir string // shared git dir (objects, refs, config)
	bare      bool

	db *objectDB // shared by the worktree views of one repository

	kept keptIndex  // the index SplitIndex read, for the next commit
	refs refFiles   // ref files read, kept while they are unchanged
	cfg  keptConfig // the configuration read last

	cacheIgnored bool // see IgnoreCaches
}

// worktreeView returns a Store for another worktree of the same
// repository, sharing the object reader.
func (s *Store) worktreeView(root, gitDir string) *Store {
	return &Store{root: root, gitDir: gitDir, commonDir: s.commonDir, bare: root == "", db: s.db}
}

// Open finds the repository that contains dir, searching upward as git does:
// a work tree with a .git folder, a linked worktree whose .git is a file, or
// a bare repository.
func Open(dir string) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open repository: %w", err)
	}
	for d := abs; ; {
		s, err := openAt(d)
		if err != nil {
			return nil, err
		}
		if s != nil {
			return s, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
		}
		d = parent
	}
}

// openAt returns the repository rooted exactly at d, or nil when d is not one.
func openAt(d string) (*Store, error) {
	dotgit := filepath.Join(d, ".git")
	fi, err := os.Stat(dotgit)
	switch {
	case err == nil && fi.IsDir():
		if isGitDir(dotgit) {
			return newStore(d, dotgit)
		}
	case err == nil:
		gd, err := readGitFile(dotgit)
		if err != nil {
			return nil, err
		}
		if isGitDir(gd) {
			return newStore(d, gd)
		}
		return nil, fmt.Errorf("%s points at %s, which is not a git directory", dotgit, gd)
	}
	if isGitDir(d) {
		s, err := newStore("", d)
		if err != nil {
			return nil, err
		}
		if !s.bare && filepath.Base(d) == ".git" {
			// Inside the .git folder of a normal repository: git works on the
			// enclosing work tree.
			s.root = filepath.Dir(d)
		}
		return s, nil
	}
	return nil, nil
}

// readGitFile reads a "gitdir: <path>" file (linked worktrees, submodules).
func readGitFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	line := strings.TrimSpace(string(b))
	p, ok := strings.CutPrefix(line, "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: not a gitdir file", name)
	}
	p = strings.TrimSpace(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(name), p)
	}
	return filepath.Clean(p), nil
}

// isGitDir applies git's test: HEAD, and objects and refs in it or in its
// common dir.
func isGitDir(d string) bool {
	if fi, err := os.Stat(filepath.Join(d, "HEAD")); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	common := commonDirOf(d)
	for _, sub := range []string{"objects", "refs"} {
		if fi, err := os.Stat(filepath.Join(common, sub)); err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}

func commonDirOf(gitDir string) string {
	b, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return gitDir
	}
	p := strings.TrimSpace(string(b))
	if !filepath.IsAbs(p) {
		p = filepath.Join(gitDir, p)
	}
	return filepath.Clean(p)
}

func newStore(root, gitDir string) (*Store, error) {
	s := &Store{root: root, gitDir: gitDir, commonDir: commonDirOf(gitDir)}
	if err := checkFormat(root, s.commonDir); err != nil {
		return nil, fmt.Errorf("open %s: %w", s.commonDir, err)
	}
	if root == "" {
		cfg, err := s.config()
		if err != nil {
			return nil, err
		}
		s.bare = cfg.bool("core.bare", true)
	}
	s.db = newObjectDB(filepath.Join(s.commonDir, "objects"))
	return s, nil
}

// Root returns the absolute top of the work tree, or "" for a bare repository.
func (s *Store) Root() string { return s.root }

// GitDir returns the per-worktree git directory (where HEAD and the index live).
func (s *Store) GitDir() string { return s.gitDir }

// CommonDir returns the git directory shared by all worktrees (objects, refs,
// config). It equals GitDir except in a linked worktree.
func (s *Store) CommonDir() string { return s.commonDir }

// Bare reports whether the repository has no work tree.
func (s *Store) Bare() bool { return s.bare || s.root == "" }

// readObject returns the type and body of an object, from loose objects,
// packs or alternates (odb.go). A missing object gives an error naming it.
func (s *Store) readObject(h Hash) (objType, []byte, error) {
	t, body, err := s.db.read(h)
	if err != nil {
		return "", nil, fmt.Errorf("read object %s: %w", h, err)
	}
	return t, body, nil
}

// readTyped reads an object and checks its type.
func (s *Store) readTyped(h Hash, want objType) ([]byte, error) {
	t, body, err := s.readObject(h)
	if err != nil {
		return nil, err
	}
	if err := checkType(h, t, want); err != nil {
		return nil, err
	}
	return body, nil
}

// readTree reads a tree for reading only: the body may be the object
// cache's own copy, so a path look-up or a commit that walks a large tree
// does not copy it on every read.
func (s *Store) readTree(h Hash) ([]byte, error) {
	t, body, err := s.db.readShared(h)
	if err != nil {
		return nil, fmt.Errorf("read object %s: %w", h, err)
	}
	if err := checkType(h, t, objTree); err != nil {
		return nil, err
	}
	return body, nil
}

func checkType(h Hash, t, want objType) error {
	if t != want {
		return fmt.Errorf("object %s is a %s, not a %s", h, t, want)
	}
	return nil
}

// hasObject reports whether the object exists, loose or packed.
func (s *Store) hasObject(h Hash) bool { return s.db.has(h) }
