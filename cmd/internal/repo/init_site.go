package repo

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// foundSite is what cc init finds out about a site.
type foundSite struct {
	name    string // as people write it, for messages
	site    content.Site
	folders []string
	newDir  string
}

// workTree is what detectSite sees of the work tree: whether a slash
// path exists, whether it is a folder, a file's bytes (nil when
// unreadable), and the folders at its top.
type workTree struct {
	exists func(string) bool
	isDir  func(string) bool
	read   func(string) []byte
	dirs   []string
}

// first returns the first of names that exists, or "".
func (w workTree) first(names ...string) string {
	for _, n := range names {
		if w.exists(n) {
			return n
		}
	}
	return ""
}

// existing returns those of dirs that are folders, each once.
func (w workTree) existing(dirs ...string) []string {
	var out []string
	for _, d := range dirs {
		if w.isDir(d) && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// jsConfig lists the names a JavaScript or TypeScript config file base
// may have.
func jsConfig(base string) []string {
	return []string{base + ".js", base + ".mjs", base + ".cjs", base + ".ts", base + ".mts"}
}

// detectSite finds the generator of the site in the work tree, by its
// config file, and its content folders: those its config names where it
// says, else the generator's defaults.
func detectSite(w workTree) foundSite {
	orFirst := func(dirs []string, def ...string) []string {
		if len(dirs) == 0 {
			return def
		}
		return dirs
	}
	switch {
	case w.first("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml") != "":
		newDir := "content"
		if w.exists("content/posts") {
			newDir = "content/posts"
		}
		return foundSite{"Hugo", content.Site{Generator: content.GeneratorHugo}, []string{"content"}, newDir}
	case w.first("_config.yml", "_config.yaml") != "":
		// New drafts go to _drafts (made by the first one), which Jekyll
		// does not publish; cc publish moves them to _posts.
		return foundSite{"Jekyll", content.Site{Generator: content.GeneratorJekyll}, []string{"_posts", "_drafts"}, "_drafts"}
	case w.docusaurusConfig() != "":
		// Docusaurus takes id: as the document's id, so cc keeps its own
		// under another key.
		config := w.docusaurusConfig()
		dir := path.Dir(config)
		folders := orFirst(w.existing(configDirs(dir, w.read(config), "path", "docs", "blog")...), path.Join(dir, "docs"))
		return foundSite{"Docusaurus", content.Site{Generator: content.GeneratorDocusaurus, IDKey: altIDKey}, folders, folders[0]}
	case w.first("mkdocs.yml", "mkdocs.yaml") != "":
		dir := content.MkDocsDocsDir(w.read("mkdocs.yml"), w.read("mkdocs.yaml"))
		return foundSite{"MkDocs", content.Site{Generator: content.GeneratorMkDocs}, []string{dir}, dir}
	case w.first(jsConfig("astro.config")...) != "":
		return w.astro()
	case w.first(jsConfig("docs/.vitepress/config")...) != "":
		return w.vitePress("docs", w.first(jsConfig("docs/.vitepress/config")...))
	case w.first(jsConfig(".vitepress/config")...) != "":
		return w.vitePress(".", w.first(jsConfig(".vitepress/config")...))
	case w.first(append(jsConfig("eleventy.config"), ".eleventy.js")...) != "":
		config := w.first(append(jsConfig("eleventy.config"), ".eleventy.js")...)
		folders := orFirst(w.existing(configDirs(".", w.read(config), "input")...), orFirst(w.existing("src", "content", "docs", "posts"), ".")...)
		newDir := folders[0]
		if blog := w.existing(path.Join(newDir, "blog"), path.Join(newDir, "posts")); len(blog) > 0 {
			newDir = blog[0]
		}
		return foundSite{"Eleventy", content.Site{Generator: content.GeneratorEleventy}, folders, newDir}
	}
	def := review.DefaultConfig()
	return foundSite{"", content.Site{}, def.Content, def.New}
}

// docusaurusConfig is the path of the Docusaurus config file at the top
// of the work tree or, for a site kept beside a project (website/), in a
// folder at its top; "" when there is none.
func (w workTree) docusaurusConfig() string {
	if c := w.first(jsConfig("docusaurus.config")...); c != "" {
		return c
	}
	for _, d := range w.dirs {
		if c := w.first(jsConfig(d + "/docusaurus.config")...); c != "" {
			return c
		}
	}
	return ""
}

// astro is an Astro site: its content collections are in src/content,
// or wherever the glob loaders of src/content.config.ts (Astro 5) take
// their base from, and its Markdown pages in src/pages. New drafts go to
// a blog or posts collection when there is one.
func (w workTree) astro() foundSite {
	var bases []string
	for _, c := range append(jsConfig("src/content.config"), jsConfig("src/content/config")...) {
		bases = append(bases, configDirs(".", w.read(c), "base")...)
	}
	folders := w.existing(append(bases, "src/content", "src/pages")...)
	if len(folders) == 0 {
		folders = []string{"src/content"}
	}
	newDir := folders[0]
	for _, f := range append([]string{"src/content/blog"}, folders...) {
		if name := path.Base(f); (name == "blog" || name == "posts" || name == "post") && w.isDir(f) {
			newDir = f
			break
		}
	}
	return foundSite{"Astro", content.Site{Generator: content.GeneratorAstro}, folders, newDir}
}

// vitePress is a VitePress site whose project root is dir: its pages are
// there, or in the srcDir its config names.
func (w workTree) vitePress(dir, config string) foundSite {
	folders := w.existing(configDirs(dir, w.read(config), "srcDir")...)
	if len(folders) == 0 {
		folders = []string{dir}
	}
	return foundSite{"VitePress", content.Site{Generator: content.GeneratorVitePress}, folders, folders[0]}
}

// configDirs are the folders, as slash paths from the top of the work
// tree, that the config file of a site in folder dir names under key
// (relative to dir), followed by defaults (folder names in dir). Those
// outside the work tree are left out.
func configDirs(dir string, config []byte, key string, defaults ...string) []string {
	var out []string
	for _, v := range append(jsStringOptions(config, key), defaults...) {
		p := path.Clean(path.Join(dir, strings.TrimSpace(v)))
		if p != ".." && !strings.HasPrefix(p, "../") && !path.IsAbs(p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// jsOption matches a JavaScript object property or a call whose value is
// a string literal on one line: path: "docs", 'srcDir': 'src',
// setInputDirectory("content").
var jsOption = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[\s{,(.])["']?([A-Za-z_$][\w$]*)["']?\s*[:(]\s*(?:"([^"\n]*)"|'([^'\n]*)'|` + "`([^`\\n]*)`)")
})

// jsStringOptions returns the string values given to key in the
// JavaScript or TypeScript config file src, in order. It reads the text,
// not the program: a value the config computes is not seen, and a
// commented-out one is, which is why callers keep only folders that
// exist. Eleventy's setInputDirectory("x") counts as input: "x".
func jsStringOptions(src []byte, key string) []string {
	var out []string
	for _, m := range jsOption().FindAllSubmatch(src, -1) {
		name := string(m[1])
		if name == "setInputDirectory" {
			name = "input"
		}
		if name != key {
			continue
		}
		for _, v := range m[2:] {
			if v != nil {
				out = append(out, string(v))
				break
			}
		}
	}
	return out
}
