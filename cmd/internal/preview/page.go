package preview

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/cc-content/cc/content"
)

//go:embed assets
var assets embed.FS

func asset(name string) string {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		panic(err) // embedded at build time
	}
	return string(b)
}

// pageAssets are the policy's sources, hashed once: a server sends them
// with every answer. Read on first use: most commands make no page.
var pageAssets = sync.OnceValue(func() assetSet {
	a := assetSet{style: asset("style.css"), layout: asset("page.js")}
	a.live = a.layout + "\n" + asset("live.js")
	a.styleHash, a.layoutHash, a.liveHash = hashSource(a.style), hashSource(a.layout), hashSource(a.live)
	return a
})

// assetSet is a page's stylesheet and its two scripts (a page's, and a
// live page's), with their hashes for the content security policy.
type assetSet struct {
	style, layout, live             string
	styleHash, layoutHash, liveHash string
}

// Options are how a page is made.
type Options struct {
	Render content.RenderOptions
	// Live makes a page for cc serve: links between its pages, and the
	// script that takes the page's new version when the branch moves.
	Live bool
	// Commit is the commit the page shows, "" for none (an unborn branch,
	// or a work-tree file).
	Commit string
}

func (o Options) script() (text, hash string) {
	a := pageAssets()
	if o.Live {
		return a.live, a.liveHash
	}
	return a.layout, a.layoutHash
}

// CSP is the Content-Security-Policy of a page made with o: nothing may
// load or run but the page's own stylesheet and script (by their hashes)
// and inline images; a live page may also reach its own server, for the
// page's new version and the branch's events.
func (o Options) CSP() string {
	img := "img-src data:"
	if o.Render.RemoteImages {
		img += " http: https:"
	}
	_, script := o.script()
	parts := []string{"default-src 'none'", "style-src " + pageAssets().styleHash, "script-src " + script,
		img, "base-uri 'none'", "form-action 'none'"}
	if o.Live {
		parts = append(parts, "connect-src 'self'")
	}
	return strings.Join(parts, "; ")
}

func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// top writes what every page has before its content: the policy, the
// title and the stylesheet, and the start of the body, which names the
// commit the page shows.
func (w *pageWriter) top(title string, o Options) {
	w.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"")
	w.text(o.CSP())
	w.raw("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<link rel=\"icon\" href=\"data:,\">\n<title>")
	w.text(title)
	w.raw("</title>\n<style>")
	w.raw(pageAssets().style)
	w.raw("</style>\n</head>\n<body data-commit=\"")
	w.text(o.Commit)
	w.raw("\">\n")
}

// bottom writes what every page has after its content: the script.
func (w *pageWriter) bottom(o Options) {
	script, _ := o.script()
	w.raw("<script>")
	w.raw(script)
	w.raw("</script>\n</body>\n</html>\n")
}

// atCommit writes, in a page's crumbs, the commit it shows, if any.
func (w *pageWriter) atCommit(o Options) {
	if o.Commit != "" {
		w.raw(" · at <code>")
		w.text(shortHash(o.Commit))
		w.raw("</code>")
	}
}

// frameSize is about what top and bottom write.
func frameSize(o Options) int {
	script, _ := o.script()
	return len(pageAssets().style) + len(script) + 1024
}

func shortHash(h string) string {
	if len(h) > 10 {
		return h[:10]
	}
	return h
}

// DraftURL is where cc serve shows draft e: by id, or by path for a
// draft without one.
func DraftURL(e content.CatalogEntry) string { return "/d/" + draftRef(e) }

// HistoryURL is where cc serve shows the history of draft e.
func HistoryURL(e content.CatalogEntry) string { return "/h/" + draftRef(e) }

func draftRef(e content.CatalogEntry) string {
	if e.ID != "" {
		return url.PathEscape(e.ID)
	}
	parts := strings.Split(e.Path, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// when is how a page shows a time.
func when(t time.Time) string { return t.Format("2006-01-02 15:04") }
