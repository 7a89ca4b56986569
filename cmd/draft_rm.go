package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

type draftRmOptions struct {
	Draft string
	JSON  bool
}

func newDraftRmCmd(f *Factory) *cobra.Command {
	opts := &draftRmOptions{}
	c := &cobra.Command{
		Use:   "rm <draft>",
		Short: "Remove a draft",
		Long: `Remove a draft's file (a page bundle with all its files) in one commit. Its
review events stay in .cc/reviews and in history; git log shows them and
'git revert' brings the draft back.`,
		Example: `  cc draft rm old-announcement`,
		Args:    exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return draftRmRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftRmRun(f *Factory, opts *draftRmOptions) error {
	r, a, err := f.Acting()
	if err != nil {
		return err
	}
	removed, err := r.Remove(a, opts.Draft)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, changedOutput(removed))
	}
	fmt.Fprintf(f.IO.ErrOut, "Removed %s (%s)\n", removed.Entry.Path, removed.Entry.ID)
	if removed.Live {
		fmt.Fprintf(f.IO.ErrOut, "note: the site published it, so cc check asks for its removal to be approved like a change: cc approve %s (by a reviewer)\n", removed.Entry.ID)
	}
	return nil
}
