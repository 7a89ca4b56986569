package cmd

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

type reviewCommentOptions struct {
	Draft      string
	Message    messageFlag
	Quote      string
	Occurrence int
	Line       int
	ReplyTo    string
	JSON       bool
}

type eventOutput struct {
	Version int    `json:"version"`
	Event   string `json:"event"`
	Type    string `json:"type"`
	Draft   string `json:"draft"`
	Thread  string `json:"thread,omitempty"`
	Commit  string `json:"commit"`
}

func newReviewCommentCmd(f *Factory) *cobra.Command {
	opts := &reviewCommentOptions{}
	c := &cobra.Command{
		Use:   "comment <draft> -m TEXT [--quote TEXT [--occurrence N] | --line N] [--reply-to THREAD]",
		Short: "Comment on a draft, on words in it, or reply to a thread",
		Long: `Open a thread on a draft: on exact words (--quote), on a line (--line), or
on the whole draft. With --reply-to, add a reply to a thread instead.

The quote must occur once in the draft as committed; if it occurs several
times, the places are listed and --occurrence N picks one. The comment then
follows those words through later edits.

The text comes from -m, from stdin with -m -, or from $EDITOR on a terminal.
The new thread's id (or the reply's event id) is printed on stdout.`,
		Example: `  cc review comment our-launch-plan -m "Who is this for?"
  cc review comment our-launch-plan --quote "in March" -m "Which week?"
  cc review comment k3x9q2 --line 12 -m - < note.md
  cc review comment k3x9q2 --reply-to 01JDXY8Q2W3E -m "Fixed."`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			if opts.ReplyTo != "" && (opts.Quote != "" || opts.Line != 0) {
				return usageErrorf("--reply-to answers a thread; it takes no --quote or --line")
			}
			if opts.Quote != "" && opts.Line != 0 {
				return usageErrorf("--quote and --line both say where; give one")
			}
			if opts.Occurrence != 0 && opts.Quote == "" {
				return usageErrorf("--occurrence picks among the places of --quote")
			}
			return reviewCommentRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "the comment (- reads stdin)")
	c.Flags().StringVarP(&opts.Quote, "quote", "q", "", "the exact words the comment is about")
	c.Flags().IntVar(&opts.Occurrence, "occurrence", 0, "which occurrence of --quote, from 1")
	c.Flags().IntVar(&opts.Line, "line", 0, "comment on this line of the body (from 1)")
	c.Flags().StringVar(&opts.ReplyTo, "reply-to", "", "reply to this `THREAD` id (or unique prefix)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewCommentRun(f *Factory, opts *reviewCommentOptions) error {
	text, err := opts.Message.text(f, true, "# Write your comment. Lines starting with # are dropped.\n")
	if err != nil {
		return err
	}
	return recordOn(f, opts.Draft, false, opts.JSON, func(r *repo, ctx *eventContext, ev *review.Event) (eventCommit, error) {
		ev.Body = text
		if opts.ReplyTo != "" {
			t, err := ctx.Review.Thread(opts.ReplyTo)
			if err != nil {
				return eventCommit{}, err
			}
			ev.Type, ev.Thread, ev.Answers = review.TypeReply, t.ID, []string{t.Last.ID}
			return eventCommit{Subject: "reply to " + threadTitle(t), Body: text}, nil
		}
		ev.Type, ev.Thread = review.TypeComment, ev.ID
		body := string(ctx.Draft.Body)
		var a content.Anchor
		var err error
		switch {
		case opts.Quote != "":
			a, err = content.NewAnchor(body, opts.Quote, opts.Occurrence, ctx.Blob)
		case opts.Line != 0:
			// --line counts lines of the file, as editors and review
			// show do; the anchor counts lines of the body.
			if opts.Line < ctx.Draft.BodyLine {
				return eventCommit{}, usageErrorf("--line %d is in the front matter of %s; the body starts at line %d", opts.Line, ctx.Entry.Path, ctx.Draft.BodyLine)
			}
			a, err = content.AnchorLine(body, opts.Line-ctx.Draft.BodyLine+1, ctx.Blob)
		default:
			return eventCommit{Subject: "comment", Body: text}, nil
		}
		if err != nil {
			return eventCommit{}, fmt.Errorf("%s: %w", ctx.Entry.Path, fileLines(err, ctx.Draft.BodyLine))
		}
		ev.Anchor = &a
		return eventCommit{Subject: "comment on " + quoteSubject(a.Quote), Body: text}, nil
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

// printEvent reports a recorded event: its id on stdout (a thread id for
// what opens a thread), a note on stderr, or the JSON document.
func printEvent(f *Factory, ev *review.Event, res gitstore.Result, asJSON bool) error {
	if asJSON {
		return writeJSON(f.IO.Out, eventOutput{Version: jsonFormatVersion, Event: ev.ID, Type: string(ev.Type), Draft: ev.Draft, Thread: ev.Thread, Commit: res.Commit.String()})
	}
	id := ev.ID
	what := ev.Type
	fmt.Fprintf(f.IO.ErrOut, "Recorded %s %s on %s\n", what, id, ev.Draft)
	_, err := fmt.Fprintln(f.IO.Out, id)
	return err
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
