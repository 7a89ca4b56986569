package content

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// The site generators cc knows by name. A site without one is read by
// Hugo's and Jekyll's rules, which tell themselves apart by path.
const (
	GeneratorHugo       = "hugo"
	GeneratorJekyll     = "jekyll"
	GeneratorDocusaurus = "docusaurus"
	GeneratorMkDocs     = "mkdocs"
	GeneratorAstro      = "astro"
	GeneratorVitePress  = "vitepress"
	GeneratorEleventy   = "eleventy"
)

// Generators lists the generator names a configuration may give.
var Generators = []string{GeneratorHugo, GeneratorJekyll, GeneratorDocusaurus, GeneratorMkDocs, GeneratorAstro, GeneratorVitePress, GeneratorEleventy}

// DefaultIDKey is the front-matter key of cc's id unless the site uses id
// for its own purpose (Docusaurus does), where cc uses another key.
const DefaultIDKey = "id"

// Site is what cc knows of the generator that builds the drafts: the key
// that holds cc's id and which pages the generator publishes. The zero
// Site is Hugo's and Jekyll's rules with cc's id under id.
type Site struct {
	Generator string `yaml:"generator"`
	// IDKey is the front-matter key of cc's id ("" means id). cc never
	// reads, changes or refuses another key, the site's own id included.
	IDKey string `yaml:"id_key"`
}

