package gitstore

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// attempt is one try of Commit: what it has planned, written and locked.
type attempt struct {
	s    *Store
	cl   *ccLock
	opts CommitOptions
	j    *journal
	bare bool

	idxLock *lockFile // held from step 2 until the index is renamed
	refLock *lockFile // held from step 5 until the ref is renamed
	idx     *indexFile
	ahead   *indexAhead // the new index, being written into idxLock

	refName  string
	detached bool
	parent   Hash
	parents  []Hash // the commit's parents; nil means parent
	moveTo   Hash   // an existing commit to move to, or zero
	tip      *Snapshot
	message  string
	files    []*plannedFile
	priors   []priorFile
	ups      []indexUpdate
	changes  *changeTree
	tree     Hash
	commit   Hash
}

// crashHook, when set (by tests only), is called after each step of a
// commit with the step's name; a test makes it kill the process there.
var crashHook func(step string)

func crashPoint(step string) {
	if crashHook != nil {
		crashHook(step)
	}
}

// release drops whatever the attempt still holds.
func (a *attempt) release() {
	if a.refLock != nil {
		a.refLock.release()
		a.refLock = nil
	}
	if a.ahead != nil {
		_ = a.ahead.wait()
	}
	if a.idxLock != nil {
		a.idxLock.release()
		a.idxLock = nil
	}
	a.idx.release()
}

// lockIndex is step 2: journal index.lock, then take it.
func (a *attempt) lockIndex() error {
	a.bare = a.s.Bare()
	if a.bare {
		return nil
	}
	tmp := lockTempName(a.s.commonDir)
	a.j.Locks = append(a.j.Locks, journalLock{Lock: filepath.Join(a.s.gitDir, "index.lock"), Tmp: tmp})
	if err := a.cl.write(a.j); err != nil {
		return err
	}
	lk, err := acquireLock(filepath.Join(a.s.gitDir, "index"), tmp, lockWait)
	if err != nil {
		return err
	}
	a.idxLock = lk
	return nil
}

// plan is step 3: the tip, the plan, and the checks.
func (a *attempt) plan(build func(*Snapshot) (CommitPlan, error)) error {
	s := a.s
	refName, err := s.headRef()
	if err != nil {
		return err
	}
	a.detached = refName == ""
	if a.detached {
		refName = "HEAD"
	} else if !strings.HasPrefix(refName, "refs/heads/") {
		return fmt.Errorf("commit: HEAD points at %s, not a branch", refName)
	}
	a.refName = refName
	if a.parent, _, err = s.readRefForUpdate(refName, false); err != nil {
		return err
	}
	if a.tip, err = s.Snapshot(a.parent); err != nil {
		return err
	}
	plan, err := build(a.tip)
	if err != nil {
		return err
	}
	if strings.TrimSpace(plan.Message) == "" {
		return errors.New("commit: empty commit message")
	}
	if len(plan.Changes) == 0 && len(plan.Parents) < 2 && plan.MoveTo.IsZero() {
		return ErrNothingToCommit
	}
	a.message, a.parents, a.moveTo = plan.Message, plan.Parents, plan.MoveTo
	a.files = make([]*plannedFile, len(plan.Changes))
	a.ups = make([]indexUpdate, len(plan.Changes))
	for i, c := range plan.Changes {
		if err := checkPath(c.Path); err != nil {
			return err
		}
		a.files[i] = &plannedFile{path: c.Path, data: c.Data, delete: c.Delete, base: c.Base}
		a.ups[i] = indexUpdate{path: c.Path, delete: c.Delete}
	}
	if a.changes, err = newChangeTree(a.files); err != nil {
		return err
	}
	a.priors = make([]priorFile, len(a.files))
	if a.bare {
		return nil
	}
	if a.idx, err = s.readIndex(); err != nil {
		return err
	}
	if err := a.idx.check(a.ups); err != nil {
		return err
	}
	for i, f := range a.files {
		if a.priors[i], err = s.checkWorktreeFile(a.tip, f); err != nil {
			return err
		}
	}
	if raw := a.idx.raw; raw != nil {
		l, err := raw.layout(a.ups)
		if err != nil {
			return err
		}
		a.ahead = writeIndexAhead(a.idxLock, l, raw.trailer())
	}
	return nil
}

// writeObjects is step 4: blobs, the trees on the changed paths, the
// commit.
func (a *attempt) writeObjects() error {
	s := a.s
	var err error
	for i, f := range a.files {
		if !f.delete {
			if f.blob, err = s.writeObject(objBlob, f.data); err != nil {
				return err
			}
			a.ups[i].blob = f.blob
		}
	}
	tree, _, err := s.patchTree(a.tip.tree, a.changes, "")
	if err != nil {
		return err
	}
	if !a.moveTo.IsZero() {
		c, err := s.ReadCommit(a.moveTo)
		if err != nil {
			return err
		}
		if c.Tree != tree {
			return fmt.Errorf("commit: %s is not the tip with the planned changes", a.moveTo)
		}
		a.tree, a.commit = tree, a.moveTo
		return nil
	}
	parents := a.parents
	if parents == nil {
		if tree == a.tip.tree {
			return ErrNothingToCommit
		}
		parents = []Hash{a.parent}
	}
	commit, err := s.writeObject(objCommit, commitBody(tree, parents, a.opts.Author, a.opts.Committer, a.message))
	if err != nil {
		return err
	}
	a.tree, a.commit = tree, commit
	return nil
}
