package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// The output types and printing helpers that several commands share. Each
// --json document has a version field; field names are only ever added.

type draftOutput struct {
	Version int            `json:"version"`
	ID      string         `json:"id"`
	Title   string         `json:"title"`
	Path    string         `json:"path"`
	Slug    string         `json:"slug"`
	Blob    string         `json:"blob,omitempty"`
	Commit  string         `json:"commit,omitempty"`
	Problem string         `json:"problem,omitempty"`
	Meta    map[string]any `json:"meta,omitempty"`
	Body    *string        `json:"body,omitempty"`
}

func entryOutput(e content.CatalogEntry) draftOutput {
	return draftOutput{Version: jsonFormatVersion, ID: e.ID, Title: e.Title, Path: e.Path, Slug: e.Slug(), Blob: e.Blob, Problem: e.Problem}
}

// printSavedLines says which drafts a save committed.
func printSavedLines(w io.Writer, saved []draftOutput) {
	for _, d := range saved {
		fmt.Fprintf(w, "Saved %s (%s)\n", d.Path, d.ID)
	}
}

// changedOutput is a draft an action changed, with its commit.
func changedOutput(c repo.Changed) draftOutput {
	out := entryOutput(c.Entry)
	out.Commit = c.Commit
	return out
}

type personOutput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

func personOf(p review.Person) personOutput { return personOutput{p.Name, p.Email} }

type eventOutput struct {
	Version int    `json:"version"`
	Event   string `json:"event"`
	Type    string `json:"type"`
	Draft   string `json:"draft"`
	Thread  string `json:"thread,omitempty"`
	Commit  string `json:"commit"`
	Signed  bool   `json:"signed"`
}

// printEvent reports a recorded event: its id on stdout (a thread id for
// what opens a thread), a note on stderr, or the JSON document.
func printEvent(f *Factory, rec repo.Recorded, err error, asJSON bool) error {
	if err != nil {
		return err
	}
	ev := rec.Event
	if rec.KeptID != "" {
		fmt.Fprintf(f.IO.ErrOut, "note: %s had lost its id: line; put back 'id: %s', the id its review is filed under\n", rec.Path, rec.KeptID)
	}
	for _, w := range rec.Warnings {
		fmt.Fprintln(f.IO.ErrOut, "warning: "+w)
	}
	if asJSON {
		return writeJSON(f.IO.Out, eventOutput{Version: jsonFormatVersion, Event: ev.ID, Type: string(ev.Type), Draft: ev.Draft, Thread: ev.Thread, Commit: rec.Commit, Signed: ev.Signature != ""})
	}
	fmt.Fprintf(f.IO.ErrOut, "Recorded %s %s on %s\n", ev.Type, ev.ID, ev.Draft)
	_, err = fmt.Fprintln(f.IO.Out, ev.ID)
	return err
}

type draftSaveOutput struct {
	Version int           `json:"version"`
	Commit  string        `json:"commit,omitempty"`
	Saved   []draftOutput `json:"saved"`
	Removed []draftOutput `json:"removed"`
	// Kept are the drafts whose lost id: line the save put back.
	Kept []draftOutput `json:"kept"`
}

// printSaved reports what a save (cc draft save, cc draft edit) committed.
func printSaved(f *Factory, saved repo.Saved, err error, asJSON bool) error {
	out := draftSaveOutput{Version: jsonFormatVersion, Saved: []draftOutput{}, Removed: []draftOutput{}, Kept: []draftOutput{}}
	if errors.Is(err, repo.ErrNothingToSave) {
		fmt.Fprintln(f.IO.ErrOut, "Nothing to save: no draft differs from the last commit.")
		if asJSON {
			return writeJSON(f.IO.Out, out)
		}
		return nil
	}
	if err != nil {
		return err
	}
	out.Commit = saved.Commit
	for _, e := range saved.Saved {
		out.Saved = append(out.Saved, entryOutput(e))
	}
	for _, e := range saved.Removed {
		out.Removed = append(out.Removed, entryOutput(e))
	}
	for _, e := range saved.Kept {
		out.Kept = append(out.Kept, entryOutput(e))
		// Said even with --json: stderr is where notes go.
		fmt.Fprintf(f.IO.ErrOut, "note: %s had lost its id: line; put back 'id: %s', its id at the tip, so its review stays with it (--new-id gives it a new one)\n", e.Path, e.ID)
	}
	if asJSON {
		return writeJSON(f.IO.Out, out)
	}
	printSavedLines(f.IO.ErrOut, out.Saved)
	for _, d := range out.Removed {
		fmt.Fprintf(f.IO.ErrOut, "Removed %s\n", d.Path)
	}
	return nil
}

// warnDuplicates says on stderr which drafts share an id: every command
// that lists drafts says it, and cc check fails them.
func warnDuplicates(f *Factory, drafts []content.CatalogEntry) {
	for _, group := range repo.DuplicateIDs(drafts) {
		paths := make([]string, len(group))
		for i, e := range group {
			paths[i] = e.Path
		}
		fmt.Fprintf(f.IO.ErrOut, "warning: duplicate id %s in %s; give the copy its own id (delete its id: line, then cc draft save)\n", group[0].ID, strings.Join(paths, " and "))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// warnInProgress says on stderr, before anything else, that a git
// operation is stopped in the work tree: reading commands describe the
// branch tip, and the work tree (conflict markers and all) is not that.
// what names what the command describes ("the board").
func warnInProgress(f *Factory, r *repo.Repo, what string) error {
	op, ok, err := r.InProgress()
	if err != nil || !ok {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "warning: %s; %s is of HEAD, not of the unfinished %s in the work tree\n", repo.DescribeOperation(op), what, op.Name)
	return nil
}
