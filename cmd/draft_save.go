package cmd

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

type draftSaveOptions struct {
	Drafts  []string
	Message messageFlag
	JSON    bool
}

type draftSaveOutput struct {
	Version int           `json:"version"`
	Commit  string        `json:"commit,omitempty"`
	Saved   []draftOutput `json:"saved"`
	Removed []draftOutput `json:"removed"`
}

func newDraftSaveCmd(f *Factory) *cobra.Command {
	opts := &draftSaveOptions{}
	c := &cobra.Command{
		Use:   "save [<draft>...]",
		Short: "Commit edits made to drafts in any editor",
		Long: `Commit the work-tree edits of the named drafts, or of every changed draft
when none is named, as one commit. New Markdown files in a content folder are
added and get an id; drafts deleted from the work tree are removed.

Every file is checked first: a malformed front matter stops the save with
the file and line, and nothing is committed.`,
		Example: `  cc draft save
  cc draft save our-launch-plan -m "Tighten the intro"`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Drafts = args
			return draftSaveRun(f, opts)
		},
	}
	addMessageFlag(c, &opts.Message, "say what changed (goes into the commit body; - reads stdin)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func draftSaveRun(f *Factory, opts *draftSaveOptions) error {
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	if r.store.Bare() {
		return fmt.Errorf("cc draft save needs a work tree; this repository is bare")
	}
	note, err := opts.Message.text(f, false, "")
	if err != nil {
		return err
	}
	paths, err := r.savePaths(opts.Drafts)
	if err != nil {
		return err
	}
	out := draftSaveOutput{Version: jsonFormatVersion, Saved: []draftOutput{}, Removed: []draftOutput{}}
	res, err := r.commit(func(tip *gitstore.Snapshot) (message, []gitstore.Change, error) {
		out.Saved, out.Removed = out.Saved[:0], out.Removed[:0]
		return r.saveChanges(tip, paths, note, &out)
	})
	if err == errNothingToSave {
		fmt.Fprintln(f.IO.ErrOut, "Nothing to save: no draft differs from the last commit.")
		if opts.JSON {
			return writeJSON(f.IO.Out, out)
		}
		return nil
	}
	if err != nil {
		return err
	}
	out.Commit = res.Commit.String()
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	for _, d := range out.Saved {
		fmt.Fprintf(f.IO.ErrOut, "Saved %s (%s)\n", d.Path, d.ID)
	}
	for _, d := range out.Removed {
		fmt.Fprintf(f.IO.ErrOut, "Removed %s\n", d.Path)
	}
	return nil
}

var errNothingToSave = fmt.Errorf("nothing to save")

// savePaths turns the drafts named on the command line into repository
// paths; with none, it is every draft whose work-tree file differs.
func (r *repo) savePaths(refs []string) ([]string, error) {
	if len(refs) == 0 {
		changes, err := r.store.WorktreeChanges(r.tip, r.config.InContent)
		if err != nil {
			return nil, err
		}
		var paths []string
		for _, c := range changes {
			paths = append(paths, c.Path)
		}
		return paths, nil
	}
	var paths []string
	for _, ref := range refs {
		if p, ok := r.repoPath(ref); ok && r.config.InContent(p) {
			if _, err := r.store.ReadWorktreeFile(p); err == nil {
				paths = append(paths, p)
				continue
			}
		}
		e, err := r.findDraft(ref)
		if err != nil {
			return nil, err
		}
		paths = append(paths, e.Path)
	}
	return paths, nil
}

// saveChanges builds the commit of a save from the work tree. New drafts
// without an id get one written into their front matter.
func (r *repo) saveChanges(tip *gitstore.Snapshot, paths []string, note string, out *draftSaveOutput) (message, []gitstore.Change, error) {
	taken, err := r.idTaken()
	if err != nil {
		return message{}, nil, err
	}
	owner := map[string]string{}
	if entries, err := r.drafts(); err == nil {
		for _, e := range entries {
			if e.ID != "" {
				owner[e.ID] = e.Path
			}
		}
	}
	var changes []gitstore.Change
	var ids, slugs []string
	// Removals first: a draft renamed in an editor is a removal and an
	// addition with the same id, and the id must be free again for it.
	var kept []string
	for _, p := range paths {
		if _, err := r.store.ReadWorktreeFile(p); !isNotExist(err) {
			kept = append(kept, p)
			continue
		}
		old, err := tip.ReadFile(p)
		if err != nil {
			continue
		}
		e := catalogEntry(p, "", old)
		changes = append(changes, gitstore.Change{Path: p, Delete: true})
		out.Removed = append(out.Removed, entryOutput(e))
		ids, slugs = append(ids, e.ID), append(slugs, e.Slug())
		if owner[e.ID] == p {
			delete(owner, e.ID)
		}
	}
	for _, p := range kept {
		old, oldErr := tip.ReadFile(p)
		data, err := r.store.ReadWorktreeFile(p)
		if err != nil {
			return message{}, nil, err
		}
		if oldErr == nil && bytes.Equal(old, data) {
			continue
		}
		d, err := content.Parse(p, data)
		if err != nil {
			return message{}, nil, err
		}
		change := gitstore.Change{Path: p, Data: data}
		if d.ID == "" {
			id, err := content.NewID(r.f.Random, func(s string) bool { return taken(s) || owner[s] != "" })
			if err != nil {
				return message{}, nil, err
			}
			if err := d.Set("id", id); err != nil {
				return message{}, nil, fmt.Errorf("%s: %w", p, err)
			}
			change.Data, change.Base = d.Bytes(), data
			d.ID = id
		}
		if other := owner[d.ID]; other != "" && other != p {
			return message{}, nil, fmt.Errorf("%s: id %s is already used by %s; if you renamed it, run 'cc draft save' with no arguments (or use cc draft mv); if it is a copy, delete its id: line and save again to get a new one", p, d.ID, other)
		}
		owner[d.ID] = p
		changes = append(changes, change)
		e := content.CatalogEntry{Path: p, ID: d.ID, Title: d.Title, Blob: gitstore.BlobHash(change.Data).String()}
		out.Saved = append(out.Saved, entryOutput(e))
		ids, slugs = append(ids, d.ID), append(slugs, e.Slug())
	}
	if len(changes) == 0 {
		return message{}, nil, errNothingToSave
	}
	var msg message
	if len(changes) == 1 {
		verb := "save"
		if len(out.Removed) == 1 {
			verb = "remove"
		}
		msg.Subject = fmt.Sprintf("draft(%s): %s", slugs[0], verb)
	} else {
		msg.Subject = fmt.Sprintf("drafts: save %d drafts (%s)", len(changes), strings.Join(slugs, ", "))
	}
	msg.Body = note
	msg.trailer("Cc-Action", "draft-save")
	for _, id := range ids {
		if id != "" {
			msg.trailer("Cc-Draft", id)
		}
	}
	return msg, changes, nil
}
