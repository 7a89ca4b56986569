package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

type publishOptions struct {
	Draft   string
	Message messageFlag
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
		Example: `  cc publish our-launch-plan`,
		Args:    exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return publishRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "a note (optional; - reads stdin)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func publishRun(f *Factory, opts *publishOptions) error {
	text, err := opts.Message.text(f, false, "")
	if err != nil {
		return err
	}
	return recordOn(f, opts.Draft, false, opts.JSON, func(r *repo, ctx *eventContext, ev *review.Event) (eventCommit, error) {
		if err := review.CanPublish(r.config, r.status(ctx), ctx.Author); err != nil {
			return eventCommit{}, err
		}
		ev.Type, ev.Body = review.TypePublish, text
		ec := eventCommit{Subject: "publish", Body: text}
		if v, ok := ctx.Draft.Get("draft"); ok && v != "false" {
			if err := ctx.Draft.SetBool("draft", false); err != nil {
				return eventCommit{}, err
			}
			ec.Changes = append(ec.Changes, gitstore.Change{Path: ctx.Entry.Path, Data: ctx.Draft.Bytes()})
		}
		return ec, nil
	})
}
