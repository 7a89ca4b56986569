package repo

import (
	"slices"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// DraftStatus is one draft on the board: where it is and what it waits
// for, from the same summaries and policy the gate uses.
type DraftStatus struct {
	Entry  content.CatalogEntry
	Status review.Status
	// Summary is what the status was worked out from, and Loop its
	// open threads and assignments.
	Summary review.Summary
	Loop    review.Loop
	// WaitsOn is who owes what, oldest first (review.Owes).
	WaitsOn []review.Owed
	// SignedApprovals counts the valid approvals whose signature the
	// allowed signers at the board's commit accept.
	SignedApprovals int
}

// Board evaluates every draft that has review events (every draft with
// all), in path order, as of now. The authors self-approval and inboxes
// go by are the drafts' submitters: reading every draft's front matter
// would make the board as slow as reading the whole site.
func (v *View) Board(now time.Time, all bool) ([]DraftStatus, error) {
	entries, err := v.Drafts()
	if err != nil {
		return nil, err
	}
	summaries, err := v.summaries()
	if err != nil {
		return nil, err
	}
	// With allowed signers, every approval's signature is judged: it
	// counts under require_signed, and the board shows it either way.
	var keys *keyJudge
	if v.HasAllowedSigners() {
		keys = newKeyJudge(v, v, now)
		defer keys.save()
	}
	out := make([]DraftStatus, 0, len(summaries))
	for _, e := range entries {
		sum, has := summaries[e.ID]
		if e.Problem != "" || (!has && !all) {
			continue
		}
		if keys != nil && has {
			if sum, err = keys.verified(sum); err != nil {
				return nil, err
			}
		}
		facts := review.DraftFacts{ID: e.ID, Path: e.Path, Blob: e.Blob}
		st := review.Evaluate(v.config, facts, sum, v.sameContent(e), now)
		l := sum.Loop()
		ds := DraftStatus{Entry: e, Status: st, Summary: sum, Loop: l, WaitsOn: review.Owes(v.config, st, sum, l, now)}
		for _, a := range st.Approvals {
			if a.Valid && a.Key != "" {
				ds.SignedApprovals++
			}
		}
		out = append(out, ds)
	}
	return out, nil
}

// Item is one thing waiting on someone, and its draft.
type Item struct {
	review.Owed
	Draft *DraftStatus // in the board it came from
}

// Inbox is what waits on me as of now, oldest first: everything on the
// board whose review.Owed is for me.
func (v *View) Inbox(now time.Time, me review.Person) ([]Item, error) {
	board, err := v.Board(now, false)
	if err != nil {
		return nil, err
	}
	return inboxOf(board, me), nil
}

// inboxOf is me's part of board, oldest first.
func inboxOf(board []DraftStatus, me review.Person) []Item {
	var out []Item
	for i := range board {
		d := &board[i]
		for _, o := range d.WaitsOn {
			if o.IsFor(me, d.Status.Authors) {
				out = append(out, Item{Owed: o, Draft: d})
			}
		}
	}
	sortBySince(out, func(it Item) time.Time { return it.Since })
	return out
}

// sortBySince sorts list oldest first, keeping the order of equal times.
func sortBySince[T any](list []T, since func(T) time.Time) {
	slices.SortStableFunc(list, func(a, b T) int { return since(a).Compare(since(b)) })
}

// Overdue is everything past its due time as of now: review requests and
// assignments.
func (v *View) Overdue(now time.Time) ([]Item, error) {
	board, err := v.Board(now, false)
	if err != nil {
		return nil, err
	}
	var out []Item
	for i := range board {
		d := &board[i]
		for _, o := range d.WaitsOn {
			if o.Late {
				out = append(out, Item{Owed: o, Draft: d})
			}
		}
	}
	return out, nil
}
