package content

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// setOp is one rewrite applied in a test.
type setOp struct {
	key   string
	value string
	bool  *bool // SetBool when set
}

func (op setOp) apply(d *Draft) error {
	if op.bool != nil {
		return d.SetBool(op.key, *op.bool)
	}
	return d.Set(op.key, op.value)
}

var (
	boolFalse = new(bool)
	boolTrue  = func() *bool { b := true; return &b }()
)

func TestSetYAML(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		ops  []setOp
		want string
	}{
		{
			name: "replace plain value, keep its comment",
			in:   "---\ntitle: Old title   # shown in lists\ntags: [a, b]  # keep\n---\nBody\n",
			ops:  []setOp{{key: "title", value: "New title"}},
			want: "---\ntitle: New title   # shown in lists\ntags: [a, b]  # keep\n---\nBody\n",
		},
		{
			name: "keep double quotes",
			in:   "---\ntitle: \"Old \\\"x\\\"\" # c\n---\n",
			ops:  []setOp{{key: "title", value: "New"}},
			want: "---\ntitle: \"New\" # c\n---\n",
		},
		{
			name: "keep single quotes",
			in:   "---\ntitle: 'It''s old'\n---\n",
			ops:  []setOp{{key: "title", value: "It's new"}},
			want: "---\ntitle: 'It''s new'\n---\n",
		},
		{
			name: "append a new key after comments and nested maps",
			in:   "---\n# page\ntitle: A\nparams:\n  toc: true # on\n  list:\n    - x\n# trailing note\n---\nBody\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "---\n# page\ntitle: A\nparams:\n  toc: true # on\n  list:\n    - x\n# trailing note\nid: k3x9q2\n---\nBody\n",
		},
		{
			name: "fill an empty id",
			in:   "---\ntitle: A\nid:   # filled in by cc\ndate: 2026-11-25\n---\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "---\ntitle: A\nid: k3x9q2   # filled in by cc\ndate: 2026-11-25\n---\n",
		},
		{
			name: "replace a null",
			in:   "---\nid: ~\n---\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "---\nid: k3x9q2\n---\n",
		},
		{
			name: "values that need quotes",
			in:   "---\ntitle: A\n---\n",
			ops:  []setOp{{key: "title", value: "Yes"}, {key: "a", value: "true"}, {key: "b", value: "x: y # z"}, {key: "c", value: "1:20"}, {key: "d", value: "- item"}},
			want: "---\ntitle: \"Yes\"\na: \"true\"\nb: 'x: y # z'\nc: \"1:20\"\nd: '- item'\n---\n",
		},
		{
			name: "set draft false",
			in:   "---\ntitle: A\ndraft: true # until launch\n---\n",
			ops:  []setOp{{key: "draft", bool: boolFalse}},
			want: "---\ntitle: A\ndraft: false # until launch\n---\n",
		},
		{
			name: "set draft on a quoted string",
			in:   "---\ndraft: \"yes\"\n---\n",
			ops:  []setOp{{key: "draft", bool: boolFalse}},
			want: "---\ndraft: false\n---\n",
		},
		{
			name: "add a bool",
			in:   "---\ntitle: A\n---\n",
			ops:  []setOp{{key: "draft", bool: boolTrue}},
			want: "---\ntitle: A\ndraft: true\n---\n",
		},
		{
			name: "no front matter gets some",
			in:   "# Notes\n\ntext\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "---\nid: k3x9q2\n---\n# Notes\n\ntext\n",
		},
		{
			name: "empty front matter",
			in:   "---\n---\nx",
			ops:  []setOp{{key: "title", value: "T"}},
			want: "---\ntitle: T\n---\nx",
		},
		{
			name: "comment-only front matter",
			in:   "---\n# to do\n---\nx",
			ops:  []setOp{{key: "title", value: "T"}},
			want: "---\n# to do\ntitle: T\n---\nx",
		},
		{
			name: "crlf becomes lf",
			in:   "---\r\ntitle: A\r\n---\r\nline 1\r\nline 2\r\n",
			ops:  []setOp{{key: "title", value: "B"}},
			want: "---\ntitle: B\n---\nline 1\nline 2\n",
		},
		{
			name: "bom kept, dots closing kept",
			in:   "\ufeff---\ntitle: A\n...\nx\n",
			ops:  []setOp{{key: "title", value: "B"}},
			want: "\ufeff---\ntitle: B\n...\nx\n",
		},
		{
			name: "bom kept without front matter",
			in:   "\ufeffx\n",
			ops:  []setOp{{key: "title", value: "B"}},
			want: "\ufeff---\ntitle: B\n---\nx\n",
		},
		{
			name: "non-ascii key before the value",
			in:   "---\nrésumé: Première\ntitle: A\n---\n",
			ops:  []setOp{{key: "résumé", value: "Deuxième"}},
			want: "---\nrésumé: Deuxième\ntitle: A\n---\n",
		},
		{
			name: "multi-line value falls back to the encoder",
			in:   "---\ntitle: A\ntags:\n  - x\n---\n",
			ops:  []setOp{{key: "title", value: "line one\nline two"}},
			want: "---\ntitle: |-\n  line one\n  line two\ntags:\n  - x\n---\n",
		},
		{
			name: "folded plain scalar falls back to the encoder",
			in:   "---\ntitle: a long\n  title\nkeep: 1\n---\n",
			ops:  []setOp{{key: "title", value: "short"}},
			want: "---\ntitle: short\nkeep: 1\n---\n",
		},
		{
			name: "flow mapping falls back to the encoder",
			in:   "---\n{title: A, tags: [x]}\n---\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "---\n{title: A, tags: [x], id: k3x9q2}\n---\n",
		},
		{
			name: "indented root mapping",
			in:   "---\n  title: A\n  tags: [x]\n---\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "---\n  title: A\n  tags: [x]\n  id: k3x9q2\n---\n",
		},
		{
			name: "literal block replaced",
			in:   "---\nsummary: |\n  old\n  text\nid: k3x9q2\n---\n",
			ops:  []setOp{{key: "summary", value: "new"}},
			want: "---\nsummary: new\nid: k3x9q2\n---\n",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("p.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			before := d.Meta()
			for _, op := range tt.ops {
				if err := op.apply(d); err != nil {
					t.Fatalf("set %s: %v", op.key, err)
				}
			}
			got := string(d.Bytes())
			if got != tt.want {
				t.Errorf("Bytes() =\n%s\nwant\n%s", got, tt.want)
			}
			checkReparse(t, d)
			after := d.Meta()
			for k, v := range before {
				if changed := slicesContainsKey(tt.ops, k); !changed && !reflect.DeepEqual(v, after[k]) {
					t.Errorf("untouched key %q changed: %#v -> %#v", k, v, after[k])
				}
			}
		})
	}
}

