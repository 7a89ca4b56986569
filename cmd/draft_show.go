package cmd

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"
)

type draftShowOptions struct {
	Draft string
	JSON  bool
}

func newDraftShowCmd(f *Factory) *cobra.Command {
	opts := &draftShowOptions{}
	c := &cobra.Command{
		Use:   "show <draft>",
		Short: "Print a draft as committed at the tip",
		Long: `Print a draft's file as it is committed at the tip of the current branch.
<draft> is an id, an unambiguous id prefix, a slug or a path.`,
		Example: `  cc draft show k3x9q2
  cc draft show our-launch-plan --json | jq .meta`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return draftShowRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftShowRun(f *Factory, opts *draftShowOptions) error {
	r, v, e, err := f.Draft(opts.Draft)
	if err != nil {
		return err
	}
	data, err := v.ReadFile(e.Path)
	if err != nil {
		return err
	}
	if wt, err := r.WorktreeFile(e.Path); err == nil && !bytes.Equal(wt, data) {
		fmt.Fprintf(f.IO.ErrOut, "note: %s has uncommitted changes; 'cc draft save %s' commits them\n", e.Path, e.Slug())
	}
	if !opts.JSON {
		_, err = f.IO.Out.Write(data)
		return err
	}
	d, err := v.Config().Site.Parse(e.Path, data)
	if err != nil {
		return err
	}
	out := entryOutput(e)
	out.Meta = d.Meta()
	body := string(d.Body)
	out.Body = &body
	return writeJSON(f.IO.Out, out)
}
