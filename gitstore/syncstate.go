package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteWorktreeFile replaces a work-tree file that cc does not commit (a
// draft with conflict markers for a person to edit), atomically, leaving
// the index alone: git status then shows it modified.
func (s *Store) WriteWorktreeFile(path string, data []byte) error {
	full, err := s.worktreePath(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := writeWorktreeFile(full, data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// stateDir holds what an operation that stopped midway needs to go on
// (<git dir>/cc/, per worktree, as git keeps MERGE_HEAD).
func (s *Store) stateDir() string { return filepath.Join(s.gitDir, "cc") }

// ReadState returns the state file name, or nil when there is none.
func (s *Store) ReadState(name string) ([]byte, error) {
	if err := checkCacheName(name); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(s.stateDir(), name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// WriteState writes the state file name atomically; nil data removes it.
func (s *Store) WriteState(name string, data []byte) error {
	if err := checkCacheName(name); err != nil {
		return err
	}
	full := filepath.Join(s.stateDir(), name)
	if data == nil {
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(s.stateDir(), 0o755); err != nil {
		return err
	}
	_, err := writeWorktreeFile(full, data)
	return err
}

// SetRef points one of cc's own refs (refs/cc/...) at h, or removes it
// when h is zero. It keeps commits reachable that no branch names yet,
// such as the other side of a sync that stopped on a conflict.
func (s *Store) SetRef(name string, h Hash) error {
	if len(name) < len("refs/cc/x") || name[:len("refs/cc/")] != "refs/cc/" {
		return fmt.Errorf("set ref %s: only refs/cc/ refs may be set", name)
	}
	return s.setRef(name, h)
}

// RemoveWorktreeFile removes a work-tree file cc had written without
// committing, and the folders it leaves empty.
func (s *Store) RemoveWorktreeFile(path string) error {
	full, err := s.worktreePath(path)
	if err != nil {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	return removeWorktreeFile(s.root, full)
}
