package repo

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// catalogCache is the cache file, in the git dir, that remembers the drafts
// of each content folder by tree id. It never changes an answer: a folder
// whose tree id differs is read again, and a missing or damaged cache is
// rebuilt.
const catalogCache = "catalog"

// siteCache is the file name of cache name for a site: what was read with
// ids under another front-matter key is in another cache.
func siteCache(name string, site content.Site) string {
	if k := site.Key(); k != content.DefaultIDKey {
		return name + "-" + k
	}
	return name
}

// buildCatalog lists the drafts of the content folders in snap, reusing
// old folders whose tree is unchanged and, in a changed folder, old entries
// whose blob is.
//
// worth reports whether writing the result back saves the next run real
// work: a few folders re-read cost less than rewriting the whole cache.
func buildCatalog(snap *gitstore.Snapshot, site content.Site, folders []string, old []*content.CatalogFolder) (roots []*content.CatalogFolder, worth bool, err error) {
	b := &catalogBuilder{snap: snap, site: site}
	present := 0
	for _, dir := range folders {
		dir = treeDir(dir)
		tree, err := snap.TreeHash(dir)
		if isNotExist(err) {
			continue
		}
		if err != nil {
			return nil, false, err
		}
		var prev *content.CatalogFolder
		for _, o := range old {
			if o.Path == dir {
				prev = o
			}
		}
		if prev == nil {
			b.parsed += catalogRewriteAfter // a folder the cache lacks: always keep it
		}
		f, err := b.folder(dir, tree.String(), prev)
		if err != nil {
			return nil, false, err
		}
		roots = append(roots, f)
		present++
	}
	partial, err := b.readDrafts()
	if err != nil {
		return nil, false, err
	}
	for _, f := range roots {
		forgetPartialTrees(f, partial)
	}
	if present != len(old) {
		b.parsed += catalogRewriteAfter // folders went away: keep the smaller catalog
	}
	return roots, b.read+b.parsed >= catalogRewriteAfter, nil
}

// treeDir is the folder a content folder names in a tree: "." is the
// root, which trees call "".
func treeDir(dir string) string {
	if dir == "." {
		return ""
	}
	return dir
}

// catalogRewriteAfter is how many folder reads and draft parses a refresh
// may do before the refreshed catalog is written back.
const catalogRewriteAfter = 32

type catalogBuilder struct {
	snap         *gitstore.Snapshot
	site         content.Site
	read, parsed int
	// toRead are the draft files whose entries the folders wait for:
	// they are read all together, once every folder is listed.
	toRead []draftToRead
}

// draftToRead is a draft file to read, and the folder entry it fills.
type draftToRead struct {
	e  gitstore.Entry
	f  *content.CatalogFolder
	at int // in f.Files
}

// catalogFolder lists one folder, reading only what changed since old.
func (b *catalogBuilder) folder(dir, tree string, old *content.CatalogFolder) (*content.CatalogFolder, error) {
	if old != nil && old.Tree == tree {
		return old, nil
	}
	b.read++
	entries, err := b.snap.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	known := map[string]content.CatalogEntry{}
	if old != nil {
		for _, e := range old.Files {
			// A link's problem is not its blob's: never reuse it. Nor
			// a problem of a folder that was not complete.
			if !strings.HasSuffix(e.Problem, notAFile) && (old.Tree != "" || e.Problem == "") {
				known[e.Blob] = e
			}
		}
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
		// A link is listed whatever its name: a site may follow a link
		// to a folder (MkDocs does) and publish pages from there that the
		// gate never sees. (A submodule is another repository's, reviewed
		// there; the gate fails a change that adds or moves one.)
		if !e.IsSymlink() && !content.IsDraftPath(e.Path) {
			continue
		}
		if k, ok := known[e.Blob.String()]; ok && e.IsFile() {
			k.Path = e.Path
			f.Files = append(f.Files, k)
			continue
		}
		if !e.IsFile() {
			entry, _, _ := fileEntry(b.snap, b.site, e)
			f.Files = append(f.Files, entry)
			continue
		}
		b.parsed++
		b.toRead = append(b.toRead, draftToRead{e: e, f: f, at: len(f.Files)})
		f.Files = append(f.Files, content.CatalogEntry{})
	}
	return f, nil
}