func slicesContainsKey(ops []setOp, key string) bool {
	for _, op := range ops {
		if op.key == key {
			return true
		}
	}
	return false
}

// checkReparse checks that Bytes parses back to the same draft.
func checkReparse(t *testing.T, d *Draft) {
	t.Helper()
	back, err := Parse(d.Path, d.Bytes())
	if err != nil {
		t.Fatalf("Parse(Bytes()): %v\n%s", err, d.Bytes())
	}
	if back.ID != d.ID || back.Title != d.Title || !bytes.Equal(back.Body, d.Body) || back.BodyLine != d.BodyLine || back.Format != d.Format {
		t.Errorf("Parse(Bytes()) = {%v %q %q %q line %d}, want {%v %q %q %q line %d}",
			back.Format, back.ID, back.Title, back.Body, back.BodyLine, d.Format, d.ID, d.Title, d.Body, d.BodyLine)
	}
	if !reflect.DeepEqual(back.Meta(), d.Meta()) {
		t.Errorf("Parse(Bytes()).Meta() = %#v, want %#v", back.Meta(), d.Meta())
	}
	if bytes.Contains(d.Bytes(), []byte("\r\n")) {
		t.Errorf("Bytes() of a changed draft holds CRLF")
	}
}

func TestSetYAMLRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, in, key, value, msg string
	}{
		{"list", "---\ntags: [a]\n---\n", "tags", "x", "holds a list"},
		{"mapping", "---\nparams:\n  a: 1\n---\n", "params", "x", "holds a mapping"},
		{"anchored", "---\nbase: &b x\nother: *b\n---\n", "base", "y", "anchored"},
		{"alias", "---\nbase: &b x\nother: *b\n---\n", "other", "y", "alias"},
		{"invalid id", "---\ntitle: A\n---\n", "id", "NOPE", "not a valid draft id"},
		{"invalid utf8", "---\ntitle: A\n---\n", "title", "a\xffb", "not valid UTF-8"},
		{"control char", "---\ntitle: A\n---\n", "title", "a\x00b", "control character"},
		{"carriage return", "---\ntitle: A\n---\n", "title", "a\rb", "control character"},
		{"empty key", "---\ntitle: A\n---\n", "", "x", "empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("p.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			err = d.Set(tt.key, tt.value)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Set(%q, %q) = %v, want an error with %q", tt.key, tt.value, err, tt.msg)
			}
			if !bytes.Equal(d.Bytes(), []byte(tt.in)) {
				t.Errorf("a refused Set changed the draft:\n%s", d.Bytes())
			}
		})
	}
	d, _ := Parse("p.md", []byte("---\ntitle: A\n---\n"))
	if err := d.SetBool("title", true); err == nil {
		t.Error("SetBool(title) succeeded")
	}
}

