package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParsePages(t *testing.T) {
	for _, tt := range []struct {
		file      string
		format    Format
		id, title string
		bodyLine  int
		body      string // prefix of Body
		get       map[string]string
		meta      map[string]any // a few values of Meta
	}{
		{
			file: "pages/hugo-yaml.md", format: FormatYAML,
			id: "k3x9q2", title: "Our launch plan: what ships in March", bodyLine: 26,
			body: "# Our launch plan\n",
			get:  map[string]string{"date": "2026-11-25T09:30:00+01:00", "draft": "true", "slug": "launch-plan"},
			meta: map[string]any{
				"lastmod":    "2026-11-27",
				"tags":       []any{"launch", "roadmap"},
				"author":     map[string]any{"name": "Ada Lovelace", "twitter": "@ada"},
				"summary":    "Everything we ship in March, and what we leave for later.\n",
				"categories": []any{"announcements", "product"},
			},
		},
		{
			file: "pages/hugo-toml.md", format: FormatTOML,
			title: "Release notes 2.4", bodyLine: 25, body: "\n## Release notes\n",
			get: map[string]string{"draft": "false", "weight": "20", "lastmod": "2026-10-03", "date": "2026-10-02T08:00:00Z"},
			meta: map[string]any{
				"description": "What changed in 2.4,\nin one page.",
				"aliases":     []any{"/notes/2-4/", "/releases/2.4/"},
				"params":      map[string]any{"toc": true, "hero": "/img/2-4.png"},
				"resources":   []any{map[string]any{"src": "images/*.png", "title": "Screenshot #:counter"}},
			},
		},
		{
			file: "pages/jekyll-post.md", format: FormatYAML,
			title: "Welcome to Jekyll!", bodyLine: 17, body: "You'll find this post",
			get: map[string]string{"layout": "post", "categories": "jekyll update", "date": "2026-01-15 10:12:00 -0500"},
			meta: map[string]any{
				"redirect_from": []any{"/welcome/", "/hello/"},
				"published":     true,
			},
		},
		{
			file: "pages/hugo-bundle-index.md", format: FormatYAML,
			title: "Photo essay", bodyLine: 15, body: "{{< gallery >}}",
			meta: map[string]any{
				"gallery": map[string]any{"layout": "gallery", "columns": 4},
			},
		},
		{
			file: "pages/no-front-matter.md", format: FormatNone,
			bodyLine: 1, body: "# Notes from the offsite\n",
		},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data := readTestdata(t, tt.file)
			d, err := Parse(tt.file, data)
			if err != nil {
				t.Fatal(err)
			}
			if d.Path != tt.file || d.Format != tt.format || d.ID != tt.id || d.Title != tt.title || d.BodyLine != tt.bodyLine {
				t.Errorf("Parse = {Path %q, Format %v, ID %q, Title %q, BodyLine %d}, want {%q, %v, %q, %q, %d}",
					d.Path, d.Format, d.ID, d.Title, d.BodyLine, tt.file, tt.format, tt.id, tt.title, tt.bodyLine)
			}
			if !bytes.HasPrefix(d.Body, []byte(tt.body)) {
				t.Errorf("Body = %.40q..., want prefix %q", d.Body, tt.body)
			}
			if lines := bytes.Split(data, []byte("\n")); tt.bodyLine > 0 && len(d.Body) > 0 {
				if first, _, _ := cutLine(d.Body); !bytes.Equal(lines[tt.bodyLine-1], first) {
					t.Errorf("line %d of the file is %q, Body starts with %q", tt.bodyLine, lines[tt.bodyLine-1], first)
				}
			}
			for k, want := range tt.get {
				if got, ok := d.Get(k); !ok || got != want {
					t.Errorf("Get(%q) = %q, %v; want %q", k, got, ok, want)
				}
			}
			meta := d.Meta()
			for k, want := range tt.meta {
				if !reflect.DeepEqual(normalizeJSONNumbers(meta[k]), normalizeJSONNumbers(want)) {
					t.Errorf("Meta()[%q] = %#v, want %#v", k, meta[k], want)
				}
			}
			if _, err := json.Marshal(meta); err != nil {
				t.Errorf("json.Marshal(Meta()): %v", err)
			}
			if got := d.Bytes(); !bytes.Equal(got, data) {
				t.Errorf("Bytes() of an unchanged draft differs from the input:\n%s", got)
			}
		})
	}
}

