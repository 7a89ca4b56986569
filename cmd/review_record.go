package cmd

import (
	"fmt"
	"io"
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
	var entries []gitstore.Entry
	if err := walk(func(e gitstore.Entry) error { entries = append(entries, e); return nil }); err != nil {
		return nil, err
	}
	blobs, err := parallel(entries, func(e gitstore.Entry) ([]byte, error) {
		data, err := snap.ReadBlob(e.Blob)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Path, err)
		}
		return data, nil
	})
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(entries))
	for i, e := range entries {
		files[e.Path] = blobs[i]
	}
	return review.Load(draftID, files), nil
}

// eventContext is what an action sees when it makes its event: the draft
// as committed at the tip, its review so far, and who is acting.
type eventContext struct {
	Entry  content.CatalogEntry
	Draft  *content.Draft
	Blob   string
	Review *review.Review
	Author review.Person
	Random io.Reader
	snap   *gitstore.Snapshot
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
}

// recordEvent records one review event on the draft named by ref as one
// commit: the event file, plus the draft's id written into its front
// matter if it had none yet. It returns the event as committed.
func (r *repo) recordEvent(ref string, act eventAction) (*review.Event, gitstore.Result, error) {
	var recorded *review.Event
	res, err := r.commit(func(tip *gitstore.Snapshot) (message, []gitstore.Change, error) {
		entry, err := r.findDraft(ref)
		if err != nil {
			return message{}, nil, err
		}
		data, err := tip.ReadFile(entry.Path)
		if err != nil {
			return message{}, nil, err
		}
		d, err := content.Parse(entry.Path, data)
		if err != nil {
			return message{}, nil, err
		}
		var changes []gitstore.Change
		if d.ID == "" {
			taken, err := r.idTaken()
			if err != nil {
				return message{}, nil, err
			}
			id, err := content.NewID(r.f.Random, taken)
			if err != nil {
				return message{}, nil, err
			}
			if err := d.Set("id", id); err != nil {
				return message{}, nil, fmt.Errorf("%s: give it an id: %w", entry.Path, err)
			}
			entry.ID = id
			// What gets committed, and what an approval must name, is
			// the draft with its id.
			data = d.Bytes()
			changes = append(changes, gitstore.Change{Path: entry.Path, Data: data})
		}
		rv, err := loadReview(tip, entry.ID)
		if err != nil {
			return message{}, nil, err
		}
		author, err := r.author()
		if err != nil {
			return message{}, nil, err
		}
		now := r.f.Now()
		ev := &review.Event{
			Version: review.FormatVersion,
			ID:      review.NewEventID(now, r.f.Random),
			Draft:   entry.ID,
			Author:  author,
			Time:    now.UTC().Truncate(time.Second),
			Clock:   review.NextClock(rv.Events),
		}
		ctx := &eventContext{Entry: entry, Draft: d, Blob: gitstore.BlobHash(data).String(), Review: rv, Author: author, Random: r.f.Random, snap: tip}
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
		msg := message{Subject: fmt.Sprintf("review(%s): %s", entry.Slug(), ec.Subject), Body: ec.Body}
		msg.trailer("Cc-Action", string(ev.Type))
		msg.trailer("Cc-Draft", entry.ID)
		if ev.Thread != "" {
			msg.trailer("Cc-Thread", ev.Thread)
		}
		msg.trailer("Cc-Event", ev.ID)
		msg.Trailers = append(msg.Trailers, ec.Trailers...)
		recorded = ev
		return msg, changes, nil
	})
	return recorded, res, err
}

// author is who is acting, as git would record them.
func (r *repo) author() (review.Person, error) {
	sig, err := r.store.Author(r.f.Now())
	if err != nil {
		return review.Person{}, err
	}
	return review.Person{Name: sig.Name, Email: sig.Email}, nil
}

// eventChange is the file that records e.
func eventChange(e *review.Event) gitstore.Change {
	return gitstore.Change{Path: review.EventPath(e.Draft, e.ID), Data: e.Marshal()}
}

// recordOn opens the repository and records one event, made by act, on
// the draft that ref names; with byEvent, ref is a thread or event id and
// its draft is meant. It prints the event as printEvent does.
func recordOn(f *Factory, ref string, byEvent, asJSON bool, act func(r *repo, ctx *eventContext, ev *review.Event) (eventCommit, error)) error {
	r, err := f.openRepo()
	if err != nil {
		return err
	}
	if byEvent {
		if ref, err = r.draftOfEvent(ref); err != nil {
			return err
		}
	}
	ev, res, err := r.recordEvent(ref, func(ctx *eventContext, ev *review.Event) (eventCommit, error) {
		return act(r, ctx, ev)
	})
	if err != nil {
		return err
	}
	return printEvent(f, ev, res, asJSON)
}
