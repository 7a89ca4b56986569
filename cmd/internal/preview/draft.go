package preview

import (
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
)

// Draft is the page of a draft: its text, each open thread's words
// highlighted with the thread beside them (below them on a narrow screen),
// whole-draft threads before the text and orphaned ones after it, and its
// state and approvals above.
func Draft(p repo.DraftPage, o Options) ([]byte, error) { return AppendDraft(nil, p, o) }

// AppendDraft appends the page Draft makes to dst, so that a server can
// make its pages in buffers it reuses.
func AppendDraft(dst []byte, p repo.DraftPage, o Options) ([]byte, error) {
	var marks []content.Mark
	for _, t := range p.Threads {
		if m := t.Match; m != nil && m.State != content.AnchorOrphaned {
			marks = append(marks, content.Mark{ID: t.Thread.ID, Start: m.Start, End: m.End})
		}
	}
	scratch := renderBuffers.Get().(*[]byte)
	r, err := content.RenderMarkedInto(*scratch, p.Draft.Body, marks, o.Render)
	if err != nil {
		renderBuffers.Put(scratch)
		return nil, fmt.Errorf("%s: %w", p.Entry.Path, err)
	}
	var whole, orphaned []threadView
	var notes []blockNote
	for _, t := range p.Threads {
		tv := threadOf(t, p.Review)
		switch {
		case t.Match == nil:
			whole = append(whole, tv)
		case t.Match.State == content.AnchorOrphaned || len(r.Blocks) == 0:
			orphaned = append(orphaned, tv)
		default:
			i := sort.Search(len(r.Blocks), func(i int) bool { return r.Blocks[i].Start > t.Match.Start })
			notes = append(notes, blockNote{block: max(i-1, 0), thread: tv})
		}
	}
	slices.SortStableFunc(notes, func(a, b blockNote) int { return a.block - b.block })

	title := p.Draft.Title
	if title == "" {
		title = p.Entry.Path
	}
	w := pageWriter{b: slices.Grow(dst, frameSize(o)+len(r.HTML)+len(p.Threads)*1024)}
	w.top(title, o)
	w.draftHead(p, o)
	w.raw("<main>\n")
	w.side("On the whole draft", whole)
	w.raw("<article class=\"cc-doc\">\n<h1>")
	w.text(title)
	w.raw("</h1>\n")
	w.withNotes(r, notes)
	w.raw("</article>\n")
	w.side("Orphaned: the words these threads were about are gone", orphaned)
	w.raw("</main>\n")
	w.bottom(o)
	if cap(r.HTML) <= maxRenderBuffer { // copied into the page: the buffer is free
		*scratch = r.HTML
		renderBuffers.Put(scratch)
	}
	return w.b, nil
}

// renderBuffers are the buffers a draft is rendered in before its page is
// put together: a server making thousands of pages uses them again rather
// than leaving one per page to the collector.
var renderBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxRenderBuffer is the largest buffer kept: a long draft's is left to
// the collector rather than held for short ones.
const maxRenderBuffer = 1 << 20

// blockNote is a thread's box and the block of the text it stands beside.
type blockNote struct {
	block  int
	thread threadView
}

// draftHead writes the page's header: where the draft is, and its state,
// open threads, review requests, approvals and what stops its approval.
func (w *pageWriter) draftHead(p repo.DraftPage, o Options) {
	w.raw("<header class=\"cc-head\">\n<p class=\"cc-crumbs\">")
	if o.Live {
		w.raw(`<a href="/">Board</a> · <a href="`)
		w.text(HistoryURL(p.Entry))
		w.raw(`">History</a> · `)
	}
	w.text(p.Entry.Path)
	if p.Entry.ID != "" {
		w.raw(" · ")
		w.text(p.Entry.ID)
	}
	w.atCommit(o)
	w.raw("</p>\n")
	if s := p.Status; s != nil {
		w.raw(`<p class="cc-meta"><span class="cc-state `)
		w.text(s.State)
		w.raw(`">`)
		w.text(s.State)
		w.raw("</span> · ")
		w.int(len(p.Threads))
		w.raw(" open thread")
		if len(p.Threads) != 1 {
			w.raw("s")
		}
		for _, r := range s.Requests {
			if r.Answered {
				continue
			}
			w.raw(" · review asked of ")
			w.text(r.Reviewer)
			if !r.Due.IsZero() {
				w.raw(", due ")
				w.text(r.Due.Format("2006-01-02"))
			}
			if r.Overdue {
				w.raw(" (overdue)")
			}
		}
		w.raw("</p>\n")
		if len(s.Approvals) > 0 {
			w.raw(`<ul class="cc-approvals">`)
			for _, a := range s.Approvals {
				if a.Valid {
					w.raw(`<li class="valid" title="counts">✓`)
				} else {
					w.raw(`<li class="stale" title="`)
					w.text(a.Reason)
					w.raw(`">✗`)
				}
				w.raw(" approved by ")
				w.text(a.By.Name)
				if a.Key != "" {
					w.raw(" (signed)")
				}
				w.raw("</li>")
			}
			w.raw("</ul>")
		}
		w.raw("\n")
		for _, pr := range s.Problems {
			w.raw(`<p class="cc-meta">· `)
			w.text(pr.Message)
			w.raw("</p>")
		}
	}
	w.raw("\n</header>\n")
}

// side writes a section of thread boxes apart from the text, if there are
// any.
func (w *pageWriter) side(heading string, threads []threadView) {
	if len(threads) > 0 {
		w.raw(`<section class="cc-side"><h2>`)
		w.raw(heading)
		w.raw("</h2>")
		for _, tv := range threads {
			w.thread(tv)
		}
		w.raw("</section>")
	}
	w.raw("\n")
}

// withNotes writes the rendered text with the boxes of each block's
// threads beside it: a long draft has thousands of blocks, and all but a
// few are copied through as they are. notes are in order of block.
func (w *pageWriter) withNotes(r content.Rendered, notes []blockNote) {
	from := 0 // start of the blocks not written yet
	for len(notes) > 0 {
		blk := r.Blocks[notes[0].block]
		w.b = append(w.b, r.HTML[from:blk.From]...)
		w.raw("<div class=\"cc-blk\"><div class=\"cc-src\">\n")
		w.b = append(w.b, r.HTML[blk.From:blk.To]...)
		w.raw("</div><aside class=\"cc-notes\">\n")
		for i := notes[0].block; len(notes) > 0 && notes[0].block == i; notes = notes[1:] {
			w.thread(notes[0].thread)
		}
		w.raw("</aside></div>\n")
		from = blk.To
	}
	w.b = append(w.b, r.HTML[from:]...)
}
