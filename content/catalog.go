package content

import (
	"bufio"
	"bytes"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
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

// SlugOf returns the slug of a draft path.
func SlugOf(p string) string {
	base := path.Base(p)
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" || name == "_index" {
		if dir := path.Dir(p); dir != "." {
			return path.Base(dir)
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
	f.walk(func(e CatalogEntry) { out = append(out, e) })
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func (f *CatalogFolder) walk(fn func(CatalogEntry)) {
	if f == nil {
		return
	}
	for _, e := range f.Files {
		fn(e)
	}
	for _, sub := range f.Folders {
		sub.walk(fn)
	}
}

// Blobs maps each blob id in f and below to its entry, so that a rebuilt
// catalog parses only content it has not seen.
func (f *CatalogFolder) Blobs() map[string]CatalogEntry {
	m := map[string]CatalogEntry{}
	f.walk(func(e CatalogEntry) { m[e.Blob] = e })
	return m
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

const catalogHeader = "cc-catalog 1"

// EncodeCatalog writes folders as lines of text, one per folder and file.
func EncodeCatalog(roots []*CatalogFolder) []byte {
	var b bytes.Buffer
	b.WriteString(catalogHeader + "\n")
	var enc func(f *CatalogFolder)
	enc = func(f *CatalogFolder) {
		fmt.Fprintf(&b, "d %s %s\n", f.Tree, strconv.Quote(f.Path))
		for _, e := range f.Files {
			id := e.ID
			if id == "" {
				id = "-"
			}
			fmt.Fprintf(&b, "f %s %s %s %s %s\n", e.Blob, id, strconv.Quote(e.Path), strconv.Quote(e.Title), strconv.Quote(e.Problem))
		}
		for _, sub := range f.Folders {
			enc(sub)
		}
		b.WriteString("u\n")
	}
	for _, r := range roots {
		enc(r)
	}
	return b.Bytes()
}

// DecodeCatalog reads what EncodeCatalog wrote. A catalog is a cache: any
// damage is an error and the caller rebuilds it.
func DecodeCatalog(data []byte) ([]*CatalogFolder, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	if !sc.Scan() || sc.Text() != catalogHeader {
		return nil, fmt.Errorf("catalog: unknown format")
	}
	var roots, stack []*CatalogFolder
	line := 1
	for sc.Scan() {
		line++
		text := sc.Text()
		bad := func() ([]*CatalogFolder, error) { return nil, fmt.Errorf("catalog: line %d is damaged", line) }
		switch {
		case strings.HasPrefix(text, "d "):
			tree, rest, ok := strings.Cut(text[2:], " ")
			p, err := strconv.Unquote(rest)
			if !ok || err != nil {
				return bad()
			}
			f := &CatalogFolder{Path: p, Tree: tree}
			if len(stack) == 0 {
				roots = append(roots, f)
			} else {
				parent := stack[len(stack)-1]
				parent.Folders = append(parent.Folders, f)
			}
			stack = append(stack, f)
		case strings.HasPrefix(text, "f "):
			fields := strings.SplitN(text[2:], " ", 3)
			if len(stack) == 0 || len(fields) != 3 {
				return bad()
			}
			e := CatalogEntry{Blob: fields[0], ID: fields[1]}
			if e.ID == "-" {
				e.ID = ""
			}
			rest := fields[2]
			for _, dst := range []*string{&e.Path, &e.Title, &e.Problem} {
				q, err := strconv.QuotedPrefix(rest)
				if err != nil {
					return bad()
				}
				*dst, _ = strconv.Unquote(q)
				rest = strings.TrimPrefix(rest[len(q):], " ")
			}
			top := stack[len(stack)-1]
			top.Files = append(top.Files, e)
		case text == "u":
			if len(stack) == 0 {
				return bad()
			}
			stack = stack[:len(stack)-1]
		default:
			return bad()
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("catalog: truncated")
	}
	return roots, nil
}
