package content

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestSiteLive(t *testing.T) {
	tests := []struct {
		gen, path, front string
		live             bool
	}{
		{GeneratorDocusaurus, "docs/a.md", "---\nid: a\ndraft: true\n---\n", false},
		{GeneratorDocusaurus, "docs/a.md", "---\nid: a\ndraft: \"True\"\n---\n", false},
		{GeneratorDocusaurus, "docs/a.md", "---\nid: a\ndraft: false\n---\n", true},
		{GeneratorDocusaurus, "docs/a.md", "---\nid: a\n---\n", true},
		// Hugo reads "1" as true; Docusaurus' schema does not convert it.
		{GeneratorDocusaurus, "docs/a.md", "---\ndraft: \"1\"\n---\n", true},
		{GeneratorDocusaurus, "docs/a.md", "---\nunlisted: true\n---\n", true},
		{GeneratorDocusaurus, "docs/_snippet.md", "", false},
		{GeneratorDocusaurus, "docs/_partials/a.mdx", "", false},
		{GeneratorDocusaurus, "blog/2026-01-01-a.md", "", true},
		{GeneratorAstro, "src/content/blog/a.md", "---\ndraft: true\n---\n", true},
		// A glob loader takes _a.md unless its pattern says otherwise.
		{GeneratorAstro, "src/content/blog/_a.md", "", true},
		{GeneratorAstro, "content/posts/_wip/a.md", "", true},
		{GeneratorAstro, "src/pages/posts/a.md", "", true},
		{GeneratorAstro, "src/pages/_drafts/a.md", "", false},
		{GeneratorAstro, "src/pages/posts/_a.md", "", false},
		{GeneratorEleventy, "content/blog/a.md", "---\ndraft: true\n---\n", true},
		{GeneratorEleventy, "content/404.md", "---\npermalink: 404.html\n---\n", true},
		{GeneratorEleventy, "content/a.md", "---\npermalink: false\n---\n", false},
		{GeneratorEleventy, "content/a.md", "---\npermalink: \"false\"\n---\n", true},
		{GeneratorMkDocs, "docs/a.md", "", true},
		{GeneratorMkDocs, "docs/a.md", "---\ndraft: true\n---\n", true},
		{GeneratorVitePress, "docs/a.md", "---\ndraft: true\n---\n", true},
		{GeneratorVitePress, "docs/_a.md", "", true},
		{"", "content/posts/a.md", "---\ndraft: true\n---\n", false},
		{GeneratorJekyll, "_drafts/a.md", "", false},
	}
	for _, tt := range tests {
		s := Site{Generator: tt.gen, IDKey: "cc_id"}
		d, err := s.Parse(tt.path, []byte(tt.front+"Body.\n"))
		if err != nil {
			t.Fatalf("%s %s: %v", tt.gen, tt.path, err)
		}
		if got := s.Live(tt.path, d); got != tt.live {
			t.Errorf("%s: Live(%s, %q) = %v, want %v", tt.gen, tt.path, tt.front, got, tt.live)
		}
	}
}

// TestSiteNewKeepsToLive checks that a new draft is written the way the
// generator reads it: with draft: true only where that keeps it off the
// site, and never live where the generator honours it.
func TestSiteNewKeepsToLive(t *testing.T) {
	date := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	for _, gen := range Generators {
		s := Site{Generator: gen}
		p := "docs/new.md"
		d := s.New(p, "k3x9q2", "New", date, []byte("Text.\n"))
		data := d.Bytes()
		hasDraft := strings.Contains(string(data), "\ndraft: true\n")
		back, err := s.Parse(p, data)
		if err != nil {
			t.Fatalf("%s: %v", gen, err)
		}
		if hasDraft && s.Live(p, back) {
			t.Errorf("%s: a new draft has draft: true but the generator publishes it:\n%s", gen, data)
		}
		if hasDraft != (s.Unpublish() == "draft: true") {
			t.Errorf("%s: draft key written = %v, but Unpublish() = %q", gen, hasDraft, s.Unpublish())
		}
	}
}

