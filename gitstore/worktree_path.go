package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

var errBare = errors.New("bare repository has no work tree")

// ErrSymlink is wrapped by work-tree reads and writes of a path that is, or
// goes through, a symbolic link. Git never follows a link inside the work
// tree (a committed link is a blob holding the target's name), so cc does
// not either: a link could lead out of the repository.
var ErrSymlink = errors.New("is a symbolic link; cc does not follow links")

// ErrNotCheckedOut is wrapped by ReadWorktreeFile for a tracked file that
// a sparse checkout left out of the work tree (its skip-worktree bit is
// set): the file is not deleted, only not here.
var ErrNotCheckedOut = errors.New("is not checked out (sparse checkout); run 'git sparse-checkout add' with its folder to work on it")

// worktreePath returns the file-system path of the slash path p, after
// making sure no folder on the way to it is a symbolic link.
func (s *Store) worktreePath(p string) (string, error) {
	if s.Bare() {
		return "", errBare
	}
	if err := checkPath(p); err != nil {
		return "", err
	}
	if err := checkLinks(s.root, p); err != nil {
		return "", err
	}
	return filepath.Join(s.root, filepath.FromSlash(p)), nil
}

// checkLinks fails with ErrSymlink when a folder on p's way below root is a symbolic
// link. The first element that does not exist ends the check: nothing
// below it exists either, and a writer creates real folders.
func checkLinks(root, p string) error {
	dir := root
	parts := strings.Split(p, "/")
	for i, el := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, el)
		fi, err := os.Lstat(dir)
		if err != nil {
			return nil
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s: %s %w", p, strings.Join(parts[:i+1], "/"), ErrSymlink)
		}
	}
	return nil
}

// ReadWorktreeFile reads a file of the work tree by repository-relative
// slash path. A missing file gives an error wrapping fs.ErrNotExist, but a
// tracked file a sparse checkout leaves out gives one wrapping
// ErrNotCheckedOut. A path that is or goes through a symbolic link gives
// one wrapping ErrSymlink.
func (s *Store) ReadWorktreeFile(path string) ([]byte, error) {
	full, err := s.worktreePath(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	fi, err := os.Lstat(full)
	if errors.Is(err, fs.ErrNotExist) {
		if skip, serr := s.skipWorktree(path); serr != nil {
			return nil, serr
		} else if skip {
			return nil, fmt.Errorf("%s %w", path, ErrNotCheckedOut)
		}
	}
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s %w", path, ErrSymlink)
	}
	return os.ReadFile(full)
}

// skipWorktree reports whether the index marks path skip-worktree.
func (s *Store) skipWorktree(path string) (bool, error) {
	idx, err := loadIndex(filepath.Join(s.gitDir, "index"))
	if err != nil {
		return false, err
	}
	defer idx.release()
	skip := false
	idx.each(func(e indexEntry) {
		if e.stage == 0 && e.skipWorktree && string(e.name) == path {
			skip = true
		}
	})
	return skip, nil
}

// WorktreeHas reports whether anything (a file, a folder, a symlink) is at
// path in the work tree; always false in a bare repository, and when a
// folder on its way is a symbolic link (writing there fails with
// ErrSymlink).
func (s *Store) WorktreeHas(path string) bool {
	full, err := s.worktreePath(path)
	if err != nil {
		return false
	}
	_, err = os.Lstat(full)
	return err == nil
}

// Exists reports whether anything is at the slash path rel under the
// folder root: for looking at a folder before it is a repository.
func Exists(root, rel string) bool {
	_, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	return err == nil
}

// IsWorkDir reports whether the slash path rel under the folder root is a
// folder.
func IsWorkDir(root, rel string) bool {
	fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	return err == nil && fi.IsDir()
}
