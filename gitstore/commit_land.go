package gitstore

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// land is steps 5 to 10: it moves the branch to the written commit and
// brings the work tree and the index along, in the order commit_states.go
// explains.
func (a *attempt) land() (res Result, moved bool, err error) {
	s, j := a.s, a.j

	// 5. The ref lock, journaled first so a kill leaves nothing behind.
	j.Ref, j.Commit = a.refName, a.commit.String()
	if !a.parent.IsZero() {
		j.Parent = a.parent.String()
	}
	for i, f := range a.files {
		j.Paths = append(j.Paths, f.path)
		if !a.bare && a.rewrites(i) {
			j.Wrote = append(j.Wrote, f.path)
		}
	}
	refTmp := lockTempName(s.commonDir)
	j.Locks = append(j.Locks, journalLock{Lock: s.refPath(a.refName) + ".lock", Tmp: refTmp})
	if err := a.cl.write(j); err != nil {
		return res, false, err
	}
	if a.refLock, err = acquireLock(s.refPath(a.refName), refTmp, refLockWait); err != nil {
		return res, false, err
	}
	cur, symbolic, err := s.readRefForUpdate(a.refName, true)
	if err != nil || symbolic || cur != a.parent {
		return res, err == nil, err
	}
	if err := a.refLock.write([]byte(a.commit.String() + "\n")); err != nil {
		return res, false, err
	}
	crashPoint("ref-locked")

	// 6. The work tree.
	if err := a.writeWorktree(); err != nil {
		return res, false, err
	}
	crashPoint("worktree")

	// 7. The new index, into index.lock.
	if !a.bare {
		var err error
		if a.ahead != nil {
			err = a.ahead.finish(a.ups)
		} else {
			var img indexImage
			if img, err = a.idx.apply(a.ups); err == nil {
				err = a.idxLock.writeParts(img)
			}
		}
		if err != nil {
			s.restoreWorktree(a.files, a.priors)
			return res, false, fmt.Errorf("update index: %w", err)
		}
	}
	crashPoint("index-written")

	// 8. The reflogs: from here on a concurrent git gc sees the objects as
	// reachable.
	if err := s.appendReflogs(a.refName, a.detached, a.parent, a.commit, a.opts.Committer, a.message); err != nil {
		s.restoreWorktree(a.files, a.priors)
		return res, false, err
	}
	crashPoint("reflog")

	// 9. The index, while the ref lock still keeps git's commits out.
	if !a.bare {
		err := a.idxLock.commit()
		a.idxLock = nil
		if err != nil {
			s.restoreWorktree(a.files, a.priors)
			return res, false, err
		}
	}
	crashPoint("index")
	a.releaseOldIndex()

	// 10. The ref.
	err = a.refLock.commit()
	a.refLock = nil
	if err != nil {
		s.restoreWorktree(a.files, a.priors)
		if !a.bare {
			if ierr := s.setIndexEntries(a.cl, j, a.parent); ierr != nil {
				return res, false, fmt.Errorf("%w; the index keeps the commit's entries staged: %v", err, ierr)
			}
		}
		return res, false, err
	}
	crashPoint("ref")
	res = Result{Commit: a.commit, Parent: a.parent}
	if !a.detached {
		res.Branch = strings.TrimPrefix(a.refName, "refs/heads/")
	}
	if err := a.keepObjects(); err != nil {
		return res, false, fmt.Errorf("commit %s was made, but a concurrent git gc removed its objects and writing them again failed: %w", a.commit, err)
	}
	return res, false, nil
}

// rewrites reports whether step 6 changes file i in the work tree.
func (a *attempt) rewrites(i int) bool {
	f, p := a.files[i], a.priors[i]
	if f.delete {
		return p.exists
	}
	return !p.exists || !bytes.Equal(p.data, f.data)
}

// writeWorktree is step 6. On failure it puts back what it wrote.
func (a *attempt) writeWorktree() error {
	if a.bare {
		return nil
	}
	for i, f := range a.files {
		full := filepath.Join(a.s.root, filepath.FromSlash(f.path))
		var err error
		switch {
		case f.delete:
			if a.priors[i].exists {
				err = removeWorktreeFile(a.s.root, full)
			}
		case !a.rewrites(i):
			var fi fs.FileInfo
			if fi, err = os.Lstat(full); err == nil {
				a.ups[i].stat = fileStat(fi)
			}
		default:
			a.ups[i].stat, err = writeWorktreeFile(full, f.data)
		}
		a.ups[i].blob = f.blob
		if err != nil {
			a.s.restoreWorktree(a.files[:i+1], a.priors)
			return fmt.Errorf("write %s: %w", f.path, err)
		}
		if i == 0 {
			crashPoint("worktree-first")
		}
	}
	return nil
}

// releaseOldIndex lets go of the old index once index.lock has replaced
// it, on another goroutine. The mapping is the old file's last reference,
// so unmapping it frees the file: on a disk that discards freed blocks as
// they are freed (ext4 mounted with discard, as cloud disks often are),
// that waits for the device, most of a millisecond for a 1.4 MB index,
// which the ref's rename and the rest of the commit need not wait for.
func (a *attempt) releaseOldIndex() {
	if old := a.idx; old != nil {
		a.idx = nil
		go old.release()
	}
}
