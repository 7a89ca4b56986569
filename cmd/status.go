package cmd

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

type statusOptions struct {
	All  bool
	JSON bool
}

type statusDraft struct {
	draftOutput
	State       string `json:"state"`
	Approvals   int    `json:"approvals"`
	OpenThreads int    `json:"openThreads"`
	WaitsOn     []owes `json:"waitsOn"`
}

type statusOutput struct {
	Version int           `json:"version"`
	Drafts  []statusDraft `json:"drafts"`
}

func newStatusCmd(f *Factory) *cobra.Command {
	opts := &statusOptions{}
	c := &cobra.Command{
		Use:   "status",
		Short: "The board: where every draft under review is, and who owes what since when",
		Long: `Show every draft that has review events: its state, its valid approvals, its
open threads, and who owes the next step, since when (and by when, for a
review request with a due time). --all adds drafts nobody has reviewed yet.`,
		Example: `  cc status
  cc status --json | jq '.drafts[] | select(.state == "in-review")'`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return statusRun(f, opts)
		},
	}
	c.Flags().BoolVarP(&opts.All, "all", "a", false, "include drafts with no review events")
	addJSONFlag(c, &opts.JSON)
	return c
}

func statusRun(f *Factory, opts *statusOptions) error {
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	board, err := r.board(opts.All)
	if err != nil {
		return err
	}
	out := statusOutput{Version: jsonFormatVersion, Drafts: []statusDraft{}}
	for _, d := range board {
		valid := 0
		for _, a := range d.Status.Approvals {
			if a.Valid {
				valid++
			}
		}
		out.Drafts = append(out.Drafts, statusDraft{draftOutput: entryOutput(d.Entry), State: d.Status.State,
			Approvals: valid, OpenThreads: d.Status.OpenThreads, WaitsOn: append([]owes{}, waitsOn(d.Status, r.config)...)})
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if len(out.Drafts) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "No draft is under review; 'cc submit <draft>' starts one, 'cc status --all' lists every draft.")
		return nil
	}
	now := r.f.Now()
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTATE\tAPPROVALS\tTHREADS\tWAITS ON\tTITLE")
	for _, d := range out.Drafts {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\t%s\n", orDash(d.ID), d.State, d.Approvals, d.OpenThreads, describeOwes(d.WaitsOn, now), oneLine(d.Title))
	}
	return w.Flush()
}

// describeOwes says the first thing a draft waits for, in a few words.
func describeOwes(list []owes, now time.Time) string {
	if len(list) == 0 {
		return "-"
	}
	o := list[0]
	s := o.Who + ": " + o.What
	if !o.Since.IsZero() {
		s += ", " + ago(now.Sub(o.Since))
	}
	if o.Late {
		s += ", OVERDUE"
	} else if !o.Due.IsZero() {
		s += ", due in " + ago(o.Due.Sub(now))
	}
	if len(list) > 1 {
		s += fmt.Sprintf(" (+%d)", len(list)-1)
	}
	return s
}

// ago is a duration as people say it: 3d, 5h, 12m.
func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "0m"
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	case d >= time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dm", int(d.Minutes()))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