// readDrafts reads the drafts the folders wait for, a chunk at a time
// (the drafts of many small folders together, their delta chains resolved
// once), and returns the folders of those that a partial clone lacks.
func (b *catalogBuilder) readDrafts() (partial map[*content.CatalogFolder]bool, err error) {
	partial = map[*content.CatalogFolder]bool{}
	for start := 0; start < len(b.toRead); start += catalogChunk {
		chunk := b.toRead[start:min(start+catalogChunk, len(b.toRead))]
		es := make([]gitstore.Entry, len(chunk))
		for j, d := range chunk {
			es[j] = d.e
		}
		var mu sync.Mutex
		err := b.snap.ReadBlobs(draftReads(es), func(j int, data []byte, err error) error {
			d := chunk[j]
			entry, complete, err := fileEntryOf(b.site, d.e, data, tooLarge(d.e.Path, err))
			d.f.Files[d.at] = entry
			if !complete {
				mu.Lock()
				partial[d.f] = true
				mu.Unlock()
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	b.toRead = nil
	return partial, nil
}

// catalogChunk is how many drafts readDrafts reads together: their
// files are held until parsed.
const catalogChunk = 2048

// forgetPartialTrees clears the tree id of every folder under f (f too)
// that holds a draft in partial, or a folder that does: such a folder is
// not cached, so that a later fetch is seen. It reports whether it cleared
// f's.
func forgetPartialTrees(f *content.CatalogFolder, partial map[*content.CatalogFolder]bool) bool {
	for _, sub := range f.Folders {
		if forgetPartialTrees(sub, partial) {
			f.Tree = ""
		}
	}
	if partial[f] {
		f.Tree = ""
	}
	return f.Tree == ""
}

// draftReads is what ReadBlobs reads for the files es: each blob, with
// the limit of its path.
func draftReads(es []gitstore.Entry) []gitstore.BlobRead {
	reads := make([]gitstore.BlobRead, len(es))
	for j, e := range es {
		limit, _ := readLimit(e.Path)
		reads[j] = gitstore.BlobRead{ID: e.Blob, Max: int64(limit)}
	}
	return reads
}

// fileEntry is the catalog entry of the draft file e, read from snap.
// complete is false when its blob is missing from a partial clone: it is
// listed with what is known, never as an empty draft, and its folder is
// not cached, so that a later fetch is seen.
func fileEntry(snap *gitstore.Snapshot, site content.Site, e gitstore.Entry) (entry content.CatalogEntry, complete bool, err error) {
	blob := e.Blob.String()
	if !e.IsFile() {
		// A symbolic link's blob is the name of its target, not
		// Markdown; git never follows it, nor does cc.
		return content.CatalogEntry{Path: e.Path, Blob: blob, Title: path.Base(e.Path),
			Problem: e.Path + " is " + entryKind(e) + notAFile}, true, nil
	}
	data, err := readBlobLimited(snap, e.Path, e.Blob)
	return fileEntryOf(site, e, data, err)
}

// fileEntryOf is fileEntry for the file e, once its blob was read: data,
// or the error reading it gave.
func fileEntryOf(site content.Site, e gitstore.Entry, data []byte, err error) (entry content.CatalogEntry, complete bool, _ error) {
	blob := e.Blob.String()
	var pe *content.ParseError
	var missing *gitstore.MissingBlobError
	switch {
	case errors.As(err, &pe):
		// Over the size limit: listed with its problem, like a draft
		// that does not parse.
		return content.CatalogEntry{Path: e.Path, Blob: blob, Title: path.Base(e.Path), Problem: pe.Error()}, true, nil
	case errors.As(err, &missing) && missing.Partial:
		missing.Path = e.Path
		return content.CatalogEntry{Path: e.Path, Blob: blob, Title: path.Base(e.Path), Problem: missing.Error()}, false, nil
	case err != nil:
		return content.CatalogEntry{}, false, fmt.Errorf("read %s: %w", e.Path, err)
	}
	return catalogEntry(site, e.Path, blob, data), true, nil
}

// notAFile ends the problem of a draft path that is not a file.
const notAFile = ", not a file"

// entryKind says what a tree entry that is not a file is.
func entryKind(e gitstore.Entry) string {
	if e.IsSymlink() {
		return "a symbolic link"
	}
	return "a submodule"
}

// catalogEntry parses one draft file for the catalog. A file that does not
// parse is still listed, with its problem.
func catalogEntry(site content.Site, p, blob string, data []byte) content.CatalogEntry {
	e := content.CatalogEntry{Path: p, Blob: blob}
	d, err := site.Parse(p, data)
	if err != nil {
		e.Problem = err.Error()
		e.Title = path.Base(p)
		return e
	}
	e.ID, e.Title = d.ID, d.Title
	return e
}
