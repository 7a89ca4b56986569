package cmd

import (
	"fmt"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// syncOutput is the --json document of cc sync.
type syncOutput struct {
	Version     int              `json:"version"`
	Remote      string           `json:"remote"`
	Branch      string           `json:"branch"`
	Status      string           `json:"status"` // up-to-date, pushed, merged, rebased, fast-forward, conflict, aborted
	Saved       []draftOutput    `json:"saved"`
	Merge       string           `json:"merge,omitempty"`
	Rebased     string           `json:"rebased,omitempty"`
	FastForward string           `json:"fastForward,omitempty"`
	Pushed      bool             `json:"pushed"`
	Head        string           `json:"head,omitempty"`
	Conflicts   []conflictOutput `json:"conflicts,omitempty"`
	Restored    []string         `json:"restored,omitempty"`
}

type conflictOutput struct {
	Path    string         `json:"path"`
	Draft   string         `json:"draft,omitempty"`
	Title   string         `json:"title,omitempty"`
	Ours    string         `json:"ours"`
	Theirs  string         `json:"theirs"`
	Removed string         `json:"removed,omitempty"`
	Regions []regionOutput `json:"regions"`
}

type regionOutput struct {
	Line        int    `json:"line"`
	OursLines   [2]int `json:"oursLines"`
	TheirsLines [2]int `json:"theirsLines"`
	Key         string `json:"key,omitempty"`
}

func printSynced(f *Factory, res repo.Synced, asJSON bool) error {
	out := syncOutput{Version: jsonFormatVersion, Remote: res.Remote, Branch: res.Branch, Saved: []draftOutput{},
		Merge: res.Merged, Rebased: res.Rebased, FastForward: res.FastForward, Pushed: res.Pushed, Head: res.Head}
	for _, e := range res.Saved.Saved {
		out.Saved = append(out.Saved, entryOutput(e))
	}
	switch {
	case res.UpToDate:
		out.Status = "up-to-date"
	case res.Merged != "":
		out.Status = "merged"
	case res.Rebased != "":
		out.Status = "rebased"
	case res.Pushed:
		out.Status = "pushed"
	default:
		out.Status = "fast-forward"
	}
	if asJSON {
		return writeJSON(f.IO.Out, out)
	}
	w := f.IO.ErrOut
	printSavedLines(w, out.Saved)
	where := res.Remote + "/" + res.Branch
	switch {
	case res.UpToDate:
		fmt.Fprintf(w, "Up to date with %s.\n", where)
		return nil
	case res.Merged != "":
		fmt.Fprintf(w, "Merged %s (%s).\n", where, res.Merged[:7])
	case res.Rebased != "":
		fmt.Fprintf(w, "Replayed your commits on %s (%s).\n", where, res.Rebased[:7])
	case res.FastForward != "":
		fmt.Fprintf(w, "Brought in %s (%s).\n", where, res.FastForward[:7])
	}
	if res.Pushed {
		fmt.Fprintf(w, "Pushed to %s (%s).\n", where, res.Head[:7])
	}
	return nil
}

func printSyncConflict(f *Factory, res repo.Synced, e *repo.SyncConflictError, asJSON bool) error {
	out := syncOutput{Version: jsonFormatVersion, Remote: e.Remote, Branch: e.Branch, Status: "conflict", Saved: []draftOutput{}}
	for _, d := range res.Saved.Saved {
		out.Saved = append(out.Saved, entryOutput(d))
	}
	for _, c := range e.Conflicts {
		co := conflictOutput{Path: c.Path, Draft: c.Draft.ID, Title: c.Draft.Title, Ours: whoChanged(c.Ours), Theirs: whoChanged(c.Theirs), Removed: c.Removed, Regions: []regionOutput{}}
		for _, r := range c.Regions {
			co.Regions = append(co.Regions, regionOutput{Line: r.Line, Key: r.Key,
				OursLines: [2]int{r.Ours.From, r.Ours.To}, TheirsLines: [2]int{r.Theirs.From, r.Theirs.To}})
		}
		out.Conflicts = append(out.Conflicts, co)
	}
	if asJSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	}
	w := f.IO.ErrOut
	printSavedLines(w, out.Saved)
	fmt.Fprintf(w, "Sync stopped: you and %s/%s changed the same place; nothing was committed.\n", e.Remote, e.Branch)
	for _, c := range out.Conflicts {
		name := c.Path
		if c.Draft != "" {
			name = fmt.Sprintf("%s (draft %s, %q)", c.Path, c.Draft, c.Title)
		}
		fmt.Fprintf(w, "  %s\n", name)
		switch c.Removed {
		case "ours":
			fmt.Fprintf(w, "    you removed it (%s); %s changed it\n", c.Ours, c.Theirs)
		case "theirs":
			fmt.Fprintf(w, "    you changed it (%s); %s removed it\n", c.Ours, c.Theirs)
		}
		for _, r := range c.Regions {
			what := fmt.Sprintf("line %d", r.Line)
			if r.Key != "" {
				what = fmt.Sprintf("front matter key %q, line %d", r.Key, r.Line)
			}
			fmt.Fprintf(w, "    %s: yours %s (%s), theirs %s (%s)\n", what,
				content.LineRange{From: r.OursLines[0], To: r.OursLines[1]}, c.Ours,
				content.LineRange{From: r.TheirsLines[0], To: r.TheirsLines[1]}, c.Theirs)
		}
	}
	fmt.Fprintln(w, "Both versions are in the files, between <<<<<<< and >>>>>>> markers.")
	fmt.Fprintln(w, "Next: edit them to what should stay, remove the markers, and run 'cc sync --continue';")
	fmt.Fprintln(w, "or run 'cc sync --abort' to put your version back.")
	return nil
}

func printSyncAborted(f *Factory, paths []string, asJSON bool) error {
	if asJSON {
		return writeJSON(f.IO.Out, syncOutput{Version: jsonFormatVersion, Status: "aborted", Saved: []draftOutput{}, Restored: paths})
	}
	for _, p := range paths {
		fmt.Fprintf(f.IO.ErrOut, "Restored %s\n", p)
	}
	fmt.Fprintln(f.IO.ErrOut, "Sync aborted; your branch is as it was.")
	return nil
}

// whoChanged names the author of a side's change, or says it is unknown
// (beyond the history the walk looks at).
func whoChanged(p review.Person) string {
	if p.Name == "" && p.Email == "" {
		return "unknown author"
	}
	return p.String()
}
