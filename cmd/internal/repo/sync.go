package repo

import (
	"context"
	"errors"
	"fmt"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// syncHook, when set (by tests only), is called at each step of a sync
// with the step's name; the fault tests kill the process or cut the
// remote off there.
var syncHook func(step string)

func syncStep(step string) {
	if syncHook != nil {
		syncHook(step)
	}
}

// SyncOptions say where a sync goes and how hard it tries.
type SyncOptions struct {
	// Remote is a configured remote's name or a URL; "" means the
	// branch's upstream, else origin.
	Remote string
	// Retries bounds how often a push that lost a race (the remote moved
	// meanwhile) fetches, merges and pushes again; 0 means DefaultRetries.
	Retries int
	// Rebase replays this clone's commits on the remote's tip instead of
	// making a merge commit, where they form one line and replay cleanly.
	Rebase bool
}

// DefaultRetries is how often a sync retries a push the remote rejected
// because it moved meanwhile.
const DefaultRetries = 5

// Synced is what a sync did.
type Synced struct {
	Remote string // the remote's name, or its URL
	Branch string // the remote branch
	Saved  Saved  // the drafts saved first, if any
	// Merged is the merge commit made, Rebased the last commit replayed on
	// the remote's tip, FastForward the commit the branch moved to when
	// only the remote had changed.
	Merged, Rebased, FastForward string
	Pushed                       bool
	UpToDate                     bool // nothing to bring in and nothing to send
	Head                         string
	Attempts                     int
}

// SyncConflictError stops a sync where both sides changed the same lines
// of a file. The branch is as it was; each file holds both versions
// between conflict markers in the work tree, and the other side's commit
// is kept (refs/cc/sync/theirs) until the sync is continued or aborted.
type SyncConflictError struct {
	Remote, Branch string
	Theirs         string
	Conflicts      []PathConflict
}

func (e *SyncConflictError) Error() string {
	return fmt.Sprintf("sync stopped: %d file(s) changed on both sides in the same place; edit them and run 'cc sync --continue', or run 'cc sync --abort'", len(e.Conflicts))
}

// syncTarget is the remote and branch a sync talks to.
type syncTarget struct {
	remote       gitstore.Remote
	name         string // how the remote is shown: its name, or its URL
	branch       string // the local branch
	remoteBranch string
}

func (t syncTarget) labels() content.MergeLabels {
	return content.MergeLabels{Ours: "yours (" + t.branch + ")", Theirs: t.name + "/" + t.remoteBranch}
}

// target resolves the remote: the one named, else the branch's upstream,
// else origin.
func (r *Repo) target(name string) (syncTarget, error) {
	head, err := r.store.Head()
	if err != nil {
		return syncTarget{}, err
	}
	if head.Branch == "" {
		return syncTarget{}, errors.New("HEAD is detached; check out a branch to sync it ('git switch BRANCH')")
	}
	t := syncTarget{branch: head.Branch, remoteBranch: head.Branch}
	if name == "" {
		up, upBranch, ok, err := r.store.Upstream(head.Branch)
		if err != nil {
			return t, err
		}
		name = "origin"
		if ok {
			name, t.remoteBranch = up, upBranch
		}
	}
	if t.remote, err = r.store.Remote(name); err != nil {
		return t, &UsageError{err}
	}
	t.name = name
	return t, nil
}

// Sync brings the remote's work in and sends this clone's out: fetch,
// save the drafts edited in the work tree (as Save does), merge, push.
// A push the remote rejects because it moved meanwhile is fetched,
// merged and pushed again, up to opts.Retries times. A fetch that fails
// changes nothing locally. Both sides having changed the same lines stops
// the sync with a *SyncConflictError before the branch moves.
func (r *Repo) Sync(ctx context.Context, a Actor, opts SyncOptions) (Synced, error) {
	if err := r.CheckWritable(); err != nil {
		return Synced{}, err
	}
	if st, err := r.syncState(); err != nil {
		return Synced{}, err
	} else if st != nil {
		return Synced{}, st.stoppedError()
	}
	t, err := r.target(opts.Remote)
	if err != nil {
		return Synced{}, err
	}
	out := Synced{Remote: t.name, Branch: t.remoteBranch}
	theirs, err := r.store.Fetch(ctx, t.remote, t.remoteBranch)
	if err != nil {
		return out, err
	}
	syncStep("fetched")
	if out.Saved, err = r.Save(a, nil, "", SaveOptions{}); err != nil && !errors.Is(err, ErrNothingToSave) {
		return out, fmt.Errorf("save drafts before the sync: %w", err)
	}
	syncStep("saved")
	return r.syncFrom(ctx, a, t, theirs, opts, out)
}

// syncFrom merges the fetched tip theirs and pushes, fetching again when
// the push lost a race.
func (r *Repo) syncFrom(ctx context.Context, a Actor, t syncTarget, theirs gitstore.Hash, opts SyncOptions, out Synced) (Synced, error) {
	retries := opts.Retries
	if retries <= 0 {
		retries = DefaultRetries
	}
	for out.Attempts = 1; ; out.Attempts++ {
		local, err := r.integrate(a, t, theirs, opts.Rebase, &out)
		if err != nil {
			return out, err
		}
		syncStep("merged")
		out.Head = local.String()
		if local == theirs {
			out.UpToDate = out.Merged == "" && out.Rebased == "" && out.FastForward == "" && out.Saved.Commit == ""
			return out, nil
		}
		syncStep("pushing")
		err = r.store.Push(ctx, t.remote, t.remoteBranch, theirs, local)
		if err == nil {
			syncStep("pushed")
			out.Pushed = true
			return out, nil
		}
		if !errors.Is(err, gitstore.ErrRemoteMoved) || out.Attempts > retries {
			return out, err
		}
		if theirs, err = r.store.Fetch(ctx, t.remote, t.remoteBranch); err != nil {
			return out, err
		}
	}
}

// integrate makes the branch contain theirs: nothing when it already
// does, a fast-forward when only theirs has news, a merge commit when both
// have (or, with rebase, a replay). It returns the branch's new tip.
func (r *Repo) integrate(a Actor, t syncTarget, theirs gitstore.Hash, rebase bool, out *Synced) (gitstore.Hash, error) {
	for range maxAttemptsMoved {
		head, err := r.store.Head()
		if err != nil {
			return gitstore.Hash{}, err
		}
		local := head.Commit
		if theirs.IsZero() || theirs == local {
			return local, nil
		}
		if local.IsZero() {
			return r.fastForward(a, local, theirs, out)
		}
		base, ok, err := r.store.MergeBase(local, theirs)
		if err != nil {
			return gitstore.Hash{}, err
		}
		var tip gitstore.Hash
		switch {
		case ok && base == theirs:
			return local, nil // only this clone has news
		case ok && base == local:
			tip, err = r.fastForward(a, local, theirs, out)
		case rebase:
			tip, err = r.rebase(a, t, local, base, theirs, out)
		default:
			tip, err = r.merge(a, t, local, base, theirs, nil, out)
		}
		if !errors.Is(err, errBranchMoved) {
			return tip, err
		}
	}
	return gitstore.Hash{}, errBranchMoved
}

// maxAttemptsMoved bounds how often a sync step starts again because the
// branch moved under it.
const maxAttemptsMoved = 5

// fastForward moves the branch from local to theirs, bringing the work
// tree and index along for the files that differ.
func (r *Repo) fastForward(a Actor, local, theirs gitstore.Hash, out *Synced) (gitstore.Hash, error) {
	moved, err := r.moveBranch(a, local, theirs, "sync: fast-forward")
	if err != nil {
		return gitstore.Hash{}, err
	}
	out.FastForward = moved.String()
	return moved, nil
}

// moveBranch moves the branch from local to the commit to, as a commit
// plan whose changes bring the work tree and index along for the files
// that differ; message is for the journal.
func (r *Repo) moveBranch(a Actor, local, to gitstore.Hash, message string) (gitstore.Hash, error) {
	res, err := r.store.Commit(a.commitOptions(), func(tip *gitstore.Snapshot) (gitstore.CommitPlan, error) {
		if tip.Commit() != local {
			return gitstore.CommitPlan{}, errBranchMoved
		}
		target, err := r.store.Snapshot(to)
		if err != nil {
			return gitstore.CommitPlan{}, err
		}
		diff, err := tip.Diff(target)
		if err != nil {
			return gitstore.CommitPlan{}, err
		}
		plan := gitstore.CommitPlan{Message: message, MoveTo: to}
		for _, d := range diff {
			ch, err := takeTheirs(target, d)
			if err != nil {
				return plan, err
			}
			plan.Changes = append(plan.Changes, ch)
		}
		return plan, nil
	})
	if err != nil {
		return gitstore.Hash{}, err
	}
	return res.Commit, nil
}

// merge makes the merge commit of local and theirs, or, when both changed
// the same lines, stops with *SyncConflictError and leaves the conflicts
// in the work tree.
func (r *Repo) merge(a Actor, t syncTarget, local, base, theirs gitstore.Hash, resolved map[string][]byte, out *Synced) (gitstore.Hash, error) {
	var conflicts []PathConflict
	var view *View
	res, err := r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		if v.snap.Commit() != local {
			return message{}, nil, errBranchMoved
		}
		baseSnap, err := r.store.Snapshot(base)
		if err != nil {
			return message{}, nil, err
		}
		theirSnap, err := r.store.Snapshot(theirs)
		if err != nil {
			return message{}, nil, err
		}
		plan, err := v.planMerge(baseSnap, v.snap, theirSnap, t.labels(), resolved)
		if err != nil {
			return message{}, nil, err
		}
		if len(plan.conflicts) > 0 {
			conflicts, view = plan.conflicts, v
			return message{}, nil, errConflicts
		}
		msg := message{Subject: fmt.Sprintf("sync: merge %s/%s", t.name, t.remoteBranch)}
		msg.trailer("Cc-Action", "sync")
		return msg, plan.changes, nil
	}, local, theirs)
	if errors.Is(err, errConflicts) {
		view.describeConflicts(conflicts, base, local, theirs)
		return gitstore.Hash{}, r.stop(t, local, theirs, conflicts)
	}
	if err != nil {
		return gitstore.Hash{}, err
	}
	out.Merged = res
	h, err := gitstore.ParseHash(res)
	return h, err
}

var errConflicts = errors.New("conflicts")