// plainKey reports whether s is a plain front-matter key: a letter or _,
// then up to 63 letters, digits, _ and -. Every command that reads the
// config checks it, so it is a loop, not a pattern compiled each run.
func plainKey(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// Validate says what is wrong with s, naming the field.
func (s Site) Validate() error {
	if s.Generator != "" && !slices.Contains(Generators, s.Generator) {
		return fmt.Errorf("generator %q is not one cc knows (%v)", s.Generator, Generators)
	}
	if s.IDKey != "" && !plainKey(s.IDKey) {
		return fmt.Errorf("id_key %q is not a plain front-matter key (letters, digits, _ and -)", s.IDKey)
	}
	if s.IDKey == "title" || s.IDKey == "draft" || s.IDKey == "date" {
		return fmt.Errorf("id_key %q is a key cc reads for another purpose", s.IDKey)
	}
	return nil
}

// Key is the front-matter key of cc's id.
func (s Site) Key() string {
	if s.IDKey == "" {
		return DefaultIDKey
	}
	return s.IDKey
}

// Parse reads a draft file whose cc id is under s's key. See Parse. On an
// MkDocs site a page without front matter whose first line is "Key: value"
// has MultiMarkdown meta-data, which MkDocs reads only when no YAML front
// matter comes first: cc refuses to write front matter into it, since that
// would turn the meta-data into page text.
func (s Site) Parse(path string, data []byte) (*Draft, error) {
	d, err := parse(path, data, s.Key())
	if err == nil && s.Generator == GeneratorMkDocs && d.Format == FormatNone && multiMarkdownMeta().Match(d.Body) {
		d.bareMeta = "MkDocs reads its first lines (Key: value) as meta-data"
	}
	return d, err
}

// multiMarkdownMeta matches a body that starts with a meta-data line as
// MkDocs reads one: up to three spaces, a key of letters, digits, _ and -,
// and a colon.
var multiMarkdownMeta = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}[A-Za-z0-9_-]+:`) })

// New returns a new draft for the file at path, as New does, with cc's id
// under s's key and, for a generator that has no notion of a draft in front
// matter, no draft key.
func (s Site) New(path, id, title string, date time.Time, body []byte) *Draft {
	return newDraft(path, s.Key(), id, title, date, body, s.honoursDraftKey())
}

// honoursDraftKey reports whether the generator, or the templates usual
// for it, leave a page with draft: true out of the site.
func (s Site) honoursDraftKey() bool {
	switch s.Generator {
	case GeneratorMkDocs, GeneratorVitePress, GeneratorEleventy, GeneratorAstro:
		return false
	}
	return true
}

// Live reports whether the generator publishes the page at path with front
// matter d when the site is built, erring towards live where its reading
// is in doubt, since the gate then asks for approval:
//
//   - Hugo, Jekyll and a site without a generator: see Live;
//   - Docusaurus: live unless draft is true (a boolean, or the string
//     "true" in any case, which its front-matter schema converts), or a
//     file or folder on its path starts with an underscore (a partial,
//     which it never makes a page);
//   - Astro: live unless it is under src/pages and a file or folder on
//     its path starts with an underscore, which Astro does not route.
//     Content collections are live whatever the name: the glob loaders of
//     Astro 5 take underscored files unless their pattern leaves them out,
//     and a draft key is only as good as the site's own code;
//   - Eleventy: live unless permalink is false (the page is not written);
//   - MkDocs and VitePress: always; they publish whatever is in their
//     folders.
func (s Site) Live(path string, d *Draft) bool {
	switch s.Generator {
	case GeneratorDocusaurus:
		if underscored(path) {
			return false
		}
		switch v := d.Meta()["draft"].(type) {
		case bool:
			return !v
		case string:
			return !strings.EqualFold(v, "true")
		}
		return true
	case GeneratorAstro:
		return !strings.HasPrefix(path, "src/pages/") || !underscored(path)
	case GeneratorEleventy:
		return d.Meta()["permalink"] != false
	case GeneratorMkDocs, GeneratorVitePress:
		return true
	}
	return Live(path, d)
}

// underscored reports whether a file or folder on the slash path starts
// with an underscore.
func underscored(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, "_") {
			return true
		}
	}
	return false
}

// LiveWhy says why the generator publishes the page at path, for a
// message that it is live.
func (s Site) LiveWhy(path string) string {
	switch s.Generator {
	case GeneratorMkDocs:
		return "MkDocs publishes every page in docs_dir"
	case GeneratorVitePress:
		return "VitePress publishes every page in its folder"
	case GeneratorAstro:
		return "Astro publishes every page of its collections"
	case GeneratorEleventy:
		return "it has no permalink: false"
	case GeneratorDocusaurus:
		return "it has no draft: true"
	}
	if slices.Contains(strings.Split(path, "/"), "_posts") {
		return "a Jekyll post without published: false"
	}
	return "it has no draft: true"
}

// Unpublish says how a page is kept out of the built site, for a hint
// ("draft: true"), or "" when the generator has no such front matter.
func (s Site) Unpublish() string {
	switch s.Generator {
	case GeneratorMkDocs, GeneratorVitePress, GeneratorAstro:
		return ""
	case GeneratorEleventy:
		return "permalink: false"
	}
	return "draft: true"
}

// HasForeignID reports whether the front matter of the page in data has
// an id key that is not a cc id (Docusaurus' "id: intro"): the site uses
// the key for its own purpose. A page that does not parse has none.
func HasForeignID(data []byte) bool {
	s, err := splitFrontMatter("", data)
	if err != nil {
		return false
	}
	switch s.format {
	case FormatYAML:
		fm, err := parseYAMLBlock(s.block)
		if err != nil {
			return false
		}
		id, ok, _, err := fm.scalar(DefaultIDKey)
		return err != nil || (ok && !ValidID(id))
	case FormatTOML:
		fm, err := parseTOMLBlock(s.block)
		if err != nil {
			return false
		}
		raw, ok := fm.values[DefaultIDKey]
		id, isString := raw.(string)
		return ok && (!isString || !ValidID(id))
	}
	return false
}

// MkDocsDocsDir is the docs_dir that the first mkdocs.yml in files that
// parses names, or MkDocs' default, docs. The file may carry Python tags
// (!!python/name:...), which are only values here.
func MkDocsDocsDir(files ...[]byte) string {
	for _, data := range files {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value != "docs_dir" || m.Content[i+1].Kind != yaml.ScalarNode {
				continue
			}
			dir := path.Clean(strings.TrimSuffix(m.Content[i+1].Value, "/"))
			if dir != "." && !path.IsAbs(dir) && dir != ".." && !strings.HasPrefix(dir, "../") {
				return dir
			}
		}
	}
	return "docs"
}
