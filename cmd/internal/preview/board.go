package preview

import (
	"slices"
	"strings"

	"github.com/cc-content/cc/cmd/internal/repo"
)

// Board appends to dst the board as a page: every draft under review, its
// state, valid approvals, open threads and who owes the next step; more
// is how many drafts are left out because nobody has reviewed them yet.
func Board(dst []byte, drafts []repo.DraftStatus, more int, o Options) []byte {
	w := pageWriter{b: slices.Grow(dst, frameSize(o)+len(drafts)*512)}
	w.top("Board", o)
	w.raw(`<header class="cc-head"><p class="cc-crumbs">Board`)
	w.atCommit(o)
	w.raw("</p></header>\n<main>\n<table class=\"cc-board\">\n" +
		"<thead><tr><th>Draft</th><th>State</th><th>Approvals</th><th>Open threads</th><th>Waits on</th></tr></thead>\n<tbody>\n")
	for _, d := range drafts {
		w.boardRow(d)
	}
	if len(drafts) == 0 {
		w.raw("<tr><td colspan=\"5\">No draft has review events yet.</td></tr>\n")
	}
	w.raw("</tbody>\n</table>\n")
	if more != 0 {
		w.raw(`<p class="cc-meta">`)
		w.int(more)
		w.raw(" more drafts have no review events.</p>")
	}
	w.raw("\n</main>\n")
	w.bottom(o)
	return w.b
}

func (w *pageWriter) boardRow(d repo.DraftStatus) {
	title := d.Entry.Title
	if title == "" {
		title = d.Entry.Path
	}
	approvals := 0
	for _, a := range d.Status.Approvals {
		if a.Valid {
			approvals++
		}
	}
	w.raw(`<tr><td><a href="`)
	w.text(DraftURL(d.Entry))
	w.raw(`">`)
	w.text(title)
	w.raw("</a><br><small>")
	w.text(d.Entry.Path)
	w.raw(`</small></td><td><span class="cc-state `)
	w.text(d.Status.State)
	w.raw(`">`)
	w.text(d.Status.State)
	w.raw("</span></td><td>")
	w.int(approvals)
	w.raw("</td><td>")
	w.int(d.Status.OpenThreads)
	w.raw("</td><td>")
	for _, o := range d.WaitsOn {
		w.text(strings.Join(o.Who, ", ") + ": " + o.What)
		if !o.Since.IsZero() {
			w.raw(" since ")
			w.text(o.Since.Format("2006-01-02"))
		}
		if o.Late {
			w.raw(", overdue since ")
			w.text(o.Due.Format("2006-01-02"))
		}
		w.raw("<br>")
	}
	w.raw("</td></tr>\n")
}
