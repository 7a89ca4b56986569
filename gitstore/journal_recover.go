package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// recover finishes what a killed commit left: its lock files go, and
//   - if the ref already points at its commit, the index entries of the
//     commit's paths are brought in line with it;
//   - if the ref still points at the parent but the index already holds
//     the commit's entries (the kill came between renaming index.lock and
//     renaming the ref lock), the ref is moved to the commit, so what git
//     status shows as staged is what the branch records;
//   - if the ref still points at the parent otherwise, the work-tree files
//     cc had already rewritten are put back (the commit never happened),
//     but only where they still hold exactly what cc wrote;
//   - otherwise someone moved the ref since, and the work tree is left as
//     it is.
func (s *Store) recover(cl *ccLock, j *journal) error {
	for _, l := range j.Locks {
		removeStaleLock(l)
	}
	if j.Commit == "" || j.Ref == "" || j.Root == "" {
		return cl.clear()
	}
	for _, p := range j.Wrote {
		os.Remove(worktreeTempName(filepath.Join(j.Root, filepath.FromSlash(p))))
	}
	ws := s.worktreeView(j.Root, j.GitDir)
	commit, err := ParseHash(j.Commit)
	if err != nil {
		return cl.clear()
	}
	var parent Hash
	if j.Parent != "" {
		if parent, err = ParseHash(j.Parent); err != nil {
			return cl.clear()
		}
	}
	cur, _, err := ws.readRefForUpdate(j.Ref, false)
	if err != nil {
		return fmt.Errorf("recover interrupted commit: %w", err)
	}
	switch cur {
	case commit:
		if err := ws.setIndexEntries(cl, j, commit); err != nil {
			return fmt.Errorf("recover interrupted commit %s: %w", commit, err)
		}
	case parent:
		staged, err := ws.indexHolds(j.Paths, commit)
		if err != nil {
			return fmt.Errorf("recover interrupted commit %s: %w", commit, err)
		}
		if staged {
			if err := ws.rollForward(cl, j, parent, commit); err != nil {
				return fmt.Errorf("recover interrupted commit %s: %w", commit, err)
			}
		} else if err := ws.undoWorktree(j, commit, parent); err != nil {
			return fmt.Errorf("recover interrupted commit: %w", err)
		}
	}
	return cl.clear()
}

// indexHolds reports whether the index entries of paths are exactly the
// commit's: each path the commit has is staged with its blob, and each it
// lacks is absent.
func (s *Store) indexHolds(paths []string, commit Hash) (bool, error) {
	snap, err := s.Snapshot(commit)
	if err != nil {
		return false, err
	}
	idx, err := loadIndex(filepath.Join(s.gitDir, "index"))
	if err != nil {
		return false, err
	}
	defer idx.release()
	want := make(map[string]bool, len(paths))
	for _, p := range paths {
		want[p] = true
	}
	staged := map[string]indexEntry{}
	idx.each(func(e indexEntry) {
		if want[string(e.name)] {
			staged[string(e.name)] = e
		}
	})
	for _, p := range paths {
		e, err := snap.lookup(p)
		ie, inIndex := staged[p]
		switch {
		case isNotExist(err):
			if inIndex {
				return false, nil
			}
		case err != nil:
			return false, err
		case !inIndex || ie.stage != 0 || ie.hash != e.Blob:
			return false, nil
		}
	}
	return true, nil
}

// rollForward moves ref from parent to commit, under its lock, appending
// the reflog lines unless the killed commit already did.
func (s *Store) rollForward(cl *ccLock, j *journal, parent, commit Hash) error {
	rj := *j
	tmp := lockTempName(s.commonDir)
	rj.Locks = []journalLock{{Lock: s.refPath(j.Ref) + ".lock", Tmp: tmp}}
	if err := cl.write(&rj); err != nil {
		return err
	}
	lk, err := acquireLock(s.refPath(j.Ref), tmp, refLockWait)
	if err != nil {
		return err
	}
	defer func() {
		if lk != nil {
			lk.release()
		}
	}()
	if cur, symbolic, err := s.readRefForUpdate(j.Ref, true); err != nil || symbolic || cur != parent {
		return err // moved meanwhile: nothing to finish
	}
	detached := j.Ref == "HEAD"
	log := filepath.Join(s.commonDir, "logs", filepath.FromSlash(j.Ref))
	if detached {
		log = filepath.Join(s.gitDir, "logs", "HEAD")
	}
	if !reflogEndsWith(log, parent, commit) {
		who, msg, err := s.committerOf(commit)
		if err != nil {
			return err
		}
		if err := s.appendReflogs(j.Ref, detached, parent, commit, who, msg); err != nil {
			return err
		}
	}
	if err := lk.write([]byte(commit.String() + "\n")); err != nil {
		return err
	}
	err = lk.commit()
	lk = nil
	return err
}

