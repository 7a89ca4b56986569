package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type decideOptions struct {
	Thread  string
	Message messageFlag
	Assign  []string
	Due     []string
	Task    []string
	Sign    signFlags
	JSON    bool
}

func newDecideCmd(f *Factory) *cobra.Command {
	opts := &decideOptions{}
	c := &cobra.Command{
		Use:   "decide <thread> -m DECISION [--assign WHO [--due WHEN] [--task TEXT]]...",
		Short: "Record what a live discussion decided on a thread, and its follow-ups",
		Long: `Record a decision on a review thread (typically one 'cc agenda' listed),
resolve the thread and hand out follow-ups, in one commit. Each --assign
makes a follow-up for WHO; the first --due and --task go with the first
--assign, the second with the second, and so on: its due time and what to
do (the decision itself when --task is left out). The
thread leaves the agenda; the follow-ups appear in their people's inboxes,
in 'cc notify' and, once late, in 'cc overdue'. 'cc review show' and
'cc log' show the decision.`,
		Example: `  cc decide 01JDXY8Q2W3E -m "Name the week in the second line."
  cc decide 01JDXY8Q2W3E -m "Keep the price; add VAT." \
      --assign ada@example.com --due 1d --task "Add VAT to the price line" \
      --assign grace@example.com --due 2d --task "Approve once it is in"`,
		Args: exactArgs("<thread>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Thread = args[0]
			if len(opts.Due) > len(opts.Assign) || len(opts.Task) > len(opts.Assign) {
				return usageErrorf("--due and --task belong to an --assign: give one --assign per follow-up")
			}
			return decideRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "the decision (required; - reads stdin)")
	c.Flags().StringArrayVar(&opts.Assign, "assign", nil, "a follow-up for WHO (repeatable)")
	c.Flags().StringArrayVar(&opts.Due, "due", nil, "due time of the follow-up of the same position: 2d, 1w, 36h, 90min, a date or a date-time")
	c.Flags().StringArrayVar(&opts.Task, "task", nil, "what the follow-up of the same position asks (default: the decision)")
	addSignFlags(c, &opts.Sign)
	addJSONFlag(c, &opts.JSON)
	return c
}

func decideRun(f *Factory, opts *decideOptions) error {
	text, err := opts.Message.text(f, true, "")
	if err != nil {
		return err
	}
	d := repo.Decision{Text: text}
	for i, who := range opts.Assign {
		fu := repo.Followup{Who: who}
		if i < len(opts.Due) {
			fu.Due = opts.Due[i]
		}
		if i < len(opts.Task) {
			fu.Text = opts.Task[i]
		}
		d.Followups = append(d.Followups, fu)
	}
	r, a, sig, err := opts.Sign.acting(f)
	if err != nil {
		return err
	}
	rec, err := r.Decide(a, opts.Thread, d)
	err = sig.done(f, err)
	return printEvent(f, rec, err, opts.JSON)
}
