package repo

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// treeOf is a work tree of the given files; their folders exist too.
func treeOf(files map[string]string) workTree {
	exists, isDir := map[string]bool{}, map[string]bool{}
	var dirs []string
	for p := range files {
		parts := strings.Split(p, "/")
		for i := range parts {
			exists[strings.Join(parts[:i+1], "/")] = true
			if i < len(parts)-1 {
				isDir[strings.Join(parts[:i+1], "/")] = true
			}
		}
		if len(parts) > 1 && !slices.Contains(dirs, parts[0]) {
			dirs = append(dirs, parts[0])
		}
	}
	slices.Sort(dirs)
	return workTree{
		exists: func(p string) bool { return exists[p] },
		isDir:  func(p string) bool { return isDir[p] },
		read: func(p string) []byte {
			if s, ok := files[p]; ok {
				return []byte(s)
			}
			return nil
		},
		dirs: dirs,
	}
}

func TestDetectSite(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		gen     string
		folders []string
		newDir  string
	}{
		{"docusaurus at the top", map[string]string{
			"docusaurus.config.js": "module.exports = {};",
			"docs/intro.md":        "", "blog/a.md": "",
		}, "docusaurus", []string{"docs", "blog"}, "docs"},
		{"docusaurus beside a project, docs path outside its folder", map[string]string{
			"website-v2/docusaurus.config.js": `presets: [["@docusaurus/preset-classic", {
        "docs": { "path": "../docs", "sidebarPath": "./sidebars.json" },
        "blog": { "path": "blog" } }]]`,
			"docs/01_overview.md": "", "website-v2/blog/a.md": "", "src/main.go": "",
		}, "docusaurus", []string{"docs", "website-v2/blog"}, "docs"},
		{"docusaurus with a plugin whose path is a file", map[string]string{
			"docusaurus.config.js": "plugins: [['docusaurus-plugin-openapi', { path: 'openapi.yaml' }]]",
			"openapi.yaml":         "", "docs/a.md": "",
		}, "docusaurus", []string{"docs"}, "docs"},
		{"docusaurus with a docs path of its own", map[string]string{
			"docusaurus.config.ts": "docs: { path: 'documentation', routeBasePath: '/' }, // path: 'old'",
			"documentation/a.md":   "",
		}, "docusaurus", []string{"documentation"}, "documentation"},
		{"docusaurus whose docs path escapes the repository", map[string]string{
			"docusaurus.config.js": "docs: { path: '../../elsewhere' }",
		}, "docusaurus", []string{"docs"}, "docs"},
		{"eleventy input folder", map[string]string{
			"eleventy.config.js": "export const config = { dir: { input: \"content\", includes: \"../_includes\" } };",
			"content/blog/a.md":  "", "src/x.js": "",
		}, "eleventy", []string{"content"}, "content/blog"},
		{"eleventy setInputDirectory", map[string]string{
			".eleventy.js":    "eleventyConfig.setInputDirectory(\"site\");",
			"site/posts/a.md": "", "docs/a.md": "",
		}, "eleventy", []string{"site"}, "site/posts"},
		{"eleventy without an input", map[string]string{
			".eleventy.js": "module.exports = function () {};", "src/a.md": "",
		}, "eleventy", []string{"src"}, "src"},
		{"vitepress srcDir", map[string]string{
			"docs/.vitepress/config.mts": "export default defineConfig({ srcDir: 'src' })",
			"docs/src/index.md":          "",
		}, "vitepress", []string{"docs/src"}, "docs/src"},
		{"vitepress at the top", map[string]string{
			".vitepress/config.js": "export default {}", "index.md": "",
		}, "vitepress", []string{"."}, "."},
		{"astro blog collection", map[string]string{
			"astro.config.mjs": "", "src/content/blog/a.md": "", "src/pages/index.astro": "",
		}, "astro", []string{"src/content", "src/pages"}, "src/content/blog"},
		{"astro content layer outside src", map[string]string{
			"astro.config.ts": "",
			"src/content.config.ts": `const baseSchema = z.object({});
const post = defineCollection({ loader: glob({ base: "./content/posts", pattern: "**/*.{md,mdx}" }) });
const note = defineCollection({ loader: glob({ base: "./content/notes", pattern: "**/*.md" }) });`,
			"content/notes/welcome.md": "", "content/posts/a.md": "", "src/pages/index.astro": "",
		}, "astro", []string{"content/posts", "content/notes", "src/pages"}, "content/posts"},
		{"mkdocs docs_dir", map[string]string{
			"mkdocs.yml": "site_name: X\ndocs_dir: documentation\n", "documentation/index.md": "",
		}, "mkdocs", []string{"documentation"}, "documentation"},
	}
	for _, tt := range tests {
		got := detectSite(treeOf(tt.files))
		if got.site.Generator != tt.gen || !slices.Equal(got.folders, tt.folders) || got.newDir != tt.newDir {
			t.Errorf("%s: got %s %v new %s, want %s %v new %s", tt.name, got.site.Generator, got.folders, got.newDir, tt.gen, tt.folders, tt.newDir)
		}
	}
}

func TestJSStringOptions(t *testing.T) {
	src := []byte("docs: {\n  path: 'docs', sidebarPath: './sidebars.js',\n  \"path\": \"../docs\",\n  path: `tpl`,\n  subpath: 'no',\n  path: someVar,\n}")
	got := jsStringOptions(src, "path")
	want := []string{"docs", "../docs", "tpl"}
	if !slices.Equal(got, want) {
		t.Errorf("jsStringOptions = %q, want %q", got, want)
	}
}

// FuzzJSStringOptions checks that every value found is a one-line string
// that the config holds between quotes after the key.
func FuzzJSStringOptions(f *testing.F) {
	f.Add([]byte(`module.exports = { presets: [["classic", { docs: { path: "../docs" } }]] }`), "path")
	f.Add([]byte("export const config = { dir: { input: 'content' } }"), "input")
	f.Add([]byte("eleventyConfig.setInputDirectory(`src`)"), "input")
	f.Add([]byte("srcDir: \"a\nb\""), "srcDir")
	f.Fuzz(func(t *testing.T, src []byte, key string) {
		for _, v := range jsStringOptions(src, key) {
			if strings.ContainsAny(v, "\n") {
				t.Fatalf("value %q spans lines", v)
			}
			if !bytes.Contains(src, []byte("\""+v+"\"")) && !bytes.Contains(src, []byte("'"+v+"'")) && !bytes.Contains(src, []byte("`"+v+"`")) {
				t.Fatalf("value %q is not a quoted string in %q", v, src)
			}
			if key != "input" && !bytes.Contains(src, []byte(key)) {
				t.Fatalf("value %q found for key %q that the config does not name", v, key)
			}
		}
	})
}