// reflogEndsWith reports whether the last line of a reflog records the
// move from old to new.
func reflogEndsWith(path string, old, new Hash) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	const tail = 4096
	off := max(fi.Size()-tail, 0)
	buf, err := io.ReadAll(io.NewSectionReader(f, off, fi.Size()-off))
	if err != nil {
		return false
	}
	buf = bytes.TrimRight(buf, "\n")
	if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
		buf = buf[i+1:]
	}
	return bytes.HasPrefix(buf, []byte(old.String()+" "+new.String()+" "))
}

// committerOf returns a commit's committer and message, for its reflog line.
func (s *Store) committerOf(h Hash) (Signature, string, error) {
	body, err := s.readTyped(h, objCommit)
	if err != nil {
		return Signature{}, "", err
	}
	header, msg, _ := bytes.Cut(body, []byte("\n\n"))
	for _, line := range bytes.Split(header, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("committer ")); ok {
			return parseIdentLine(string(v)), string(msg), nil
		}
	}
	return Signature{}, "", fmt.Errorf("commit %s: no committer", h)
}

// setIndexEntries sets the index entries of j.Paths to the content of
// commit (zero: the empty tree), with the work tree's stat data where the
// file matches.
func (s *Store) setIndexEntries(cl *ccLock, j *journal, commit Hash) error {
	snap, err := s.Snapshot(commit)
	if err != nil {
		return err
	}
	rj := *j
	tmp := lockTempName(s.commonDir)
	rj.Locks = []journalLock{{Lock: filepath.Join(s.gitDir, "index.lock"), Tmp: tmp}}
	if err := cl.write(&rj); err != nil {
		return err
	}
	lk, err := acquireLock(filepath.Join(s.gitDir, "index"), tmp, lockWait)
	if err != nil {
		return err
	}
	defer lk.release()
	idx, err := loadIndex(filepath.Join(s.gitDir, "index"))
	if err != nil {
		return err
	}
	defer idx.release()
	var ups []indexUpdate
	for _, p := range j.Paths {
		e, err := snap.lookup(p)
		if isNotExist(err) {
			ups = append(ups, indexUpdate{path: p, delete: true})
			continue
		}
		if err != nil {
			return err
		}
		u := indexUpdate{path: p, blob: e.Blob}
		full := filepath.Join(s.root, filepath.FromSlash(p))
		if fi, err := os.Lstat(full); err == nil && fi.Mode().IsRegular() {
			if h, err := worktreeBlob(full, fi); err == nil && h == e.Blob {
				u.stat = fileStat(fi)
			}
		}
		ups = append(ups, u)
	}
	if err := idx.check(ups); err != nil {
		return nil // the user has since staged something else there; leave it
	}
	data, err := idx.apply(ups)
	if err != nil {
		return err
	}
	if err := lk.writeParts(data); err != nil {
		return err
	}
	return lk.commit()
}

// undoWorktree puts back the parent's version of the files a commit that
// never landed had rewritten, where they still hold the commit's version.
func (s *Store) undoWorktree(j *journal, commit, parent Hash) error {
	newSnap, err := s.Snapshot(commit)
	if err != nil {
		return err
	}
	oldSnap, err := s.Snapshot(parent)
	if err != nil {
		return err
	}
	for _, p := range j.Wrote {
		full := filepath.Join(s.root, filepath.FromSlash(p))
		ne, nerr := newSnap.lookup(p)
		fi, ferr := os.Lstat(full)
		switch {
		case nerr == nil && ferr == nil && fi.Mode().IsRegular():
			if h, err := worktreeBlob(full, fi); err != nil || h != ne.Blob {
				continue
			}
		case isNotExist(nerr) && errors.Is(ferr, fs.ErrNotExist):
		default:
			continue
		}
		oe, oerr := oldSnap.lookup(p)
		if isNotExist(oerr) {
			if err := removeWorktreeFile(s.root, full); err != nil {
				return err
			}
			continue
		}
		if oerr != nil {
			return oerr
		}
		data, err := s.readTyped(oe.Blob, objBlob)
		if err != nil {
			return err
		}
		if _, err := writeWorktreeFile(full, data); err != nil {
			return err
		}
	}
	return nil
}
