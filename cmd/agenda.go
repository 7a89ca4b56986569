package cmd

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/review"
)

type agendaOptions struct {
	Since  string
	Format string
	JSON   bool
}

type agendaItemOutput struct {
	Rules   []string    `json:"rules"`
	Draft   draftOutput `json:"draft"`
	State   string      `json:"state"`
	Thread  string      `json:"thread,omitempty"`
	Quote   string      `json:"quote,omitempty"`
	Text    string      `json:"text,omitempty"`
	Waiting []string    `json:"waiting"`
	On      []string    `json:"on"`
	Since   time.Time   `json:"since,omitzero"`
	Propose string      `json:"propose"`
}

type agendaOutput struct {
	Version int                `json:"version"`
	Items   []agendaItemOutput `json:"items"`
}

func newAgendaCmd(f *Factory) *cobra.Command {
	opts := &agendaOptions{}
	c := &cobra.Command{
		Use:   "agenda [--since WHEN] [--format md|json]",
		Short: "A Markdown pre-read for a short live meeting: what async could not settle",
		Long: `List what a short live meeting should decide, oldest first, as Markdown (or
JSON). An item is on the agenda when one of these rules selects it:

  blocking        an open thread stops a draft's approval (workflow.resolve_threads)
                  and has waited longer than agenda.wait (2d by default) since its
                  last message
  back-and-forth  an open thread changed hands agenda.exchanges times (4 by
                  default) or more without being resolved
  conflict        one reviewer approves a draft while another asks for changes
  overdue         a review request or an assignment is past its due time

Each item names the draft, quotes the anchored words, says who is waiting on
whom and since when, and proposes the decision to take. Record it with
'cc decide <thread> -m DECISION': the thread is resolved and leaves the
agenda. --since WHEN (a duration back from now such as 1w, a date or a
date-time) keeps only what started waiting since then, such as since the
last meeting.`,
		Example: `  cc agenda > agenda.md
  cc agenda --since 1w
  cc agenda --format json | jq '.items[] | select(.rules[] == "blocking") | .thread'`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			switch opts.Format {
			case "md", "markdown":
			case "json":
				opts.JSON = true
			default:
				return usageErrorf("--format %q: use md or json", opts.Format)
			}
			return agendaRun(f, opts)
		},
	}
	c.Flags().StringVar(&opts.Since, "since", "", "only what started waiting since WHEN: 1w, 3d, a date or a date-time")
	c.Flags().StringVar(&opts.Format, "format", "md", "md or json")
	addJSONFlag(c, &opts.JSON)
	return c
}

func agendaRun(f *Factory, opts *agendaOptions) error {
	now := f.Now()
	var since time.Time
	if opts.Since != "" {
		var err error
		if since, err = review.ParseSince(opts.Since, now); err != nil {
			return usageErrorf("--since: %v", err)
		}
	}
	v, err := f.View()
	if err != nil {
		return err
	}
	entries, err := v.Agenda(now, since)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := agendaOutput{Version: jsonFormatVersion, Items: make([]agendaItemOutput, 0, len(entries))}
		for _, e := range entries {
			out.Items = append(out.Items, agendaItemOutput{Rules: e.Rules, Draft: entryOutput(e.Entry), State: e.State,
				Thread: e.Thread, Quote: e.Quote, Text: e.Text, Waiting: orEmpty(e.Waiting), On: orEmpty(e.On), Since: e.Since, Propose: e.Propose})
		}
		return writeJSON(f.IO.Out, out)
	}
	if len(entries) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "Nothing for the agenda: no thread is blocked or going round, no verdicts conflict, nothing is overdue.")
	}
	return writeAgenda(f.IO.Out, entries, now)
}

func orEmpty(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// writeAgenda writes the agenda as a Markdown pre-read, as it goes: on a
// large repository with nothing settled it runs to megabytes.
func writeAgenda(w io.Writer, entries []repo.AgendaEntry, now time.Time) error {
	b := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(b, "# Agenda, %s\n\n", now.UTC().Format(time.DateOnly))
	if len(entries) == 0 {
		b.WriteString("Nothing to decide live.\n")
	}
	for i, it := range entries {
		ref := it.Entry.ID
		if ref == "" {
			ref = it.Entry.Path
		}
		b.WriteString("## " + strconv.Itoa(i+1) + ". " + repo.OneLine(it.Entry.Title) + " (" + ref + ", " + it.State + ")\n\n")
		b.WriteString("Why: " + strings.Join(it.Rules, ", ") + "\n\n")
		if it.Quote != "" {
			b.WriteString("> " + repo.OneLine(it.Quote) + "\n\n")
		}
		if it.Text != "" {
			b.WriteString(repo.OneLine(it.Text) + "\n\n")
		}
		waiting := "the team"
		if len(it.Waiting) > 0 {
			waiting = strings.Join(it.Waiting, ", ")
		}
		b.WriteString("- Waiting: " + waiting + " on " + strings.Join(it.On, ", "))
		if !it.Since.IsZero() {
			b.WriteString(" since " + it.Since.UTC().Format("2006-01-02 15:04") + " (" + ago(now.Sub(it.Since)) + ")")
		}
		b.WriteString("\n- Decide: " + it.Propose + "\n")
		if it.Thread != "" {
			b.WriteString("- Record: `cc decide " + repo.ShortID(it.Thread) + " -m \"...\"`\n")
		}
		b.WriteString("\n")
	}
	return b.Flush()
}
