package cmd

import (
	"fmt"
	"path"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// catalogCache is the cache file, in the git dir, that remembers the drafts
// of each content folder by tree id. It never changes an answer: a folder
// whose tree id differs is read again, and a missing or damaged cache is
// rebuilt.
const catalogCache = "catalog"

// buildCatalog lists the drafts of the content folders in snap, reusing
// old folders whose tree is unchanged and old entries whose blob is.
func buildCatalog(snap *gitstore.Snapshot, folders []string, old []*content.CatalogFolder) ([]*content.CatalogFolder, bool, error) {
	b := catalogBuilder{snap: snap, oldRoots: old, blobs: map[string]content.CatalogEntry{}}
	var roots []*content.CatalogFolder
	for _, dir := range folders {
		tree, err := snap.TreeHash(dir)
		if err != nil {
			if isNotExist(err) {
				continue
			}
			return nil, false, err
		}
		f, err := b.folder(dir, tree.String(), b.oldRoot(dir))
		if err != nil {
			return nil, false, err
		}
		roots = append(roots, f)
	}
	return roots, b.changed || len(roots) != len(old), nil
}

type catalogBuilder struct {
	snap     *gitstore.Snapshot
	oldRoots []*content.CatalogFolder
	blobs    map[string]content.CatalogEntry
	indexed  bool
	changed  bool
}

func (b *catalogBuilder) oldRoot(dir string) *content.CatalogFolder {
	for _, r := range b.oldRoots {
		if r.Path == dir {
			return r
		}
	}
	return nil
}

// known returns the old entry for a blob, so unchanged content is parsed
// once however it moves.
func (b *catalogBuilder) known(blob string) (content.CatalogEntry, bool) {
	if !b.indexed {
		for _, r := range b.oldRoots {
			for k, v := range r.Blobs() {
				b.blobs[k] = v
			}
		}
		b.indexed = true
	}
	e, ok := b.blobs[blob]
	return e, ok
}

func (b *catalogBuilder) folder(dir, tree string, old *content.CatalogFolder) (*content.CatalogFolder, error) {
	if old != nil && old.Tree == tree {
		return old, nil
	}
	b.changed = true
	entries, err := b.snap.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	f := &content.CatalogFolder{Path: dir, Tree: tree}
	for _, e := range entries {
		if e.IsDir() {
			sub, err := b.folder(e.Path, e.Blob.String(), old.Folder(e.Path))
			if err != nil {
				return nil, err
			}
			if len(sub.Files) > 0 || len(sub.Folders) > 0 {
				f.Folders = append(f.Folders, sub)
			}
			continue
		}
		if !content.IsDraftPath(e.Path) {
			continue
		}
		blob := e.Blob.String()
		if k, ok := b.known(blob); ok {
			k.Path = e.Path
			f.Files = append(f.Files, k)
			continue
		}
		data, err := b.snap.ReadBlob(e.Blob)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Path, err)
		}
		f.Files = append(f.Files, catalogEntry(e.Path, blob, data))
	}
	return f, nil
}

// catalogEntry parses one draft file for the catalog. A file that does not
// parse is still listed, with its problem.
func catalogEntry(p, blob string, data []byte) content.CatalogEntry {
	e := content.CatalogEntry{Path: p, Blob: blob}
	d, err := content.Parse(p, data)
	if err != nil {
		e.Problem = err.Error()
		e.Title = path.Base(p)
		return e
	}
	e.ID, e.Title = d.ID, d.Title
	return e
}
