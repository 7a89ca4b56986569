package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type overdueOptions struct {
	JSON bool
}

type overdueOutput struct {
	Version int          `json:"version"`
	Items   []itemOutput `json:"items"`
}

func newOverdueCmd(f *Factory) *cobra.Command {
	opts := &overdueOptions{}
	c := &cobra.Command{
		Use:   "overdue",
		Short: "Reviews and assignments past their due time; exit 3 when there are any",
		Long: `List every review request past its due time and not answered (approved or
changes requested), and every assignment past its due time and not done,
with who owes it. Exits 3 when there is any, so a scheduled CI job can nag.`,
		Example: `  cc overdue
  cc overdue --json | jq -r '.items[].who' | sort | uniq -c`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return overdueRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func overdueRun(f *Factory, opts *overdueOptions) error {
	v, err := f.View()
	if err != nil {
		return err
	}
	now := f.Now()
	items, err := v.Overdue(now)
	if err != nil {
		return err
	}
	out := overdueOutput{Version: jsonFormatVersion, Items: itemsOf(items)}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	} else if len(out.Items) > 0 {
		w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
		for _, it := range out.Items {
			fmt.Fprintf(w, "%s\t%s\t%s\n", orDash(it.Draft.ID), describeOwes([]owesOutput{it.owesOutput}, now), repo.OneLine(it.Draft.Title))
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if len(out.Items) > 0 {
		return errGateNotMet
	}
	if !opts.JSON {
		fmt.Fprintln(f.IO.ErrOut, "Nothing is overdue.")
	}
	return nil
}
