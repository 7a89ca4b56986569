package cmd

import (
	"fmt"
	"path"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/gitstore"
)

type draftRmOptions struct {
	Draft string
	JSON  bool
}

func newDraftRmCmd(f *Factory) *cobra.Command {
	opts := &draftRmOptions{}
	c := &cobra.Command{
		Use:   "rm <draft>",
		Short: "Remove a draft",
		Long: `Remove a draft's file (a page bundle with all its files) in one commit. Its
review events stay in .cc/reviews and in history; git log shows them and
'git revert' brings the draft back.`,
		Example: `  cc draft rm old-announcement`,
		Args:    exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return draftRmRun(f, opts)
		},
	}
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftRmRun(f *Factory, opts *draftRmOptions) error {
	r, e, err := f.openDraft(opts.Draft)
	if err != nil {
		return err
	}
	removed := entryOutput(e)
	res, err := r.commit(func(tip *gitstore.Snapshot) (message, []gitstore.Change, error) {
		cur, err := r.findDraft(e.Path)
		if err != nil {
			return message{}, nil, err
		}
		changes := []gitstore.Change{{Path: cur.Path, Delete: true}}
		if r.isBundle(cur.Path) {
			changes = nil
			err := tip.Walk(path.Dir(cur.Path), func(e gitstore.Entry) error {
				changes = append(changes, gitstore.Change{Path: e.Path, Delete: true})
				return nil
			})
			if err != nil {
				return message{}, nil, err
			}
		}
		msg := message{Subject: fmt.Sprintf("draft(%s): remove %s", cur.Slug(), quoteSubject(cur.Title))}
		msg.trailer("Cc-Action", "draft-rm")
		if cur.ID != "" {
			msg.trailer("Cc-Draft", cur.ID)
		}
		return msg, changes, nil
	})
	if err != nil {
		return err
	}
	removed.Commit = res.Commit.String()
	if opts.JSON {
		return writeJSON(f.IO.Out, removed)
	}
	fmt.Fprintf(f.IO.ErrOut, "Removed %s (%s)\n", e.Path, e.ID)
	return nil
}
