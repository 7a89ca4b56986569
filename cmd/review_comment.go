package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type reviewCommentOptions struct {
	Draft      string
	Message    messageFlag
	Quote      string
	Occurrence int
	Line       int
	ReplyTo    string
	Sign       signFlags
	JSON       bool
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
  cc review comment k3x9q2 --reply-to 01JDXY8Q2W3E -m "Fixed."
  cc review comment k3x9q2 -m "Checked the figures." --sign`,
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
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewCommentRun(f *Factory, opts *reviewCommentOptions) error {
	r, a, sig, err := opts.Sign.acting(f)
	if err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	if err := v.CheckDraftRef(opts.Draft); err != nil {
		return err
	}
	text, err := opts.Message.text(f, true, "# Write your comment. Lines starting with # are dropped.\n")
	if err != nil {
		return err
	}
	rec, err := r.Comment(a, opts.Draft, repo.Comment{Body: text, Quote: opts.Quote, Occurrence: opts.Occurrence, Line: opts.Line, ReplyTo: opts.ReplyTo})
	err = sig.done(f, err)
	return printEvent(f, rec, err, opts.JSON)
}
