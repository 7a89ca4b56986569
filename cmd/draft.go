package cmd

import (
	"github.com/spf13/cobra"
)

func newDraftCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "draft <command>",
		Short: "Create, list, show, edit, save, move, remove and restore drafts",
		Long: `A draft is a Markdown file with front matter in one of the content folders
named in .cc/config.yaml. Each command that changes a draft is one commit.`,
		Example: `  id=$(cc draft new --title "Our launch plan" --body-file plan.md)
  cc draft list
  cc draft show $id
  $EDITOR content/posts/our-launch-plan.md && cc draft save`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRunE,
	}
	c.AddCommand(newDraftNewCmd(f), newDraftListCmd(f), newDraftShowCmd(f),
		newDraftEditCmd(f), newDraftSaveCmd(f), newDraftMvCmd(f), newDraftRmCmd(f),
		newDraftRestoreCmd(f))
	return c
}
