package content

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

// CatalogEntry is what a catalog knows of one draft file.
type CatalogEntry struct {
	Path  string
	Blob  string // hex blob id of the file's content
	ID    string // "" when the page has no id yet
	Title string
	// Problem is why the file could not be parsed; such a file is listed,
	// never hidden.
	Problem string
}

// Slug is the draft's name in its folder: the file name without extension,
// or the bundle folder's name for a Hugo page bundle (index.md, _index.md).
func (e CatalogEntry) Slug() string { return SlugOf(e.Path) }

// SlugOf returns the slug of a draft path: the file name without its
// extension; a Hugo page bundle's folder name (index.md, _index.md); for a
// Jekyll post (_posts/2026-03-01-launch.md) the name after its date.
func SlugOf(p string) string {
	base := path.Base(p)
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" || name == "_index" {
		if dir := path.Dir(p); dir != "." {
			return path.Base(dir)
		}
	}
	if path.Base(path.Dir(p)) == "_posts" && len(name) > len("2006-01-02-") && name[len("2006-01-02")] == '-' {
		if _, err := time.Parse(time.DateOnly, name[:len("2006-01-02")]); err == nil {
			return name[len("2006-01-02-"):]
		}
	}
	return name
}

// CatalogFolder is one folder of a catalog, keyed by the folder's tree id so
// that an unchanged folder is reused without reading it again.
type CatalogFolder struct {
	Path    string
	Tree    string
	Files   []CatalogEntry
	Folders []*CatalogFolder
}

// Entries returns every draft in f and below, in path order.
func (f *CatalogFolder) Entries() []CatalogEntry {
	var out []CatalogEntry
	f.Walk(func(e CatalogEntry) { out = append(out, e) })
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Walk calls fn for every draft in f and below, folder by folder, with no
// sorting: for look-ups that need no order.
func (f *CatalogFolder) Walk(fn func(CatalogEntry)) {
	if f == nil {
		return
	}
	for _, e := range f.Files {
		fn(e)
	}
	for _, sub := range f.Folders {
		sub.Walk(fn)
	}
}

// Folder returns the sub-folder at p, or nil.
func (f *CatalogFolder) Folder(p string) *CatalogFolder {
	if f == nil {
		return nil
	}
	for _, sub := range f.Folders {
		if sub.Path == p {
			return sub
		}
	}
	return nil
}

const catalogHeader = "cc-catalog 3"

// EncodeCatalog writes folders as lines of tab-separated text, one per
// folder and file, in the order DecodeCatalog rebuilds them.
func EncodeCatalog(roots []*CatalogFolder) []byte {
	n := 64
	for _, r := range roots {
		r.Walk(func(e CatalogEntry) { n += len(e.Path) + len(e.Title) + len(e.Blob) + len(e.ID) + 16 })
	}
	b := make([]byte, 0, n)
	b = append(b, catalogHeader+"\n"...)
	var enc func(f *CatalogFolder)
	enc = func(f *CatalogFolder) {
		b = append(b, 'd', '\t')
		b = appendCatalogField(b, f.Tree, '\t')
		b = appendCatalogField(b, f.Path, '\n')
		for _, e := range f.Files {
			b = append(b, 'f', '\t')
			b = appendCatalogField(b, e.Blob, '\t')
			b = appendCatalogField(b, e.ID, '\t')
			b = appendCatalogField(b, e.Path, '\t')
			b = appendCatalogField(b, e.Title, '\t')
			b = appendCatalogField(b, e.Problem, '\n')
		}
		for _, sub := range f.Folders {
			enc(sub)
		}
		b = append(b, "u\n"...)
	}
	for _, r := range roots {
		enc(r)
	}
	return b
}

// appendCatalogField writes one field and the byte that ends it.
func appendCatalogField(b []byte, s string, end byte) []byte {
	return append(AppendCacheField(b, s), end)
}

// DecodeCatalog reads what EncodeCatalog wrote. A catalog is a cache: any
// damage is an error and the caller rebuilds it.
func DecodeCatalog(data []byte) ([]*CatalogFolder, error) {
	text := string(data) // one copy; every field below is a substring of it
	header, text, ok := strings.Cut(text, "\n")
	if !ok || header != catalogHeader {
		return nil, fmt.Errorf("catalog: unknown format")
	}
	var roots, stack []*CatalogFolder
	var fields [5]string
	for line := 2; text != ""; line++ {
		var row string
		row, text, ok = strings.Cut(text, "\n")
		if !ok {
			return nil, fmt.Errorf("catalog: truncated")
		}
		kind, rest, _ := strings.Cut(row, "\t")
		switch kind {
		case "d":
			if !splitCatalogRow(rest, fields[:2]) {
				return nil, catalogDamaged(line)
			}
			f := &CatalogFolder{Tree: fields[0], Path: fields[1]}
			if len(stack) == 0 {
				roots = append(roots, f)
			} else {
				parent := stack[len(stack)-1]
				parent.Folders = append(parent.Folders, f)
			}
			stack = append(stack, f)
		case "f":
			if len(stack) == 0 || !splitCatalogRow(rest, fields[:]) {
				return nil, catalogDamaged(line)
			}
			top := stack[len(stack)-1]
			top.Files = append(top.Files, CatalogEntry{Blob: fields[0], ID: fields[1], Path: fields[2], Title: fields[3], Problem: fields[4]})
		case "u":
			if len(stack) == 0 || rest != "" {
				return nil, catalogDamaged(line)
			}
			stack = stack[:len(stack)-1]
		default:
			return nil, catalogDamaged(line)
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("catalog: truncated")
	}
	return roots, nil
}

func catalogDamaged(line int) error { return fmt.Errorf("catalog: line %d is damaged", line) }

// splitCatalogRow fills out with exactly len(out) tab-separated fields.
func splitCatalogRow(row string, out []string) bool {
	for i := range out {
		var field string
		if i == len(out)-1 {
			field, row = row, ""
			if strings.Contains(field, "\t") {
				return false
			}
		} else {
			var ok bool
			if field, row, ok = strings.Cut(row, "\t"); !ok {
				return false
			}
		}
		var ok bool
		if out[i], ok = UnescapeCacheField(field); !ok {
			return false
		}
	}
	return true
}
