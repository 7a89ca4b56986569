package cmd

import (
	"github.com/spf13/cobra"
)

func newReviewCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "review <command>",
		Short: "Comment on drafts, suggest edits, resolve threads",
		Long: `Review threads are anchored to the words they are about and follow them
through edits. Each action is one commit of one small event file under
.cc/reviews/<draft-id>/, so two people reviewing on two clones merge without
conflicts.`,
		Example: `  cc review comment our-launch-plan --quote "in March" -m "Which week?"
  cc review comment our-launch-plan --reply-to 01JDXY8Q2W3E -m "The second."
  cc review suggest our-launch-plan --quote "in March" --replace "on 9 March"
  cc review show our-launch-plan
  cc review resolve 01JDXY8Q2W3E
  cc review payload 01JDXY8Q2W3E | ssh-keygen -Y sign -n cc -f ~/.ssh/id_ed25519 > sig`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRunE,
	}
	c.AddCommand(newReviewRequestCmd(f), newReviewCommentCmd(f), newReviewSuggestCmd(f), newReviewApplyCmd(f),
		newReviewStateCmd(f, "resolve"), newReviewStateCmd(f, "reopen"),
		newReviewEditCmd(f), newReviewRetractCmd(f), newReviewShowCmd(f), newReviewPayloadCmd(f))
	return c
}
