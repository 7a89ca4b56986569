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
	Lines         bool
	JSON          bool
}

type diffSide struct {
	Label string `json:"label"`
	Blob  string `json:"blob,omitempty"`
	// Path is where the draft's file is on this side: a revision before a
	// rename has the old one. Missing says the draft is not there.
	Path    string `json:"path"`
	Missing bool   `json:"missing,omitempty"`
}

type diffOutput struct {
	Version int         `json:"version"`
	Draft   draftOutput `json:"draft"`
	From    diffSide    `json:"from"`
	To      diffSide    `json:"to"`
	Changed bool        `json:"changed"`
	// Diff is the change as a patch git apply accepts (what --lines
	// prints); Words the same change word by word.
	Diff  string       `json:"diff"`
	Words []wordOutput `json:"words"`
}

// wordOutput is a piece of a word diff: op is same, deleted or inserted.
type wordOutput struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

func newDiffCmd(f *Factory) *cobra.Command {
	opts := &diffOptions{}
	c := &cobra.Command{
		Use:   "diff <draft> [--since-approval | REV]",
		Short: "Show what changed in a draft: unsaved, since a revision, or since its last approval",
		Long: `Show a draft's changes:

  cc diff <draft>                    the work-tree file against the last commit
  cc diff <draft> REV                the draft at REV (a branch, tag or commit) against the last commit
  cc diff <draft> --since-approval   the content last approved against the last commit

--since-approval is what a reviewer asked to approve again reads first.

Prose is compared word by word, as git diff --word-diff does: the lines that
changed, with context, deleted words in red and added ones in green on a
terminal (never with NO_COLOR), and [-deleted-]{+added+} elsewhere. --lines
prints a unified diff instead, a patch git apply accepts. The draft is found
at REV by its id, or through its renames, so a draft moved since REV is
compared with its old file, not shown as all new; a removed draft (by its
id) is compared as deleted. --json has both: diff (the patch) and words
({op: same|deleted|inserted, text}).`,
		Example: `  cc diff our-launch-plan
  cc diff our-launch-plan --since-approval
  cc diff k3x9q2 main~5
  cc diff k3x9q2 v1 --lines | git apply -R --check
  cc diff k3x9q2 HEAD~1            # a draft removed by the last commit`,
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
	c.Flags().BoolVar(&opts.Lines, "lines", false, "print a unified diff of lines (a patch git apply accepts) instead of words")
	addJSONFlag(c, &opts.JSON)
	return c
}

func diffRun(f *Factory, opts *diffOptions) error {
	v, e, err := f.DraftOrRemoved(opts.Draft)
	if err != nil {
		return err
	}
	from, to, err := v.Versions(e, repo.Baseline{SinceApproval: opts.SinceApproval, Rev: opts.Rev})
	if err != nil {
		return err
	}
	out := diffOutput{Version: jsonFormatVersion, Draft: entryOutput(e), Words: []wordOutput{},
		From: diffSide{Label: from.Label, Blob: from.Blob, Path: from.Path, Missing: from.Missing},
		To:   diffSide{Label: to.Label, Blob: to.Blob, Path: to.Path, Missing: to.Missing}}
	out.Diff = content.FilePatch(from.Path, to.Path, from.Data, to.Data, !from.Missing, !to.Missing)
	out.Changed = out.Diff != ""
	words := content.WordDiff(string(from.Data), string(to.Data))
	if opts.JSON {
		for _, w := range words {
			out.Words = append(out.Words, wordOutput{Op: w.Op.String(), Text: w.Text})
		}
		return writeJSON(f.IO.Out, out)
	}
	if !out.Changed {
		fmt.Fprintf(f.IO.ErrOut, "No changes: %s is the same at %s and %s.\n", e.Path, from.Label, to.Label)
		return nil
	}
	text := out.Diff
	if !opts.Lines {
		marks := content.PlainMarks
		if f.IO.ColorEnabled() {
			marks = content.ColorMarks
		}
		text = content.WordDiffText("a/"+from.Path+" ("+from.Label+")", "b/"+to.Path+" ("+to.Label+")", words, 3, marks)
		if text == "" {
			// Only the path changed.
			fmt.Fprintf(f.IO.ErrOut, "Only moved: %s at %s is %s at %s, word for word.\n", from.Path, from.Label, to.Path, to.Label)
			return nil
		}
	}
	_, err = fmt.Fprint(f.IO.Out, text)
	return err
}
