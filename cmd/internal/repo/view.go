package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// View is the repository at one commit: its files, the configuration
// committed there, and (read on first use) its drafts. A view never
// changes; Repo.View gives a new one when the branch moves. Its methods
// may be called from several goroutines.
type View struct {
	r      *Repo
	head   gitstore.Head
	snap   *gitstore.Snapshot
	config review.Config

	once    sync.Once
	roots   []*content.CatalogFolder
	rootErr error

	signers signerCache // .cc/allowed_signers and verdicts, read on first use

	idx    draftIndexState // the draft index, read on first use
	events eventIndexState // the event index, made on first use

	foldersOnce sync.Once
	folders     map[string]gitstore.Hash // draft id -> tree of its review folder
	foldersErr  error
}

// reviewFolders maps each draft id with a review folder to that folder's
// tree id, read once: looking an event up through it skips the large
// .cc/reviews tree.
func (v *View) reviewFolders() (map[string]gitstore.Hash, error) {
	v.foldersOnce.Do(func() {
		v.folders = map[string]gitstore.Hash{}
		dirs, err := v.snap.ReadDir(reviewsDir)
		if isNotExist(err) {
			return
		}
		if err != nil {
			v.foldersErr = err
			return
		}
		for _, d := range dirs {
			if d.IsDir() {
				v.folders[path.Base(d.Path)] = d.Blob
			}
		}
	})
	return v.folders, v.foldersErr
}

// eventFile is the entry of event eventID of draft draftID, found through
// its folder's tree.
func (v *View) eventFile(draftID, eventID string) (gitstore.Entry, error) {
	folders, err := v.reviewFolders()
	if err != nil {
		return gitstore.Entry{}, err
	}
	want := review.EventPath(draftID, eventID)
	tree, ok := folders[draftID]
	if !ok {
		return gitstore.Entry{}, fmt.Errorf("%s: %w", want, fs.ErrNotExist)
	}
	var found gitstore.Entry
	err = v.snap.WalkTree(tree, reviewDir(draftID), func(e gitstore.Entry) error {
		if e.Path == want {
			found = e
		}
		return nil
	})
	if err == nil && found.Path == "" {
		err = fmt.Errorf("%s: %w", want, fs.ErrNotExist)
	}
	return found, err
}

// Commit is the commit the view shows, "" for an unborn branch.
func (v *View) Commit() string {
	if v.snap.Commit().IsZero() {
		return ""
	}
	return v.snap.Commit().String()
}

// Config is the configuration committed at the view's commit.
func (v *View) Config() review.Config { return v.config }

// withConfig is the same commit judged by another configuration: its
// drafts are those of cfg's content folders.
func (v *View) withConfig(cfg review.Config) *View {
	return &View{r: v.r, head: v.head, snap: v.snap, config: cfg}
}

// ReadFile reads a committed file by repository path.
func (v *View) ReadFile(p string) ([]byte, error) { return readFileLimited(v.snap, p) }

// HasFile reports whether p is committed.
func (v *View) HasFile(p string) bool {
	_, err := v.snap.Stat(p)
	return err == nil
}

// Drafts returns every draft at the view's commit, in path order.
func (v *View) Drafts() ([]content.CatalogEntry, error) {
	if err := v.loadCatalog(); err != nil {
		return nil, err
	}
	var out []content.CatalogEntry
	for _, root := range v.roots {
		out = append(out, root.Entries()...)
	}
	return out, nil
}

// eachDraft calls fn for every draft, in no particular order.
func (v *View) eachDraft(fn func(content.CatalogEntry)) error {
	if err := v.loadCatalog(); err != nil {
		return err
	}
	for _, root := range v.roots {
		root.Walk(fn)
	}
	return nil
}

