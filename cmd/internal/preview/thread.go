package preview

import (
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

var stateHelp = map[content.AnchorState]string{
	content.AnchorMoved:    "the quoted words are unchanged, somewhere else in the draft",
	content.AnchorFuzzy:    "the quoted words changed; this is the closest text, with its score",
	content.AnchorOrphaned: "the quoted words are no longer in the draft",
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
	tv.Messages = make([]messageView, 0, 1+len(t.Replies))
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

// thread writes a thread's box: what it is on and the state of its
// anchor, the suggested words, its messages and its decisions.
func (w *pageWriter) thread(tv threadView) {
	w.raw(`<div class="cc-thread `)
	w.text(tv.State)
	if tv.Suggestion {
		w.raw(" suggestion")
	}
	w.raw(`" id="thread-`)
	w.text(tv.ID)
	w.raw(`" data-t="`)
	w.text(tv.ID)
	w.raw("\">\n<p class=\"cc-anchor\">")
	if tv.Suggestion {
		w.raw(`<span class="cc-kind">Suggestion</span> `)
	}
	if tv.Quote != "" {
		w.raw("on <q>")
		w.text(tv.Quote)
		w.raw("</q>")
	} else {
		w.raw("on the whole draft")
	}
	if tv.State != "" {
		w.raw(` <span class="cc-badge `)
		w.text(tv.State)
		w.raw(`" title="`)
		w.text(tv.StateHelp)
		w.raw(`">`)
		w.text(tv.State)
		if tv.Score != "" {
			w.raw(" ")
			w.text(tv.Score)
		}
		w.raw("</span>")
	}
	w.raw("</p>\n")
	if tv.Suggestion {
		w.raw(`<p class="cc-suggest"><del>`)
		w.text(tv.Quote)
		w.raw("</del> → <ins>")
		w.text(tv.Replacement)
		w.raw("</ins></p>")
	}
	w.raw("\n")
	for _, m := range tv.Messages {
		w.message(m)
	}
	for _, d := range tv.Decisions {
		w.decision(d)
	}
	w.raw("</div>\n")
}

func (w *pageWriter) message(m messageView) {
	w.raw(`<div class="cc-msg`)
	if m.Reply {
		w.raw(" reply")
	}
	if m.Retracted {
		w.raw(" cc-retracted")
	}
	if m.Edited {
		w.raw(" cc-edited")
	}
	w.raw("\">\n<p class=\"cc-who\">")
	w.text(m.Author)
	w.raw(" · ")
	w.text(m.Time)
	if m.Edited {
		w.raw(` · <span class="cc-badge">edited</span>`)
	}
	if m.Retracted {
		w.raw(` · <span class="cc-badge">retracted</span>`)
	}
	w.raw("</p>\n<p class=\"cc-body\">")
	if m.Retracted {
		w.raw("retracted by its author")
	} else {
		w.text(m.Body)
	}
	w.raw("</p>\n</div>\n")
}

func (w *pageWriter) decision(d decisionView) {
	w.raw(`<div class="cc-decision"><p class="cc-who">Decided by `)
	w.text(d.By)
	w.raw(" · ")
	w.text(d.Time)
	w.raw(`</p><p class="cc-body">`)
	w.text(d.Text)
	w.raw("</p>")
	if len(d.Followups) > 0 {
		w.raw("<ul>")
		for _, f := range d.Followups {
			w.raw("<li>")
			w.text(f)
			w.raw("</li>")
		}
		w.raw("</ul>")
	}
	w.raw("</div>\n")
}
