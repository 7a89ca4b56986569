package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type draftSaveOptions struct {
	Drafts  []string
	Message messageFlag
	NewID   bool
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
the file and line, and nothing is committed.

A page keeps its identity, and with it its review: a file whose path has an
id at the tip and whose id: line went missing (a copy from upstream, an
editor that drops unknown keys) gets that id back, and the save says so on
stderr. A file whose id: was changed is refused. --new-id is for a path that
now holds a different page: the file keeps the id it names, or gets a new
one, and the old id's review stays behind (cc log <old-id> still finds it).`,
		Example: `  cc draft save
  cc draft save our-launch-plan -m "Tighten the intro"
  cc draft save content/posts/plan.md --new-id`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Drafts = args
			return draftSaveRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "say what changed (goes into the commit body; - reads stdin)")
	c.Flags().BoolVar(&opts.NewID, "new-id", false, "let a file whose path has an id at the tip take another (the one it names, or a new one)")
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
	saved, err := r.Save(a, opts.Drafts, note, repo.SaveOptions{NewID: opts.NewID})
	return printSaved(f, saved, err, opts.JSON)
}
