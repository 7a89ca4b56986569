package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

type draftMvOptions struct {
	Draft  string
	Target string
	JSON   bool
}

func newDraftMvCmd(f *Factory) *cobra.Command {
	opts := &draftMvOptions{}
	c := &cobra.Command{
		Use:   "mv <draft> <new-slug|new-path.md|folder/>",
		Short: "Rename or move a draft, keeping its id and review history",
		Long: `Rename a draft to a new slug in its folder, move it to another path, or move
it into another content folder (a target ending in /). The id stays, so its
review threads and approvals follow it. A page bundle moves with all its files.`,
		Example: `  cc draft mv our-launch-plan launch-plan
  cc draft mv k3x9q2 content/archive/
  cc draft mv k3x9q2 content/notes/2026-launch.md`,
		Args: exactArgs("<draft>", "<target>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft, opts.Target = args[0], args[1]
			return draftMvRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftMvRun(f *Factory, opts *draftMvOptions) error {
	r, a, err := f.Acting()
	if err != nil {
		return err
	}
	from, moved, err := r.Move(a, opts.Draft, opts.Target)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, changedOutput(moved))
	}
	fmt.Fprintf(f.IO.ErrOut, "Moved %s to %s\n", from, moved.Entry.Path)
	return nil
}
