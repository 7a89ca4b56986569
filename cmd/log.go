package cmd

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
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
commit that created it. Follows the first parent, as git log --first-parent;
stops at the edge of a shallow clone.`,
		Example: `  cc log
  cc log our-launch-plan -n 20
  cc log k3x9q2 --json | jq -r '.commits[] | select(.action == "approve") | .author.email'`,
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
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	out := logOutput{Version: jsonFormatVersion, Commits: []logEntry{}}
	var draft *content.CatalogEntry
	if opts.Draft != "" {
		e, err := r.findDraft(opts.Draft)
		if err != nil {
			return err
		}
		d := entryOutput(e)
		out.Draft, draft = &d, &e
	}
	for h := r.head.Commit; !h.IsZero(); {
		if len(out.Commits) == opts.Max {
			out.Truncated = true
			break
		}
		c, err := r.store.ReadCommit(h)
		if err != nil {
			return err
		}
		var parent gitstore.Hash
		if len(c.Parents) > 0 {
			parent = c.Parents[0]
		}
		if shallow, err := r.store.Shallow(h); err != nil {
			return err
		} else if shallow {
			parent, out.Truncated = gitstore.Hash{}, true
		}
		action := trailer(c.Message, "Cc-Action")
		include := action != ""
		if draft != nil {
			changed, created, err := r.draftChanged(c, parent, *draft)
			if err != nil {
				return err
			}
			include = changed
			if created {
				parent = gitstore.Hash{} // nothing older is its history
			}
		}
		if include {
			out.Commits = append(out.Commits, logEntry{
				Commit: c.ID.String(), Time: c.Author.When, Author: personOutput{c.Author.Name, c.Author.Email},
				Action: action, Drafts: trailers(c.Message, "Cc-Draft"), Subject: firstLine(c.Message),
			})
		}
		h = parent
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	for _, c := range out.Commits {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", c.Commit[:7], c.Time.Format("2006-01-02 15:04"), c.Author.Name, orDash(c.Action), c.Subject)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if out.Truncated {
		fmt.Fprintln(f.IO.ErrOut, "(history goes on: -n lists more; a shallow clone has no more)")
	}
	return nil
}

// draftChanged reports whether commit c changed draft e's file or its
// events, compared with parent, and whether c created the draft. A commit
// cc made for other drafts says so in its trailers and is passed over
// without reading trees; any other commit is compared, the events folder
// only when .cc changed at all.
func (r *repo) draftChanged(c gitstore.CommitInfo, parent gitstore.Hash, e content.CatalogEntry) (changed, created bool, err error) {
	if trailer(c.Message, "Cc-Action") != "" && e.ID != "" && !slices.Contains(trailers(c.Message, "Cc-Draft"), e.ID) {
		return false, false, nil
	}
	now, err := r.store.Snapshot(c.ID)
	if err != nil {
		return false, false, err
	}
	before, err := r.store.Snapshot(parent)
	if err != nil {
		return false, false, err
	}
	fileNow, fileBefore := blobAt(now, e.Path), blobAt(before, e.Path)
	eventsNow, eventsBefore := "", ""
	if e.ID != "" {
		if ccNow, ccBefore := treeAt(now, ".cc"), treeAt(before, ".cc"); ccNow != ccBefore || fileBefore == "" {
			eventsNow, eventsBefore = treeAt(now, reviewDir(e.ID)), treeAt(before, reviewDir(e.ID))
		}
	}
	changed = fileNow != fileBefore || eventsNow != eventsBefore
	return changed, fileBefore == "" && eventsBefore == "", nil
}

func blobAt(snap *gitstore.Snapshot, p string) string {
	if e, err := snap.Stat(p); err == nil {
		return e.Blob.String()
	}
	return ""
}

func treeAt(snap *gitstore.Snapshot, dir string) string {
	if h, err := snap.TreeHash(dir); err == nil {
		return h.String()
	}
	return ""
}

// trailers returns the values of a trailer key in a commit message.
func trailers(msg, key string) []string {
	var out []string
	for _, line := range strings.Split(msg, "\n") {
		if v, ok := strings.CutPrefix(line, key+": "); ok {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

func trailer(msg, key string) string {
	if v := trailers(msg, key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func firstLine(msg string) string {
	line, _, _ := strings.Cut(msg, "\n")
	return line
}
