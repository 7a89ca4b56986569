package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

type overdueOptions struct {
	JSON bool
}

type overdueOutput struct {
	Version int         `json:"version"`
	Items   []inboxItem `json:"items"`
}

func newOverdueCmd(f *Factory) *cobra.Command {
	opts := &overdueOptions{}
	c := &cobra.Command{
		Use:   "overdue",
		Short: "Review requests past their due time; exit 3 when there are any",
		Long: `List every review request that is past its due time and not answered
(approved or changes requested), oldest first, with who owes it. Exits 3 when
there is any, so a scheduled CI job can nag.`,
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
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	board, err := r.board(false)
	if err != nil {
		return err
	}
	out := overdueOutput{Version: jsonFormatVersion, Items: []inboxItem{}}
	for _, d := range board {
		for _, o := range waitsOn(d.Status, r.config) {
			if o.Late {
				out.Items = append(out.Items, inboxItem{owes: o, Draft: entryOutput(d.Entry), State: d.Status.State})
			}
		}
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	} else if len(out.Items) > 0 {
		now := r.f.Now()
		w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
		for _, it := range out.Items {
			fmt.Fprintf(w, "%s\t%s\t%s\n", orDash(it.Draft.ID), describeOwes([]owes{it.owes}, now), oneLine(it.Draft.Title))
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
