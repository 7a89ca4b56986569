package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

type reviewApplyOptions struct {
	Thread string
	JSON   bool
}

func newReviewApplyCmd(f *Factory) *cobra.Command {
	opts := &reviewApplyOptions{}
	c := &cobra.Command{
		Use:   "apply <suggestion>",
		Short: "Apply a suggestion to its draft",
		Long: `Replace the suggestion's quote in the draft with its replacement, in one
commit with the apply event, credited to the suggester with a Co-authored-by
trailer. The suggestion's thread is then applied and resolved.

The quote is found again in the current draft the way comments are; if it is
gone or was changed (the anchor is fuzzy or orphaned), apply refuses and
nothing changes.`,
		Example: `  cc review apply 01JDXY8Q2W3E`,
		Args:    exactArgs("<suggestion>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Thread = args[0]
			return reviewApplyRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewApplyRun(f *Factory, opts *reviewApplyOptions) error {
	return recordOn(f, opts.Thread, true, opts.JSON, func(_ *repo, ctx *eventContext, ev *review.Event) (eventCommit, error) {
		t, err := ctx.Review.Thread(opts.Thread)
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
			return eventCommit{}, fmt.Errorf("suggestion %s was retracted by %s", shortID(t.ID), s.Author)
		}
		body := []rune(string(ctx.Draft.Body))
		m := s.Anchor.Resolve(string(ctx.Draft.Body))
		if m.State != content.AnchorAnchored && m.State != content.AnchorMoved || string(body[m.Start:m.End]) != s.Anchor.Quote {
			return eventCommit{}, fmt.Errorf("the suggested text %s is no longer in %s (its anchor is %s); edit the draft by hand and resolve the thread with 'cc review resolve %s'",
				quoteSubject(s.Anchor.Quote), ctx.Entry.Path, m.State, shortID(t.ID))
		}
		edited := string(body[:m.Start]) + s.Replacement + string(body[m.End:])
		ctx.Draft.SetBody([]byte(edited))
		ev.Type, ev.Thread, ev.Answers = review.TypeApply, t.ID, []string{s.ID}
		ec := eventCommit{
			Subject: "apply " + quoteSubject(s.Replacement) + " for " + quoteSubject(s.Anchor.Quote),
			Body:    fmt.Sprintf("Suggested by %s.\n\n-%s\n+%s", s.Author, s.Anchor.Quote, s.Replacement),
			Changes: []gitstore.Change{{Path: ctx.Entry.Path, Data: ctx.Draft.Bytes()}},
		}
		if !s.Author.Same(ctx.Author) {
			ec.Trailers = [][2]string{{"Co-authored-by", s.Author.String()}}
		}
		return ec, nil
	})
}
