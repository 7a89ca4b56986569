package cmd

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
)

type draftShowOptions struct {
	Draft string
	At    string
	JSON  bool
}

func newDraftShowCmd(f *Factory) *cobra.Command {
	opts := &draftShowOptions{}
	c := &cobra.Command{
		Use:   "show <draft>",
		Short: "Print a draft as committed at the tip, or at a revision",
		Long: `Print a draft's file as it is committed at the tip of the current branch.
<draft> is an id, an unambiguous id prefix, a slug or a path.

--at REV prints the version at REV (a commit, branch or tag; cc log <draft>
lists them), found by the draft's id or through its renames, so a draft
renamed since is shown all the same; a removed draft is named by its id.
--json then gives the path it had there and the commit.`,
		Example: `  cc draft show k3x9q2
  cc draft show our-launch-plan --json | jq .meta
  cc draft show our-launch-plan --at HEAD~3
  cc draft show k3x9q2 --at v1 > old.md`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return draftShowRun(f, opts)
		},
	}
	c.Flags().StringVar(&opts.At, "at", "", "print the version at `REV` (a commit, branch or tag)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftShowRun(f *Factory, opts *draftShowOptions) error {
	if opts.At != "" {
		return draftShowAt(f, opts)
	}
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
	return printDraftFile(f, opts, v.Config().Site, e, data)
}

// draftShowAt prints the draft's version at --at.
func draftShowAt(f *Factory, opts *draftShowOptions) error {
	v, e, err := f.DraftOrRemoved(opts.Draft)
	if err != nil {
		return err
	}
	at, err := v.DraftAt(e, opts.At)
	if err != nil {
		return fmt.Errorf("--at %s: %w", opts.At, err)
	}
	if !opts.JSON {
		_, err = f.IO.Out.Write(at.Data)
		return err
	}
	then := e
	then.Path, then.Blob = at.Path, at.Blob
	out, err := draftFileOutput(v.Config().Site, then, at.Data)
	if err != nil {
		return err
	}
	out.Commit = at.Commit
	return writeJSON(f.IO.Out, out)
}

func printDraftFile(f *Factory, opts *draftShowOptions, site content.Site, e content.CatalogEntry, data []byte) error {
	if !opts.JSON {
		_, err := f.IO.Out.Write(data)
		return err
	}
	out, err := draftFileOutput(site, e, data)
	if err != nil {
		return err
	}
	return writeJSON(f.IO.Out, out)
}

// draftFileOutput is draft e of site with its front matter and body read
// from data.
func draftFileOutput(site content.Site, e content.CatalogEntry, data []byte) (draftOutput, error) {
	d, err := site.Parse(e.Path, data)
	if err != nil {
		return draftOutput{}, err
	}
	out := entryOutput(e)
	out.Meta = d.Meta()
	body := string(d.Body)
	out.Body = &body
	return out, nil
}
