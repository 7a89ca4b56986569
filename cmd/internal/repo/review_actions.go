package repo

import (
	"errors"
	"fmt"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// Comment is what a comment says and where: on exact words (Quote, and
// Occurrence among several), on a line of the file (Line), on the whole
// draft, or, with ReplyTo, in answer to a thread.
type Comment struct {
	Body       string
	Quote      string
	Occurrence int
	Line       int
	ReplyTo    string
}

// Comment opens a thread on the draft ref names, or replies to one.
func (r *Repo) Comment(a Actor, ref string, c Comment) (Recorded, error) {
	return r.recordEvent(a, ref, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		ev.Body = c.Body
		if c.ReplyTo != "" {
			t, err := ctx.Review.Thread(c.ReplyTo)
			if err != nil {
				return eventCommit{}, err
			}
			ev.Type, ev.Thread, ev.Answers = review.TypeReply, t.ID, []string{t.Last.ID}
			return eventCommit{Subject: "reply to " + threadTitle(t), Body: c.Body}, nil
		}
		ev.Type, ev.Thread = review.TypeComment, ev.ID
		body := string(ctx.Draft.Body)
		var anchor content.Anchor
		var err error
		switch {
		case c.Quote != "":
			anchor, err = content.NewAnchor(body, c.Quote, c.Occurrence, ctx.Blob)
		case c.Line != 0:
			// Line counts lines of the file, as editors and review show
			// do; the anchor counts lines of the body.
			if c.Line < ctx.Draft.BodyLine {
				return eventCommit{}, usagef("--line %d is in the front matter of %s; the body starts at line %d", c.Line, ctx.Entry.Path, ctx.Draft.BodyLine)
			}
			anchor, err = content.AnchorLine(body, c.Line-ctx.Draft.BodyLine+1, ctx.Blob)
		default:
			return eventCommit{Subject: "comment", Body: c.Body}, nil
		}
		if err != nil {
			return eventCommit{}, fmt.Errorf("%s: %w", ctx.Entry.Path, fileLines(err, ctx.Draft.BodyLine))
		}
		ev.Anchor = &anchor
		return eventCommit{Subject: "comment on " + quoteSubject(anchor.Quote), Body: c.Body}, nil
	})
}

// Suggestion is a proposed replacement of exact words of a draft.
type Suggestion struct {
	Quote       string
	Occurrence  int
	Replacement string
	Note        string
}

// Suggest opens a suggestion thread on the draft ref names.
func (r *Repo) Suggest(a Actor, ref string, s Suggestion) (Recorded, error) {
	return r.recordEvent(a, ref, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		anchor, err := content.NewAnchor(string(ctx.Draft.Body), s.Quote, s.Occurrence, ctx.Blob)
		if err != nil {
			return eventCommit{}, fmt.Errorf("%s: %w", ctx.Entry.Path, fileLines(err, ctx.Draft.BodyLine))
		}
		ev.Type, ev.Thread, ev.Anchor, ev.Replacement, ev.Body = review.TypeSuggest, ev.ID, &anchor, s.Replacement, s.Note
		body := fmt.Sprintf("-%s\n+%s", anchor.Quote, s.Replacement)
		if s.Note != "" {
			body = s.Note + "\n\n" + body
		}
		return eventCommit{Subject: "suggest " + quoteSubject(s.Replacement) + " for " + quoteSubject(anchor.Quote), Body: body}, nil
	})
}

