package gitstore

import (
	"errors"
	"fmt"
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
	// Parents, when not nil, are the new commit's parents in place of the
	// tip: the tip and the other side for a merge, or the last commit of
	// a replay. The branch still moves from the tip it was built on, and
	// the index and work tree from the tip's content to the commit's, for
	// the changed paths. A merge may change no path.
	Parents []Hash
	// MoveTo, when not zero, is an existing commit the branch moves to
	// instead of a new one (a fast-forward); its tree must be the tip's
	// with Changes applied. Message then only goes into the reflog.
	MoveTo Hash
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
// Steps, and why in this order (commit_states.go lists what a kill after
// each one leaves, and what git's own advice then does with it):
//  1. flock cc.lock, and recover from a journal a killed commit left;
//  2. take index.lock, as git does, so no git commit can build a tree from
//     an index that lacks this change until the index has it;
//  3. read the tip, call build, check paths and the work tree;
//  4. write blobs, the trees on the changed paths (spliced from the
//     parent's raw trees) and the commit as loose objects;
//  5. take the ref's lock, compare it with the parent (retry if moved) and
//     write the new value into the lock;
//  6. write the work-tree files, so that a crash never leaves a commit
//     whose content the work tree lacks;
//  7. splice the index entries of the touched paths into index.lock;
//  8. append the reflogs, which make the new objects reachable for a
//     concurrent git gc;
//  9. rename index.lock over the index: from here on the index holds the
//     commit's entries, so a git commit made from it keeps them;
//  10. rename the ref lock over the ref, and write again any object a
//     concurrent prune removed meanwhile.
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
	a := &attempt{s: s, cl: cl, opts: opts, j: &journal{GitDir: s.gitDir, Root: s.root}}
	defer a.release()
	if err := a.lockIndex(); err != nil {
		return res, false, err
	}
	crashPoint("index-locked")
	if err := a.plan(build); err != nil {
		return res, false, err
	}
	if err := a.writeObjects(); err != nil {
		return res, false, err
	}
	crashPoint("objects")
	return a.land()
}
