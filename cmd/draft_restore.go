package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

type draftRestoreOptions struct {
	Draft string
	Rev   string
	JSON  bool
}

type draftRestoreOutput struct {
	draftOutput
	// Restored is the commit whose version of the draft was brought back.
	Restored string `json:"restored"`
}

func newDraftRestoreCmd(f *Factory) *cobra.Command {
	opts := &draftRestoreOptions{}
	c := &cobra.Command{
		Use:   "restore <draft> REV",
		Short: "Bring back a draft's version from a revision, as a new commit",
		Long: `Bring back the draft as it was at REV (a commit, branch or tag; cc log <draft>
lists its versions) as one new commit whose message names the commit it
restored (subject "restore the version of <commit>", trailer Cc-Restored).
Nothing is rewritten: the versions in between stay in the history.

The draft keeps its id, so its review stays with it, and its current path,
whatever path it had at REV. A removed draft is named by its id and comes
back where it was at REV. Uncommitted edits of the file stop the restore;
save or discard them first.`,
		Example: `  cc log our-launch-plan
  cc draft restore our-launch-plan 3f2a1bc
  cc draft show our-launch-plan --at v1 && cc draft restore our-launch-plan v1
  cc draft restore k3x9q2 HEAD~1          # a draft removed by the last commit`,
		Args: exactArgs("<draft>", "REV"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft, opts.Rev = args[0], args[1]
			return draftRestoreRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftRestoreRun(f *Factory, opts *draftRestoreOptions) error {
	r, a, err := f.Acting()
	if err != nil {
		return err
	}
	restored, err := r.Restore(a, opts.Draft, opts.Rev)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, draftRestoreOutput{changedOutput(restored.Changed), restored.From.Commit})
	}
	fmt.Fprintf(f.IO.ErrOut, "Restored %s as it was at commit %s (%s)\n", restored.Entry.Path, restored.From.Commit, opts.Rev)
	return nil
}