// Apply applies the suggestion thread names to its draft, in one commit
// with the apply event, crediting the suggester.
func (r *Repo) Apply(a Actor, thread string) (Recorded, error) {
	return r.recordOn(a, thread, true, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		t, err := ctx.Review.Thread(thread)
		if err != nil {
			return eventCommit{}, err
		}
		s := t.Suggestion
		switch {
		case s == nil:
			return eventCommit{}, fmt.Errorf("thread %s is a comment, not a suggestion", t.ID)
		case t.Applied:
			return eventCommit{}, fmt.Errorf("suggestion %s was applied already", t.ID)
		case t.Root.Retracted:
			return eventCommit{}, fmt.Errorf("suggestion %s was retracted by %s", ShortID(t.ID), s.Author)
		}
		body := []rune(string(ctx.Draft.Body))
		m := s.Anchor.Resolve(string(ctx.Draft.Body))
		if m.State != content.AnchorAnchored && m.State != content.AnchorMoved || string(body[m.Start:m.End]) != s.Anchor.Quote {
			return eventCommit{}, fmt.Errorf("the suggested text %s is no longer in %s (its anchor is %s); edit the draft by hand and resolve the thread with 'cc review resolve %s'",
				quoteSubject(s.Anchor.Quote), ctx.Entry.Path, m.State, ShortID(t.ID))
		}
		edited := string(body[:m.Start]) + s.Replacement + string(body[m.End:])
		ctx.Draft.SetBody([]byte(edited))
		ev.Type, ev.Thread, ev.Answers = review.TypeApply, t.ID, []string{s.ID}
		ec := eventCommit{
			Subject: "apply " + quoteSubject(s.Replacement) + " for " + quoteSubject(s.Anchor.Quote),
			Body:    fmt.Sprintf("Suggested by %s.\n\n-%s\n+%s", s.Author, s.Anchor.Quote, s.Replacement),
			Changes: []gitstore.Change{{Path: ctx.Entry.Path, Data: ctx.Draft.Bytes()}},
		}
		if !s.Author.Same(ctx.Actor.Author) {
			ec.Trailers = [][2]string{{"Co-authored-by", s.Author.String()}}
		}
		return ec, nil
	})
}

// SetThreadState resolves (TypeResolve) or reopens (TypeReopen) a thread.
func (r *Repo) SetThreadState(a Actor, thread string, typ review.Type, note string) (Recorded, error) {
	return r.recordOn(a, thread, true, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		t, err := ctx.Review.Thread(thread)
		if err != nil {
			return eventCommit{}, err
		}
		if t.Resolved == (typ == review.TypeResolve) {
			state := "open"
			if t.Resolved {
				state = "resolved"
			}
			return eventCommit{}, fmt.Errorf("thread %s is already %s", ShortID(t.ID), state)
		}
		ev.Type, ev.Thread, ev.Answers, ev.Body = typ, t.ID, []string{t.Last.ID}, note
		return eventCommit{Subject: string(typ) + " " + threadTitle(t), Body: note}, nil
	})
}

// Reword records an edit (TypeEdit, with text) or a retraction
// (TypeRetract) of one's own comment, reply or suggestion.
func (r *Repo) Reword(a Actor, event string, typ review.Type, text string) (Recorded, error) {
	return r.recordOn(a, event, true, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		t, m, err := ctx.Review.Message(event)
		if err != nil {
			return eventCommit{}, err
		}
		if !m.Event.Author.Same(ctx.Actor.Author) {
			return eventCommit{}, fmt.Errorf("%s was written by %s; you can only %s your own", ShortID(m.Event.ID), m.Event.Author, typ)
		}
		if m.Retracted {
			return eventCommit{}, fmt.Errorf("%s was retracted already", ShortID(m.Event.ID))
		}
		ev.Type, ev.Thread, ev.Answers, ev.Body = typ, t.ID, []string{m.Event.ID}, text
		return eventCommit{Subject: fmt.Sprintf("%s %s in %s", typ, ShortID(m.Event.ID), threadTitle(t)), Body: text}, nil
	})
}

// threadTitle names a thread in a commit subject: its quote, or its first
// words.
func threadTitle(t *review.Thread) string {
	if t.Anchor != nil {
		return quoteSubject(t.Anchor.Quote)
	}
	return quoteSubject(t.Root.Body)
}

// ShortID is how ids are shown to people: a ULID's time part and a little
// of its random part; every command accepts any unique prefix.
func ShortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// fileLines turns the body line numbers of an anchoring error into line
// numbers of the file, the ones people see in their editor.
func fileLines(err error, bodyLine int) error {
	var amb *content.AmbiguousQuoteError
	if !errors.As(err, &amb) {
		return err
	}
	moved := *amb
	moved.Places = append([]content.QuotePlace(nil), amb.Places...)
	for i := range moved.Places {
		moved.Places[i].Line += bodyLine - 1
	}
	return &moved
}
