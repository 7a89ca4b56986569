package cmd

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type draftEditOptions struct {
	Draft   string
	Message messageFlag
}

func newDraftEditCmd(f *Factory) *cobra.Command {
	opts := &draftEditOptions{}
	c := &cobra.Command{
		Use:   "edit <draft>",
		Short: "Open a draft in your editor and commit it when saved",
		Long: `Open the draft's file in $CC_EDITOR, $GIT_EDITOR, $VISUAL or $EDITOR (in that
order; vi when none is set), and commit it when the editor exits with the file
changed. Needs a terminal; elsewhere, edit the file and run 'cc draft save'.`,
		Example: `  cc draft edit our-launch-plan
  EDITOR="code --wait" cc draft edit k3x9q2`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return draftEditRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "say what changed (goes into the commit body)")
	return c
}

func draftEditRun(f *Factory, opts *draftEditOptions) error {
	if !f.IO.CanPrompt() {
		return fmt.Errorf("cc draft edit needs a terminal; edit the file in any editor and run 'cc draft save %s'", opts.Draft)
	}
	r, a, err := f.Acting()
	if err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	e, err := v.FindDraft(opts.Draft)
	if err != nil {
		return err
	}
	if r.Bare() {
		return fmt.Errorf("cc draft edit needs a work tree; this repository is bare")
	}
	if err := r.CheckWritable(); err != nil {
		return err
	}
	if err := runEditor(f, r, filepath.Join(r.Root(), filepath.FromSlash(e.Path))); err != nil {
		return err
	}
	note, err := opts.Message.text(f, false, "")
	if err != nil {
		return err
	}
	saved, err := r.Save(a, []string{e.Path}, note, repo.SaveOptions{})
	return printSaved(f, saved, err, false)
}
