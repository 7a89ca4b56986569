package repo

import (
	"fmt"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
	"github.com/cc-content/cc/review"
)

// reviewDir is where the events of a draft live.
func reviewDir(draftID string) string { return ".cc/reviews/" + draftID }

// loadReview reads and folds the events of a draft at snap.
func loadReview(snap *gitstore.Snapshot, draftID string) (*review.Review, error) {
	return loadReviewTree(snap, draftID, func(fn func(gitstore.Entry) error) error {
		return snap.Walk(reviewDir(draftID), fn)
	})
}

// loadReviewTree reads and folds the events that walk visits.
func loadReviewTree(snap *gitstore.Snapshot, draftID string, walk func(func(gitstore.Entry) error) error) (*review.Review, error) {
	f, err := readFolder(snap, walk)
	if err != nil {
		return nil, err
	}
	return f.review(draftID), nil
}

// readFolder reads the event files that walk visits, as readFolders does.
func readFolder(snap *gitstore.Snapshot, walk func(func(gitstore.Entry) error) error) (folderFiles, error) {
	var entries []gitstore.Entry
	if err := walk(func(e gitstore.Entry) error { entries = append(entries, e); return nil }); err != nil {
		return folderFiles{}, err
	}
	var read folderFiles
	err := readFolders(snap, [][]gitstore.Entry{entries}, func(_ int, f folderFiles) error {
		read = f
		return nil
	})
	return read, err
}

// Recorded is an event that was recorded, and the commit that holds it.
type Recorded struct {
	Event  *review.Event
	Commit string
	// Uncommitted names the draft when an approval or a request for
	// changes was of the committed version while its work-tree file
	// differs; "" otherwise.
	Uncommitted string
	// KeptID is set when the draft had lost its id: line and got back
	// the id its review is filed under (see View.FormerID).
	KeptID string
	Path   string // the draft's path, for the note that says so
	// Warnings are what looked wrong but did not stop the action: a due
	// time already past, a person the repository has never seen.
	Warnings []string
}

// eventContext is what an action sees when it makes its event: the draft
// as committed at the tip, its review so far, and who is acting.
type eventContext struct {
	view  *View
	Entry content.CatalogEntry
	// Draft is the draft as committed; nil for a removed draft, whose
	// Blob is then RemovedBlob.
	Draft  *content.Draft
	Blob   string
	Review *review.Review
	Actor  Actor
}

// eventAction makes one event. It fills the type's own fields of ev (the
// common ones are set already) and says how to commit it.
type eventAction func(ctx *eventContext, ev *review.Event) (eventCommit, error)

// eventCommit is the commit subject (after "review(<slug>): ") and body of
// an event, trailers beyond cc's own, and changes besides the event file
// (the draft itself, for apply).
type eventCommit struct {
	Subject, Body string
	Trailers      [][2]string
	Changes       []gitstore.Change
	Warnings      []string // for Recorded.Warnings
}

// recordOn records one event, made by act, on the draft that ref names;
// with byEvent, ref is a thread or event id and its draft is meant.
func (r *Repo) recordOn(a Actor, ref string, byEvent bool, act eventAction) (Recorded, error) {
	if byEvent {
		v, err := r.View()
		if err != nil {
			return Recorded{}, err
		}
		if ref, err = v.DraftOfEvent(ref); err != nil {
			return Recorded{}, err
		}
	}
	return r.recordEvent(a, ref, act)
}

// recordEvent records one review event on the draft named by ref as one
// commit: the event file, plus the draft's id written into its front
// matter if it had none yet. It returns the event as committed.
func (r *Repo) recordEvent(a Actor, ref string, act eventAction) (Recorded, error) {
	return r.recordEventOn(a, ref, false, act)
}

// recordEventOn is recordEvent; with removable, ref may also name a draft
// that is gone from the content folders but has a review, and act then
// gets a context without a Draft and with RemovedBlob as the content.
func (r *Repo) recordEventOn(a Actor, ref string, removable bool, act eventAction) (Recorded, error) {
	var rec Recorded
	commit, err := r.commit(a, func(v *View) (message, []gitstore.Change, error) {
		entry, err := v.FindDraft(ref)
		if err != nil && removable {
			if gone, ok := v.removedDraft(ref); ok {
				entry, err = gone, nil
			}
		}
		if err != nil {
			return message{}, nil, err
		}
		var data []byte
		var d *content.Draft
		if entry.Blob != RemovedBlob {
			if data, err = readFileLimited(v.snap, entry.Path); err != nil {
				return message{}, nil, err
			}
			if d, err = v.config.Site.Parse(entry.Path, data); err != nil {
				return message{}, nil, err
			}
		}
		var changes []gitstore.Change
		if d != nil && d.ID == "" {
			// A page that lost its id: line gets back the one its review
			// is filed under; a page that never had one gets a new one.
			id, err := v.FormerID(entry)
			if err != nil {
				return message{}, nil, err
			}
			rec.KeptID = id
			if id == "" {
				if id, err = v.newID(nil); err != nil {
					return message{}, nil, err
				}
			}
			if err := d.SetID(id); err != nil {
				return message{}, nil, fmt.Errorf("%s: give it an id: %w", entry.Path, err)
			}
			entry.ID = id
			// What gets committed, and what an approval must name, is
			// the draft with its id.
			data = d.Bytes()
			changes = append(changes, gitstore.Change{Path: entry.Path, Data: data})
		}
		rv, err := loadReview(v.snap, entry.ID)
		if err != nil {
			return message{}, nil, err
		}
		ev := &review.Event{
			Version: review.FormatVersion,
			ID:      review.NewEventID(a.Now, r.random),
			Draft:   entry.ID,
			Author:  a.Author,
			Time:    a.Now.UTC().Truncate(time.Second),
			Clock:   review.NextClock(rv.Events),
		}
		ctx := &eventContext{view: v, Entry: entry, Draft: d, Blob: entry.Blob, Review: rv, Actor: a}
		if d != nil {
			ctx.Blob = gitstore.BlobHash(data).String()
		}
		ec, err := act(ctx, ev)
		if err != nil {
			return message{}, nil, err
		}
		for _, c := range ec.Changes {
			if c.Path == entry.Path {
				changes = changes[:0] // the action rewrote the draft, id included
			}
		}
		changes = append(changes, ec.Changes...)
		changes = append(changes, eventChange(ev))
		if err := checkWriteLimits(changes); err != nil {
			return message{}, nil, err
		}
		if a.Sign != nil {
			// Last, once every field of every event is set.
			sigs, err := signEvents(a.Sign, changes)
			if err != nil {
				return message{}, nil, err
			}
			ev.Signature = sigs[ev.ID]
		}
		msg := message{Subject: fmt.Sprintf("review(%s): %s", entry.Slug(), ec.Subject), Body: ec.Body}
		msg.trailer("Cc-Action", string(ev.Type))
		msg.trailer("Cc-Draft", entry.ID)
		if ev.Thread != "" {
			msg.trailer("Cc-Thread", ev.Thread)
		}
		msg.trailer("Cc-Event", ev.ID)
		msg.Trailers = append(msg.Trailers, ec.Trailers...)
		rec.Event, rec.Path, rec.Warnings = ev, entry.Path, ec.Warnings
		return msg, changes, nil
	})
	rec.Commit = commit
	return rec, err
}

// eventChange is the file that records e.
func eventChange(e *review.Event) gitstore.Change {
	return gitstore.Change{Path: review.EventPath(e.Draft, e.ID), Data: e.Marshal()}
}
