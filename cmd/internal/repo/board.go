package repo

import (
	"sort"
	"time"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/review"
)

// DraftStatus is one draft on the board: where it is and what it waits
// for, from the same summaries and policy the gate uses.
type DraftStatus struct {
	Entry  content.CatalogEntry
	Status review.Status
	// WaitsOn is who owes the next step, oldest first.
	WaitsOn []Owed
	// SignedApprovals counts the valid approvals whose signature the
	// allowed signers at the board's commit accept.
	SignedApprovals int
}

// Owed is one thing a draft waits for: who, what, and since when.
type Owed struct {
	Who   string
	What  string
	Since time.Time
	Due   time.Time
	Late  bool
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
	var out []DraftStatus
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
		ds := DraftStatus{Entry: e, Status: st, WaitsOn: waitsOn(st, v.config)}
		for _, a := range st.Approvals {
			if a.Valid && a.Key != "" {
				ds.SignedApprovals++
			}
		}
		out = append(out, ds)
	}
	return out, nil
}

// waitsOn lists who owes the next step on a draft, oldest first.
func waitsOn(st review.Status, cfg review.Config) []Owed {
	var out []Owed
	authors := authorOf(st)
	for _, c := range st.ChangesRequested {
		out = append(out, Owed{Who: authors, What: "changes requested by " + c.By.String(), Since: c.Time})
	}
	for _, q := range st.Requests {
		if !q.Answered && st.State != review.StatePublished {
			out = append(out, Owed{Who: q.Reviewer, What: "review", Since: q.Since, Due: q.Due, Late: q.Overdue})
		}
	}
	if st.OpenThreads > 0 && cfg.Workflow.ResolveThreads && st.State != review.StatePublished {
		out = append(out, Owed{Who: authors, What: "resolve open threads"})
	}
	if st.State == review.StateApproved {
		who := "a publisher"
		if len(cfg.Workflow.Publishers) > 0 {
			who = cfg.Workflow.Publishers[0]
		}
		out = append(out, Owed{Who: who, What: "publish"})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out
}

// authorOf is how waitsOn names a draft's author.
func authorOf(st review.Status) string {
	if len(st.Authors) > 0 {
		return st.Authors[0].String()
	}
	return "the author"
}

// Item is one thing waiting on someone, and its draft.
type Item struct {
	Owed
	Draft DraftStatus
}

// Inbox is what waits on me as of now, oldest first: reviews asked of me,
// and my drafts' next steps.
func (v *View) Inbox(now time.Time, me review.Person) ([]Item, error) {
	board, err := v.Board(now, false)
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, d := range board {
		mine := false
		for _, a := range d.Status.Authors {
			mine = mine || a.Same(me)
		}
		for _, o := range d.WaitsOn {
			if review.MatchIdentity(o.Who, me) || mine && o.Who == authorOf(d.Status) {
				out = append(out, Item{Owed: o, Draft: d})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out, nil
}

// Overdue is every review request past its due time as of now.
func (v *View) Overdue(now time.Time) ([]Item, error) {
	board, err := v.Board(now, false)
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, d := range board {
		for _, o := range d.WaitsOn {
			if o.Late {
				out = append(out, Item{Owed: o, Draft: d})
			}
		}
	}
	return out, nil
}
