package cmd

import (
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/spf13/cobra"
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
	r, e, err := f.openDraft(opts.Draft)
	if err != nil {
		return err
	}
	if r.store.Bare() {
		return fmt.Errorf("cc draft edit needs a work tree; this repository is bare")
	}
	if err := runEditor(f, filepath.Join(r.store.Root(), filepath.FromSlash(e.Path))); err != nil {
		return err
	}
	return draftSaveRun(f, &draftSaveOptions{Drafts: []string{e.Path}, Message: opts.Message})
}

// editorCommand is the editor git would choose, without reading git's
// config: CC_EDITOR, GIT_EDITOR, VISUAL, EDITOR, then vi.
func editorCommand(getenv func(string) string) string {
	for _, k := range []string{"CC_EDITOR", "GIT_EDITOR", "VISUAL", "EDITOR"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return "vi"
}

// runEditor runs the editor on file through the shell, as git does, so an
// editor setting may carry arguments ("code --wait").
func runEditor(f *Factory, file string) error {
	editor := editorCommand(f.Getenv)
	c := exec.Command("sh", "-c", editor+` "$@"`, editor, file)
	c.Stdin, c.Stdout, c.Stderr = f.IO.In, f.IO.Out, f.IO.ErrOut
	if err := c.Run(); err != nil {
		return fmt.Errorf("editor %q failed: %w; the file is kept as you left it", editor, err)
	}
	return nil
}
