package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type publishOptions struct {
	Draft   string
	Message messageFlag
	Sign    signFlags
	JSON    bool
}

func newPublishCmd(f *Factory) *cobra.Command {
	opts := &publishOptions{}
	c := &cobra.Command{
		Use:   "publish <draft> [-m TEXT]",
		Short: "Publish an approved draft",
		Long: `Record that a draft is published, when the policy in .cc/config.yaml allows
it: approved as it is now, threads resolved where the policy asks, and by
someone who may publish. The draft's front matter gets draft: false (where it
has a draft: key) for site generators, in the same commit; that change does
not make the approval stale.`,
		Example: `  cc publish our-launch-plan
  cc publish our-launch-plan --sign --key ~/.ssh/id_ed25519`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return publishRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "a note (optional; - reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func publishRun(f *Factory, opts *publishOptions) error {
	return recordNoted(f, &opts.Message, &opts.Sign, opts.JSON, func(r *repo.Repo, a repo.Actor, text string) (repo.Recorded, error) {
		return r.Publish(a, opts.Draft, text)
	})
}
