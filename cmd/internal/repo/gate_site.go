package repo

import (
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// siteConfigFiles are the site generators' own configuration files that
// are data, not code: Hugo's (and its config/ folder), Jekyll's and
// MkDocs's. Docusaurus, Astro, VitePress and Eleventy configure in code,
// which the README says to protect as code.
var siteConfigFiles = []string{
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
	"config.toml", "config.yaml", "config.yml", "config.json",
	"_config.yml", "_config.yaml",
	"mkdocs.yml", "mkdocs.yaml",
}

// sitePublishKeys are the settings with which a generator's configuration
// decides which files become pages: Hugo's content folders, mounts and
// build flags, Jekyll's source and collections, MkDocs's docs_dir, its
// exclusions and the file it inherits from.
var sitePublishKeys = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(contentdir|mounts|source|target|collections_dir|collections|include|exclude|builddrafts|buildfuture|buildexpired|_build|build|cascade|unpublished|show_drafts|future|ignorefiles|docs_dir|exclude_docs|draft_docs|inherit)$`)
})

// siteConfig fails a change that edits where the site generator finds its
// pages: a page published from a folder cc does not watch is a page the
// gate never sees.
func (g *gate) siteConfig() error {
	files := append([]string(nil), siteConfigFiles...)
	for _, dir := range []string{"config", "_config"} {
		if treeAt(g.base.snap, dir) == treeAt(g.head.snap, dir) {
			continue
		}
		for _, snap := range []*View{g.base, g.head} {
			_ = snap.snap.Walk(dir, func(e gitstore.Entry) error {
				files = append(files, e.Path)
				return nil
			})
		}
	}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f] {
			continue
		}
		seen[f] = true
		was, now := blobAt(g.base.snap, f), blobAt(g.head.snap, f)
		if was == now {
			continue
		}
		key := changedLine(g.base, g.head, f)
		if key == "" {
			continue
		}
		g.fail(content.CatalogEntry{Path: f, Title: path.Base(f)}, true, review.Problem{Code: codeSiteConfig,
			Message: fmt.Sprintf("the change edits %s where the site decides which files it publishes (%s); the gate judges pages only in %s, so it cannot judge this change",
				f, key, strings.Join(g.policy.Content, ", ")),
			Fix: "make this change on its own, reviewed and merged by someone allowed to bypass the gate; keep pages in the content folders"})
	}
	return nil
}

// changedLine names the first publishing setting of sitePublishKeys whose
// value differs in file f between the base and the change, read as the
// TOML, YAML or JSON it is, at any depth ("" when none): a value written on
// a line of its own (an item added to an include: list) is a change of its
// key all the same. A file that does not parse on either side counts as
// changed, since the generator's reading of it cannot be told.
func changedLine(base, head *View, f string) string {
	was, errWas := readFileLimited(base.snap, f)
	now, errNow := readFileLimited(head.snap, f)
	before, err1 := publishSettings(f, was, errWas)
	after, err2 := publishSettings(f, now, errNow)
	if err1 != nil || err2 != nil {
		return f + " does not parse"
	}
	keys := make([]string, 0, len(before)+len(after))
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !reflect.DeepEqual(before[k], after[k]) {
			return k
		}
	}
	return ""
}

// publishSettings reads a generator configuration file and returns the
// values of its publishing settings by key path (a missing file has none).
func publishSettings(f string, data []byte, readErr error) (map[string]any, error) {
	out := map[string]any{}
	if isNotExist(readErr) {
		return out, nil
	}
	if readErr != nil {
		return nil, readErr
	}
	var doc any
	var err error
	switch strings.ToLower(path.Ext(f)) {
	case ".toml":
		var m map[string]any
		_, err = toml.Decode(string(data), &m)
		doc = m
	case ".json":
		err = json.Unmarshal(data, &doc)
	default:
		err = yaml.Unmarshal(data, &doc)
	}
	if err != nil {
		return nil, err
	}
	collectSettings(doc, "", out)
	return out, nil
}

func collectSettings(v any, at string, out map[string]any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			p := strings.TrimPrefix(at+"."+k, ".")
			if sitePublishKeys().MatchString(k) {
				out[p] = x
			}
			collectSettings(x, p, out)
		}
	case []any:
		for i, x := range t {
			collectSettings(x, fmt.Sprintf("%s[%d]", at, i), out)
		}
	}
}

// pageExts are the file types Hugo, Jekyll, Astro, VitePress and Eleventy
// turn into pages besides Markdown: what cc cannot review, but the site
// publishes.
var pageExts = []string{".gotmpl", ".html", ".htm", ".org", ".adoc", ".asciidoc", ".ad", ".pandoc", ".pdc", ".rst",
	".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".textile", ".md", ".markdown", ".mdx", ".astro", ".njk", ".liquid"}

// foreignPages fails every file the change adds to or changes in the
// content folders that the site may publish as a page but that is not a
// draft cc reviews: another markup (.html, .org, .adoc, .mdown, ...), or a
// Markdown file under a dot-named folder or file.
func (g *gate) foreignPages() error {
	for _, dir := range g.policy.Content {
		if err := g.foreignIn(treeDir(dir)); err != nil {
			return err
		}
	}
	return nil
}

func (g *gate) foreignIn(dir string) error {
	now := treeAt(g.head.snap, dir)
	if now == "" || now == treeAt(g.base.snap, dir) {
		return nil
	}
	entries, err := g.head.snap.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := g.foreignIn(e.Path); err != nil {
				return err
			}
			continue
		}
		ext := strings.ToLower(path.Ext(e.Path))
		if content.IsDraftPath(e.Path) || !slices.Contains(pageExts, ext) || blobAt(g.base.snap, e.Path) == e.Blob.String() {
			continue
		}
		g.fail(content.CatalogEntry{Path: e.Path, Title: path.Base(e.Path)}, true, review.Problem{Code: codeForeignPage,
			Message: fmt.Sprintf("%s is new or changed, and the site may publish it as a page, but cc reviews only Markdown drafts (.md, .markdown, not under a dot-named folder)", e.Path),
			Fix:     "write it as a Markdown draft (cc draft new), or move it out of the content folders"})
	}
	return nil
}
