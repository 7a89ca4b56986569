package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type reviewRequestOptions struct {
	Draft     string
	Reviewers []string
	Due       string
	Sign      signFlags
	JSON      bool
}

func newReviewRequestCmd(f *Factory) *cobra.Command {
	opts := &reviewRequestOptions{}
	c := &cobra.Command{
		Use:   "request <draft> --reviewer R [--reviewer R...] [--due 2d|DATE]",
		Short: "Ask people to review a draft, by when",
		Long: `Ask one or more reviewers (an email, or a name as git knows it) to review a
draft, by a due time: a duration from now (2d, 1w, 36h) or a date. Without
--due, review.due from .cc/config.yaml applies (3d by default).`,
		Example: `  cc review request our-launch-plan --reviewer grace@example.com --due 2d
  cc review request k3x9q2 --reviewer grace@example.com --reviewer ci-bot@example.com --due 2026-12-01
  cc review request k3x9q2 --reviewer grace@example.com --sign`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			if len(opts.Reviewers) == 0 {
				return usageErrorf("--reviewer is required")
			}
			return reviewRequestRun(f, opts)
		},
	}
	c.Flags().StringArrayVarP(&opts.Reviewers, "reviewer", "r", nil, "who should review (repeatable)")
	c.Flags().StringVar(&opts.Due, "due", "", "by when: 2d, 1w, 36h or 2026-12-01 (default: review.due in .cc/config.yaml)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewRequestRun(f *Factory, opts *reviewRequestOptions) error {
	r, a, sig, err := opts.Sign.acting(f)
	if err != nil {
		return err
	}
	rec, err := r.RequestReview(a, opts.Draft, repo.ReviewRequest{Reviewers: opts.Reviewers, Due: opts.Due})
	err = sig.done(f, err)
	return printEvent(f, rec, err, opts.JSON)
}
