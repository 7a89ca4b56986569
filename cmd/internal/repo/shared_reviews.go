package repo

import (
	"sync"
	"sync/atomic"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// sharedReviews keeps the folded review of every draft, with the tree of
// the event folder it was read from, for a long-lived Repo that answers
// for many drafts (cc serve): a draft's page then reads none of its event
// files. A commit that changes a draft's events gives its folder another
// tree, and the review is read again.
type sharedReviews struct {
	on atomic.Bool

	mu      sync.Mutex
	byDraft map[string]keptReview
}

type keptReview struct {
	tree gitstore.Hash
	r    *review.Review
}

// ShareReviews makes r keep the review of every draft it reads for a
// page, for the next page of that draft. Every page of the draft shares
// the one review then; none changes it.
func (r *Repo) ShareReviews() {
	r.reviews.on.Store(true)
}

// PrepareReviews reads the review of every draft at v's commit now, in
// one pass over the packs on every core, rather than one draft at a time
// when its page is first asked for: reading the event files of all drafts
// together resolves each delta family once. Reviews already kept for the
// same folder are not read again. It does nothing unless r shares them.
func (v *View) PrepareReviews() error {
	sh := &v.r.reviews
	if !sh.on.Load() {
		return nil
	}
	folders, err := v.reviewFolders()
	if err != nil {
		return err
	}
	var dirs []gitstore.Entry
	for id, tree := range folders {
		if _, ok := sh.get(id, tree); !ok {
			dirs = append(dirs, gitstore.Entry{Path: reviewDir(id), Blob: tree})
		}
	}
	read, err := foldFolders(v.snap, dirs, func(r *review.Review) *review.Review { return r })
	if err != nil {
		return err
	}
	for id, r := range read {
		sh.keep(id, folders[id], r)
	}
	return nil
}

// get is the review kept for draftID when it was read from tree.
func (sh *sharedReviews) get(draftID string, tree gitstore.Hash) (*review.Review, bool) {
	if !sh.on.Load() {
		return nil, false
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	k, ok := sh.byDraft[draftID]
	return k.r, ok && k.tree == tree
}

// keep keeps r, read from tree, as draftID's review, in place of the one
// of an older folder.
func (sh *sharedReviews) keep(draftID string, tree gitstore.Hash, r *review.Review) {
	if !sh.on.Load() {
		return
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.byDraft == nil {
		sh.byDraft = map[string]keptReview{}
	}
	sh.byDraft[draftID] = keptReview{tree: tree, r: r}
}
