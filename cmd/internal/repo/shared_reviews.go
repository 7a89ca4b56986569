package repo

import (
	"sync"
	"sync/atomic"

	"github.com/cc-content/cc/gitstore"
)

// sharedReviews keeps the event files of every draft, with the tree of the
// event folder they were read from, for a long-lived Repo that answers for
// many drafts (cc serve): a draft's page then reads none of its event
// files. A commit that changes a draft's events gives its folder another
// tree, and its files are read again. The files are kept, not the reviews
// folded from them: a page folds its draft's (a fraction of a millisecond
// for ten events), while the collector of a server that kept 100,000
// folded events would trace them all in every cycle, which cost more than
// the folding it saved; the files' bytes are not traced.
type sharedReviews struct {
	on atomic.Bool

	mu      sync.Mutex
	byDraft map[string]keptFolder
}

// keptFolder is a draft's event folder as read.
type keptFolder struct {
	tree  gitstore.Hash
	files folderFiles
}

// ShareReviews makes r keep the event files of every draft it reads for a
// page, for the next page of that draft.
func (r *Repo) ShareReviews() {
	r.reviews.on.Store(true)
}

// PrepareReviews reads the event files of every draft at v's commit now,
// rather than one draft at a time when its page is first asked for: those
// of folders kept in the cache by an earlier run from the cache, the others
// in one pass over the packs on every core, which resolves each delta
// family once; then it writes the cache again if it did not hold them all.
// It does nothing unless r shares reviews.
func (v *View) PrepareReviews() error {
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

// get is the folder kept for draftID when it was read from tree.
func (sh *sharedReviews) get(draftID string, tree gitstore.Hash) (folderFiles, bool) {
	if !sh.on.Load() {
		return folderFiles{}, false
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	k, ok := sh.byDraft[draftID]
	return k.files, ok && k.tree == tree
}

// keep keeps f, read from tree, as draftID's event folder, in place of
// one of an older tree.
func (sh *sharedReviews) keep(draftID string, tree gitstore.Hash, f folderFiles) {
	if !sh.on.Load() {
		return
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.byDraft == nil {
		sh.byDraft = map[string]keptFolder{}
	}
	sh.byDraft[draftID] = keptFolder{tree: tree, files: f}
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
