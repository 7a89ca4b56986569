package repo

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cc-content/cc/content"
)

// openFresh opens dir as a new process would, with the caches there or,
// with cold, removed first.
func openFresh(t *testing.T, dir string, cold bool) *Repo {
	t.Helper()
	if cold {
		gitDir := strings.TrimSpace(git(t, dir, "rev-parse", "--absolute-git-dir"))
		if err := os.RemoveAll(filepath.Join(gitDir, "cc", "cache")); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// viewOfNextWrite is the view the next action of r is built on: the one
// r.View returns while the branch stays where it is. (r.View after the
// action's commit gives a new one.)
func viewOfNextWrite(t *testing.T, r *Repo) *View { return r.mustView(t) }

// catalogRead reports whether v read the catalog, which a write must never
// need.
func catalogRead(v *View) bool { return v.roots != nil }

// A write finds and checks what it needs by path look-ups and the draft
// index: it never reads the catalog, cold or warm.
func TestWritesReadNoCatalog(t *testing.T) {
	r, dir := newContentRepo(t)
	for _, title := range []string{"First light", "Second thoughts", "Third way"} {
		if _, err := r.NewDraft(as(ada, t0), NewDraft{Title: title, Dir: "content/notes"}); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, dir, "content/adopted.md", "---\ntitle: Adopted\n---\nA page from before cc.\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "a page from outside cc")

	for _, cold := range []bool{true, false} {
		r := openFresh(t, dir, cold)
		v := viewOfNextWrite(t, r)
		c, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Fourth wall"})
		if err != nil {
			t.Fatal(err)
		}
		if catalogRead(v) {
			t.Fatalf("cold=%v: draft new read the catalog", cold)
		}
		if cold {
			continue // finding a draft by id needs the index, built once
		}
		if _, err := openFresh(t, dir, false).mustView(t).draftIndex(); err != nil {
			t.Fatal(err)
		}
		for _, ref := range []string{c.Entry.ID, c.Entry.ID[:3], "fourth-wall", c.Entry.Path, "adopted"} {
			r := openFresh(t, dir, false)
			v := viewOfNextWrite(t, r)
			if _, err := r.Comment(as(grace, t0), ref, Comment{Body: "Who is it for?"}); err != nil {
				t.Fatalf("comment on %s: %v", ref, err)
			}
			if catalogRead(v) {
				t.Fatalf("comment on %s read the catalog", ref)
			}
		}
		// A save checks that no other draft holds the id through the index.
		writeFile(t, dir, c.Entry.Path, "---\nid: "+c.Entry.ID+"\ntitle: Fourth wall\n---\nNew words.\n")
		r = openFresh(t, dir, false)
		v = viewOfNextWrite(t, r)
		if _, err := r.Save(as(ada, t0), []string{c.Entry.ID}, "", SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		if catalogRead(v) {
			t.Fatal("draft save read the catalog")
		}
	}
	// The index cc kept up to date is exactly the one the catalog gives.
	r = openFresh(t, dir, false)
	v := r.mustView(t)
	kept, ok := decodeDraftIndex(r.store.ReadCache(draftIndexCache))
	if !ok {
		t.Fatal("no draft index after the writes")
	}
	drafts, err := v.Drafts()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := indexKeys(v.snap, v.config.Content)
	if err != nil {
		t.Fatal(err)
	}
	if want := buildDraftIndex(keys, drafts); kept != want {
		t.Fatalf("kept index:\n%s\nrebuilt:\n%s", kept.encode(), want.encode())
	}
}

// Drafts that git brings are found: a stale index is rebuilt, and one
// that lies is not believed.
func TestFindDraftAfterGitChanges(t *testing.T) {
	r, dir := newContentRepo(t)
	if _, err := r.NewDraft(as(ada, t0), NewDraft{Title: "Kept"}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/from-git.md", "---\nid: zz9zz9\ntitle: From git\n---\nHello.\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "from git")
	r = openFresh(t, dir, false)
	e, err := r.mustView(t).FindDraft("zz9zz9")
	if err != nil || e.Path != "content/from-git.md" {
		t.Fatalf("FindDraft(zz9zz9) = %+v, %v", e, err)
	}
	// An index that names the wrong path for an id is found out.
	v := r.mustView(t)
	x, _ := decodeDraftIndex(r.store.ReadCache(draftIndexCache))
	x.ids = insert(remove(x.ids, "zz9zz9", "content/from-git.md"), "zz9zz9", "content/kept.md")
	if err := r.store.WriteCache(draftIndexCache, x.encode()); err != nil {
		t.Fatal(err)
	}
	r = openFresh(t, dir, false)
	if e, err := r.mustView(t).FindDraft("zz9zz9"); err != nil || e.Path != "content/from-git.md" {
		t.Fatalf("with a lying index, FindDraft(zz9zz9) = %+v, %v", e, err)
	}
	if _, err := v.FindDraft("nothing-like-it"); err == nil || !strings.Contains(err.Error(), "no draft matches") {
		t.Fatalf("FindDraft of nothing: %v", err)
	}
}

func TestDraftIndexLookup(t *testing.T) {
	entries := []content.CatalogEntry{
		{ID: "ab2cd3", Path: "content/a.md"},
		{ID: "ab2xyz", Path: "content/b/index.md"},
		{ID: "", Path: "content/c.md"},
		{ID: "ab2cd3", Path: "content/dup.md"},
		{ID: "q7\tx", Path: "content/odd\nname.md"},
	}
	x := buildDraftIndex("content\t-\n", entries)
	for _, tt := range []struct {
		section   string
		key       string
		prefix    bool
		wantPaths []string
	}{
		{x.ids, "ab2cd3", false, []string{"content/a.md", "content/dup.md"}},
		{x.ids, "ab2", true, []string{"content/a.md", "content/dup.md", "content/b/index.md"}},
		{x.ids, "ab", false, nil},
		{x.ids, "q7\tx", false, []string{"content/odd\nname.md"}},
		{x.slugs, "b", false, []string{"content/b/index.md"}},
		{x.slugs, "c", false, []string{"content/c.md"}},
		{x.slugs, "zz", true, nil},
	} {
		if got := lookup(tt.section, tt.key, tt.prefix); !slices.Equal(got, tt.wantPaths) {
			t.Errorf("lookup(%q, prefix %v) = %q, want %q", tt.key, tt.prefix, got, tt.wantPaths)
		}
	}
	if got, ok := decodeDraftIndex(x.encode()); !ok || got != x {
		t.Fatalf("round trip: %+v, %v", got, ok)
	}
}

// FuzzDraftIndex builds an index of arbitrary records and checks that
// every record is found, that insert and remove keep it equal to one built
// from scratch, and that decoding arbitrary bytes never fails loudly.
func FuzzDraftIndex(f *testing.F) {
	f.Add("ab2cd3\x00content/a.md\x00\x00content/b.md\x00ab2cd3\x00content/c/index.md", 1)
	f.Add("a\tb\x00c\nd\x00\\\x00\\t", 0)
	f.Add(draftIndexHeader+"=\n=\n=\n", 2)
	f.Fuzz(func(t *testing.T, data string, drop int) {
		if x, ok := decodeDraftIndex([]byte(data)); ok {
			lookup(x.ids, "ab", true)
			lookup(x.slugs, data, false)
		}
		parts := strings.Split(data, "\x00")
		var entries []content.CatalogEntry
		for i := 0; i+1 < len(parts); i += 2 {
			entries = append(entries, content.CatalogEntry{ID: parts[i], Path: parts[i+1]})
		}
		if len(entries) == 0 {
			return
		}
		x := buildDraftIndex("k\t-\n", entries)
		for _, e := range entries {
			if e.ID != "" && !slices.Contains(lookup(x.ids, e.ID, false), e.Path) {
				t.Fatalf("id %q of %q not found in\n%s", e.ID, e.Path, x.ids)
			}
			if !slices.Contains(lookup(x.slugs, e.Slug(), true), e.Path) {
				t.Fatalf("slug %q of %q not found", e.Slug(), e.Path)
			}
		}
		// Remove one record and insert it again: the same index.
		e := entries[(drop%len(entries)+len(entries))%len(entries)]
		smaller := buildDraftIndex(x.keys, slices.DeleteFunc(slices.Clone(entries), func(o content.CatalogEntry) bool { return o == e }))
		n := 0
		for _, o := range entries {
			if o == e {
				n++
			}
		}
		y := x
		for range n { // every copy of a repeated record
			if e.ID != "" {
				y.ids = remove(y.ids, e.ID, e.Path)
			}
			y.slugs = remove(y.slugs, e.Slug(), e.Path)
		}
		if y != smaller {
			t.Fatalf("removing %+v:\n%q\nwant\n%q", e, y.ids+y.slugs, smaller.ids+smaller.slugs)
		}
		for range n {
			if e.ID != "" {
				y.ids = insert(y.ids, e.ID, e.Path)
			}
			y.slugs = insert(y.slugs, e.Slug(), e.Path)
		}
		if y != x {
			t.Fatalf("inserting %+v back:\n%q\nwant\n%q", e, y.ids+y.slugs, x.ids+x.slugs)
		}
		if got, ok := decodeDraftIndex(x.encode()); !ok || got != x {
			t.Fatalf("round trip failed for %q", x.encode())
		}
	})
}
