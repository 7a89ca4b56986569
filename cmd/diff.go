package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
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
	_, v, e, err := f.Draft(opts.Draft)
	if err != nil {
		return err
	}
	from, to, err := v.Versions(e, repo.Baseline{SinceApproval: opts.SinceApproval, Rev: opts.Rev})
	if err != nil {
		return err
	}
	out := diffOutput{Version: jsonFormatVersion, Draft: entryOutput(e),
		From: diffSide{Label: from.Label, Blob: from.Blob}, To: diffSide{Label: to.Label, Blob: to.Blob}}
	out.Diff = content.UnifiedDiff("a/"+e.Path+" ("+from.Label+")", "b/"+e.Path+" ("+to.Label+")", from.Data, to.Data, 3)
	out.Changed = out.Diff != ""
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if !out.Changed {
		fmt.Fprintf(f.IO.ErrOut, "No changes: %s is the same at %s and %s.\n", e.Path, from.Label, to.Label)
		return nil
	}
	_, err = fmt.Fprint(f.IO.Out, out.Diff)
	return err
}
