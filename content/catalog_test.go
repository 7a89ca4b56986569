package content

import (
	"reflect"
	"testing"
)

func sampleCatalog() []*CatalogFolder {
	return []*CatalogFolder{{
		Path: "content", Tree: "t1",
		Files: []CatalogEntry{{Path: "content/a.md", Blob: "b1", ID: "k3x9q2", Title: "A \"quoted\" title\twith tab"}},
		Folders: []*CatalogFolder{{
			Path: "content/posts", Tree: "t2",
			Files: []CatalogEntry{
				{Path: "content/posts/no id.md", Blob: "b2", Title: "No id"},
				{Path: "content/posts/broken.md", Blob: "b3", Title: "broken.md", Problem: "content/posts/broken.md:2: bad\nthing"},
			},
		}},
	}, {Path: "_posts", Tree: "t3"}}
}

func TestCatalogRoundTrip(t *testing.T) {
	in := sampleCatalog()
	out, err := DecodeCatalog(EncodeCatalog(in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip changed the catalog:\n%#v\n%#v", in, out)
	}
	if got := in[0].Entries(); len(got) != 3 || got[0].Path != "content/a.md" || got[1].Path != "content/posts/broken.md" {
		t.Fatalf("Entries = %+v", got)
	}
}

func TestDecodeCatalogRejectsDamage(t *testing.T) {
	for _, in := range []string{
		"", "cc-catalog 1\n", "cc-catalog 2\nu\n", "cc-catalog 3", "cc-catalog 3\nd\tt\tx\n", "cc-catalog 3\nu\n",
		"cc-catalog 3\nf\tb\tid\tp\tt\tx\n", "cc-catalog 3\nd\tt\tx\nf\tb\tid\tp\tt\nu\n",
		"cc-catalog 3\nd\tt\tx\nf\tb\tid\tp\tt\tx\ty\nu\n", "cc-catalog 3\nd\tt\tx\\q\nu\n", "cc-catalog 3\nq\n",
		"cc-catalog 3\nd\tt\tx\nu", "cc-catalog 3\nd\tt\tx\nu\tx\n",
	} {
		if _, err := DecodeCatalog([]byte(in)); err == nil {
			t.Errorf("DecodeCatalog(%q) accepted damage", in)
		}
	}
}

func TestSlugOf(t *testing.T) {
	for p, want := range map[string]string{
		"content/posts/hello.md":       "hello",
		"content/posts/hello/index.md": "hello",
		"content/docs/_index.md":       "docs",
		"index.md":                     "index",
		"a/b.markdown":                 "b",
	} {
		if got := SlugOf(p); got != want {
			t.Errorf("SlugOf(%q) = %q, want %q", p, got, want)
		}
	}
}

func FuzzDecodeCatalog(f *testing.F) {
	f.Add(EncodeCatalog(sampleCatalog()))
	f.Add([]byte("cc-catalog 3\nd\tt\tx\nu\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var roots []*CatalogFolder
		var err error
		checkBudget(t, len(data), MemoryBudget(len(data)), func() { roots, err = DecodeCatalog(data) })
		if err != nil {
			return
		}
		again, err := DecodeCatalog(EncodeCatalog(roots))
		if err != nil || !reflect.DeepEqual(roots, again) {
			t.Fatalf("re-encoding a decoded catalog changed it: %v", err)
		}
	})
}
