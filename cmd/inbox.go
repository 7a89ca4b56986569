package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
)

type inboxOptions struct {
	JSON bool
}

type inboxOutput struct {
	Version int          `json:"version"`
	Me      string       `json:"me"`
	Items   []itemOutput `json:"items"`
}

func newInboxCmd(f *Factory) *cobra.Command {
	opts := &inboxOptions{}
	c := &cobra.Command{
		Use:   "inbox",
		Short: "What waits on me: reviews, answers, mentions, assignments, changes to my drafts",
		Long: `List what waits on you, oldest first: reviews asked of you and not answered
(and re-reviews of drafts resubmitted after you asked for changes), threads
waiting for your answer, @mentions of you not yet answered, assignments, and
your drafts (those you submitted) with changes requested or a next move that
is yours. It is the same list 'cc notify' sends you. You are who git says you
are (GIT_AUTHOR_NAME/EMAIL, user.name/user.email).`,
		Example: `  cc inbox
  GIT_AUTHOR_EMAIL=grace@example.com cc inbox --json`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return inboxRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func inboxRun(f *Factory, opts *inboxOptions) error {
	r, me, err := f.Acting()
	if err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	now := f.Now()
	items, err := v.Inbox(now, me.Author)
	if err != nil {
		return err
	}
	out := inboxOutput{Version: jsonFormatVersion, Me: me.Author.String(), Items: itemsOf(items)}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if len(out.Items) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "Nothing waits on %s.\n", me.Author)
		return nil
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	for _, it := range out.Items {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", orDash(it.Draft.ID), describeOwes([]owesOutput{it.owesOutput}, now), it.State, repo.OneLine(it.Draft.Title))
	}
	return w.Flush()
}
