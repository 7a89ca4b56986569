package repo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// A sync that stopped on a conflict leaves its state in the git dir
// (syncStateFile) and keeps the other side's commit under syncTheirsRef,
// so neither a gc nor a later fetch loses it.
const (
	syncStateFile = "sync.json"
	syncTheirsRef = "refs/cc/sync/theirs"
)

// syncState is what --continue and --abort need.
type syncState struct {
	Remote       string   `json:"remote"`
	Branch       string   `json:"branch"`
	RemoteBranch string   `json:"remoteBranch"`
	Ours         string   `json:"ours"`
	Theirs       string   `json:"theirs"`
	Paths        []string `json:"paths"`
}

func (r *Repo) syncState() (*syncState, error) {
	b, err := r.store.ReadState(syncStateFile)
	if err != nil || b == nil {
		return nil, err
	}
	st := &syncState{}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("read the stopped sync's state: %w", err)
	}
	return st, nil
}

func (st *syncState) stoppedError() error {
	return fmt.Errorf("a sync stopped on conflicts in %s; edit them and run 'cc sync --continue', or run 'cc sync --abort'", strings.Join(st.Paths, ", "))
}

// stop writes both versions of each conflicting file into the work tree
// (where it still holds this clone's version) and records the state.
func (r *Repo) stop(t syncTarget, local, theirs gitstore.Hash, conflicts []PathConflict) error {
	ours, err := r.store.Snapshot(local)
	if err != nil {
		return err
	}
	st := syncState{Remote: t.name, Branch: t.branch, RemoteBranch: t.remoteBranch, Ours: local.String(), Theirs: theirs.String()}
	for _, c := range conflicts {
		st.Paths = append(st.Paths, c.Path)
	}
	if err := r.store.SetRef(syncTheirsRef, theirs); err != nil {
		return err
	}
	b, _ := json.Marshal(st)
	if err := r.store.WriteState(syncStateFile, b); err != nil {
		return err
	}
	for _, c := range conflicts {
		cur, err := r.store.ReadWorktreeFile(c.Path)
		committed, cerr := readFileLimited(ours, c.Path)
		if err == nil && cerr == nil && string(cur) != string(committed) {
			continue // edited since: leave the person's work alone
		}
		if err := r.store.WriteWorktreeFile(c.Path, c.text); err != nil {
			return err
		}
	}
	return &SyncConflictError{Remote: t.name, Branch: t.remoteBranch, Theirs: theirs.String(), Conflicts: conflicts}
}

// ErrNoSyncStopped is returned by ContinueSync and AbortSync when no sync
// stopped on a conflict.
var ErrNoSyncStopped = errors.New("no sync stopped on a conflict; run 'cc sync'")

// ContinueSync finishes a sync that stopped on conflicts, once each file
// has been edited to what should stay: the files become the merge's
// resolution, the merge commit is made, and the sync goes on (push, and
// fetch and merge again if the remote moved).
func (r *Repo) ContinueSync(ctx context.Context, a Actor, opts SyncOptions) (Synced, error) {
	st, err := r.syncState()
	if err != nil {
		return Synced{}, err
	}
	if st == nil {
		return Synced{}, &UsageError{ErrNoSyncStopped}
	}
	t, err := r.target(st.Remote)
	if err != nil {
		return Synced{}, err
	}
	t.remoteBranch = st.RemoteBranch
	theirs, err := gitstore.ParseHash(st.Theirs)
	if err != nil {
		return Synced{}, err
	}
	eol, err := r.store.LineEndings()
	if err != nil {
		return Synced{}, err
	}
	resolved := map[string][]byte{}
	for _, p := range st.Paths {
		raw, err := r.store.ReadWorktreeFile(p)
		if isNotExist(err) {
			resolved[p] = nil // removed: the resolution is to remove it
			continue
		}
		if err != nil {
			return Synced{}, err
		}
		if line, ok := content.HasConflictMarkers(raw); ok {
			return Synced{}, fmt.Errorf("%s:%d: still holds conflict markers (<<<<<<<, =======, >>>>>>>); keep what should stay, remove the markers, then run 'cc sync --continue'", p, line)
		}
		if resolved[p], err = eol.Clean(p, raw, func() ([]byte, error) { return nil, nil }); err != nil {
			return Synced{}, err
		}
	}
	out := Synced{Remote: t.name, Branch: t.remoteBranch}
	head, err := r.store.Head()
	if err != nil {
		return out, err
	}
	base, ok, err := r.store.MergeBase(head.Commit, theirs)
	if err != nil {
		return out, err
	}
	if !ok {
		return out, fmt.Errorf("the other side (%s) shares no history with %s any more", theirs, head.Branch)
	}
	if _, err := r.merge(a, t, head.Commit, base, theirs, resolved, &out); err != nil {
		return out, err
	}
	if err := r.clearSyncState(); err != nil {
		return out, err
	}
	return r.syncFrom(ctx, a, t, theirs, opts, out)
}

// AbortSync gives up a sync that stopped on conflicts: each conflicting
// file gets this clone's committed version back, and the state goes.
func (r *Repo) AbortSync() ([]string, error) {
	st, err := r.syncState()
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, &UsageError{ErrNoSyncStopped}
	}
	v, err := r.View()
	if err != nil {
		return nil, err
	}
	for _, p := range st.Paths {
		data, err := readFileLimited(v.snap, p)
		if isNotExist(err) {
			if err := r.store.RemoveWorktreeFile(p); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := r.store.WriteWorktreeFile(p, data); err != nil {
			return nil, err
		}
	}
	return st.Paths, r.clearSyncState()
}

func (r *Repo) clearSyncState() error {
	if err := r.store.WriteState(syncStateFile, nil); err != nil {
		return err
	}
	return r.store.SetRef(syncTheirsRef, gitstore.Hash{})
}
