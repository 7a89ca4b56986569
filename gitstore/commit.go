package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// priorFile is the state of a work-tree file before cc wrote it.
type priorFile struct {
	exists bool
	data   []byte
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

// checkWorktreeFile makes sure writing f loses nothing: the work-tree file
// must be absent, hold the tip's content, or already hold the planned
// content or the content it was made from (a delete: absent or the tip's
// content). It returns what is there.
func (s *Store) checkWorktreeFile(tip *Snapshot, f *plannedFile) (priorFile, error) {
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

// readRefForUpdate reads a ref's current value the way the update must see
// it: a loose file first (an empty one counts as absent and, with
// removeEmpty, is removed: the caller holds its lock), then packed-refs.
// symbolic is true when it is a symbolic ref, which a commit cannot move.
func (s *Store) readRefForUpdate(name string, removeEmpty bool) (h Hash, symbolic bool, err error) {
	path := s.refPath(name)
	h, sym, ok, err := readLooseRef(path)
	if err != nil {
		return h, false, err
	}
	if sym != "" {
		return h, true, nil
	}
	if ok {
		return h, false, nil
	}
	if removeEmpty {
		if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			os.Remove(path)
		}
	}
	if name == "HEAD" {
		return Hash{}, false, nil
	}
	h, _, err = s.packedRef(name)
	return h, false, err
}

// appendReflogs appends the reflog lines git's commit writes: the branch's
// and HEAD's. With core.logAllRefUpdates off (the default in a bare
// repository) only logs that already exist are appended to, as git does.
func (s *Store) appendReflogs(refName string, detached bool, old, new Hash, who Signature, msg string) error {
	cfg, err := s.config()
	if err != nil {
		return err
	}
	create := !s.Bare()
	if v, ok := cfg.get("core.logallrefupdates"); ok {
		if strings.EqualFold(v, "always") {
			create = true
		} else if b, ok := parseConfigBool(v); ok {
			create = b
		}
	}
	subject, _, _ := strings.Cut(strings.TrimLeft(msg, "\n"), "\n")
	kind := "commit"
	if old.IsZero() {
		kind = "commit (initial)"
	}
	line := make([]byte, 0, 200)
	line = append(line, old.String()...)
	line = append(line, ' ')
	line = append(line, new.String()...)
	line = append(line, ' ')
	line = appendIdent(line, who)
	line = append(line, '\t')
	line = append(line, kind+": "+strings.TrimSpace(subject)...)
	line = append(line, '\n')
	logs := []string{filepath.Join(s.gitDir, "logs", "HEAD")}
	if !detached {
		logs = append(logs, filepath.Join(s.commonDir, "logs", filepath.FromSlash(refName)))
	}
	for _, name := range logs {
		flags := os.O_WRONLY | os.O_APPEND
		if create {
			flags |= os.O_CREATE
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return fmt.Errorf("reflog: %w", err)
			}
		}
		f, err := os.OpenFile(name, flags, 0o644)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reflog: %w", err)
		}
		_, err = f.Write(line)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("reflog: %w", err)
		}
	}
	return nil
}
