package repo

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// sharedReviews keeps the event files of every draft, with the tree of the
// event folder they were read from, and the review folded from them, for a
// long-lived Repo that answers for many drafts (cc serve): a draft's page
// then reads none of its event files. A commit that changes a draft's
// events gives its folder another tree, and its files are read again.
type sharedReviews struct {
	on atomic.Bool

	mu      sync.Mutex
	byDraft map[string]*keptReview
}

// keptReview is a draft's event folder as read, and its review, folded
// from it when first asked for.
type keptReview struct {
	id    string
	tree  gitstore.Hash
	files folderFiles

	once   sync.Once
	folded *review.Review
}

func (k *keptReview) review() *review.Review {
	k.once.Do(func() { k.folded = k.files.review(k.id) })
	return k.folded
}

// ShareReviews makes r keep the review of every draft it reads for a
// page, for the next page of that draft. Every page of the draft shares
// the one review then; none changes it.
func (r *Repo) ShareReviews() {
	r.reviews.on.Store(true)
}

// PrepareReviews reads and folds the review of every draft at v's commit
// now, on every core, rather than one draft at a time when its page is
// first asked for: the event files of folders kept in the cache by an
// earlier run from the cache, the others in one pass over the packs, which
// resolves each delta family once. It does nothing unless r shares
// reviews.
func (v *View) PrepareReviews() error {
	if err := v.readReviews(); err != nil {
		return err
	}
	v.r.reviews.foldAll()
	return nil
}

// readReviews reads the event files of every draft at v's commit, from
// the cache when it holds the folder, and writes the cache again when it
// did not hold them all.
func (v *View) readReviews() error {
	sh := &v.r.reviews
	if !sh.on.Load() {
		return nil
	}
	folders, err := v.reviewFolders()
	if err != nil {
		return err
	}
	cached, err := decodeEventFiles(v.r.store.ReadCache(eventFilesCache))
	if err != nil {
		cached = nil // only a hint
	}
	var stale []gitstore.Entry
	var staleIDs []string
	for id, tree := range folders {
		if _, ok := sh.get(id, tree); ok {
			continue
		}
		if c, ok := cached[id]; ok && c.tree == tree {
			sh.keep(id, tree, folderFiles{byPath: c.files})
			continue
		}
		stale = append(stale, gitstore.Entry{Path: reviewDir(id), Blob: tree})
		staleIDs = append(staleIDs, id)
	}
	if len(stale) == 0 {
		return nil
	}
	files, err := v.snap.WalkTrees(stale)
	if err != nil {
		return err
	}
	read := make([]folderFiles, len(stale))
	err = readFolders(v.snap, files, func(k int, f folderFiles) error {
		read[k] = f
		return nil
	})
	if err != nil {
		return err
	}
	for k, id := range staleIDs {
		sh.keep(id, stale[k].Blob, read[k])
	}
	// A cache that cannot be written is only slower next time.
	_ = v.r.store.WriteCache(eventFilesCache, encodeEventFiles(sh.cacheable(folders)))
	return nil
}

// foldAll folds every kept review not folded yet, on every core.
func (sh *sharedReviews) foldAll() {
	sh.mu.Lock()
	next := make(chan *keptReview, len(sh.byDraft))
	for _, k := range sh.byDraft {
		next <- k
	}
	sh.mu.Unlock()
	close(next)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for k := range next {
				k.review()
			}
		})
	}
	wg.Wait()
}

// get is the folder kept for draftID when it was read from tree.
func (sh *sharedReviews) get(draftID string, tree gitstore.Hash) (*keptReview, bool) {
	if !sh.on.Load() {
		return nil, false
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	k, ok := sh.byDraft[draftID]
	return k, ok && k.tree == tree
}

// keep keeps f, read from tree, as draftID's event folder, in place of
// one of an older tree, and returns it.
func (sh *sharedReviews) keep(draftID string, tree gitstore.Hash, f folderFiles) *keptReview {
	k := &keptReview{id: draftID, tree: tree, files: f}
	if !sh.on.Load() {
		return k
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.byDraft == nil {
		sh.byDraft = map[string]*keptReview{}
	}
	sh.byDraft[draftID] = k
	return k
}

// cacheable are the kept folders of folders (draft id to tree) that were
// read whole: a file over its size limit is not kept, so its folder is
// read again next time.
func (sh *sharedReviews) cacheable(folders map[string]gitstore.Hash) map[string]cachedFolder {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	out := make(map[string]cachedFolder, len(folders))
	for id, tree := range folders {
		if k, ok := sh.byDraft[id]; ok && k.tree == tree && k.files.tooLarge == nil {
			out[id] = cachedFolder{tree: tree, files: k.files.byPath}
		}
	}
	return out
}
