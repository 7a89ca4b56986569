package repo

import (
	"sync"
	"sync/atomic"

	"github.com/cc-content/cc/gitstore"
)

// fileHistoriesCache keeps the shared file histories between runs.
const fileHistoriesCache = "file-histories"

// sharedHistories is the first-parent history of every file in the
// content folders, kept by a long-lived Repo that answers for many drafts
// (cc serve): a draft's history is then looked up, not walked. A command
// that asks about one draft walks that draft's history instead, which
// costs it less than reading or making the whole.
type sharedHistories struct {
	on atomic.Bool

	mu     sync.Mutex
	recent []*historiesBuild       // for the last tips asked about, made or being made
	good   *gitstore.FileHistories // the newest made: what a moved tip grows from
}

// keptHistories is how many tips' histories are kept: a page begun just
// before the branch moved asks for the old tip's after the new one's are
// made, and would otherwise make them again from the whole history.
const keptHistories = 4

// historiesBuild is the histories of one tip, made once however many ask.
type historiesBuild struct {
	tip  gitstore.Hash
	done chan struct{} // closed when h and err are set
	h    *gitstore.FileHistories
	err  error
}

// ShareFileHistories makes r keep the history of every file in the content
// folders, for placing anchors on any draft without walking its history.
// It is for a server, which keeps the pages it makes: r then writes no
// cache file of each draft's placed anchors.
func (r *Repo) ShareFileHistories() {
	r.hist.on.Store(true)
}

// PrepareFileHistories makes the shared file histories of v's commit now,
// rather than when the first draft's anchors need them; from those of an
// earlier tip, or those cached by an earlier run, only the commits since
// are read. It does nothing unless r shares them.
func (v *View) PrepareFileHistories() error {
	_, err := v.fileHistories()
	return err
}

// fileHistories returns the shared histories of v's commit, nil when r
// does not share them.
func (v *View) fileHistories() (*gitstore.FileHistories, error) {
	sh, store, tip := &v.r.hist, v.r.store, v.snap.Commit()
	if !sh.on.Load() {
		return nil, nil
	}
	sh.mu.Lock()
	for _, b := range sh.recent {
		if b.tip == tip {
			sh.mu.Unlock()
			<-b.done
			return b.h, b.err
		}
	}
	b := &historiesBuild{tip: tip, done: make(chan struct{})}
	prev := sh.good
	sh.recent = append(sh.recent, b)
	if len(sh.recent) > keptHistories {
		sh.recent = sh.recent[1:]
	}
	sh.mu.Unlock()

	if prev == nil {
		prev, _ = gitstore.ParseFileHistories(store.ReadCache(fileHistoriesCache)) // only a hint
	}
	b.h, b.err = store.FileHistories(tip, v.config.Content, prev)
	if b.err == nil {
		sh.mu.Lock()
		sh.good = b.h
		sh.mu.Unlock()
	}
	close(b.done)
	if b.err == nil && b.h != prev {
		_ = store.WriteCache(fileHistoriesCache, b.h.Encode())
	}
	return b.h, b.err
}
