package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type draftListOptions struct {
	JSON bool
}

type draftListOutput struct {
	Version int           `json:"version"`
	Drafts  []draftOutput `json:"drafts"`
}

func newDraftListCmd(f *Factory) *cobra.Command {
	opts := &draftListOptions{}
	c := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the drafts at the tip of the current branch",
		Example: `  cc draft list
  cc draft list --json | jq -r '.drafts[].id'`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return draftListRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftListRun(f *Factory, opts *draftListOptions) error {
	v, err := f.View()
	if err != nil {
		return err
	}
	entries, err := v.Drafts()
	if err != nil {
		return err
	}
	out := draftListOutput{Version: jsonFormatVersion, Drafts: []draftOutput{}}
	for _, e := range entries {
		out.Drafts = append(out.Drafts, entryOutput(e))
	}
	warnDuplicates(f, entries)
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if len(entries) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "No drafts in %v yet; create one with 'cc draft new --title TITLE'.\n", v.Config().Content)
		return nil
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	if f.IO.IsStdoutTTY() {
		fmt.Fprintln(w, "ID\tTITLE\tPATH")
	}
	for _, d := range out.Drafts {
		id, title := d.ID, d.Title
		if id == "" {
			id = "-"
		}
		if d.Problem != "" {
			title = "(cannot read: " + d.Problem + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", id, repo.OneLine(title), d.Path)
	}
	return w.Flush()
}
