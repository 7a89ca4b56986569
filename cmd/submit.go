package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type submitOptions struct {
	Draft     string
	Reviewers []string
	Due       string
	Message   messageFlag
	Sign      signFlags
	JSON      bool
}

func newSubmitCmd(f *Factory) *cobra.Command {
	opts := &submitOptions{}
	c := &cobra.Command{
		Use:   "submit <draft> [--reviewer R...] [--due 2d|DATE] [-m TEXT]",
		Short: "Send a draft to review",
		Long: `Move a draft from draft to in-review, and ask reviewers for it in the same
commit. From then on 'cc check' requires it to be approved by the policy in
.cc/config.yaml before it may be published.`,
		Example: `  cc submit our-launch-plan --reviewer grace@example.com --due 2d
  cc submit k3x9q2 -m "Ready for a second look."
  cc submit k3x9q2 --reviewer grace@example.com --sign   # signs the submit and the request`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return submitRun(f, opts)
		},
	}
	c.Flags().StringArrayVarP(&opts.Reviewers, "reviewer", "r", nil, "who should review (repeatable)")
	c.Flags().StringVar(&opts.Due, "due", "", "by when: 2d, 1w, 36h or 2026-12-01 (default: review.due in .cc/config.yaml)")
	addMessageFlag(c, &opts.Message, "a note for the reviewers (optional; - reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func submitRun(f *Factory, opts *submitOptions) error {
	return recordNoted(f, &opts.Message, &opts.Sign, opts.JSON, func(r *repo.Repo, a repo.Actor, text string) (repo.Recorded, error) {
		return r.Submit(a, opts.Draft, repo.ReviewRequest{Reviewers: opts.Reviewers, Due: opts.Due}, text)
	})
}
