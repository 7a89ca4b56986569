package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type reviewSuggestOptions struct {
	Draft      string
	Quote      string
	Occurrence int
	Replace    string
	Message    messageFlag
	Sign       signFlags
	JSON       bool
}

func newReviewSuggestCmd(f *Factory) *cobra.Command {
	opts := &reviewSuggestOptions{}
	c := &cobra.Command{
		Use:   "suggest <draft> --quote TEXT --replace TEXT [-m TEXT]",
		Short: "Suggest replacing words in a draft",
		Long: `Open a suggestion thread: replace the exact words of --quote with --replace.
The writer (or anyone) applies it with 'cc review apply <thread>', which edits
the draft and credits the suggester with a Co-authored-by trailer.

An empty --replace suggests deleting the quote. The thread id is printed on
stdout.`,
		Example: `  cc review suggest our-launch-plan --quote "in March" --replace "on 9 March"
  cc review suggest k3x9q2 --quote "very unique" --replace "unique" -m "Unique is absolute."
  cc review suggest k3x9q2 --quote "in March" --replace "on 9 March" --sign`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			if opts.Quote == "" {
				return usageErrorf("--quote is required: the words to replace")
			}
			if !c.Flags().Changed("replace") {
				return usageErrorf("--replace is required: the new words (\"\" to delete the quote)")
			}
			return reviewSuggestRun(f, opts)
		},
	}
	c.Flags().StringVarP(&opts.Quote, "quote", "q", "", "the exact words to replace")
	c.Flags().IntVar(&opts.Occurrence, "occurrence", 0, "which occurrence of --quote, from 1")
	c.Flags().StringVar(&opts.Replace, "replace", "", "the words to put instead")
	addMessageFlag(c, &opts.Message, "why (optional; - reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewSuggestRun(f *Factory, opts *reviewSuggestOptions) error {
	return recordNoted(f, &opts.Message, &opts.Sign, opts.JSON, func(r *repo.Repo, a repo.Actor, text string) (repo.Recorded, error) {
		return r.Suggest(a, opts.Draft, repo.Suggestion{Quote: opts.Quote, Occurrence: opts.Occurrence, Replacement: opts.Replace, Note: text})
	})
}
