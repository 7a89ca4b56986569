package repo

import (
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// DraftPage is what a page about one draft shows: the draft, its review,
// where it stands, and its threads placed in its text.
type DraftPage struct {
	Entry  content.CatalogEntry
	Draft  *content.Draft
	Review *review.Review // nil for a draft without an id
	// Status is where the draft stands as of the time asked; nil for a
	// draft without an id, which has no review yet.
	Status *review.Status
	// Threads are the open threads in reading order, placed in Draft.
	Threads []Placed
}

// Page gathers the page of draft e as committed, or, when data is not nil,
// of data in its place (the work-tree file): the threads are placed in
// what is shown, and the status is judged on the committed draft.
func (v *View) Page(e content.CatalogEntry, data []byte, now time.Time) (DraftPage, error) {
	committed, err := readFileLimited(v.snap, e.Path)
	if err != nil {
		return DraftPage{}, err
	}
	fromWorktree := data != nil
	if !fromWorktree {
		data = committed
	}
	d, err := v.config.Site.Parse(e.Path, data)
	if err != nil {
		return DraftPage{}, err
	}
	p := DraftPage{Entry: e, Draft: d}
	if e.ID == "" {
		return p, nil
	}
	if p.Review, err = v.reviewOf(e.ID); err != nil {
		return DraftPage{}, err
	}
	if p.Threads, _, _, err = v.placeThreads(e, d, !fromWorktree, p.Review.Threads, false); err != nil {
		return DraftPage{}, err
	}
	facts := review.DraftFacts{ID: e.ID, Path: e.Path, Blob: e.Blob}
	cd := d
	if fromWorktree { // the status is judged on the committed draft
		cd, err = v.config.Site.Parse(e.Path, committed)
	}
	if err == nil {
		facts = draftFacts(e, cd, e.Blob)
	}
	st := review.Evaluate(v.config, facts, review.Summarize(p.Review), v.sameContent(e), now)
	p.Status = &st
	return p, nil
}

// reviewOf is Review, found through the view's map of review folders:
// a server asks for one draft's review after another, and looking each
// up by path would read the large .cc/reviews tree every time.
func (v *View) reviewOf(draftID string) (*review.Review, error) {
	folders, err := v.reviewFolders()
	if err != nil {
		return nil, err
	}
	tree, ok := folders[draftID]
	if !ok {
		return review.Load(draftID, nil), nil
	}
	if f, ok := v.r.reviews.get(draftID, tree); ok {
		return f.review(draftID), nil
	}
	read, err := readFolder(v.snap, func(fn func(gitstore.Entry) error) error {
		return v.snap.WalkTree(tree, reviewDir(draftID), fn)
	})
	if err != nil {
		return nil, err
	}
	v.r.reviews.keep(draftID, tree, read)
	return read.review(draftID), nil
}

// PageKey names what the page of draft e depends on in this view besides
// SettingsKey: the draft's content and its review folder. Two views that
// give a draft the same keys give it the same page (at the same time of
// day), so a server keeps the pages of drafts a commit did not touch.
func (v *View) PageKey(e content.CatalogEntry) (string, error) {
	folders, err := v.reviewFolders()
	if err != nil {
		return "", err
	}
	events := ""
	if h, ok := folders[e.ID]; ok && e.ID != "" {
		events = h.String()
	}
	return e.Path + " " + e.Blob + " " + events, nil
}

// SettingsKey names what every draft's page depends on: the configuration
// and the allowed signers.
func (v *View) SettingsKey() string {
	return blobAt(v.snap, review.ConfigPath) + " " + blobAt(v.snap, AllowedSignersPath)
}

// At is the repository as it was at rev (a commit, branch or tag), with
// the configuration committed there.
func (r *Repo) At(rev string) (*View, error) {
	h, err := r.store.Resolve(rev)
	if err != nil {
		return nil, err
	}
	snap, err := r.store.Snapshot(h)
	if err != nil {
		return nil, err
	}
	return r.viewOf(snap)
}

// FileAt reads the file at path p as it was at commit rev; a file that
// is not there reads as nil without an error.
func (r *Repo) FileAt(rev, p string) ([]byte, error) {
	v, err := r.At(rev)
	if err != nil {
		return nil, err
	}
	data, err := v.ReadFile(p)
	if isNotExist(err) {
		return nil, nil
	}
	return data, err
}

// GitDirs are the folders whose files say where the branch is: the git
// directory (HEAD) and, for a linked worktree, the common one (refs,
// packed-refs). A watcher of the branch watches these.
func (r *Repo) GitDirs() []string {
	if r.store.GitDir() == r.store.CommonDir() {
		return []string{r.store.GitDir()}
	}
	return []string{r.store.GitDir(), r.store.CommonDir()}
}
