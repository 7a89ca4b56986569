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
	// Summary is what the status was worked out from, and Loop its open
	// threads and assignments; Board's statuses leave Loop out (WaitsOn
	// says what it holds), so a board of a large repository stays small.
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
	var out []DraftStatus
	err := v.eachStatus(now, all, func(d *DraftStatus) {
		d.Loop = review.Loop{}
		out = append(out, *d)
	})
	return out, err
}

// eachStatus evaluates the drafts of the board one by one and gives each
// to fn, which must not keep d: listings that keep a little of each draft
// then never hold the whole board (on a large repository, its threads and
// assignments are most of the memory a command uses).
func (v *View) eachStatus(now time.Time, all bool, fn func(d *DraftStatus)) error {
	entries, err := v.Drafts()
	if err != nil {
		return err
	}
	summaries, err := v.summaries()
	if err != nil {
		return err
	}
	// With allowed signers, every approval's signature is judged: it
	// counts under require_signed, and the board shows it either way.
	var keys *keyJudge
	if v.HasAllowedSigners() {
		keys = newKeyJudge(v, v, now)
		defer keys.save()
	}
	for _, e := range entries {
		sum, has := summaries[e.ID]
		if e.Problem != "" || (!has && !all) {
			continue
		}
		if keys != nil && has {
			if sum, err = keys.verified(sum); err != nil {
				return err
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
		fn(&ds)
	}
	return nil
}

// Item is one thing waiting on someone, and its draft.
type Item struct {
	review.Owed
	Draft *DraftStatus
}

// Inbox is what waits on me as of now, oldest first: everything on the
// board whose review.Owed is for me.
func (v *View) Inbox(now time.Time, me review.Person) ([]Item, error) {
	var out []Item
	err := v.eachStatus(now, false, func(d *DraftStatus) {
		out = appendItems(out, d, func(o review.Owed) bool { return o.IsFor(me, d.Status.Authors) })
	})
	sortBySince(out, func(it Item) time.Time { return it.Since })
	return out, err
}

// appendItems adds to out the items of d that keep selects, with a copy of
// d they share.
func appendItems(out []Item, d *DraftStatus, keep func(review.Owed) bool) []Item {
	var kept *DraftStatus
	for _, o := range d.WaitsOn {
		if keep(o) {
			if kept == nil {
				c := *d
				kept = &c
			}
			out = append(out, Item{Owed: o, Draft: kept})
		}
	}
	return out
}

// sortBySince sorts list oldest first, keeping the order of equal times.
func sortBySince[T any](list []T, since func(T) time.Time) {
	slices.SortStableFunc(list, func(a, b T) int { return since(a).Compare(since(b)) })
}

// Overdue is everything past its due time as of now: review requests and
// assignments.
func (v *View) Overdue(now time.Time) ([]Item, error) {
	var out []Item
	err := v.eachStatus(now, false, func(d *DraftStatus) {
		out = appendItems(out, d, func(o review.Owed) bool { return o.Late })
	})
	return out, err
}
