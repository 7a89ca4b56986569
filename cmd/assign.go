package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type assignOptions struct {
	Draft   string
	Who     string
	Thread  string
	Due     string
	Message messageFlag
	Sign    signFlags
	JSON    bool
}

func newAssignCmd(f *Factory) *cobra.Command {
	opts := &assignOptions{}
	c := &cobra.Command{
		Use:   "assign <draft> WHO [--thread THREAD] [--due WHEN] [-m TEXT]",
		Short: "Hand a draft, or one of its threads, to someone",
		Long: `Hand a draft (or, with --thread, one of its review threads) to someone: an
email, a name as git knows it, or "Name <email>". It shows in their inbox,
in 'cc notify' digests, and in 'cc overdue' once past --due: a duration
from now (2d, 1w, 36h, 90min), a date (2026-12-01, by the end of that day,
UTC) or a date-time (2026-12-01 15:00, UTC).

The assignment is done when WHO records anything on the draft (for a
thread, in the thread, or a workflow move such as approve), and handed
over when the draft or thread is assigned again. A due time already past,
or a person this repository has never seen, is recorded with a warning.`,
		Example: `  cc assign our-launch-plan dan@example.com --due 2d -m "Check the dates with sales."
  cc assign k3x9q2 "Grace Reviewer" --thread 01JDXY8Q2W3E --due 2026-12-01`,
		Args: exactArgs("<draft>", "WHO"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft, opts.Who = args[0], args[1]
			return assignRun(f, opts)
		},
	}
	c.Flags().StringVar(&opts.Thread, "thread", "", "assign this thread of the draft (an id or unique prefix) instead of the whole draft")
	c.Flags().StringVar(&opts.Due, "due", "", "by when: 2d, 1w, 36h, 90min, 2026-12-01 or \"2026-12-01 15:00\"")
	addMessageFlag(c, &opts.Message, "what to do (optional; - reads stdin)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func assignRun(f *Factory, opts *assignOptions) error {
	return recordNoted(f, &opts.Message, &opts.Sign, opts.JSON, func(r *repo.Repo, a repo.Actor, text string) (repo.Recorded, error) {
		return r.Assign(a, opts.Draft, repo.Assignment{Who: opts.Who, Thread: opts.Thread, Due: opts.Due, Note: text})
	})
}
