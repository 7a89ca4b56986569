package repo

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// draftIndexCache lists the drafts of the content folders by id and by
// slug, in sorted lines, for the content-folder trees its header names:
// an action on one draft finds it by a binary search in one file instead
// of decoding the catalog, whose size grows with every title and path.
// cc keeps it current across its own commits (updateDraftIndex); after
// any other change of a content folder it is rebuilt from the catalog.
// Like every cache it is a hint: a draft found through it is read back
// from the tree before it is used.
const draftIndexCache = "drafts"

const draftIndexHeader = "cc-drafts 1\n"

// draftIndex is a decoded index file. Its sections are substrings of
// the file, never split into records: a look-up costs a binary search.
type draftIndex struct {
	keys  string // "folder\ttree\n" for each content folder, in order
	ids   string // "id\tpath\n", sorted
	slugs string // "slug\tpath\n", sorted
}

// indexKeys names the state of the content folders an index is valid
// for: each folder with its tree id, "-" for a folder that is absent.
func indexKeys(snap *gitstore.Snapshot, folders []string) (string, error) {
	var b []byte
	for _, dir := range folders {
		tree := "-"
		h, err := snap.TreeHash(treeDir(dir))
		switch {
		case err == nil:
			tree = h.String()
		case !isNotExist(err):
			return "", err
		}
		b = content.AppendCacheField(b, dir)
		b = append(b, '\t')
		b = append(b, tree...)
		b = append(b, '\n')
	}
	return string(b), nil
}

// indexLine is one record of a section.
func indexLine(key, p string) string {
	b := content.AppendCacheField(nil, key)
	b = append(b, '\t')
	b = content.AppendCacheField(b, p)
	return string(append(b, '\n'))
}

func compareLines(a, b string) int {
	switch {
	case lineLess(a, b):
		return -1
	case lineLess(b, a):
		return 1
	}
	return 0
}

// lineLess orders records by key, then path, whatever bytes they hold.
func lineLess(a, b string) bool {
	ka, pa, _ := strings.Cut(a, "\t")
	kb, pb, _ := strings.Cut(b, "\t")
	if ka != kb {
		return ka < kb
	}
	return pa < pb
}

func (x draftIndex) encode() []byte {
	return encodeIndex(draftIndexHeader, x.keys, x.ids, x.slugs)
}

// decodeDraftIndex reads what encode wrote; ok is false for anything else.
func decodeDraftIndex(data []byte) (x draftIndex, ok bool) {
	s, ok := decodeIndex(data, draftIndexHeader, 3)
	if !ok {
		return draftIndex{}, false
	}
	return draftIndex{keys: s[0], ids: s[1], slugs: s[2]}, true
}

// encodeIndex writes an index file: the header, then the sections, each
// ended by a line "=" (a record always has a tab).
func encodeIndex(header string, sections ...string) []byte {
	n := len(header)
	for _, s := range sections {
		n += len(s) + 2
	}
	b := make([]byte, 0, n)
	b = append(b, header...)
	for _, section := range sections {
		b = append(append(b, section...), "=\n"...)
	}
	return b
}

// decodeIndex reads what encodeIndex wrote with header and n sections; ok
// is false for anything else.
func decodeIndex(data []byte, header string, n int) (sections []string, ok bool) {
	text, ok := strings.CutPrefix(string(data), header)
	if !ok {
		return nil, false
	}
	sections = make([]string, n)
	for i := range sections {
		if sections[i], text, ok = cutIndexSection(text); !ok {
			return nil, false
		}
	}
	return sections, text == ""
}

func cutIndexSection(s string) (section, rest string, ok bool) {
	if rest, ok := strings.CutPrefix(s, "=\n"); ok {
		return "", rest, true
	}
	i := strings.Index(s, "\n=\n")
	if i < 0 {
		return "", "", false
	}
	return s[:i+1], s[i+3:], true
}

// buildDraftIndex indexes entries for the content folders named by keys.
func buildDraftIndex(keys string, entries []content.CatalogEntry) draftIndex {
	var ids, slugs []string
	for _, e := range entries {
		if e.ID != "" {
			ids = append(ids, indexLine(e.ID, e.Path))
		}
		slugs = append(slugs, indexLine(e.Slug(), e.Path))
	}
	slices.SortFunc(ids, compareLines)
	slices.SortFunc(slugs, compareLines)
	return draftIndex{keys: keys, ids: strings.Join(ids, ""), slugs: strings.Join(slugs, "")}
}

