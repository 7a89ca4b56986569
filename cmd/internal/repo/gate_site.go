package repo

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// siteConfigFiles are the site generators' own configuration files: Hugo's
// (and its config/ folder) and Jekyll's.
var siteConfigFiles = []string{
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
	"config.toml", "config.yaml", "config.yml", "config.json",
	"_config.yml", "_config.yaml",
}

// sitePublishKeys are the settings with which a generator's configuration
// decides which files become pages: Hugo's content folders, mounts and
// build flags, Jekyll's source and collections.
var sitePublishKeys = regexp.MustCompile(`(?i)\b(contentdir|mounts|source|collections_dir|collections|include|exclude|builddrafts|buildfuture|buildexpired|_build|cascade)\b`)

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
		line := changedLine(g.base, g.head, f)
		if line == "" {
			continue
		}
		g.fail(content.CatalogEntry{Path: f, Title: path.Base(f)}, true, review.Problem{Code: codeSiteConfig,
			Message: fmt.Sprintf("the change edits %s where the site decides which files it publishes (%q); the gate judges pages only in %s, so it cannot judge this change",
				f, line, strings.Join(g.policy.Content, ", ")),
			Fix: "make this change on its own, reviewed and merged by someone allowed to bypass the gate; keep pages in the content folders"})
	}
	return nil
}

// changedLine is the first line added to or removed from file f between
// the base and the change that names a setting of sitePublishKeys.
func changedLine(base, head *View, f string) string {
	was, _ := base.snap.ReadFile(f)
	now, _ := head.snap.ReadFile(f)
	count := map[string]int{}
	for _, l := range strings.Split(string(was), "\n") {
		count[strings.TrimSpace(l)]++
	}
	var added []string // added lines, then removed ones
	for _, l := range strings.Split(string(now), "\n") {
		l = strings.TrimSpace(l)
		if count[l] > 0 {
			count[l]--
			continue
		}
		added = append(added, l)
	}
	for _, l := range strings.Split(string(was), "\n") { // and the removed ones
		if l = strings.TrimSpace(l); count[l] > 0 {
			count[l]--
			added = append(added, l)
		}
	}
	for _, l := range added {
		if sitePublishKeys.MatchString(l) {
			return l
		}
	}
	return ""
}

// pageExts are the file types Hugo and Jekyll turn into pages besides
// Markdown: what cc cannot review, but the site publishes.
var pageExts = []string{".html", ".htm", ".org", ".adoc", ".asciidoc", ".ad", ".pandoc", ".pdc", ".rst",
	".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".textile", ".md", ".markdown"}

// foreignPages fails every file the change adds to or changes in the
// content folders that the site may publish as a page but that is not a
// draft cc reviews: another markup (.html, .org, .adoc, .mdown, ...), or a
// Markdown file under a dot-named folder or file.
func (g *gate) foreignPages() error {
	for _, dir := range g.policy.Content {
		if err := g.foreignIn(dir); err != nil {
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
