package cmd

import (
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/review"
)

type inboxOptions struct {
	JSON bool
}

type inboxItem struct {
	owes
	Draft draftOutput `json:"draft"`
	State string      `json:"state"`
}

type inboxOutput struct {
	Version int         `json:"version"`
	Me      string      `json:"me"`
	Items   []inboxItem `json:"items"`
}

func newInboxCmd(f *Factory) *cobra.Command {
	opts := &inboxOptions{}
	c := &cobra.Command{
		Use:   "inbox",
		Short: "What waits on me: reviews asked of me, changes asked of my drafts",
		Long: `List what waits on you, oldest first: drafts you were asked to review and have
not answered, and your drafts (those you submitted) with changes requested,
open threads, or ready to publish. You are who git says you are
(GIT_AUTHOR_NAME/EMAIL, user.name/user.email).`,
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
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	me, err := r.author()
	if err != nil {
		return err
	}
	board, err := r.board(false)
	if err != nil {
		return err
	}
	out := inboxOutput{Version: jsonFormatVersion, Me: me.String(), Items: []inboxItem{}}
	for _, d := range board {
		mine := false
		for _, a := range d.Status.Authors {
			mine = mine || a.Same(me)
		}
		for _, o := range waitsOn(d.Status, r.config) {
			forMe := review.MatchIdentity(o.Who, me) || mine && o.Who == authorOf(d.Status)
			if forMe {
				out.Items = append(out.Items, inboxItem{owes: o, Draft: entryOutput(d.Entry), State: d.Status.State})
			}
		}
	}
	sort.SliceStable(out.Items, func(i, j int) bool { return out.Items[i].Since.Before(out.Items[j].Since) })
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if len(out.Items) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "Nothing waits on %s.\n", me)
		return nil
	}
	now := r.f.Now()
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	for _, it := range out.Items {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", orDash(it.Draft.ID), describeOwes([]owes{it.owes}, now), it.State, oneLine(it.Draft.Title))
	}
	return w.Flush()
}

// authorOf is how waitsOn names a draft's author.
func authorOf(st review.Status) string {
	if len(st.Authors) > 0 {
		return st.Authors[0].String()
	}
	return "the author"
}
