package gitstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Crash safety. Objects, work-tree files, the ref and the index are each
// written to a temporary file and renamed, and the work tree is written
// before the ref moves, so a kill -9 at any moment leaves a repository git
// fsck accepts and a branch that names a complete commit. What a kill can
// leave is cleaned by the next Commit from the journal below. The windows
// that remain, and why they are accepted:
//
//   - Killed with locks held: git refuses to work until they go, and its
//     advice to remove them by hand is safe at every step, because the
//     index is renamed into place, holding the commit's entries, before
//     the ref moves (commit_states.go has the table).
//   - On a file system without hard links the lock files fall back to
//     plain O_EXCL and carry no recorded identity: a kill there leaves
//     index.lock or the ref lock for the user to remove, as after a killed
//     git.
//   - Killed while writing an object: a tmp_obj_* file stays in the
//     objects folder; git gc removes it.
//   - Nothing is fsynced. A kill loses nothing (the kernel keeps the
//     written pages); a power cut may, as with git's default core.fsync.
//   - An editor that saves a touched file between Commit's check of the
//     work tree and its rename loses that save; the gap is a few
//     milliseconds and holds no user-visible prompt.

// ccLock is <commondir>/cc.lock: an flock that serialises cc's commits
// across processes and worktrees (the kernel releases it when a process
// dies, so a kill -9 never leaves it held), and a journal of the commit in
// progress, so the next commit can finish the cleanup a killed one could
// not.
type ccLock struct {
	f *os.File
}

// journal is the content of cc.lock while a commit runs. It is one line of
// JSON written with a single pwrite, so a kill leaves either the old or the
// new line; bytes after the first newline are stale and ignored.
type journal struct {
	Version int           `json:"v"`
	GitDir  string        `json:"gitDir"`
	Root    string        `json:"root,omitempty"`
	Locks   []journalLock `json:"locks,omitempty"`
	Ref     string        `json:"ref,omitempty"`    // ref being moved: refs/heads/<b> or HEAD
	Commit  string        `json:"commit,omitempty"` // commit it is being moved to
	Parent  string        `json:"parent,omitempty"` // value it is moved from ("" unborn)
	Paths   []string      `json:"paths,omitempty"`  // paths the commit changes
	Wrote   []string      `json:"wrote,omitempty"`  // of those, the ones cc rewrites in the work tree
}

// journalLock names a git lock file this process is creating and the
// private file whose identity it shares (see lockFile).
type journalLock struct {
	Lock string `json:"lock"`
	Tmp  string `json:"tmp"`
}

func (s *Store) lockCC() (*ccLock, error) {
	name := filepath.Join(s.commonDir, "cc.lock")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := flock(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	return &ccLock{f: f}, nil
}

func (l *ccLock) unlock() {
	_ = funlock(l.f)
	l.f.Close()
}

// read returns the journal left by a commit that did not finish, or nil.
func (l *ccLock) read() (*journal, error) {
	fi, err := l.f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() == 0 {
		return nil, nil
	}
	buf := make([]byte, min(fi.Size(), 1<<24))
	n, err := l.f.ReadAt(buf, 0)
	if n == 0 && err != nil {
		return nil, err
	}
	line, _, found := bytes.Cut(buf[:n], []byte("\n"))
	if !found {
		return nil, nil
	}
	j := &journal{}
	if err := json.Unmarshal(line, j); err != nil || j.Version != 1 {
		return nil, nil // not ours to interpret; nothing to recover
	}
	return j, nil
}

func (l *ccLock) write(j *journal) error {
	j.Version = 1
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := l.f.WriteAt(b, 0); err != nil {
		return fmt.Errorf("write cc.lock: %w", err)
	}
	return l.f.Truncate(int64(len(b)))
}

func (l *ccLock) clear() error { return l.f.Truncate(0) }

// removeStaleLock removes a git lock file a killed cc left, but only when
// it is still the very file cc created: tmp shares its inode. A lock git
// took since is a different file and is left alone.
func removeStaleLock(jl journalLock) {
	if jl.Tmp == "" {
		return
	}
	tfi, err := os.Lstat(jl.Tmp)
	if err != nil {
		return // released cleanly, or never created
	}
	if lfi, err := os.Lstat(jl.Lock); err == nil && os.SameFile(tfi, lfi) {
		os.Remove(jl.Lock)
	}
	os.Remove(jl.Tmp)
}
