package repo

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// ErrNothingToSave is returned by Save when no draft differs from the tip.
var ErrNothingToSave = errors.New("nothing to save")

// Saved is what a save committed: the drafts written and removed, and the
// ids it put back.
type Saved struct {
	Commit  string
	Saved   []content.CatalogEntry
	Removed []content.CatalogEntry
	// Kept are the drafts whose file had lost the id its path has at the
	// tip, and got it back.
	Kept []content.CatalogEntry
}

// SaveOptions says how a save treats a draft's identity.
type SaveOptions struct {
	// NewID lets a file at a path that has an id at the tip take another
	// one: the id its file names, or a new one when it names none. Without
	// it a missing id is put back and a changed one refused, so a page
	// never leaves its review behind by accident.
	NewID bool
}

// Save commits the work-tree edits of the drafts refs name, or of every
// changed draft when refs is empty, as one commit with note in its body.
// New files get an id; files deleted from the work tree are removed.
func (r *Repo) Save(a Actor, refs []string, note string, opts SaveOptions) (Saved, error) {
	if r.store.Bare() {
		return Saved{}, fmt.Errorf("cc draft save needs a work tree; this repository is bare")
	}
	v, err := r.View()
	if err != nil {
		return Saved{}, err
	}
	paths, err := v.savePaths(refs)
	if err != nil {
		return Saved{}, err
	}
	var out Saved
	out.Commit, err = r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		out.Saved, out.Removed, out.Kept = out.Saved[:0], out.Removed[:0], out.Kept[:0]
		return v.saveChanges(paths, note, opts, &out)
	})
	return out, err
}

// savePaths turns the drafts named on the command line into repository
// paths; with none, it is every draft whose work-tree file differs.
func (v *View) savePaths(refs []string) ([]string, error) {
	if len(refs) == 0 {
		changes, err := v.r.store.WorktreeChanges(v.snap, v.config.InContent, v.config.MayHoldDrafts)
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
		if p, ok := v.r.repoPath(ref); ok && v.config.InContent(p) {
			if _, err := v.r.store.ReadWorktreeFile(p); err == nil || errors.Is(err, gitstore.ErrSymlink) {
				paths = append(paths, p)
				continue
			}
		}
		e, err := v.FindDraft(ref)
		if err != nil {
			return nil, err
		}
		paths = append(paths, e.Path)
	}
	return paths, nil
}

