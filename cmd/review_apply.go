package cmd

import (
	"github.com/spf13/cobra"
)

type reviewApplyOptions struct {
	Thread string
	Sign   signFlags
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
		Example: `  cc review apply 01JDXY8Q2W3E
  cc review apply 01JDXY8Q2W3E --sign`,
		Args: exactArgs("<suggestion>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Thread = args[0]
			return reviewApplyRun(f, opts)
		},
	}
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewApplyRun(f *Factory, opts *reviewApplyOptions) error {
	r, a, sig, err := opts.Sign.acting(f)
	if err != nil {
		return err
	}
	rec, err := r.Apply(a, opts.Thread)
	err = sig.done(f, err)
	return printEvent(f, rec, err, opts.JSON)
}