func (v *View) loadCatalog() error {
	v.once.Do(func() {
		cached := v.r.store.ReadCache(siteCache(catalogCache, v.config.Site))
		old, err := content.DecodeCatalog(cached)
		if err != nil {
			old = nil // a cache only: rebuild
		}
		roots, worth, err := buildCatalog(v.snap, v.config.Site, v.config.Content, old)
		if err != nil {
			v.rootErr = err
			return
		}
		if worth {
			// A cache that cannot be written is only slower next time.
			_ = v.r.store.WriteCache(siteCache(catalogCache, v.config.Site), content.EncodeCatalog(roots))
		}
		v.roots = roots
	})
	return v.rootErr
}

// newID is an id no draft of the view has (View.idTaken), nor any for
// which taken (when not nil) reports true. It reads no catalog.
func (v *View) newID(taken func(string) bool) (string, error) {
	return content.NewID(v.r.random, func(id string) bool {
		return (taken != nil && taken(id)) || v.idTaken(id)
	})
}

// FindDraft resolves what a person typed to one draft: a path (relative to
// the Repo's folder or to the repository), an id, a slug, or an
// unambiguous id prefix, in that order. It reads the tree at the paths it
// tries and the draft index, never the whole catalog.
func (v *View) FindDraft(ref string) (content.CatalogEntry, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return content.CatalogEntry{}, usagef("empty draft reference")
	}
	var paths []string
	if p, ok := v.r.repoPath(ref); ok {
		paths = append(paths, p)
	}
	if p := filepath.ToSlash(ref); len(paths) == 0 || p != paths[0] {
		paths = append(paths, p)
	}
	var found []content.CatalogEntry
	for _, p := range paths {
		for _, file := range []string{p, p + "/index.md"} {
			e, ok, err := v.draftAt(file)
			if err != nil {
				return content.CatalogEntry{}, err
			}
			if ok {
				found = append(found, e)
			}
		}
	}
	lookups := []struct {
		find    func(*draftIndex) []string
		matches func(content.CatalogEntry) bool
	}{
		{func(x *draftIndex) []string { return lookup(x.ids, ref, false) }, func(e content.CatalogEntry) bool { return e.ID == ref }},
		{func(x *draftIndex) []string { return lookup(x.slugs, ref, false) }, func(e content.CatalogEntry) bool { return e.Slug() == ref }},
		{func(x *draftIndex) []string { return lookup(x.ids, ref, true) }, func(e content.CatalogEntry) bool { return strings.HasPrefix(e.ID, ref) }},
	}
	for i := 0; len(found) == 0 && i < len(lookups); i++ {
		if i == 2 && len(ref) < 2 {
			break
		}
		var err error
		if found, err = v.indexedDrafts(lookups[i].find, lookups[i].matches); err != nil {
			return content.CatalogEntry{}, err
		}
	}
	switch len(found) {
	case 0:
		return content.CatalogEntry{}, fmt.Errorf("no draft matches %q; 'cc draft list' shows them", ref)
	case 1:
		return found[0], nil
	}
	return content.CatalogEntry{}, ambiguousDraft(ref, found)
}

func ambiguousDraft(ref string, found []content.CatalogEntry) error {
	sort.Slice(found, func(i, j int) bool { return found[i].Path < found[j].Path })
	var b strings.Builder
	fmt.Fprintf(&b, "%q matches %d drafts; name one by id or path:", ref, len(found))
	for _, e := range found {
		id := e.ID
		if id == "" {
			id = "(no id)"
		}
		fmt.Fprintf(&b, "\n  %-8s %s", id, e.Path)
	}
	return errors.New(b.String())
}

// ParseDraft reads and parses draft e as committed.
func (v *View) ParseDraft(e content.CatalogEntry) (*content.Draft, error) {
	data, err := readFileLimited(v.snap, e.Path)
	if err != nil {
		return nil, err
	}
	return v.config.Site.Parse(e.Path, data)
}

// Review reads and folds the events of the draft whose id is draftID.
func (v *View) Review(draftID string) (*review.Review, error) {
	return loadReview(v.snap, draftID)
}
