package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Change is one file a commit writes (Data) or removes (Delete).
type Change struct {
	Path   string
	Data   []byte
	Delete bool
	// Base, when not nil, is the work-tree content the change was made
	// from (a file cc read and rewrote, such as a page given an id); the
	// work tree may hold it, besides the tip's or the planned content.
	Base []byte
}

// CommitPlan is what one commit records: its message and its changes.
type CommitPlan struct {
	Message string
	Changes []Change
}

// CommitOptions says who makes the commit. A zero Committer means the
// author.
type CommitOptions struct {
	Author, Committer Signature
}

// Result describes a commit that was made.
type Result struct {
	Commit, Parent Hash   // Parent is zero for the first commit of a branch
	Branch         string // short name, "" when HEAD was detached
}

const (
	// lockWait is how long Commit waits for git to release index.lock.
	lockWait = 5 * time.Second
	// refLockWait is how long it waits for a ref lock, which git holds only
	// for a moment.
	refLockWait = 2 * time.Second
	// maxAttempts bounds the retries when the branch moves under a commit.
	maxAttempts = 20
)

// Commit records one change set as exactly one commit on the current
// branch (or detached HEAD), and leaves the index and work tree matching it
// for the touched paths, so git status stays clean for what cc wrote.
//
// build is called with the tip the commit will be made on and returns the
// plan; if the branch moves before the commit lands, build is called again
// on the new tip. Commits of several cc processes are serialised; a
// concurrent git is kept out of the index by index.lock and out of the
// branch by its ref lock, and a lost race is retried. A path whose work-tree
// content is neither the tip's nor the planned content fails with
// *DirtyError, before anything is written.
//
// Steps, and why in this order:
//  1. flock cc.lock, and recover from a journal a killed commit left;
//  2. take index.lock, as git does, so no git commit can build a tree from
//     an index that lacks this change until the index has it;
//  3. read the tip, call build, check paths and the work tree;
//  4. write blobs, the trees on the changed paths (spliced from the
//     parent's raw trees) and the commit as loose objects;
//  5. take the ref's lock and compare it with the parent (retry if moved);
//  6. write the work-tree files, so that a crash never leaves a commit
//     whose content the work tree lacks;
//  7. append the reflogs and rename the ref lock over the ref;
//  8. splice the index entries of the touched paths, rename index.lock.
func (s *Store) Commit(opts CommitOptions, build func(tip *Snapshot) (CommitPlan, error)) (Result, error) {
	if opts.Committer.Name == "" && opts.Committer.Email == "" {
		opts.Committer = opts.Author
	}
	for _, sig := range []Signature{opts.Author, opts.Committer} {
		if cleanIdent(sig.Name) == "" || cleanIdent(sig.Email) == "" {
			return Result{}, errors.New("commit: author and committer need a name and an e-mail")
		}
	}
	cl, err := s.lockCC()
	if err != nil {
		return Result{}, err
	}
	defer cl.unlock()
	if j, err := cl.read(); err != nil {
		return Result{}, err
	} else if j != nil {
		if err := s.recover(cl, j); err != nil {
			return Result{}, err
		}
	}
	delay := 2 * time.Millisecond
	for range maxAttempts {
		res, moved, err := s.commitOnce(cl, opts, build)
		if !moved {
			if cerr := cl.clear(); err == nil && cerr != nil {
				err = cerr
			}
			return res, err
		}
		time.Sleep(jitter(delay))
		delay = min(delay*2, 200*time.Millisecond)
	}
	_ = cl.clear()
	return Result{}, fmt.Errorf("commit: the branch kept moving; gave up after %d attempts", maxAttempts)
}

