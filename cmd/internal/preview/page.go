package preview

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
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

var (
	pageTemplate = sync.OnceValue(func() *template.Template {
		return template.Must(template.New("page").Parse(asset("page.html")))
	})
	// The policy's sources, hashed once: a server sends them with every
	// answer. Read on first use, as the template is: most commands make
	// no page.
	pageAssets = sync.OnceValue(func() assetSet {
		a := assetSet{style: asset("style.css"), layout: asset("page.js")}
		a.live = a.layout + "\n" + asset("live.js")
		a.styleHash, a.layoutHash, a.liveHash = hashSource(a.style), hashSource(a.layout), hashSource(a.live)
		return a
	})
)

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

// frame is what every page has around its content.
type frame struct {
	Title  string
	CSP    string
	Style  template.HTML
	Script template.HTML
	Commit string
	Live   bool
}

func newFrame(title string, o Options) frame {
	script, _ := o.script()
	return frame{
		Title:  title,
		CSP:    o.CSP(),
		Style:  template.HTML("<style>" + pageAssets().style + "</style>"),
		Script: template.HTML("<script>" + script + "</script>"),
		Commit: o.Commit,
		Live:   o.Live,
	}
}

// ShortCommit is the commit as people read it.
func (f frame) ShortCommit() string { return shortHash(f.Commit) }

func shortHash(h string) string {
	if len(h) > 10 {
		return h[:10]
	}
	return h
}

func execute(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(64 << 10)
	if err := pageTemplate().ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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
