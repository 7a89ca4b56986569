package gitstore

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// priorFile is the state of a work-tree file before cc wrote it.
type priorFile struct {
	exists bool
	data   []byte
}

// checkWorktreeFile makes sure writing f loses nothing: the work-tree file
// must be absent, hold the tip's content, or already hold the planned
// content or the content it was made from (a delete: absent or the tip's
// content). It returns what is there.
func (s *Store) checkWorktreeFile(tip *Snapshot, f *plannedFile) (priorFile, error) {
	if err := checkLinks(s.root, f.path); err != nil {
		return priorFile{}, err
	}
	full := filepath.Join(s.root, filepath.FromSlash(f.path))
	fi, err := os.Lstat(full)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return priorFile{}, nil // a parent that is a file fails later, before the ref moves
	}
	if err != nil {
		return priorFile{}, err
	}
	if !fi.Mode().IsRegular() {
		return priorFile{}, &DirtyError{Path: f.path}
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return priorFile{}, err
	}
	prior := priorFile{exists: true, data: data}
	if !f.delete && bytes.Equal(data, f.data) || f.base != nil && bytes.Equal(data, f.base) {
		return prior, nil
	}
	if e, err := tip.lookup(f.path); err == nil && e.Blob == BlobHash(data) {
		return prior, nil
	} else if err != nil && !isNotExist(err) {
		return priorFile{}, err
	}
	return priorFile{}, &DirtyError{Path: f.path}
}

// restoreWorktree puts back the work-tree files of a commit that failed
// before its ref moved.
func (s *Store) restoreWorktree(files []*plannedFile, priors []priorFile) {
	for i, f := range files {
		full := filepath.Join(s.root, filepath.FromSlash(f.path))
		if priors[i].exists {
			if !f.delete && bytes.Equal(priors[i].data, f.data) {
				continue
			}
			_, _ = writeWorktreeFile(full, priors[i].data)
		} else if !f.delete {
			_ = removeWorktreeFile(s.root, full)
		}
	}
}