// commitOnce makes one attempt. moved reports that the branch moved after
// the tip was read; nothing has then been changed and the caller retries.
func (s *Store) commitOnce(cl *ccLock, opts CommitOptions, build func(*Snapshot) (CommitPlan, error)) (res Result, moved bool, err error) {
	bare := s.Bare()
	j := &journal{GitDir: s.gitDir, Root: s.root}
	var idxLock *lockFile
	if !bare {
		tmp := lockTempName(s.commonDir)
		j.Locks = append(j.Locks, journalLock{Lock: filepath.Join(s.gitDir, "index.lock"), Tmp: tmp})
		if err := cl.write(j); err != nil {
			return res, false, err
		}
		if idxLock, err = acquireLock(filepath.Join(s.gitDir, "index"), tmp, lockWait); err != nil {
			return res, false, err
		}
		defer func() {
			if idxLock != nil {
				idxLock.release()
			}
		}()
	}

	// 3. The tip, the plan, and the checks.
	refName, err := s.headRef()
	if err != nil {
		return res, false, err
	}
	detached := refName == ""
	if detached {
		refName = "HEAD"
	} else if !strings.HasPrefix(refName, "refs/heads/") {
		return res, false, fmt.Errorf("commit: HEAD points at %s, not a branch", refName)
	}
	parent, _, err := s.readRefForUpdate(refName, false)
	if err != nil {
		return res, false, err
	}
	tip, err := s.Snapshot(parent)
	if err != nil {
		return res, false, err
	}
	plan, err := build(tip)
	if err != nil {
		return res, false, err
	}
	if strings.TrimSpace(plan.Message) == "" {
		return res, false, errors.New("commit: empty commit message")
	}
	if len(plan.Changes) == 0 {
		return res, false, ErrNothingToCommit
	}
	files := make([]*plannedFile, len(plan.Changes))
	ups := make([]indexUpdate, len(plan.Changes))
	for i, c := range plan.Changes {
		if err := checkPath(c.Path); err != nil {
			return res, false, err
		}
		files[i] = &plannedFile{path: c.Path, data: c.Data, delete: c.Delete, base: c.Base}
		ups[i] = indexUpdate{path: c.Path, delete: c.Delete}
	}
	changes, err := newChangeTree(files)
	if err != nil {
		return res, false, err
	}
	var idx *indexFile
	priors := make([]priorFile, len(files))
	if !bare {
		if idx, err = loadIndex(filepath.Join(s.gitDir, "index")); err != nil {
			return res, false, err
		}
		defer idx.release()
		if err := idx.check(ups); err != nil {
			return res, false, err
		}
		for i, f := range files {
			if priors[i], err = s.checkWorktreeFile(tip, f); err != nil {
				return res, false, err
			}
		}
	}

	// 4. Objects.
	for _, f := range files {
		if !f.delete {
			if f.blob, err = s.writeObject(objBlob, f.data); err != nil {
				return res, false, err
			}
		}
	}
	tree, _, err := s.patchTree(tip.tree, changes, "")
	if err != nil {
		return res, false, err
	}
	if tree == tip.tree {
		return res, false, ErrNothingToCommit
	}
	commit, err := s.writeObject(objCommit, commitBody(tree, parent, opts.Author, opts.Committer, plan.Message))
	if err != nil {
		return res, false, err
	}

	// 5. The ref lock, journaled first so a kill leaves nothing behind.
	j.Ref, j.Commit = refName, commit.String()
	if !parent.IsZero() {
		j.Parent = parent.String()
	}
	for i, f := range files {
		j.Paths = append(j.Paths, f.path)
		if !bare && (f.delete && priors[i].exists || !f.delete && !(priors[i].exists && bytes.Equal(priors[i].data, f.data))) {
			j.Wrote = append(j.Wrote, f.path)
		}
	}
	refTmp := lockTempName(s.commonDir)
	j.Locks = append(j.Locks, journalLock{Lock: s.refPath(refName) + ".lock", Tmp: refTmp})
	if err := cl.write(j); err != nil {
		return res, false, err
	}
	refLock, err := acquireLock(s.refPath(refName), refTmp, refLockWait)
	if err != nil {
		return res, false, err
	}
	cur, symbolic, err := s.readRefForUpdate(refName, true)
	if err != nil || symbolic || cur != parent {
		refLock.release()
		return res, err == nil, err
	}

	// 6. The work tree.
	if !bare {
		for i, f := range files {
			full := filepath.Join(s.root, filepath.FromSlash(f.path))
			if f.delete {
				if priors[i].exists {
					err = removeWorktreeFile(s.root, full)
				}
			} else if priors[i].exists && bytes.Equal(priors[i].data, f.data) {
				var fi fs.FileInfo
				if fi, err = os.Lstat(full); err == nil {
					ups[i].stat = fileStat(fi)
				}
			} else {
				ups[i].stat, err = writeWorktreeFile(full, f.data)
			}
			ups[i].blob = f.blob
			if err != nil {
				refLock.release()
				s.restoreWorktree(files[:i+1], priors)
				return res, false, fmt.Errorf("write %s: %w", f.path, err)
			}
		}
	}

	// 7. Reflogs, then the ref.
	if err := s.appendReflogs(refName, detached, parent, commit, opts.Committer, plan.Message); err != nil {
		refLock.release()
		s.restoreWorktree(files, priors)
		return res, false, err
	}
	if err := refLock.write([]byte(commit.String() + "\n")); err != nil {
		refLock.release()
		s.restoreWorktree(files, priors)
		return res, false, err
	}
	if err := refLock.commit(); err != nil {
		s.restoreWorktree(files, priors)
		return res, false, err
	}
	res = Result{Commit: commit, Parent: parent}
	if !detached {
		res.Branch = strings.TrimPrefix(refName, "refs/heads/")
	}

	// 8. The index.
	if !bare {
		data, err := idx.apply(ups)
		if err == nil {
			err = idxLock.writeParts(data)
		}
		if err == nil {
			err = idxLock.commit()
			idxLock = nil
		}
		if err != nil {
			return res, false, fmt.Errorf("commit %s was made but the index was not updated (git reset -q fixes it): %w", commit, err)
		}
	}
	return res, false, nil
}