// normalizeJSONNumbers makes int, int64 and float64 comparable.
func normalizeJSONNumbers(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func TestParseFrontMatterShapes(t *testing.T) {
	for _, tt := range []struct {
		name     string
		in       string
		format   Format
		title    string
		body     string
		bodyLine int
	}{
		{"yaml", "---\ntitle: A\n---\nbody\n", FormatYAML, "A", "body\n", 4},
		{"dots close yaml", "---\ntitle: A\n...\nbody\n", FormatYAML, "A", "body\n", 4},
		{"toml", "+++\ntitle = \"A\"\n+++\nbody\n", FormatTOML, "A", "body\n", 4},
		{"crlf", "---\r\ntitle: A\r\nid: k3x9q2\r\n---\r\nline 1\r\nline 2\r\n", FormatYAML, "A", "line 1\nline 2\n", 5},
		{"crlf toml", "+++\r\ntitle = \"A\"\r\n+++\r\nx\r\n", FormatTOML, "A", "x\n", 4},
		{"bom", "\ufeff---\ntitle: A\n---\nbody", FormatYAML, "A", "body", 4},
		{"bom no front matter", "\ufeff# Hi\n", FormatNone, "", "# Hi\n", 1},
		{"trailing blanks on delimiters", "--- \ntitle: A\n---\t\nbody", FormatYAML, "A", "body", 4},
		{"empty front matter", "---\n---\nbody", FormatYAML, "", "body", 3},
		{"comments only", "---\n# nothing yet\n---\n", FormatYAML, "", "", 4},
		{"no title", "---\ntags: [a]\n---\nx", FormatYAML, "", "x", 4},
		{"null title", "---\ntitle:\n---\nx", FormatYAML, "", "x", 4},
		{"numeric title", "---\ntitle: 2026\n---\nx", FormatYAML, "2026", "x", 4},
		{"closing at eof", "---\ntitle: A\n---", FormatYAML, "A", "", 4},
		{"delimiter not alone", "--- x\ntitle: A\n", FormatNone, "", "--- x\ntitle: A\n", 1},
		{"four dashes", "----\n", FormatNone, "", "----\n", 1},
		{"indented delimiter", " ---\na\n", FormatNone, "", " ---\na\n", 1},
		{"delimiter later", "\n---\ntitle: A\n---\n", FormatNone, "", "\n---\ntitle: A\n---\n", 1},
		{"empty file", "", FormatNone, "", "", 1},
		{"lone carriage returns", "---\ntitle: A\n---\na\rb\r\r\nc", FormatYAML, "A", "a\rb\nc", 4},
		// Eleventy's and gray-matter's front matter in another language.
		{"js front matter", "---js\nconst eleventyNavigation = {\n\tkey: \"About\",\n};\n---\n# About\n", FormatOther, "", "# About\n", 6},
		{"json front matter", "---json\n{\"title\": \"A\"}\n---\nx\n", FormatOther, "", "x\n", 4},
		{"language with digits", "---es6 \nx\n---\nbody", FormatOther, "", "body", 4},
		{"language that is not a word", "---1\nx\n---\n", FormatNone, "", "---1\nx\n---\n", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("p.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if d.Format != tt.format || d.Title != tt.title || string(d.Body) != tt.body || d.BodyLine != tt.bodyLine {
				t.Errorf("Parse(%q) = {%v, %q, %q, line %d}, want {%v, %q, %q, line %d}",
					tt.in, d.Format, d.Title, d.Body, d.BodyLine, tt.format, tt.title, tt.body, tt.bodyLine)
			}
			if !bytes.Equal(d.Bytes(), []byte(tt.in)) {
				t.Errorf("Bytes() = %q, want the input back", d.Bytes())
			}
		})
	}
}

