package preview

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strconv"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// threadView is one thread's box.
type threadView struct {
	ID          string
	State       string // moved, fuzzy or orphaned; "" where it was made or on the whole draft
	StateHelp   string
	Score       string // for fuzzy
	Quote       string
	Suggestion  bool
	Replacement string
	Messages    []messageView
	Decisions   []decisionView
}

type messageView struct {
	Author, Time, Body       string
	Reply, Edited, Retracted bool
}

type decisionView struct {
	By, Time, Text string
	Followups      []string
}

type draftView struct {
	frame
	Path, ID    string
	HistoryURL  string
	Status      *review.Status
	OpenThreads int
	Whole       []threadView
	Article     template.HTML // the text, with each thread's box beside its block
	Orphaned    []threadView
}

var stateHelp = map[content.AnchorState]string{
	content.AnchorMoved:    "the quoted words are unchanged, somewhere else in the draft",
	content.AnchorFuzzy:    "the quoted words changed; this is the closest text, with its score",
	content.AnchorOrphaned: "the quoted words are no longer in the draft",
}

// Draft is the page of a draft: its text, each open thread's words
// highlighted with the thread beside them (below them on a narrow screen),
// whole-draft threads before the text and orphaned ones after it, and its
// state and approvals above.
func Draft(p repo.DraftPage, o Options) ([]byte, error) {
	var marks []content.Mark
	for _, t := range p.Threads {
		if m := t.Match; m != nil && m.State != content.AnchorOrphaned {
			marks = append(marks, content.Mark{ID: t.Thread.ID, Start: m.Start, End: m.End})
		}
	}
	r, err := content.RenderMarked(p.Draft.Body, marks, o.Render)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Entry.Path, err)
	}
	v := draftView{
		frame: newFrame(p.Draft.Title, o), Path: p.Entry.Path, ID: p.Entry.ID,
		HistoryURL: HistoryURL(p.Entry), Status: p.Status,
	}
	if v.Title == "" {
		v.Title = p.Entry.Path
	}
	notes := make(map[int][]threadView) // by block
	for _, t := range p.Threads {
		tv := threadOf(t, p.Review)
		v.OpenThreads++
		switch {
		case t.Match == nil:
			v.Whole = append(v.Whole, tv)
		case t.Match.State == content.AnchorOrphaned || len(r.Blocks) == 0:
			v.Orphaned = append(v.Orphaned, tv)
		default:
			i := sort.Search(len(r.Blocks), func(i int) bool { return r.Blocks[i].Start > t.Match.Start })
			i = max(i-1, 0)
			notes[i] = append(notes[i], tv)
		}
	}
	article, err := withNotes(r, notes)
	if err != nil {
		return nil, err
	}
	v.Article = template.HTML(article)
	return execute("draft", v)
}

// withNotes is the rendered text with the boxes of each block's threads
// beside it. It is put together here rather than by the page template:
// a long draft has thousands of blocks, and all but a few are copied
// through as they are.
func withNotes(r content.Rendered, notes map[int][]threadView) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(r.HTML) + len(notes)*1024)
	from := 0 // start of the blocks not written yet
	for i, blk := range r.Blocks {
		ns := notes[i]
		if len(ns) == 0 {
			continue
		}
		b.Write(r.HTML[from:blk.From])
		b.WriteString("<div class=\"cc-blk\"><div class=\"cc-src\">\n")
		b.Write(r.HTML[blk.From:blk.To])
		b.WriteString("</div><aside class=\"cc-notes\">\n")
		for _, tv := range ns {
			if err := pageTemplate().ExecuteTemplate(&b, "thread", tv); err != nil {
				return nil, err
			}
		}
		b.WriteString("</aside></div>\n")
		from = blk.To
	}
	b.Write(r.HTML[from:])
	return b.Bytes(), nil
}

func threadOf(p repo.Placed, rv *review.Review) threadView {
	t := p.Thread
	tv := threadView{ID: t.ID}
	if t.Anchor != nil {
		tv.Quote = t.Anchor.Quote
	}
	if m := p.Match; m != nil && m.State != content.AnchorAnchored {
		tv.State, tv.StateHelp = m.State.String(), stateHelp[m.State]
		if m.State == content.AnchorFuzzy {
			tv.Score = strconv.FormatFloat(m.Score, 'f', 2, 64)
		}
	}
	if t.Suggestion != nil {
		tv.Suggestion, tv.Replacement = true, t.Suggestion.Replacement
	}
	tv.Messages = append(tv.Messages, messageOf(t.Root, false))
	for _, m := range t.Replies {
		tv.Messages = append(tv.Messages, messageOf(m, true))
	}
	if rv != nil {
		for _, e := range rv.Events {
			if e.Type == review.TypeDecide && e.Thread == t.ID {
				tv.Decisions = append(tv.Decisions, decisionOf(e))
			}
		}
	}
	return tv
}

func messageOf(m review.Message, reply bool) messageView {
	return messageView{Author: m.Event.Author.Name, Time: when(m.Event.Time), Body: m.Body,
		Reply: reply, Edited: m.Edited, Retracted: m.Retracted}
}

func decisionOf(e *review.Event) decisionView {
	d := decisionView{By: e.Author.Name, Time: when(e.Time), Text: e.Decision}
	for _, f := range e.Followups {
		s := f.Text
		if f.Assignee != "" {
			s = f.Assignee + ": " + s
		}
		if f.Due != "" {
			s += " (due " + f.Due + ")"
		}
		d.Followups = append(d.Followups, s)
	}
	return d
}
