package cmd

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

type logOptions struct {
	Draft string
	Max   int
	JSON  bool
}

type logEntry struct {
	Commit  string       `json:"commit"`
	Time    time.Time    `json:"time"`
	Author  personOutput `json:"author"`
	Action  string       `json:"action"`
	Drafts  []string     `json:"drafts"`
	Subject string       `json:"subject"`
	// Path is where the draft's file was in this commit, in the history
	// of one draft: it follows renames; absent where it was removed.
	Path string `json:"path,omitempty"`
	// Signature judges the event a cc commit recorded (its Cc-Event), by
	// .cc/allowed_signers at the tip; absent for other commits.
	Signature *signatureOutput `json:"signature,omitempty"`
}

type logOutput struct {
	Version int          `json:"version"`
	Draft   *draftOutput `json:"draft,omitempty"`
	Commits []logEntry   `json:"commits"`
	// Truncated is set when history went on past the last commit listed:
	// the -n limit, or the boundary of a shallow clone.
	Truncated bool `json:"truncated"`
}

func newLogCmd(f *Factory) *cobra.Command {
	opts := &logOptions{}
	c := &cobra.Command{
		Use:   "log [<draft>]",
		Short: "The audit trail: cc's actions, or one draft's history",
		Long: `Without a draft, list the commits of cc actions on the current branch, newest
first, with who did what. With a draft, list every commit that changed its file
or its review events (cc's actions and plain git commits alike), back to the
commit that created it, as git log --follow does: through renames (cc draft mv,
and a git mv that git's rename detection would pair), and along the lines a
merge brought in, so events that arrived through a merge's second parent are
listed where they were made. A commit at another path shows that path. A
removed draft is named by its id and listed up to its removal. Without a draft
the log follows the first parent, as git log --first-parent. Both stop at the
edge of a shallow clone.

The event each review commit recorded has its signature checked against
.cc/allowed_signers at the tip: [signed], [signature invalid: why] or
[unsigned] after the subject (left out while nothing is signed and the file
does not exist), and signature: {state, signer, reason} in --json.`,
		Example: `  cc log
  cc log our-launch-plan -n 20
  cc log k3x9q2                # also once the draft is removed
  cc log k3x9q2 --json | jq -r '.commits[] | select(.action == "approve") | .author.email'
  cc log --json | jq -r '.commits[] | select(.signature.state == "valid") | .commit'`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("unexpected argument %q (usage: cc log [<draft>])", args[1])
			}
			if len(args) == 1 {
				opts.Draft = args[0]
			}
			if opts.Max < 1 {
				return usageErrorf("-n must be at least 1")
			}
			return logRun(f, opts)
		},
	}
	c.Flags().IntVarP(&opts.Max, "max-count", "n", 50, "list at most `N` commits")
	addJSONFlag(c, &opts.JSON)
	return c
}

func logRun(f *Factory, opts *logOptions) error {
	v, err := f.View()
	if err != nil {
		return err
	}
	out := logOutput{Version: jsonFormatVersion, Commits: []logEntry{}}
	var draft *content.CatalogEntry
	if opts.Draft != "" {
		e, err := v.FindDraftOrRemoved(opts.Draft)
		if err != nil {
			return err
		}
		d := entryOutput(e)
		out.Draft, draft = &d, &e
	}
	hist, err := v.Log(draft, opts.Max)
	if err != nil {
		return err
	}
	out.Truncated = hist.Truncated
	now := f.Now()
	// Text marks signatures once there is something to say: a signed event,
	// or a repository that lists who may sign.
	marks := v.HasAllowedSigners()
	for _, c := range hist.Commits {
		entry := logEntry{Commit: c.Commit, Time: c.Time, Author: personOf(c.Author), Action: c.Action, Drafts: c.Drafts, Subject: c.Subject, Path: c.Path}
		if c.Action != "" {
			verdict, ok, err := v.CommitSignature(c.Commit, now)
			if ok || err != nil {
				entry.Signature = signatureOf(verdict, err)
				marks = marks || entry.Signature.State != review.SignatureUnsigned.String()
			}
		}
		out.Commits = append(out.Commits, entry)
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	for _, c := range out.Commits {
		mark := ""
		if marks {
			mark = signatureMark(c.Signature)
		}
		if draft != nil && c.Path != "" && c.Path != draft.Path {
			mark += "  (" + c.Path + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s%s\n", c.Commit[:7], c.Time.Format("2006-01-02 15:04"), c.Author.Name, orDash(c.Action), c.Subject, mark)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if out.Truncated {
		fmt.Fprintln(f.IO.ErrOut, "(history goes on: -n lists more; a shallow clone has no more)")
	}
	return nil
}