// TestForeignFrontMatterKept checks that front matter in a language cc
// does not write is never turned into YAML: setting a key fails, naming
// the file and line, and leaves the draft as it was, while the body can
// still change under it.
func TestForeignFrontMatterKept(t *testing.T) {
	in := "---js\nconst title = \"About\";\n---\n# About\n"
	d, err := Parse("content/about.md", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetID("k3x9q2"); err == nil || !strings.HasPrefix(err.Error(), "content/about.md:1: ") || !strings.Contains(err.Error(), `"---js"`) {
		t.Errorf("SetID on ---js front matter: err = %v, want one naming content/about.md:1 and ---js", err)
	}
	if err := d.SetBool("draft", true); err == nil {
		t.Error("SetBool on ---js front matter succeeded")
	}
	if got := string(d.Bytes()); got != in {
		t.Errorf("a refused Set changed the draft to %q", got)
	}
	d.SetBody([]byte("# About us\n"))
	if got, want := string(d.Bytes()), "---js\nconst title = \"About\";\n---\n# About us\n"; got != want {
		t.Errorf("after SetBody: %q, want %q", got, want)
	}
	if m := d.Meta(); len(m) != 0 {
		t.Errorf("Meta() = %v, want nothing read from js", m)
	}
}

// TestBodyLikeForeignFrontMatter checks that a body which starts like
// foreign front matter stays body when written alone.
func TestBodyLikeForeignFrontMatter(t *testing.T) {
	d, err := Parse("p.md", []byte("text\n"))
	if err != nil {
		t.Fatal(err)
	}
	d.SetBody([]byte("---js\nx\n---\nmore\n"))
	back, err := Parse("p.md", d.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if string(back.Body) != "---js\nx\n---\nmore\n" {
		t.Errorf("body read back as %q from %q", back.Body, d.Bytes())
	}
}

func TestParseID(t *testing.T) {
	for _, tt := range []struct {
		in, id string
	}{
		{"---\nid: k3x9q2\n---\n", "k3x9q2"},
		{"---\nid: \"k3x9q2\"\n---\n", "k3x9q2"},
		{"---\nid: 234567\n---\n", "234567"}, // an int to YAML, but written by a person as an id
		{"---\nid:\n---\n", ""},
		{"---\nid: ''\n---\n", ""},
		{"---\nid: ~\n---\n", ""},
		{"---\nref: &r k3x9q2\nid: *r\n---\n", "k3x9q2"},
		{"+++\nid = \"k3x9q2\"\n+++\n", "k3x9q2"},
		{"+++\nid = \"\"\n+++\n", ""},
		{"+++\n[params]\nid = \"nope\"\n+++\n", ""}, // not top-level
	} {
		d, err := Parse("p.md", []byte(tt.in))
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if d.ID != tt.id {
			t.Errorf("Parse(%q).ID = %q, want %q", tt.in, d.ID, tt.id)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		name      string
		in        string
		line, col int
		msg       string
	}{
		{"unclosed yaml", "---\ntitle: A\n\nbody\n", 1, 0, `front matter opened with "---" on line 1 is never closed`},
		{"unclosed toml", "+++\ntitle = \"A\"\n", 1, 0, "never closed"},
		{"unclosed bom", "\ufeff---\n", 1, 0, "never closed"},
		{"toml closed by dashes", "+++\ntitle = \"A\"\n---\n", 1, 0, "never closed"},
		{"yaml syntax", "---\ntitle: A\n  bad: x\n---\n", 3, 0, "mapping values are not allowed"},
		{"yaml syntax first line", "---\ntitle: a: b\n---\n", 2, 0, "mapping values are not allowed"},
		{"yaml tab", "---\na:\n\tb: c\n---\n", 3, 0, "invalid YAML front matter"},
		{"yaml unterminated quote", "---\nid: k3x9q2\ntitle: \"A\nx: y\n---\n", 3, 0, "invalid YAML front matter"},
		{"duplicate key", "---\ntitle: A\nid: k3x9q2\ntitle: B\n---\n", 4, 0, `mapping key "title" already defined at line 1`},
		{"list", "---\n- a\n- b\n---\n", 2, 0, "must be a mapping of keys to values, not a list"},
		{"scalar", "---\n\njust words\n---\n", 3, 0, `not the value "just words"`},
		{"null", "---\n~\n---\n", 2, 0, "not null"},
		{"two documents", "---\ntitle: A\n--- x\n---\n", 3, 0, "more than one YAML document"},
		{"bad id", "---\ntitle: A\nid: K3X9Q2\n---\n", 3, 0, `id "K3X9Q2" is not a valid draft id`},
		{"id list", "---\nid:\n  - k3x9q2\n---\n", 3, 0, "id must be a single value, not a list"},
		{"id map", "---\nid: {a: 1}\n---\n", 2, 0, "id must be a single value, not a mapping"},
		{"id bool", "---\nid: true\n---\n", 2, 0, `id "true" is not a valid draft id`},
		{"title map", "---\ntitle:\n  en: Hello\n---\n", 3, 0, "title must be a single value"},
		{"toml syntax", "+++\ntitle = \"A\"\ndate = \n+++\n", 3, 8, "invalid TOML front matter"},
		{"toml duplicate", "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n", 3, 13, "invalid TOML front matter"},
		{"toml bad id", "+++\ntitle = \"A\"\n\nid = \"nope\"\n+++\n", 4, 0, `id "nope" is not a valid draft id`},
		{"toml id int", "+++\nid = 12\n+++\n", 2, 0, `id "12" is not a valid draft id`},
		{"toml id table", "+++\n[id]\nx = 1\n+++\n", 2, 0, "id must be a single value"},
		{"invalid utf8 in front matter", "---\ntitle: caf\xe9\n---\n", 2, 11, "invalid UTF-8 (byte 0xe9)"},
		{"invalid utf8 in body", "---\ntitle: A\n---\nok\nab\xc3(\n", 5, 3, "invalid UTF-8"},
		{"nul", "# Hi\n\nx\x00y", 3, 2, "NUL byte"},
		{"alias to itself", "---\na: &a [*a]\n---\n", 2, 0, "contains an alias to itself"},
		{"unknown alias", "---\na: *nope\n---\n", 2, 0, "unknown anchor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("content/p.md", []byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.in, d)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T %v, want *ParseError", tt.in, err, err)
			}
			if pe.Path != "content/p.md" || pe.Line != tt.line || pe.Column != tt.col || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("Parse(%q) = %q (line %d col %d), want line %d col %d and %q", tt.in, err, pe.Line, pe.Column, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestParseErrorString(t *testing.T) {
	for _, tt := range []struct {
		e    ParseError
		want string
	}{
		{ParseError{Path: "a.md", Line: 3, Column: 7, Msg: "bad"}, "a.md:3:7: bad"},
		{ParseError{Path: "a.md", Line: 3, Msg: "bad"}, "a.md:3: bad"},
		{ParseError{Path: "a.md", Msg: "bad"}, "a.md: bad"},
		{ParseError{Line: 2, Msg: "bad"}, "2: bad"},
		{ParseError{Msg: "bad"}, "bad"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%+v.Error() = %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestNew(t *testing.T) {
	date := time.Date(2026, 11, 25, 23, 30, 0, 0, time.FixedZone("CET", 3600))
	for _, tt := range []struct {
		id, title, body, want string
	}{
		{"k3x9q2", "Our launch plan", "Body.\n",
			"---\nid: k3x9q2\ntitle: Our launch plan\ndate: 2026-11-25\ndraft: true\n---\nBody.\n"},
		{"", "Yes", "",
			"---\ntitle: \"Yes\"\ndate: 2026-11-25\ndraft: true\n---\n"},
		{"234567", "Q: what? # not a comment", "a\r\nb\r\n",
			"---\nid: \"234567\"\ntitle: 'Q: what? # not a comment'\ndate: 2026-11-25\ndraft: true\n---\na\nb\n"},
		{"k3x9q2", "bad \xff and \x01", "",
			"---\nid: k3x9q2\ntitle: 'bad \uFFFD and  '\ndate: 2026-11-25\ndraft: true\n---\n"},
	} {
		d := New("content/posts/x.md", tt.id, tt.title, date, []byte(tt.body))
		got := string(d.Bytes())
		if got != tt.want {
			t.Errorf("New(%q, %q).Bytes() =\n%s\nwant\n%s", tt.id, tt.title, got, tt.want)
		}
		back, err := Parse("new.md", d.Bytes())
		if err != nil {
			t.Fatalf("Parse(New(...).Bytes()): %v", err)
		}
		if back.ID != d.ID || back.Title != d.Title || !bytes.Equal(back.Body, d.Body) || back.BodyLine != d.BodyLine {
			t.Errorf("New then Parse: got {%q %q %q %d}, want {%q %q %q %d}",
				back.ID, back.Title, back.Body, back.BodyLine, d.ID, d.Title, d.Body, d.BodyLine)
		}
		if v, _ := back.Get("draft"); v != "true" {
			t.Errorf("draft = %q", v)
		}
	}
}

func TestMeta(t *testing.T) {
	d, err := Parse("m.md", []byte(`---
id: 234567
date: 2026-11-25
time: 2026-11-25T10:04:05Z
nan: .nan
inf: -.inf
nums: {1: one, 2: two}
nested: [{a: 1}, [x, y]]
empty:
---
`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(d.Meta())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"date":"2026-11-25","empty":null,"id":"234567","inf":"-Inf","nan":"NaN","nested":[{"a":1},["x","y"]],"nums":{"1":"one","2":"two"},"time":"2026-11-25T10:04:05Z"}`
	if string(b) != want {
		t.Errorf("Meta() JSON = %s\nwant %s", b, want)
	}
	m := d.Meta()
	m["date"] = "changed"
	if d.Meta()["date"] != "2026-11-25" {
		t.Error("Meta() returned a map shared with the draft")
	}

	td, err := Parse("t.md", []byte("+++\nd = 2026-11-25\nlt = 10:04:05\nldt = 2026-11-25T10:04:05\nodt = 2026-11-25T10:04:05+01:00\nf = nan\n[t]\nx = 1\n+++\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err = json.Marshal(td.Meta())
	if err != nil {
		t.Fatal(err)
	}
	want = `{"d":"2026-11-25","f":"NaN","ldt":"2026-11-25T10:04:05","lt":"10:04:05","odt":"2026-11-25T10:04:05+01:00","t":{"x":1}}`
	if string(b) != want {
		t.Errorf("TOML Meta() JSON = %s\nwant %s", b, want)
	}
	td.Meta()["t"].(map[string]any)["x"] = 2
	if td.Meta()["t"].(map[string]any)["x"] != int64(1) {
		t.Error("TOML Meta() returned a map shared with the draft")
	}

	none, _ := Parse("n.md", []byte("text"))
	if m := none.Meta(); m == nil || len(m) != 0 {
		t.Errorf("Meta() without front matter = %#v, want an empty map", m)
	}
}

func TestGet(t *testing.T) {
	d, err := Parse("g.md", []byte("---\ntitle: A\nempty:\nlist: [a]\nmap: {a: 1}\nref: &r val\nalias: *r\nn: 12\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		key, want string
		ok        bool
	}{
		{"title", "A", true},
		{"empty", "", true},
		{"n", "12", true},
		{"alias", "val", true},
		{"list", "", false},
		{"map", "", false},
		{"missing", "", false},
	} {
		if got, ok := d.Get(tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("Get(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	none, _ := Parse("n.md", []byte("text"))
	if _, ok := none.Get("title"); ok {
		t.Error("Get on a draft without front matter found a value")
	}
}

func BenchmarkParse(b *testing.B) {
	data := readTestdata(b, "bench/launch-plan.md")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("launch-plan.md", data); err != nil {
			b.Fatal(err)
		}
	}
}