// saveChanges builds the commit of a save from the work tree. New drafts
// without an id get one written into their front matter; a draft whose
// path has an id at the tip keeps it (see SaveOptions).
func (v *View) saveChanges(paths []string, note string, opts SaveOptions, out *Saved) (message, []gitstore.Change, error) {
	owners := idOwners{v: v, set: map[string]string{}}
	store := v.r.store
	var changes []gitstore.Change
	var ids, slugs []string
	// Removals first: a draft renamed in an editor is a removal and an
	// addition with the same id, and the id must be free again for it.
	var kept []string
	for _, p := range paths {
		if _, err := store.ReadWorktreeFile(p); !isNotExist(err) {
			kept = append(kept, p)
			continue
		}
		old, err := readFileLimited(v.snap, p)
		if err != nil {
			continue
		}
		e := catalogEntry(v.config.Site, p, "", old)
		changes = append(changes, gitstore.Change{Path: p, Delete: true})
		out.Removed = append(out.Removed, e)
		ids, slugs = append(ids, e.ID), append(slugs, e.Slug())
		if owners.owner(e.ID) == p {
			owners.set[e.ID] = ""
		}
	}
	eol, err := store.LineEndings()
	if err != nil {
		return message{}, nil, err
	}
	for _, p := range kept {
		old, oldErr := readFileLimited(v.snap, p)
		raw, err := store.ReadWorktreeFile(p)
		if errors.Is(err, gitstore.ErrSymlink) {
			return message{}, nil, fmt.Errorf("%w: a draft must be a file in the repository; replace the link with the file itself", err)
		}
		if err != nil {
			return message{}, nil, err
		}
		// Stored as git would store it (CRLF to LF for text files); the
		// work-tree file is rewritten to match, so git status stays clean.
		data, err := eol.Clean(p, raw, func() ([]byte, error) {
			if oldErr != nil {
				return nil, nil
			}
			return old, nil
		})
		if err != nil {
			return message{}, nil, err
		}
		if oldErr == nil && bytes.Equal(old, data) {
			continue
		}
		d, err := v.config.Site.Parse(p, data)
		if err != nil {
			return message{}, nil, err
		}
		change := gitstore.Change{Path: p, Data: data}
		if !bytes.Equal(raw, data) {
			change.Base = raw
		}
		tipID := ""
		if oldErr == nil {
			if tip := catalogEntry(v.config.Site, p, "", old); tip.ID != "" && len(owners.atTip(tip.ID)) < 2 {
				tipID = tip.ID
			}
		}
		switch {
		case tipID == "" || d.ID == tipID:
		case opts.NewID:
			// The review left behind names this commit too, so that the
			// old id's log (cc log <old-id>) finds where its file went.
			ids = append(ids, tipID)
		case d.ID == "":
			if err := d.SetID(tipID); err != nil {
				return message{}, nil, fmt.Errorf("%s: put back its id %s: %w", p, tipID, err)
			}
			change.Data, change.Base = d.Bytes(), raw
			d.ID = tipID
			out.Kept = append(out.Kept, content.CatalogEntry{Path: p, ID: tipID, Title: d.Title})
		default:
			return message{}, nil, fmt.Errorf("%s: its id is %s at the tip and %s in the file; an id is not changed, or the page would leave its review behind: put back 'id: %s', or save with --new-id if this is a different page now", p, tipID, d.ID, tipID)
		}
		if d.ID == "" {
			id, err := v.newID(func(s string) bool { return owners.set[s] != "" })
			if err != nil {
				return message{}, nil, err
			}
			if err := d.SetID(id); err != nil {
				return message{}, nil, fmt.Errorf("%s: %w", p, err)
			}
			change.Data, change.Base = d.Bytes(), raw
			d.ID = id
		}
		if other := owners.owner(d.ID); other != "" && other != p {
			return message{}, nil, fmt.Errorf("%s: id %s is already used by %s; if you renamed it, run 'cc draft save' with no arguments (or use cc draft mv); if it is a copy, delete its id: line and save again to get a new one", p, d.ID, other)
		}
		owners.set[d.ID] = p
		changes = append(changes, change)
		e := content.CatalogEntry{Path: p, ID: d.ID, Title: d.Title, Blob: gitstore.BlobHash(change.Data).String()}
		out.Saved = append(out.Saved, e)
		ids, slugs = append(ids, d.ID), append(slugs, e.Slug())
	}
	if len(changes) == 0 {
		return message{}, nil, ErrNothingToSave
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

// idOwners says which draft holds an id: the draft index at the tip (so
// that a save reads the drafts it saves, not the catalog), as the save
// changes it. An id two drafts hold at the tip belongs to neither: one is
// a copy.
type idOwners struct {
	v   *View
	set map[string]string // id -> the path the save gives it; "" when it removed it
	tip map[string][]string
}

// atTip is the paths of the drafts whose id is id at the tip.
func (o *idOwners) atTip(id string) []string {
	if paths, ok := o.tip[id]; ok {
		return paths
	}
	var paths []string
	found, err := o.v.indexedDrafts(func(x *draftIndex) []string { return lookup(x.ids, id, false) },
		func(e content.CatalogEntry) bool { return e.ID == id })
	if err == nil { // an index that cannot be read only checks less: the gate refuses duplicates
		for _, e := range found {
			paths = append(paths, e.Path)
		}
	}
	if o.tip == nil {
		o.tip = map[string][]string{}
	}
	o.tip[id] = paths
	return paths
}

// owner is the path that holds id after the save's changes so far, or "".
func (o *idOwners) owner(id string) string {
	if id == "" {
		return ""
	}
	if p, ok := o.set[id]; ok {
		return p
	}
	if paths := o.atTip(id); len(paths) > 0 {
		return paths[len(paths)-1]
	}
	return ""
}
