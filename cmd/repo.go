package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// repo is an open content repository at its current tip: the store, the
// configuration committed there, and (on demand) the catalog of drafts.
type repo struct {
	f      *Factory
	store  *gitstore.Store
	head   gitstore.Head
	tip    *gitstore.Snapshot
	config review.Config
	roots  []*content.CatalogFolder
	loaded bool
}

func (f *Factory) openRepo() (*repo, error) {
	s, err := f.Store()
	if err != nil {
		return nil, err
	}
	head, err := s.Head()
	if err != nil {
		return nil, err
	}
	tip, err := s.Snapshot(head.Commit)
	if err != nil {
		return nil, err
	}
	r := &repo{f: f, store: s, head: head, tip: tip}
	r.config, err = loadConfig(tip)
	return r, err
}

// loadConfig reads .cc/config.yaml from a commit; a repository without one
// uses the defaults.
func loadConfig(snap *gitstore.Snapshot) (review.Config, error) {
	data, err := snap.ReadFile(review.ConfigPath)
	if isNotExist(err) {
		return review.DefaultConfig(), nil
	}
	if err != nil {
		return review.Config{}, err
	}
	return review.ParseConfig(review.ConfigPath, data)
}

// openDraft opens the repository and finds the draft ref names.
func (f *Factory) openDraft(ref string) (*repo, content.CatalogEntry, error) {
	r, err := f.openRepo()
	if err != nil {
		return nil, content.CatalogEntry{}, err
	}
	e, err := r.findDraft(ref)
	return r, e, err
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// drafts returns every draft at the tip, in path order.
func (r *repo) drafts() ([]content.CatalogEntry, error) {
	if err := r.loadCatalog(); err != nil {
		return nil, err
	}
	var out []content.CatalogEntry
	for _, root := range r.roots {
		out = append(out, root.Entries()...)
	}
	return out, nil
}

// eachDraft calls fn for every draft at the tip, in no particular order.
func (r *repo) eachDraft(fn func(content.CatalogEntry)) error {
	if err := r.loadCatalog(); err != nil {
		return err
	}
	for _, root := range r.roots {
		root.Walk(fn)
	}
	return nil
}

func (r *repo) loadCatalog() error {
	if r.loaded {
		return nil
	}
	cached := r.store.ReadCache(catalogCache)
	old, err := content.DecodeCatalog(cached)
	if err != nil {
		old = nil // a cache only: rebuild
	}
	roots, worth, err := buildCatalog(r.tip, r.config.Content, old)
	if err != nil {
		return err
	}
	if worth {
		// A cache that cannot be written is only slower next time.
		_ = r.store.WriteCache(catalogCache, content.EncodeCatalog(roots))
	}
	r.roots, r.loaded = roots, true
	return nil
}

// idTaken reports whether a draft at the tip already has id.
func (r *repo) idTaken() (func(string) bool, error) {
	if err := r.loadCatalog(); err != nil {
		return nil, err
	}
	// A scan, not a map: a new id is almost always checked once.
	return func(id string) bool {
		found := false
		_ = r.eachDraft(func(e content.CatalogEntry) { found = found || e.ID == id })
		return found
	}, nil
}

// findDraft resolves what a user typed to one draft: a path (relative to
// the current folder or to the repository), an id, a slug, or an
// unambiguous id prefix, in that order.
func (r *repo) findDraft(ref string) (content.CatalogEntry, error) {
	var entries []content.CatalogEntry
	if err := r.eachDraft(func(e content.CatalogEntry) { entries = append(entries, e) }); err != nil {
		return content.CatalogEntry{}, err
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return content.CatalogEntry{}, usageErrorf("empty draft reference")
	}
	var paths []string
	if p, ok := r.repoPath(ref); ok {
		paths = append(paths, p)
	}
	paths = append(paths, filepath.ToSlash(ref))
	matchers := []func(content.CatalogEntry) bool{
		func(e content.CatalogEntry) bool {
			for _, p := range paths {
				if e.Path == p || e.Path == p+"/index.md" {
					return true
				}
			}
			return false
		},
		func(e content.CatalogEntry) bool { return e.ID == ref },
		func(e content.CatalogEntry) bool { return e.Slug() == ref },
		func(e content.CatalogEntry) bool { return len(ref) >= 2 && e.ID != "" && strings.HasPrefix(e.ID, ref) },
	}
	for _, match := range matchers {
		var found []content.CatalogEntry
		for _, e := range entries {
			if match(e) {
				found = append(found, e)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			return content.CatalogEntry{}, ambiguousDraft(ref, found)
		}
	}
	return content.CatalogEntry{}, fmt.Errorf("no draft matches %q; 'cc draft list' shows them", ref)
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

// repoPath turns a path typed relative to the current folder into a
// repository path, when it lies inside the work tree.
func (r *repo) repoPath(p string) (string, bool) {
	root := r.store.Root()
	if root == "" {
		return "", false
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.f.Dir, p)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || rel == ".." {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
