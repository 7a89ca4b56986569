package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

type reviewShowOptions struct {
	Draft string
	All   bool
	JSON  bool
}

type reviewShowOutput struct {
	Version  int            `json:"version"`
	Draft    draftOutput    `json:"draft"`
	Threads  []threadOutput `json:"threads"`
	Open     int            `json:"open"`
	Resolved int            `json:"resolved"`
	Problems []string       `json:"problems"`
}

func newReviewShowCmd(f *Factory) *cobra.Command {
	opts := &reviewShowOptions{}
	c := &cobra.Command{
		Use:   "show <draft>",
		Short: "Show a draft's review threads in document order",
		Long: `Show the open threads of a draft in the order of the text they are about:
the quoted line, whether the anchor is still where it was (anchored), found
elsewhere (moved), found approximately (fuzzy, with a score) or lost
(orphaned, still shown and still open), then every message with who and when.
Anchors follow their words through every version of the draft since the
comment was made; where that history is not in the repository (a shallow
clone), the words are found by search and the anchor says "history cut"
(--json: historyCut, and revisions: how many changes it was followed through).
Whole-draft comments come first. --all includes resolved threads.

Each message's signature is checked against .cc/allowed_signers at the tip
and marked [signed], [signature invalid: why] or [unsigned] (the marks are
left out while nothing is signed and the file does not exist); --json has
it as signature: {state, signer, reason}.`,
		Example: `  cc review show our-launch-plan
  cc review show k3x9q2 --all --json | jq '.threads[] | select(.anchor.state == "orphaned")'`,
		Args: exactArgs("<draft>"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Draft = args[0]
			return reviewShowRun(f, opts)
		},
	}
	c.Flags().BoolVarP(&opts.All, "all", "a", false, "include resolved threads")
	addJSONFlag(c, &opts.JSON)
	return c
}

func reviewShowRun(f *Factory, opts *reviewShowOptions) error {
	_, v, e, err := f.Draft(opts.Draft)
	if err != nil {
		return err
	}
	out := reviewShowOutput{Version: jsonFormatVersion, Draft: entryOutput(e), Threads: []threadOutput{}, Problems: []string{}}
	marks := false
	id, err := threadsID(f, v, e)
	if err != nil {
		return err
	}
	if id != "" {
		d, err := v.ParseDraft(e)
		if err != nil {
			return err
		}
		rv, err := v.Review(id)
		if err != nil {
			return err
		}
		var placed []repo.Placed
		placed, out.Open, out.Resolved, err = v.PlaceThreads(e, d, rv.Threads, opts.All)
		if err != nil {
			return err
		}
		now := f.Now()
		out.Threads = threadsOutput(placed, func(e *review.Event) *signatureOutput {
			marks = marks || e.Signature != ""
			return signatureOf(v.VerifyEvent(e, "", now))
		})
		for _, p := range rv.Problems {
			out.Problems = append(out.Problems, p.Error())
		}
	}
	// Text marks signatures where there is something to say: an event is
	// signed, or the repository lists who may sign.
	if v.HasAllowedSigners() {
		marks = true
		if _, err := v.AllowedSigners(); err != nil {
			out.Problems = append(out.Problems, err.Error())
		}
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	for _, p := range out.Problems {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s\n", p)
	}
	printThreads(f.IO.Out, out, marks)
	if hidden := out.Resolved; !opts.All && hidden > 0 {
		fmt.Fprintf(f.IO.ErrOut, "%d resolved thread%s not shown; --all shows them.\n", hidden, plural(hidden))
	}
	return nil
}

// threadsID is the id whose threads belong to draft e: its own, or the id
// its file had before it lost it, which it says on stderr.
func threadsID(f *Factory, v *repo.View, e content.CatalogEntry) (string, error) {
	former, err := v.FormerID(e)
	if err != nil || former == "" {
		return e.ID, err
	}
	now := "has no id: line"
	if e.ID != "" {
		now = "has the id " + e.ID
	}
	fmt.Fprintf(f.IO.ErrOut, "note: %s %s now; these are the threads of %s, the id it had (put back 'id: %s' and run cc draft save to keep them with it)\n", e.Path, now, former, former)
	return former, nil
}

// historyNote says when an anchor could not be followed through the
// draft's history and was found by search instead.
func historyNote(a *anchorOutput) string {
	if a.HistoryCut {
		return " (history cut: found by search)"
	}
	return ""
}

func printThreads(w io.Writer, out reviewShowOutput, marks bool) {
	d := out.Draft
	fmt.Fprintf(w, "%s (%s", repo.OneLine(d.Title), d.Path)
	if d.ID != "" {
		fmt.Fprintf(w, ", %s", d.ID)
	}
	fmt.Fprintf(w, "): %d open, %d resolved\n", out.Open, out.Resolved)
	for _, t := range out.Threads {
		fmt.Fprintf(w, "\n%s  %s", repo.ShortID(t.ID), t.State)
		if t.Applied {
			fmt.Fprint(w, ", applied")
		}
		switch a := t.Anchor; {
		case a == nil:
			fmt.Fprint(w, "  on the whole draft\n")
		case a.State == "orphaned":
			fmt.Fprintf(w, "  orphaned%s: %q is no longer in the draft\n", historyNote(a), a.Quote)
		default:
			fmt.Fprintf(w, "  %s", a.State)
			if a.State == "fuzzy" {
				fmt.Fprintf(w, " (%.0f%%)", a.Score*100)
			}
			fmt.Fprintf(w, "%s, line %d: %q\n", historyNote(a), a.Line, a.Quote)
			fmt.Fprintf(w, "  > %s\n", strings.TrimSpace(a.LineText))
		}
		if t.Replacement != nil {
			fmt.Fprintf(w, "  suggests %q instead\n", *t.Replacement)
		}
		for i, m := range t.Messages {
			indent := "  "
			if i > 0 {
				indent = "    "
			}
			note := ""
			switch {
			case m.Retracted:
				note = " (retracted)"
			case m.Edited:
				note = " (edited)"
			}
			if marks {
				note += signatureMark(m.Signature)
			}
			fmt.Fprintf(w, "%s%s, %s%s\n", indent, m.Author.Name, m.Time.Format("2006-01-02 15:04"), note)
			for _, line := range strings.Split(m.Body, "\n") {
				if line != "" || m.Body != "" {
					fmt.Fprintf(w, "%s  %s\n", indent, line)
				}
			}
		}
		if d := t.Decision; d != nil {
			fmt.Fprintf(w, "  DECIDED by %s, %s: %s\n", d.By.Name, d.Time.Format("2006-01-02 15:04"), repo.OneLine(d.Text))
			for _, f := range d.Followups {
				due := ""
				if f.Due != "" {
					due = ", due " + f.Due
				}
				fmt.Fprintf(w, "    follow-up: %s%s: %s\n", f.Assignee, due, repo.OneLine(f.Text))
			}
		}
	}
}
