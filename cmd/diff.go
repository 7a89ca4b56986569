package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

type diffOptions struct {
	Draft         string
	Rev           string
	SinceApproval bool
	JSON          bool
}

type diffSide struct {
	Label string `json:"label"`
	Blob  string `json:"blob,omitempty"`
}

type diffOutput struct {
	Version int         `json:"version"`
	Draft   draftOutput `json:"draft"`
	From    diffSide    `json:"from"`
	To      diffSide    `json:"to"`
	Changed bool        `json:"changed"`
	Diff    string      `json:"diff"`
}

func newDiffCmd(f *Factory) *cobra.Command {
	opts := &diffOptions{}
	c := &cobra.Command{
		Use:   "diff <draft> [--since-approval | REV]",
		Short: "Show what changed in a draft: unsaved, since a revision, or since its last approval",
		Long: `Show a draft's changes as a unified diff:

  cc diff <draft>                    the work-tree file against the last commit
  cc diff <draft> REV                the draft at REV (a branch, tag or commit) against the last commit
  cc diff <draft> --since-approval   the content last approved against the last commit

--since-approval is what a reviewer asked to approve again reads first.`,
		Example: `  cc diff our-launch-plan
  cc diff our-launch-plan --since-approval
  cc diff k3x9q2 main~5`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return usageErrorf("missing <draft> (usage: cc diff <draft> [--since-approval | REV])")
			case len(args) > 2:
				return usageErrorf("unexpected argument %q (usage: cc diff <draft> [--since-approval | REV])", args[2])
			case len(args) == 2 && opts.SinceApproval:
				return usageErrorf("give REV or --since-approval, not both")
			}
			opts.Draft = args[0]
			if len(args) == 2 {
				opts.Rev = args[1]
			}
			return diffRun(f, opts)
		},
	}
	c.Flags().BoolVar(&opts.SinceApproval, "since-approval", false, "compare with the content of the latest approval")
	addJSONFlag(c, &opts.JSON)
	return c
}

func diffRun(f *Factory, opts *diffOptions) error {
	r, e, err := f.openDraft(opts.Draft)
	if err != nil {
		return err
	}
	committed, err := r.tip.ReadFile(e.Path)
	if err != nil {
		return err
	}
	out := diffOutput{Version: jsonFormatVersion, Draft: entryOutput(e)}
	from, to := committed, committed
	out.From = diffSide{Label: "HEAD", Blob: e.Blob}
	out.To = out.From
	switch {
	case opts.SinceApproval:
		blob, err := r.lastApproval(e)
		if err != nil {
			return err
		}
		if from, err = r.readBlob(blob); err != nil {
			return fmt.Errorf("the approved content (blob %s) is not in this clone (%w); fetch more history: git fetch --unshallow", shortBlob(blob), err)
		}
		out.From = diffSide{Label: "approved", Blob: blob}
	case opts.Rev != "":
		h, err := r.store.Resolve(opts.Rev)
		if err != nil {
			return err
		}
		snap, err := r.store.Snapshot(h)
		if err != nil {
			return err
		}
		if from, err = snap.ReadFile(e.Path); isNotExist(err) {
			from, err = nil, nil // not there yet: everything is new
		}
		if err != nil {
			return err
		}
		out.From = diffSide{Label: opts.Rev, Blob: gitstore.BlobHash(from).String()}
	default:
		wt, err := r.store.ReadWorktreeFile(e.Path)
		if err != nil && !isNotExist(err) {
			return err
		}
		to = wt
		out.To = diffSide{Label: "work tree", Blob: gitstore.BlobHash(wt).String()}
	}
	out.Diff = content.UnifiedDiff("a/"+e.Path+" ("+out.From.Label+")", "b/"+e.Path+" ("+out.To.Label+")", from, to, 3)
	out.Changed = out.Diff != ""
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if !out.Changed {
		fmt.Fprintf(f.IO.ErrOut, "No changes: %s is the same at %s and %s.\n", e.Path, out.From.Label, out.To.Label)
		return nil
	}
	_, err = fmt.Fprint(f.IO.Out, out.Diff)
	return err
}

// lastApproval is the blob named by the latest approval of draft e.
func (r *repo) lastApproval(e content.CatalogEntry) (string, error) {
	if e.ID == "" {
		return "", fmt.Errorf("%s has never been approved", e.Path)
	}
	rv, err := loadReview(r.tip, e.ID)
	if err != nil {
		return "", err
	}
	for i := len(rv.Events) - 1; i >= 0; i-- {
		if ev := rv.Events[i]; ev.Type == review.TypeApprove {
			return ev.Blob, nil
		}
	}
	return "", fmt.Errorf("%s has never been approved", e.Path)
}

func (r *repo) readBlob(blob string) ([]byte, error) {
	h, err := gitstore.ParseHash(blob)
	if err != nil {
		return nil, err
	}
	return r.tip.ReadBlob(h)
}