// lowerBound is the offset of the first line of the sorted section s
// whose key is not below key (both escaped).
func lowerBound(s, key string) int {
	lo, hi := 0, len(s) // lo and hi are line starts
	for lo < hi {
		mid := strings.LastIndexByte(s[:lo+(hi-lo)/2], '\n') + 1
		mid = max(mid, lo)
		end := strings.IndexByte(s[mid:], '\n')
		if end < 0 {
			return len(s) // damaged: a cache only, never trusted past this
		}
		k, _, _ := strings.Cut(s[mid:mid+end], "\t")
		if k < key {
			lo = mid + end + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// lookup returns the paths of the records of section s whose key is key
// or, with prefix, starts with it.
func lookup(s, key string, prefix bool) []string {
	esc := string(content.AppendCacheField(nil, key))
	var out []string
	for rest := s[lowerBound(s, esc):]; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		k, p, _ := strings.Cut(line, "\t")
		if k != esc && !(prefix && strings.HasPrefix(k, esc)) {
			break
		}
		if p, ok := content.UnescapeCacheField(p); ok {
			out = append(out, p)
		}
	}
	return out
}

// remove drops the record of key and p from section s.
func remove(s, key, p string) string {
	line := indexLine(key, p)
	esc, _, _ := strings.Cut(line, "\t")
	for i := lowerBound(s, esc); i < len(s); {
		end := i + strings.IndexByte(s[i:], '\n') + 1
		if s[i:end] == line {
			return s[:i] + s[end:]
		}
		if k, _, _ := strings.Cut(s[i:end], "\t"); k != esc {
			break
		}
		i = end
	}
	return s
}

// insert adds the record of key and p to section s, in order.
func insert(s, key, p string) string {
	line := indexLine(key, p)
	lo, hi := 0, len(s) // line starts, as in lowerBound
	for lo < hi {
		mid := max(strings.LastIndexByte(s[:lo+(hi-lo)/2], '\n')+1, lo)
		end := mid + strings.IndexByte(s[mid:], '\n') + 1
		if lineLess(s[mid:end], line) {
			lo = end
		} else {
			hi = mid
		}
	}
	return s[:lo] + line + s[lo:]
}

// draftIndexState is a view's index, read or built on first use.
type draftIndexState struct {
	mu    sync.Mutex
	index *draftIndex
	keys  string
	// file is the index file as read, once per view, whatever folders it
	// was made for; fileOK is false when there is none or it is damaged.
	// An index is a function of its keys, so one made for the keys at
	// hand serves however long ago it was read.
	file             draftIndex
	fileRead, fileOK bool
}

// indexFile returns the index file, read on first use; v.idx.mu is held.
func (v *View) indexFile() (draftIndex, bool) {
	if !v.idx.fileRead {
		v.idx.file, v.idx.fileOK = decodeDraftIndex(v.r.store.ReadCache(siteCache(draftIndexCache, v.config.Site)))
		v.idx.fileRead = true
	}
	return v.idx.file, v.idx.fileOK
}

// draftIndex is the index of the view's drafts: the cache when it was
// made for these content folders, else rebuilt from the catalog and
// written back.
func (v *View) draftIndex() (*draftIndex, error) {
	v.idx.mu.Lock()
	defer v.idx.mu.Unlock()
	if v.idx.index != nil {
		return v.idx.index, nil
	}
	keys, err := indexKeys(v.snap, v.config.Content)
	if err != nil {
		return nil, err
	}
	v.idx.keys = keys
	if x, ok := v.indexFile(); ok && x.keys == keys {
		v.idx.index = &x
		return &x, nil
	}
	return v.rebuildDraftIndex()
}

// rebuildDraftIndex indexes the catalog; v.idx.mu is held.
func (v *View) rebuildDraftIndex() (*draftIndex, error) {
	var entries []content.CatalogEntry
	if err := v.eachDraft(func(e content.CatalogEntry) { entries = append(entries, e) }); err != nil {
		return nil, err
	}
	x := buildDraftIndex(v.idx.keys, entries)
	// A cache that cannot be written is only slower next time.
	_ = v.r.store.WriteCache(siteCache(draftIndexCache, v.config.Site), x.encode())
	v.idx.index = &x
	v.idx.file, v.idx.fileRead, v.idx.fileOK = x, true, true
	return &x, nil
}

// indexedDrafts reads back from the tree the drafts at paths, which the
// index gave for ref. A path that no longer holds such a draft means the
// index is damaged: it is rebuilt once and the look-up done again.
func (v *View) indexedDrafts(find func(*draftIndex) []string, matches func(content.CatalogEntry) bool) ([]content.CatalogEntry, error) {
	for attempt := 0; ; attempt++ {
		x, err := v.draftIndex()
		if err != nil {
			return nil, err
		}
		var found []content.CatalogEntry
		stale := false
		for _, p := range find(x) {
			e, ok, err := v.draftAt(p)
			if err != nil {
				return nil, err
			}
			if !ok || !matches(e) {
				stale = true
				break
			}
			found = append(found, e)
		}
		if !stale || attempt > 0 {
			return found, nil
		}
		v.idx.mu.Lock()
		_, err = v.rebuildDraftIndex()
		v.idx.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
}

// draftAt is the draft at repository path p, read from the tree: ok is
// false when p is not a draft of a content folder.
func (v *View) draftAt(p string) (e content.CatalogEntry, ok bool, err error) {
	if !v.config.InContent(p) {
		return e, false, nil
	}
	te, err := v.snap.Stat(p)
	if isNotExist(err) || (err == nil && te.IsDir()) {
		return e, false, nil
	}
	if err != nil {
		return e, false, err
	}
	e, _, err = fileEntry(v.snap, v.config.Site, te)
	return e, err == nil, err
}

// idTaken reports whether a new draft may not have id: a review folder
// has it (a draft that has or had a review, removed ones included, since
// an id is never reused), or the index lists it, even an index of an
// older state of the content folders. It reads no catalog. A draft
// without events that came from outside cc since the index was made
// could still have it: with 31^6 ids, one chance in 90,000 for a
// repository of 10,000 such drafts; the gate refuses duplicate ids.
func (v *View) idTaken(id string) bool {
	if v.HasFile(reviewDir(id)) {
		return true
	}
	v.idx.mu.Lock()
	x, ok := v.idx.index, true
	if x == nil {
		var file draftIndex
		file, ok = v.indexFile()
		x = &file
	}
	v.idx.mu.Unlock()
	return ok && len(lookup(x.ids, id, false)) > 0
}

// updateDraftIndex brings the index from v, the tip a commit was built
// on, to the commit made of changes: only when it was current for v, so
// that what it lists stays exactly the drafts of the tree.
func (v *View) updateDraftIndex(commit gitstore.Hash, changes []gitstore.Change) error {
	v.idx.mu.Lock()
	none := v.idx.fileRead && !v.idx.fileOK
	v.idx.mu.Unlock()
	if none {
		// The action looked for the index file and there is none: nothing
		// to bring up to date, and no need to read the commit's trees.
		return nil
	}
	after, err := v.r.store.Snapshot(commit)
	if err != nil {
		return err
	}
	before, err := indexKeys(v.snap, v.config.Content)
	if err != nil {
		return err
	}
	now, err := indexKeys(after, v.config.Content)
	if err != nil || now == before {
		return err // no content folder changed: the index holds as it is
	}
	v.idx.mu.Lock()
	x, ok := v.indexFile()
	v.idx.mu.Unlock()
	if !ok || x.keys != before {
		return nil // rebuilt by the next look-up that needs it
	}
	for _, c := range changes {
		if !v.config.InContent(c.Path) {
			continue
		}
		old, ok, err := v.draftAt(c.Path)
		if err != nil {
			return err
		}
		if ok {
			if old.ID != "" {
				x.ids = remove(x.ids, old.ID, c.Path)
			}
			x.slugs = remove(x.slugs, old.Slug(), c.Path)
		}
		if c.Delete {
			continue
		}
		e := catalogEntry(v.config.Site, c.Path, "", c.Data)
		if e.ID != "" {
			x.ids = insert(x.ids, e.ID, c.Path)
		}
		x.slugs = insert(x.slugs, e.Slug(), c.Path)
	}
	x.keys = now
	if err := v.r.store.WriteCache(siteCache(draftIndexCache, v.config.Site), x.encode()); err != nil {
		return fmt.Errorf("write the draft index: %w", err)
	}
	return nil
}
