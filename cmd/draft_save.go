package cmd

import (
	"github.com/spf13/cobra"
)

type draftSaveOptions struct {
	Drafts  []string
	Message messageFlag
	JSON    bool
}

func newDraftSaveCmd(f *Factory) *cobra.Command {
	opts := &draftSaveOptions{}
	c := &cobra.Command{
		Use:   "save [<draft>...]",
		Short: "Commit edits made to drafts in any editor",
		Long: `Commit the work-tree edits of the named drafts, or of every changed draft
when none is named, as one commit. New Markdown files in a content folder are
added and get an id; drafts deleted from the work tree are removed.

Every file is checked first: a malformed front matter stops the save with
the file and line, and nothing is committed.`,
		Example: `  cc draft save
  cc draft save our-launch-plan -m "Tighten the intro"`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Drafts = args
			return draftSaveRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "say what changed (goes into the commit body; - reads stdin)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftSaveRun(f *Factory, opts *draftSaveOptions) error {
	note, err := opts.Message.text(f, false, "")
	if err != nil {
		return err
	}
	r, a, err := f.Acting()
	if err != nil {
		return err
	}
	saved, err := r.Save(a, opts.Drafts, note)
	return printSaved(f, saved, err, opts.JSON)
}