func TestSiteLiveWhy(t *testing.T) {
	tests := []struct{ gen, path, want string }{
		{"", "_posts/2026-01-01-a.md", "a Jekyll post without published: false"},
		{"", "content/a.md", "it has no draft: true"},
		{GeneratorMkDocs, "docs/a.md", "MkDocs publishes every page in docs_dir"},
		{GeneratorEleventy, "content/a.md", "it has no permalink: false"},
	}
	for _, tt := range tests {
		if got := (Site{Generator: tt.gen}).LiveWhy(tt.path); got != tt.want {
			t.Errorf("%s: LiveWhy(%s) = %q, want %q", tt.gen, tt.path, got, tt.want)
		}
	}
}

// TestMkDocsMetaDataKept checks that cc never puts front matter above the
// MultiMarkdown meta-data of an MkDocs page, which MkDocs would then show
// as text: the meta-data becomes front matter that MkDocs reads the same.
// A page whose first line is not meta-data gets its front matter above it.
func TestMkDocsMetaDataKept(t *testing.T) {
	s := Site{Generator: GeneratorMkDocs}
	in := "\ufeffTitle: Install\nSummary: How to install,\n    step by step.\nyes: yes\nTAGS: a\ntags: b\n\n\n# Install\n"
	d, err := s.Parse("docs/install.md", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetID("k3x9q2"); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff---\ntitle: Install\nsummary: How to install, step by step.\n\"yes\": \"yes\"\ntags: a b\nid: k3x9q2\n---\n# Install\n"
	if got := string(d.Bytes()); got != want {
		t.Errorf("SetID above MkDocs meta-data gave\n%q, want\n%q", got, want)
	}
	if d.Title != "Install" || d.ID != "k3x9q2" || string(d.Body) != "# Install\n" {
		t.Errorf("after SetID: title %q, id %q, body %q", d.Title, d.ID, d.Body)
	}
	// What is not meta-data ends it and stays page text.
	d, err = s.Parse("docs/a.md", []byte("Title: A\n# A\nText.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetID("k3x9q2"); err != nil || string(d.Bytes()) != "---\ntitle: A\nid: k3x9q2\n---\n# A\nText.\n" {
		t.Errorf("meta-data ended by text: %q, %v", d.Bytes(), err)
	}
	for _, body := range []string{"# Install\nTitle: no\n", "See https://example.org\n", "    code: block\n"} {
		d, err := s.Parse("docs/a.md", []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := d.SetID("k3x9q2"); err != nil {
			t.Errorf("SetID on %q: %v", body, err)
		}
	}
	// Other generators do not read meta-data that way.
	d, err = Site{Generator: GeneratorVitePress}.Parse("docs/install.md", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetID("k3x9q2"); err != nil {
		t.Errorf("VitePress: %v", err)
	}
}

// FuzzMkDocsMeta checks that giving an MkDocs page with MultiMarkdown
// meta-data an id keeps what MkDocs reads of it: every meta-data value,
// as a string, and the page text.
func FuzzMkDocsMeta(f *testing.F) {
	f.Add("Title: Install\nSummary: How to install,\n    step by step.\n\n# Install\n")
	f.Add("yes: on\nDate: 2024-01-02\nn: 1.5e3\nnull:\n\tmore: here\n# Text\n")
	f.Add("a: \"quoted\" 'x' #not: a comment\r\nb:   trailing   \n\n\nbody")
	f.Add("id: mine\n\ntext")
	s := Site{Generator: GeneratorMkDocs}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := s.Parse("docs/p.md", []byte(in))
		if err != nil || d.Format != FormatNone || d.bareMeta == "" {
			return
		}
		keys, values, rest := mkdocsMeta(d.Body)
		if err := d.SetID("k3x9q2"); err != nil {
			if _, own := values["id"]; !own {
				t.Fatalf("SetID: %v", err)
			}
			return
		}
		out, err := s.Parse("docs/p.md", d.Bytes())
		if err != nil {
			t.Fatalf("the page cc wrote does not parse: %v\n%q", err, d.Bytes())
		}
		if out.ID != "k3x9q2" || !bytes.Equal(out.Body, rest) {
			t.Fatalf("id %q, body %q, want body %q", out.ID, out.Body, rest)
		}
		meta := out.Meta()
		for _, k := range keys {
			if meta[k] != values[k] {
				t.Fatalf("meta-data %s: %#v, want %q", k, meta[k], values[k])
			}
		}
		if len(meta) != len(keys)+1 {
			t.Fatalf("front matter %v has keys beyond %v and id", meta, keys)
		}
	})
}