func TestSetTOML(t *testing.T) {
	page := readTestdata(t, "pages/hugo-toml.md")
	for _, tt := range []struct {
		name string
		in   string
		ops  []setOp
		want string
	}{
		{
			name: "replace, keep comment",
			in:   "+++\ntitle = \"Old\" # listed\ndraft = true\n+++\nx\n",
			ops:  []setOp{{key: "title", value: "New \"quoted\" \\ path\nline"}},
			want: "+++\ntitle = \"New \\\"quoted\\\" \\\\ path\\nline\" # listed\ndraft = true\n+++\nx\n",
		},
		{
			name: "add id after the last top-level key, before tables",
			in:   "+++\ntitle = \"A\"\ntags = [\n  \"x\",  # first\n  \"y\",\n]\n\n# Site params\n[params]\nid = \"other\"\n+++\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "+++\ntitle = \"A\"\ntags = [\n  \"x\",  # first\n  \"y\",\n]\nid = \"k3x9q2\"\n\n# Site params\n[params]\nid = \"other\"\n+++\n",
		},
		{
			name: "only tables",
			in:   "+++\n[params]\ntoc = true\n+++\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "+++\nid = \"k3x9q2\"\n[params]\ntoc = true\n+++\n",
		},
		{
			name: "empty block",
			in:   "+++\n+++\nx",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "+++\nid = \"k3x9q2\"\n+++\nx",
		},
		{
			name: "multi-line string that looks like keys and tables",
			in:   "+++\nnotes = \"\"\"\nid = \"fake\"\n[fake]\n\"\"\"\ntitle = 'A'\n+++\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}, {key: "title", value: "B"}},
			want: "+++\nnotes = \"\"\"\nid = \"fake\"\n[fake]\n\"\"\"\ntitle = \"B\"\nid = \"k3x9q2\"\n+++\n",
		},
		{
			name: "set draft false",
			in:   "+++\ndraft = true\ndate = 2026-10-02T08:00:00Z # utc\n+++\n",
			ops:  []setOp{{key: "draft", bool: boolFalse}},
			want: "+++\ndraft = false\ndate = 2026-10-02T08:00:00Z # utc\n+++\n",
		},
		{
			name: "quoted key",
			in:   "+++\n\"title\" = \"A\"\n+++\n",
			ops:  []setOp{{key: "title", value: "B"}},
			want: "+++\n\"title\" = \"B\"\n+++\n",
		},
		{
			name: "crlf",
			in:   "+++\r\ntitle = \"A\"\r\n+++\r\nx\r\n",
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: "+++\ntitle = \"A\"\nid = \"k3x9q2\"\n+++\nx\n",
		},
		{
			name: "real page",
			in:   string(page),
			ops:  []setOp{{key: "id", value: "k3x9q2"}},
			want: strings.Replace(string(page), "in one page.\"\"\"\n", "in one page.\"\"\"\nid = \"k3x9q2\"\n", 1),
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("p.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			before := d.Meta()
			for _, op := range tt.ops {
				if err := op.apply(d); err != nil {
					t.Fatalf("set %s: %v", op.key, err)
				}
			}
			got := string(d.Bytes())
			if got != tt.want {
				t.Errorf("Bytes() =\n%s\nwant\n%s", got, tt.want)
			}
			checkReparse(t, d)
			var v map[string]any
			if _, err := toml.Decode(string(d.block), &v); err != nil {
				t.Errorf("TOML block no longer parses: %v", err)
			}
			after := d.Meta()
			for k, v := range before {
				if !slicesContainsKey(tt.ops, k) && !reflect.DeepEqual(v, after[k]) {
					t.Errorf("untouched key %q changed: %#v -> %#v", k, v, after[k])
				}
			}
		})
	}
}

func TestSetTOMLRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, in, key, msg string
	}{
		{"array", "+++\ntags = [\"a\"]\n+++\n", "tags", "not a table or an array"},
		{"table", "+++\n[params]\nx = 1\n+++\n", "params", "not a table or an array"},
		{"dotted", "+++\nsite.name = \"x\"\n+++\n", "site", "not a table or an array"},
		{"dotted scalar", "+++\na.b = 1\n+++\n", "a.b", "bare TOML keys"},
		{"bad key", "+++\n+++\n", "my key", "bare TOML keys"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("p.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			err = d.Set(tt.key, "v")
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Set(%q) = %v, want an error with %q", tt.key, err, tt.msg)
			}
			if !bytes.Equal(d.Bytes(), []byte(tt.in)) {
				t.Errorf("a refused Set changed the draft:\n%s", d.Bytes())
			}
		})
	}
}

func TestSetBody(t *testing.T) {
	for _, tt := range []struct {
		name, in, body, want string
		bodyLine             int
	}{
		{"yaml", "---\ntitle: A # c\n---\nold\n", "new\r\nbody\r\n", "---\ntitle: A # c\n---\nnew\nbody\n", 4},
		{"toml", "+++\ntitle = \"A\"\n+++\nold\n", "new\n", "+++\ntitle = \"A\"\n+++\nnew\n", 4},
		{"crlf front matter written as lf", "---\r\ntitle: A\r\n...  \r\nold", "new", "---\ntitle: A\n...\nnew", 4},
		{"none", "old\n", "new\n", "new\n", 1},
		{"none, body like front matter", "old\n", "---\ntitle: not front matter\n---\n", "---\n---\n---\ntitle: not front matter\n---\n", 3},
		{"none, body like toml", "old\n", "+++\n", "---\n---\n+++\n", 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("p.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			d.SetBody([]byte(tt.body))
			if got := string(d.Bytes()); got != tt.want {
				t.Errorf("Bytes() = %q, want %q", got, tt.want)
			}
			if d.BodyLine != tt.bodyLine {
				t.Errorf("BodyLine = %d, want %d", d.BodyLine, tt.bodyLine)
			}
			checkReparse(t, d)
		})
	}
}

func TestSetUpdatesBodyLine(t *testing.T) {
	d, err := Parse("p.md", []byte("---\ntitle: A\n---\nbody\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Set("title", "two\nlines"); err != nil {
		t.Fatal(err)
	}
	if err := d.Set("id", "k3x9q2"); err != nil {
		t.Fatal(err)
	}
	if d.BodyLine != 7 || d.ID != "k3x9q2" || d.Title != "two\nlines" {
		t.Errorf("after Set: BodyLine %d, ID %q, Title %q", d.BodyLine, d.ID, d.Title)
	}
	checkReparse(t, d)
}

func TestRoundTripPages(t *testing.T) {
	for _, name := range []string{
		"pages/hugo-yaml.md", "pages/hugo-toml.md", "pages/jekyll-post.md",
		"pages/no-front-matter.md", "pages/hugo-bundle-index.md", "bench/launch-plan.md",
	} {
		t.Run(name, func(t *testing.T) {
			data := readTestdata(t, name)
			for _, variant := range []struct {
				name string
				data []byte
			}{
				{"as is", data},
				{"crlf", bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))},
				{"bom", append([]byte(utf8BOM), data...)},
			} {
				d, err := Parse(name, variant.data)
				if err != nil {
					t.Fatalf("%s: %v", variant.name, err)
				}
				if !bytes.Equal(d.Bytes(), variant.data) {
					t.Errorf("%s: unchanged Bytes() differs from input", variant.name)
				}
				d.SetBody(d.Body)
				checkReparse(t, d)
				if err := d.Set("id", "k3x9q2"); err != nil {
					t.Fatalf("%s: Set(id): %v", variant.name, err)
				}
				if err := d.SetBool("draft", false); err != nil {
					t.Fatalf("%s: SetBool(draft): %v", variant.name, err)
				}
				checkReparse(t, d)
				if v, _ := d.Get("draft"); v != "false" {
					t.Errorf("%s: draft = %q after SetBool", variant.name, v)
				}
			}
		})
	}
}
