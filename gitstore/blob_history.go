package gitstore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FileWalk is where a walk over the versions of one file stopped.
type FileWalk struct {
	// Next is the commit the walk would go on from; zero when the history
	// of the file ended: it did not exist before, or the root was reached.
	Next Hash
	// Reached is set when the walk stopped at the commit it was told to
	// stop at.
	Reached bool
	// Cut is set when the walk stopped at the boundary of a shallow clone:
	// older versions exist but are not in this repository.
	Cut bool
}

// WalkFileBlobs follows first parents from commit from and calls fn with
// each blob the file at path had, newest first, once per run of commits
// that left it unchanged. It stops after a call of fn that returns false,
// at commit until (not visited), where the file did not exist (or was a
// folder), or where history ends. Only the trees on path are read, one
// commit at a time: a file's edit history, not a search over all of
// history.
func (s *Store) WalkFileBlobs(from Hash, path string, until Hash, fn func(Hash) bool) (FileWalk, error) {
	shallow, err := s.shallowCommits()
	if err != nil {
		return FileWalk{}, err
	}
	var last Hash
	for c := from; ; {
		switch {
		case c.IsZero():
			return FileWalk{}, nil
		case c == until:
			return FileWalk{Reached: true}, nil
		}
		info, err := s.ReadCommit(c)
		if err != nil {
			return FileWalk{}, err
		}
		e, err := s.SnapshotOf(info).Stat(path)
		if errors.Is(err, fs.ErrNotExist) || err == nil && e.Mode == modeTree {
			return FileWalk{}, nil // a folder of that name is not a version of the file
		}
		if err != nil {
			return FileWalk{}, err
		}
		var parent Hash
		if len(info.Parents) > 0 {
			parent = info.Parents[0]
		}
		if shallow[c] {
			if e.Blob != last {
				fn(e.Blob)
			}
			return FileWalk{Cut: true}, nil
		}
		if e.Blob != last {
			last = e.Blob
			if !fn(e.Blob) {
				return FileWalk{Next: parent}, nil
			}
		}
		c = parent
	}
}

// shallowCommits reads the boundary commits of a shallow clone, once per
// walk, where Shallow reads them once per question.
func (s *Store) shallowCommits() (map[Hash]bool, error) {
	data, err := os.ReadFile(filepath.Join(s.commonDir, "shallow"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[Hash]bool{}
	for _, f := range strings.Fields(string(data)) {
		if h, err := ParseHash(f); err == nil {
			out[h] = true
		}
	}
	return out, nil
}
