package repo

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cc-content/cc/gitstore"
)

// errNoReplay says a replay cannot be made as such (the local commits are
// not one line, or one of them meets a conflict); the sync merges instead.
var errNoReplay = errors.New("cannot replay")

// rebase puts this clone's commits since it last met theirs on top of
// theirs, one by one, each keeping its author, date and message, and
// moves the branch to the last. When the commits are not a single line,
// or replaying one meets a conflict, it merges instead, so a conflict
// stops the same way as in a merge and --continue ends it with a merge
// commit.
func (r *Repo) rebase(a Actor, t syncTarget, local, base, theirs gitstore.Hash, out *Synced) (gitstore.Hash, error) {
	tip, err := r.replay(a, t, local, theirs)
	if errors.Is(err, errNoReplay) {
		return r.merge(a, t, local, base, theirs, nil, out)
	}
	if err != nil {
		return gitstore.Hash{}, err
	}
	moved, err := r.moveBranch(a, local, tip, fmt.Sprintf("sync: rebase onto %s/%s", t.name, t.remoteBranch))
	if err != nil {
		return gitstore.Hash{}, err
	}
	out.Rebased = moved.String()
	return moved, nil
}

// replay writes the replayed commits and returns the last; no ref moves.
func (r *Repo) replay(a Actor, t syncTarget, local, theirs gitstore.Hash) (gitstore.Hash, error) {
	s := r.store
	news, err := s.NewCommits(local, theirs)
	if err != nil {
		return gitstore.Hash{}, err
	}
	byID := map[gitstore.Hash]gitstore.CommitInfo{}
	for _, c := range news {
		byID[c.ID] = c
	}
	var line []gitstore.CommitInfo // oldest first, once reversed
	for h := local; ; {
		c, ok := byID[h]
		if !ok {
			break
		}
		if len(c.Parents) != 1 {
			return gitstore.Hash{}, errNoReplay
		}
		line = append(line, c)
		h = c.Parents[0]
	}
	if len(line) != len(news) {
		return gitstore.Hash{}, errNoReplay
	}
	slices.Reverse(line)
	v, err := r.View()
	if err != nil {
		return gitstore.Hash{}, err
	}
	committer := a.commitOptions().Committer
	cur := theirs
	for _, c := range line {
		onto, err := s.Snapshot(cur)
		if err != nil {
			return gitstore.Hash{}, err
		}
		parent, err := s.Snapshot(c.Parents[0])
		if err != nil {
			return gitstore.Hash{}, err
		}
		plan, err := v.planMerge(parent, onto, s.SnapshotOf(c), t.labels(), nil)
		if err != nil {
			return gitstore.Hash{}, err
		}
		if len(plan.conflicts) > 0 {
			return gitstore.Hash{}, errNoReplay
		}
		if len(plan.changes) == 0 {
			continue // already there: the remote has the same change
		}
		if cur, err = s.WriteCommit(onto, plan.changes, []gitstore.Hash{cur}, c.Author, committer, c.Message); err != nil {
			return gitstore.Hash{}, err
		}
	}
	return cur, nil
}
