package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type statusOptions struct {
	All  bool
	JSON bool
}

type statusDraft struct {
	draftOutput
	State     string `json:"state"`
	Approvals int    `json:"approvals"`
	// SignedApprovals counts the valid approvals whose signature
	// .cc/allowed_signers at the tip accepts.
	SignedApprovals int          `json:"signedApprovals"`
	OpenThreads     int          `json:"openThreads"`
	WaitsOn         []owesOutput `json:"waitsOn"`
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
review request with a due time). --all adds drafts nobody has reviewed yet.

Once .cc/allowed_signers exists, APPROVALS also says how many of the valid
approvals are signed by a key it allows for their author ("2 (1 signed)");
--json always has it as signedApprovals.`,
		Example: `  cc status
  cc status --json | jq '.drafts[] | select(.state == "in-review")'
  cc status --json | jq '.drafts[] | select(.signedApprovals < .approvals) | .id'`,
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
	r, err := f.Repo()
	if err != nil {
		return err
	}
	if err := warnInProgress(f, r, "the board"); err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	now := f.Now()
	board, err := v.Board(now, opts.All)
	if err != nil {
		return err
	}
	drafts, err := v.Drafts() // read already, for the board
	if err != nil {
		return err
	}
	warnDuplicates(f, drafts)
	out := statusOutput{Version: jsonFormatVersion, Drafts: []statusDraft{}}
	for _, d := range board {
		valid := 0
		for _, a := range d.Status.Approvals {
			if a.Valid {
				valid++
			}
		}
		// The table shows the first thing and how many more: converting
		// the rest is for --json only.
		waits := make([]owesOutput, len(d.WaitsOn))
		for i, o := range d.WaitsOn {
			if i == 0 || opts.JSON {
				waits[i] = owesOf(o)
			}
		}
		out.Drafts = append(out.Drafts, statusDraft{draftOutput: entryOutput(d.Entry), State: d.Status.State,
			Approvals: valid, SignedApprovals: d.SignedApprovals, OpenThreads: d.Status.OpenThreads, WaitsOn: waits})
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if len(out.Drafts) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "No draft is under review; 'cc submit <draft>' starts one, 'cc status --all' lists every draft.")
		return nil
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTATE\tAPPROVALS\tTHREADS\tWAITS ON\tTITLE")
	// Signed approvals are counted once the repository lists who may sign.
	signers := v.HasAllowedSigners()
	for _, d := range out.Drafts {
		approvals := fmt.Sprint(d.Approvals)
		if signers {
			approvals += fmt.Sprintf(" (%d signed)", d.SignedApprovals)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\n", orDash(d.ID), d.State, approvals, d.OpenThreads, describeOwes(d.WaitsOn, now), repo.OneLine(d.Title))
	}
	return w.Flush()
}
