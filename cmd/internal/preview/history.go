package preview

import (
	"slices"

	"github.com/cc-content/cc/content"
)

// Version is one commit in a draft's history and the draft's text before
// and after it.
type Version struct {
	Commit, Subject, Author string
	Time                    string
	// Before and After are the draft file before and after the commit;
	// equal when the commit changed only its review.
	Before, After []byte
}

// History appends to dst the page of a draft's history: the commits that
// changed it or its review, newest first, each with what it changed in
// the text.
func History(dst []byte, e content.CatalogEntry, versions []Version, truncated bool, o Options) []byte {
	title := e.Title
	if title == "" {
		title = e.Path
	}
	title = "History of " + title
	w := pageWriter{b: slices.Grow(dst, frameSize(o)+len(versions)*1024)}
	w.top(title, o)
	w.raw(`<header class="cc-head"><p class="cc-crumbs"><a href="/">Board</a> · <a href="`)
	w.text(DraftURL(e))
	w.raw(`">`)
	w.text(e.Path)
	w.raw("</a> · history")
	w.atCommit(o)
	w.raw("</p></header>\n<main>\n<h1>")
	w.text(title)
	w.raw("</h1>\n")
	for _, v := range versions {
		w.raw("<section>\n<p class=\"cc-commit\"><code>")
		w.text(shortHash(v.Commit))
		w.raw("</code> ")
		w.text(v.Subject)
		w.raw(" · ")
		w.text(v.Author)
		w.raw(" · ")
		w.text(v.Time)
		w.raw("</p>\n")
		if string(v.Before) != string(v.After) {
			w.diff(v.Before, v.After)
		}
		w.raw("\n</section>\n")
	}
	if len(versions) == 0 {
		w.raw("<p>No history.</p>")
	}
	w.raw("\n")
	if truncated {
		w.raw(`<p class="cc-meta">Older history is not shown.</p>`)
	}
	w.raw("\n</main>\n")
	w.bottom(o)
	return w.b
}
